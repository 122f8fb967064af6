import Foundation
import TendCore

/// A Monica 4.x JSON export (Settings → Export → JSON in Monica), read into what Tend keeps of it:
/// people, the touches its activities, calls and conversations record, the moments its life events
/// record, and counts of what Tend has no place for (reminders, tasks, photos, documents).
///
/// Its shape is Monica's `app/ExportResources`: `{version, app_version, account: {uuid, data: [collections],
/// properties, instance}}`, where a collection is `{count, type, values}`. Monica writes the types in the
/// singular (`contact`, `life_event`); older tools wrote them in the plural, and both are read.
public struct MonicaExport: Sendable {
    /// The only export version Monica 4.x writes.
    public static let version = "1.0-preview.1"

    /// A Monica contact, as a person to import.
    public struct Contact: Sendable {
        /// Monica's uuid: the same contact in a later export is the same person.
        public var uuid: String
        /// Its place among the export's contacts (from 1), for messages.
        public var record: Int
        public var contact: ImportedContact
        /// "Stay in touch every N days".
        public var cadenceDays: Int?
        /// Archived in Monica, or deceased: kept, but out of the agenda.
        public var archived: Bool
    }

    /// When something happened: a date (Monica stores activities and life events as dates, exported as
    /// midnight UTC) or an instant (a call), which falls on a day in the account's time zone.
    public enum When: Sendable, Hashable {
        case date(Day)
        case instant(Date)

        public func day(in zone: TimeZone) -> Day {
            switch self {
            case .date(let d): d
            case .instant(let i): Day.containing(i, in: zone)
            }
        }
    }

    /// An activity, call or conversation: a touch with the contacts it names.
    public struct Touch: Sendable {
        /// Its identity across exports: "activity:<uuid>", "call:<uuid>", …
        public var key: String
        public var when: When
        public var channel: Channel
        public var note: String
        /// Monica uuids of the contacts who were there.
        public var contacts: [String]
        /// The contact record it was found in (activities: the first contact that lists it).
        public var record: Int
    }

    /// A life event: a moment of one contact.
    public struct LifeEvent: Sendable {
        public var key: String
        public var contact: String
        public var record: Int
        public var kind: Moment.Kind
        public var when: When
        public var note: String
    }

    public var appVersion: String?
    public var contacts: [Contact] = []
    public var touches: [Touch] = []
    public var lifeEvents: [LifeEvent] = []
    /// Records Tend does not import, by what they are ("reminders": 12), for the report.
    public var notImported: [String: Int] = [:]
    /// Records that cannot be read, each naming the contact it belongs to.
    public var problems: [ImportProblem] = []

    /// True when `data` looks like a Monica export: a JSON object that starts with Monica's "version" and has an
    /// "account" near its start (a Tend backup has neither, and a "format").
    public static func looksLike(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        return head.contains("\"account\"") && head.contains("\"version\"") && !head.contains("\"format\"")
    }

    /// Reads an export. A file that is not one (or is cut short) throws; a record that cannot be read is a problem
    /// of the result, so that `--skip-invalid` can import the rest.
    public static func read(_ data: Data) throws(ImportFileError) -> MonicaExport {
        let root: JSONValue
        do { root = try JSONParser.parse(data) } catch {
            throw ImportFileError("this is not a complete JSON file (\(error)); export it from Monica again")
        }
        guard case .object(let top) = root else { throw ImportFileError("this is not a Monica export: it is not a JSON object") }
        guard let version = top["version"]?.string else {
            throw ImportFileError("this is not a Monica export: it has no \"version\"")
        }
        guard version == Self.version else {
            throw ImportFileError("this Monica export is version \(version); Tend reads Monica 4.x exports (version \(Self.version))")
        }
        guard case .object(let account)? = top["account"] else {
            throw ImportFileError("this Monica export has no \"account\": it may be cut short; export it from Monica again")
        }
        var reader = Reader(account: account)
        reader.appVersion = top["app_version"]?.string
        return reader.read()
    }

    /// A date or time as Monica writes it (see `Reader.when`).
    public static func when(_ text: String) -> When? { Reader.when(text) }

}

extension MonicaExport {
    /// The walk over an export's account.
    struct Reader {
        let account: [String: JSONValue]
        var appVersion: String?
        var out = MonicaExport()
        var fieldTypes: [String: (name: String, kind: String)] = [:]
        var lifeEventTypes: [String: (name: String, key: String?)] = [:]
        var activityTypes: [String: String] = [:]

        init(account: [String: JSONValue]) { self.account = account }

        /// The values of the collection of `type` in `data` (singular or plural).
        static func collection(_ data: JSONValue?, _ type: String) -> [JSONValue] {
            let plural = type.hasSuffix("y") ? String(type.dropLast()) + "ies" : type.hasSuffix("s") ? type + "es" : type + "s"
            for c in data?.array ?? [] {
                guard let t = c["type"]?.string, t == type || t == plural else { continue }
                return c["values"]?.array ?? []
            }
            return []
        }

        mutating func read() -> MonicaExport {
            out.appVersion = appVersion
            let instance = account["instance"]
            for t in instance?["contact_field_types"]?.array ?? [] {
                guard let uuid = t["uuid"]?.string else { continue }
                let p = t["properties"] ?? t
                let type = (p["type"]?.string ?? "").lowercased()
                let proto = (p["protocol"]?.string ?? "").lowercased()
                let kind = type == "email" || proto.hasPrefix("mailto") ? "email" : type == "phone" || proto.hasPrefix("tel") ? "phone" : "other"
                fieldTypes[uuid] = (p["name"]?.string ?? "Contact", kind)
            }
            for t in instance?["life_event_types"]?.array ?? [] {
                guard let uuid = t["uuid"]?.string else { continue }
                let p = t["properties"] ?? t
                lifeEventTypes[uuid] = (p["name"]?.string ?? p["translation_key"]?.string?.replacingOccurrences(of: "_", with: " ") ?? "life event",
                                        p["translation_key"]?.string ?? p["default_life_event_type_key"]?.string)
            }
            for t in instance?["activity_types"]?.array ?? [] {
                guard let uuid = t["uuid"]?.string else { continue }
                let p = t["properties"] ?? t
                activityTypes[uuid] = p["name"]?.string ?? p["translation_key"]?.string?.replacingOccurrences(of: "_", with: " ")
            }

            let data = account["data"]
            let rawContacts = Self.collection(data, "contact")
            // First the names (and which contacts are partial: relatives known by name only), for relations.
            var names: [String: String] = [:]
            var partial = Set<String>()
            for c in rawContacts {
                guard let uuid = c["uuid"]?.string, let name = Self.name(c["properties"]) else { continue }
                names[uuid] = name
                if c["properties"]?["is_partial"]?.bool == true { partial.insert(uuid) }
            }
            var relations: [String: [RelatedName]] = [:]
            var tags: [String: [String]] = [:]
            var seenPairs = Set<String>()
            for r in Self.collection(data, "relationship") {
                let p = r["properties"] ?? r
                guard let a = p["contact_is"]?.string, let b = p["of_contact"]?.string, a != b,
                      let type = p["type"]?.string?.lowercased() else { continue }
                switch Self.relation(type) {
                case .kind(let kind):
                    // Monica writes each relationship both ways; Tend records the inverse itself.
                    let pair = [a, b].sorted().joined(separator: "|") + "|" + (kind.inverse == nil ? kind.rawValue : [kind, kind.inverse!].map(\.rawValue).sorted().joined())
                    guard seenPairs.insert(pair).inserted else { continue }
                    if partial.contains(b) { relations[a, default: []].append(RelatedName(kind: kind, name: names[b])) }
                    else if partial.contains(a) { if let inverse = kind.inverse { relations[b, default: []].append(RelatedName(kind: inverse, name: names[a])) } }
                    else { relations[a, default: []].append(RelatedName(kind: kind, uid: b)) }
                case .tag(let tag):
                    tags[a, default: []].append(tag)
                    if !partial.contains(b) { tags[b, default: []].append(tag) }
                case .none:
                    break
                }
            }

            var activityPeople: [String: (contacts: [String], record: Int)] = [:]
            var record = 0
            for c in rawContacts {
                record += 1
                guard c.object != nil else {
                    out.problems.append(ImportProblem(line: record, message: "is not a JSON object"))
                    continue
                }
                guard let uuid = c["uuid"]?.string else {
                    out.problems.append(ImportProblem(line: record, name: Self.name(c["properties"]), message: "has no uuid"))
                    continue
                }
                let p = c["properties"] ?? .object([:])
                guard let name = Self.name(p) else {
                    out.problems.append(ImportProblem(line: record, message: "has no name (uuid \(uuid))"))
                    continue
                }
                // A partial contact is someone's relative known by name only: a relation on that card, not a person.
                if partial.contains(uuid) { continue }
                contact(c, p, uuid: uuid, name: name, record: record, names: names, related: relations[uuid] ?? [], tags: tags[uuid] ?? [])
                for a in Self.collection(c["data"], "activity") {
                    if let id = a.string {
                        activityPeople[id, default: ([], record)].contacts.append(uuid)
                    } else if let id = a["uuid"]?.string {
                        activityPeople[id, default: ([], record)].contacts.append(uuid)
                    }
                }
            }
            for a in Self.collection(data, "activity") {
                guard let uuid = a["uuid"]?.string, let who = activityPeople[uuid] else { continue }
                let p = a["properties"] ?? a
                guard let whenText = p["happened_at"]?.string else {
                    out.problems.append(problem(who.record, names[who.contacts[0]], "activity \(uuid) has no date"))
                    continue
                }
                guard let when = Self.when(whenText) else {
                    out.problems.append(problem(who.record, names[who.contacts[0]], "activity \(uuid): '\(whenText)' is not a date"))
                    continue
                }
                let type = p["type"]?.string.flatMap { activityTypes[$0] }
                let note = [p["summary"]?.string, p["description"]?.string].compactMap { $0 }.joined(separator: " — ")
                out.touches.append(Touch(key: "activity:\(uuid)", when: when, channel: .inPerson,
                                         note: note.isEmpty ? (type?.capitalizedFirst ?? "") : note,
                                         contacts: Self.unique(who.contacts), record: who.record))
            }
            for (what, type) in [("photos", "photo"), ("documents", "document")] {
                let n = Self.collection(data, type).count
                if n > 0 { out.notImported[what, default: 0] += n }
            }
            if let journal = account["properties"]?["journal_entries"]?.array, !journal.isEmpty {
                out.notImported["journal entries", default: 0] += journal.count
            }
            return out
        }

        func problem(_ record: Int, _ name: String?, _ message: String) -> ImportProblem {
            ImportProblem(line: record, name: name, message: message)
        }

        static func unique(_ xs: [String]) -> [String] {
            var seen = Set<String>()
            return xs.filter { seen.insert($0).inserted }
        }

        static func name(_ p: JSONValue?) -> String? {
            let parts = [p?["first_name"]?.string, p?["middle_name"]?.string, p?["last_name"]?.string].compactMap { $0 }
            if !parts.isEmpty { return parts.joined(separator: " ") }
            return p?["nickname"]?.string
        }

        mutating func contact(_ c: JSONValue, _ p: JSONValue, uuid: String, name: String, record: Int, names: [String: String],
                              related: [RelatedName], tags extraTags: [String]) {
            var profile = Profile(displayName: name)
            profile.givenName = p["first_name"]?.string
            profile.familyName = p["last_name"]?.string
            profile.nickname = p["nickname"]?.string
            profile.company = p["company"]?.string
            profile.title = p["job"]?.string
            // Paragraphs (the description, Monica's notes), then short facts a line each (debts, gifts, pets, …).
            var notes: [String] = []
            var facts: [String] = []
            if let d = p["description"]?.string { notes.append(d) }
            if let f = p["food_preferences"]?.string { facts.append("Food preferences: \(f)") }
            var tags = (p["tags"]?.array ?? []).compactMap { $0.string ?? $0["name"]?.string }
            tags += extraTags
            profile.tags = Self.unique(tags.map { $0.lowercased() }).sorted()
            var related = related

            if let b = p["birthdate"], let birthday = Self.specialDate(b) {
                switch birthday {
                case .birthday(let bd): profile.birthday = bd
                case .aboutYear(let y): facts.append("Born around \(y) (Monica knew their age only)")
                }
            }
            if let m = p["first_met_date"], let date = Self.when(m["date"]?.string ?? ""), m["is_year_unknown"]?.bool != true,
               m["is_age_based"]?.bool != true, case .date(let d) = date {
                profile.metOn = d
            }
            if let through = p["first_met_through"]?.string {
                if let n = names[through] { profile.howWeMet = "Introduced by \(n)" }
                related.append(RelatedName(kind: .introducedBy, uid: through))
            }
            if let info = p["first_met_additional_info"]?.string {
                profile.howWeMet = profile.howWeMet.map { "\($0): \(info)" } ?? info
            }
            var deceased = p["is_dead"]?.bool == true
            if let d = p["deceased_date"], let date = Self.when(d["date"]?.string ?? "") {
                deceased = true
                if case .date(let day) = date { facts.append("Died on \(day)") }
            }

            let data = c["data"]
            var n = 0
            for f in Self.collection(data, "contact_field") {
                n += 1
                let fp = f["properties"] ?? f
                guard let value = fp["data"]?.string else { continue }
                let type = fp["type"]?.string.flatMap { fieldTypes[$0] } ?? (value.contains("@") ? ("Email", "email") : ("Contact", "other"))
                switch type.kind {
                case "email":
                    // What is no address (Monica does not check) stays in the notes, not refused at the end of the import.
                    if !value.contains("@") || value.contains(where: \.isWhitespace) { facts.append("\(type.name): \(value)") }
                    else if !profile.emails.contains(value) { profile.emails.append(value) }
                case "phone":
                    if !profile.phones.contains(value) { profile.phones.append(value) }
                default:
                    if value.hasPrefix("http://") || value.hasPrefix("https://") {
                        profile.links.append(Link(label: type.name, url: value))
                    } else {
                        facts.append("\(type.name): \(value)")
                    }
                }
            }
            for a in Self.collection(data, "address") {
                let ap = a["properties"] ?? a
                if profile.city == nil, let city = ap["city"]?.string { profile.city = city }
            }
            for note in Self.collection(data, "note") {
                if let body = (note["properties"] ?? note)["body"]?.string { notes.append(body) }
            }
            for debt in Self.collection(data, "debt") {
                let dp = debt["properties"] ?? debt
                guard let amount = dp["amount"]?.string else { continue }
                let money = [amount, dp["currency"]?.string].compactMap { $0 }.joined(separator: " ")
                let who = dp["in_debt"]?.bool == true ? "You owe \(profile.greetingName) \(money)" : "\(profile.greetingName) owes you \(money)"
                let reason = dp["reason"]?.string.map { " for \($0)" } ?? ""
                let status = dp["status"]?.string == "complete" ? " (settled)" : ""
                facts.append("Debt: \(who)\(reason)\(status)")
            }
            for gift in Self.collection(data, "gift") {
                let gp = gift["properties"] ?? gift
                guard let what = gp["name"]?.string else { continue }
                let status = gp["status"]?.string ?? (gp["is_an_idea"]?.bool == true ? "idea" : gp["has_been_offered"]?.bool == true ? "offered" : "idea")
                let label = switch status { case "offered": "Gift given"; case "received": "Gift received"; default: "Gift idea" }
                let date = gp["date"]?.string.flatMap { Self.when($0) }.map { w -> String in if case .date(let d) = w { " (\(d))" } else { "" } } ?? ""
                let extra = [gp["comment"]?.string, gp["url"]?.string].compactMap { $0 }.joined(separator: ", ")
                facts.append("\(label): \(what)\(date)\(extra.isEmpty ? "" : " — \(extra)")")
            }
            for pet in Self.collection(data, "pet") {
                let pp = pet["properties"] ?? pet
                let kind = pp["category"]?.string ?? pp["pet_category"]?.string
                if let petName = pp["name"]?.string ?? kind {
                    facts.append("Pet: \(petName)\(kind.map { $0 == petName ? "" : " (\($0))" } ?? "")")
                }
            }
            for (what, type) in [("reminders", "reminder"), ("tasks", "task")] {
                let count = Self.collection(data, type).count
                if count > 0 { out.notImported[what, default: 0] += count }
            }

            // Calls and conversations: touches of this contact.
            var i = 0
            for call in Self.collection(data, "call") {
                i += 1
                let cp = call["properties"] ?? call
                guard let at = cp["called_at"]?.string, let when = Self.when(at) else {
                    out.problems.append(problem(record, name, "call \(i) has no date Tend can read ('\(cp["called_at"]?.string ?? "")')"))
                    continue
                }
                let key = call["uuid"]?.string.map { "call:\($0)" } ?? "call:\(uuid):\(at)"
                var note = cp["content"]?.string ?? ""
                if note.isEmpty { note = cp["contact_called"]?.bool == true ? "They called" : "Called" }
                out.touches.append(Touch(key: key, when: when, channel: .call, note: note, contacts: [uuid], record: record))
            }
            i = 0
            for conversation in Self.collection(data, "conversation") {
                i += 1
                let cp = conversation["properties"] ?? conversation
                guard let at = cp["happened_at"]?.string, let when = Self.when(at) else {
                    out.problems.append(problem(record, name, "conversation \(i) has no date Tend can read ('\(cp["happened_at"]?.string ?? "")')"))
                    continue
                }
                let via = cp["contact_field_type"]?.string.flatMap { fieldTypes[$0] }
                let channel: Channel = via?.kind == "email" ? .email : .message
                let key = conversation["uuid"]?.string.map { "conversation:\($0)" } ?? "conversation:\(uuid):\(at)"
                let messages = cp["messages"]?.array?.count ?? 0
                let note = "Conversation\(via.map { " by \($0.name)" } ?? "")\(messages > 0 ? ", \(messages) \(messages == 1 ? "message" : "messages")" : "")"
                out.touches.append(Touch(key: key, when: when, channel: channel, note: note, contacts: [uuid], record: record))
            }
            i = 0
            for event in Self.collection(data, "life_event") {
                i += 1
                let ep = event["properties"] ?? event
                guard let at = ep["happened_at"]?.string, let when = Self.when(at) else {
                    out.problems.append(problem(record, name, "life event \(i) has no date Tend can read ('\(ep["happened_at"]?.string ?? "")')"))
                    continue
                }
                let type = ep["type"]?.string.flatMap { lifeEventTypes[$0] }
                let title = ep["name"]?.string
                let kind = MonicaLifeEvent.kind(key: type?.key, name: type?.name ?? title ?? "")
                var note = [title, ep["note"]?.string].compactMap { $0 }.joined(separator: " — ")
                if case .win(.other) = kind, let t = type?.name, !note.lowercased().contains(t.lowercased()) { note = note.isEmpty ? t : "\(t): \(note)" }
                if case .struggle(.other) = kind, let t = type?.name, !note.lowercased().contains(t.lowercased()) { note = note.isEmpty ? t : "\(t): \(note)" }
                let key = event["uuid"]?.string.map { "life_event:\($0)" } ?? "life_event:\(uuid):\(at):\(title ?? "")"
                out.lifeEvents.append(LifeEvent(key: key, contact: uuid, record: record, kind: kind, when: when, note: note))
            }

            if !facts.isEmpty { notes.append(facts.joined(separator: "\n")) }
            profile.notes = notes.joined(separator: "\n\n")
            var cadence: Int?
            if let f = p["stay_in_touch_frequency"]?.int, f > 0 { cadence = min(f, 3650) }
            let archived = deceased || p["is_active"].map { !$0.bool } ?? false
            out.contacts.append(Contact(uuid: uuid, record: record,
                                        contact: ImportedContact(line: record, profile: profile, related: related, uid: uuid),
                                        cadenceDays: cadence, archived: archived))
        }

        enum RelationWord { case kind(Relation.Kind), tag(String), none }

        /// Monica's relationship type names (and their reverses) to Tend's relations or a tag.
        static func relation(_ type: String) -> RelationWord {
            switch type.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") {
            case "partner", "spouse", "date", "lover", "inlovewith", "lovedby", "significantother", "husband", "wife", "fiance", "fiancee":
                .kind(.partner)
            case "child", "stepchild", "son", "daughter": .kind(.child)
            case "parent", "stepparent", "father", "mother": .kind(.parent)
            case "sibling", "brother", "sister": .kind(.sibling)
            case "colleague", "boss", "subordinate", "coworker": .kind(.colleague)
            case "friend", "bestfriend": .tag("friend")
            case "grandparent", "grandchild", "uncle", "nephew", "cousin", "godfather", "godson", "godparent", "godchild", "aunt", "niece":
                .tag("family")
            case "mentor", "protege": .tag("mentor")
            default: .none
            }
        }

        enum SpecialDay { case birthday(Birthday), aboutYear(Int) }

        /// Monica's special date: a date, a date whose year is unknown, or an age (a year only).
        static func specialDate(_ v: JSONValue) -> SpecialDay? {
            guard let text = v["date"]?.string, let when = when(text) else { return nil }
            let day: Day = switch when {
            case .date(let d): d
            case .instant(let i): Day.containing(i, in: TimeZone(identifier: "UTC")!)
            }
            if v["is_age_based"]?.bool == true { return .aboutYear(day.year) }
            if v["is_year_unknown"]?.bool == true { return Birthday(month: day.month, day: day.day).map { .birthday($0) } }
            return Birthday(month: day.month, day: day.day, year: day.year).map { .birthday($0) }
        }

        /// "2024-01-03", "2024-01-03T00:00:00.000000Z" (a date) or "2024-01-05T14:00:00Z", "2024-01-05 14:00:00"
        /// (an instant, UTC unless it says otherwise).
        static func when(_ text: String) -> When? {
            let t = text.trimmed
            let bytes = Array(t.utf8)
            guard bytes.count >= 10, let day = Day(String(t.prefix(10))), (1...9999).contains(day.year) else { return nil }
            if bytes.count == 10 { return .date(day) }
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes.count >= 16 else { return nil }
            func num(_ r: Range<Int>) -> Int? {
                guard r.upperBound <= bytes.count else { return nil }
                var n = 0
                for b in bytes[r] { guard (48...57).contains(b) else { return nil }; n = n * 10 + Int(b - 48) }
                return n
            }
            guard let h = num(11..<13), bytes[13] == UInt8(ascii: ":"), let m = num(14..<16), h < 24, m < 60 else { return nil }
            var i = 16
            var s = 0
            if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
                guard let sec = num(17..<19), sec < 61 else { return nil }
                s = sec
                i = 19
                if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
                }
            }
            var offset = 0
            if i < bytes.count {
                let rest = String(decoding: bytes[i...], as: UTF8.self)
                if rest == "Z" || rest == "+00:00" || rest == "UTC" || rest == " UTC" { offset = 0 }
                else if (rest.hasPrefix("+") || rest.hasPrefix("-")), rest.utf8.count == 6 || rest.utf8.count == 5 {
                    let digits = rest.dropFirst().replacingOccurrences(of: ":", with: "")
                    guard digits.count == 4, let v = Int(digits), v % 100 < 60, v / 100 < 15 else { return nil }
                    offset = (v / 100 * 3600 + v % 100 * 60) * (rest.hasPrefix("-") ? -1 : 1)
                } else { return nil }
            }
            // Monica exports dates as midnight UTC: that is the date itself, not an instant on the evening before.
            if h == 0, m == 0, s == 0, offset == 0 { return .date(day) }
            let seconds = Double((day.ordinal - Day(year: 1970, month: 1, day: 1)!.ordinal) * 86_400 + h * 3600 + m * 60 + s - offset)
            return .instant(Date(timeIntervalSince1970: seconds))
        }
    }
}

/// Monica's life-event types to Tend's moments.
public enum MonicaLifeEvent {
    /// By Monica's translation key (its built-in types), else by words of a custom type's name; the rest are "other" wins.
    public static func kind(key: String?, name: String) -> Moment.Kind {
        switch key ?? "" {
        case "new_job": return .win(.newJob)
        case "published_book_or_paper": return .win(.publication)
        case "engagement": return .win(.engagement)
        case "marriage": return .win(.wedding)
        case "new_child", "expecting_a_baby": return .win(.newBaby)
        case "moved", "bought_a_home": return .win(.newHome)
        case "achievement_or_award": return .win(.award)
        case "end_of_relationship": return .struggle(.breakup)
        case "loss_of_a_loved_one": return .struggle(.loss)
        case "surgery", "broken_bone": return .struggle(.illness)
        case "retirement", "new_school", "study_abroad", "volunteer_work", "military_service", "new_relationship", "anniversary",
             "new_family_member", "new_pet", "home_improvement", "holidays", "new_vehicle", "new_roommate", "overcame_an_illness",
             "quit_a_habit", "new_eating_habits", "weight_loss", "wear_glass_or_contact", "removed_braces", "dentist", "new_sport",
             "new_hobby", "new_instrument", "new_language", "tattoo_or_piercing", "new_license", "travel", "changed_beliefs",
             "first_word", "first_kiss", "first_met":
            return .win(.other)
        default: break
        }
        let n = name.lowercased()
        func has(_ words: String...) -> Bool { words.contains { n.contains($0) } }
        if has("promot") { return .win(.promotion) }
        if has("new job", "hired", "joined") { return .win(.newJob) }
        if has("graduat", "degree", "diploma") { return .win(.graduation) }
        if has("engage") { return .win(.engagement) }
        if has("wedding", "married", "marriage") { return .win(.wedding) }
        if has("baby", "birth of", "new child") { return .win(.newBaby) }
        if has("moved", "new home", "bought a home", "house") { return .win(.newHome) }
        if has("award", "prize", "achievement") { return .win(.award) }
        if has("launch") { return .win(.launch) }
        if has("funding", "raised") { return .win(.funding) }
        if has("publish", "book", "paper") { return .win(.publication) }
        if has("laid off", "layoff", "lost their job", "lost his job", "lost her job", "fired", "job loss") { return .struggle(.layoff) }
        if has("passed over") { return .struggle(.passedOver) }
        if has("divorce", "breakup", "break up", "broke up", "separat", "end of relationship") { return .struggle(.breakup) }
        if has("death", "died", "passed away", "loss of", "funeral", "bereave") { return .struggle(.loss) }
        if has("illness", "sick", "surgery", "hospital", "cancer", "injur", "broken") { return .struggle(.illness) }
        if has("fail", "setback") { return .struggle(.setback) }
        return .win(.other)
    }
}
