import Foundation
import TendCore
import TendInterop
import TendStore

/// How an import treats what it reads.
public struct ImportOptions: Sendable {
    /// The tier of people the import adds.
    public var tier: Tier
    /// Tags added to everyone the file names ("from-linkedin").
    public var tags: [String]
    /// Import the readable records and list the rest, instead of importing nothing.
    public var skipInvalid: Bool
    /// Work out what would happen, and write nothing.
    public var dryRun: Bool

    /// The tier new people get unless the user says: LinkedIn connections are mostly acquaintances.
    public static func defaultTier(for format: ImportFormat) -> Tier {
        format == .linkedin ? .unfamiliar : .familiar
    }

    /// The tags to add, lowercased; an empty one is refused.
    func checkedTags() throws -> [String] {
        try tags.map { tag in
            let t = tag.trimmed.lowercased()
            guard !t.isEmpty else { throw TendError.invalid(ValidationError(field: "tag", message: "a tag cannot be empty")) }
            return t
        }
    }

    public init(tier: Tier = .familiar, tags: [String] = [], skipInvalid: Bool = false, dryRun: Bool = false) {
        self.tier = tier
        self.tags = tags
        self.skipInvalid = skipInvalid
        self.dryRun = dryRun
    }
}

/// What an import did (or, in a dry run, would do), record by record.
public struct ImportReport: Sendable, Codable, Equatable {
    public struct Added: Sendable, Codable, Equatable {
        public var line: Int
        public var name: String
    }

    public struct Merged: Sendable, Codable, Equatable {
        public var line: Int
        public var name: String
        /// Who it matched: someone already in the network, or someone added from an earlier line.
        public var into: String
        public var personID: PersonID?
        /// What matched: "email", "phone", "LinkedIn profile" or "name".
        public var matchedBy: String
        /// The fields it filled in; empty when it added nothing new.
        public var changed: [String]
    }

    public struct Skipped: Sendable, Codable, Equatable {
        public var line: Int
        public var name: String?
        public var reason: String
    }

    /// A job change the file shows for someone already in the network, proposed in the News inbox.
    public struct Proposed: Sendable, Codable, Equatable {
        public var line: Int
        public var name: String
        public var personID: PersonID
        /// "new job", "promotion", "other" (a new role at the same level).
        public var kind: String
        /// "was Product Lead at Lumen, now Head of Product at Quill".
        public var note: String
    }

    public var format: String
    public var dryRun: Bool
    public var added: [Added] = []
    public var merged: [Merged] = []
    public var skipped: [Skipped] = []
    /// Job changes proposed for the News inbox; one already proposed (or dismissed) is not proposed again.
    public var proposed: [Proposed] = []
    /// Relations recorded between people in the file (partner, child, …).
    public var relations = 0
    /// What `line` counts: a file's lines, or a Monica export's contacts ("contact").
    public var unit = "line"
    /// Touches added from the file's history (Monica's activities, calls and conversations).
    public var touches = 0
    /// Moments added (Monica's life events).
    public var moments = 0
    /// Records Tend has no place for, by kind ("reminders": 4), listed as not imported.
    public var notImported: [String: Int] = [:]

    /// Merged records that changed someone.
    public var updated: [Merged] { merged.filter { !$0.changed.isEmpty } }
    /// Merged records that added nothing new.
    public var unchanged: [Merged] { merged.filter { $0.changed.isEmpty } }

    /// "Added 12 people, updated 3, 40 already up to date, skipped 1."
    public var summary: String {
        let verb = dryRun ? "Would add" : "Added"
        var parts = ["\(verb) \(added.count) \(added.count == 1 ? "person" : "people")"]
        parts.append("\(dryRun ? "would update" : "updated") \(updated.count)")
        parts.append("\(unchanged.count) already up to date")
        if relations > 0 { parts.append("\(relations) \(relations == 1 ? "relation" : "relations")") }
        if touches > 0 { parts.append("\(touches) \(touches == 1 ? "touch" : "touches")") }
        if moments > 0 { parts.append("\(moments) \(moments == 1 ? "moment" : "moments")") }
        if !proposed.isEmpty {
            parts.append("\(dryRun ? "would propose" : "proposed") \(proposed.count) job \(proposed.count == 1 ? "change" : "changes") for News")
        }
        parts.append("skipped \(skipped.count)")
        var text = parts.joined(separator: ", ") + "."
        if !notImported.isEmpty {
            text += " Not imported: " + notImported.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "."
        }
        return text
    }
}

extension Tending {
    /// Imports contacts read from a file, in one transaction: a record matching someone already in
    /// the network (by email, phone number or LinkedIn profile, else by their exact full name) fills in
    /// what that person lacks; the rest are added. Nobody is added twice, and importing the same file
    /// again adds and changes nothing.
    /// - Parameters:
    ///   - read: What the file holds.
    ///   - format: Its format's name, for the report.
    ///   - progress: Called with (records done, records in all) while writing.
    /// - Throws: `TendError.importProblems` when a record cannot be read and `skipInvalid` is off.
    public func importContacts(_ contacts: ReadContacts, format: String, options: ImportOptions, on day: Day,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        if !contacts.problems.isEmpty && !options.skipInvalid {
            throw TendError.importProblems(contacts.problems.map(\.description))
        }
        let tagsToAdd = try options.checkedTags()
        let body: @Sendable (any TendSession) async throws -> ImportReport = { s in
            let existing = try await s.people.people(PeopleFilter(includeArchived: true))
            var plan = ImportPlan(existing: existing, tier: options.tier, tags: tagsToAdd)
            for contact in contacts.contacts { plan.take(contact) }
            let relations = plan.resolveRelations(existing: try await s.people.allRelations())
            var report = plan.report(format: format, dryRun: options.dryRun)
            report.skipped += (contacts.problems + contacts.ignored).sorted { $0.line < $1.line }
                .map { .init(line: $0.line, name: $0.name, reason: $0.message) }
            report.skipped.sort { $0.line < $1.line }
            report.relations = relations.count
            let proposals = try await plan.jobProposals(in: s, format: format, on: day)
            report.proposed = proposals.map(\.report)
            if options.dryRun { return report }
            try await plan.write(in: s, on: day, relations: relations, progress: progress)
            for p in proposals { _ = try await s.proposals.propose(p.proposal) }
            return report
        }
        return options.dryRun ? try await read(body) : try await write(body)
    }
}

/// The matching of an import's records against the network, worked out before anything is written.
struct ImportPlan {
    /// One person the import touches: someone already there, or someone it adds.
    struct Slot {
        var existing: Person?
        var profile: Profile
        var firstLine: Int
        var uids: [String] = []
        var related: [RelatedName] = []
        /// The newest job change a record shows for someone already in the network, with its record.
        var jobChange: (line: Int, name: String, change: JobChange)?
        /// Its emails, phones and LinkedIn profiles as keys, kept up to date by `index`.
        var keys = Keys()
        /// A cadence the file gives (Monica's "stay in touch"): a new person's, or one for someone who has none.
        var cadenceDays: Int?
        /// The file says they are archived (or have died): a new person is added archived.
        var archived = false
    }

    /// The keys that tell people apart, worked out once per record. Kept in the record's order (the first email
    /// that matches decides) and as small arrays: a record has one or two of each, and building sets of them, with
    /// the name worked out twice, was a fifth of matching a 30,000-row LinkedIn file.
    struct Keys {
        var emails: [String] = []
        var phones: [String] = []
        var linkedIn: [String] = []
        var name = ""

        init() {}

        init(_ p: Profile) {
            emails = p.emails.map(ContactKey.email)
            phones = p.phones.compactMap(ContactKey.phone)
            linkedIn = p.links.compactMap { ContactKey.linkedIn($0.url) }
            name = ContactKey.name(p.displayName)
        }

        /// Two records with the same name are still two people when both have emails, phone numbers
        /// or LinkedIn profiles and none of them is the same: two Ana Limas with two LinkedIn profiles.
        func conflict(_ other: Keys) -> Bool {
            func differ(_ x: [String], _ y: [String]) -> Bool { !x.isEmpty && !y.isEmpty && !x.contains(where: y.contains) }
            return differ(emails, other.emails) || differ(phones, other.phones) || differ(linkedIn, other.linkedIn)
        }
    }

    enum Outcome {
        case added(slot: Int)
        case merged(slot: Int, by: String, changed: [String])
    }

    var slots: [Slot] = []
    /// Slots whose card gained a relation to someone outside the network while relations were resolved.
    var keptRelations = Set<Int>()
    var outcomes: [(line: Int, name: String, outcome: Outcome)] = []
    let tier: Tier
    let tags: [String]
    private var byEmail: [String: Int] = [:]
    private var byPhone: [String: Int] = [:]
    private var byLinkedIn: [String: Int] = [:]
    private var byName: [String: [Int]] = [:]
    private var byPerson: [PersonID: Int] = [:]

    init(existing: [Person], tier: Tier, tags: [String]) {
        self.tier = tier
        self.tags = tags
        for p in existing {
            slots.append(Slot(existing: p, profile: p.profile, firstLine: 0))
            byPerson[p.id] = slots.count - 1
            index(slots.count - 1)
        }
    }

    /// - Parameter known: The slot's keys when they were just worked out, so they are not worked out twice.
    private mutating func index(_ i: Int, keys known: Keys? = nil) {
        let p = slots[i].profile
        let keys = known ?? Keys(p)
        slots[i].keys = keys
        for k in keys.emails { byEmail[k] = byEmail[k] ?? i }
        for k in keys.phones { byPhone[k] = byPhone[k] ?? i }
        for k in keys.linkedIn { byLinkedIn[k] = byLinkedIn[k] ?? i }
        if !(byName[keys.name]?.contains(i) ?? false) { byName[keys.name, default: []].append(i) }
    }

    /// Who a record is: an email first, then a phone number, then a LinkedIn profile, then an exact
    /// full name that only one person has (and whose emails, phones and profile do not say otherwise).
    private func match(_ keys: Keys) -> (slot: Int, by: String)? {
        for k in keys.emails { if let i = byEmail[k] { return (i, "email") } }
        for k in keys.phones { if let i = byPhone[k] { return (i, "phone") } }
        for k in keys.linkedIn { if let i = byLinkedIn[k] { return (i, "LinkedIn profile") } }
        // Only one of the same name may fit; stop at a second (common names have dozens of namesakes).
        var fit: Int?
        for i in byName[keys.name] ?? [] where !slots[i].keys.conflict(keys) {
            if fit != nil { return nil }
            fit = i
        }
        return fit.map { ($0, "name") }
    }

    /// The slot of someone already in the network.
    func slot(of person: PersonID) -> Int? { byPerson[person] }

    /// Takes one record: merged into whom it matches (or into `pinned`, a slot an earlier import of the same record
    /// filled), else added.
    /// - Returns: Its slot.
    @discardableResult
    mutating func take(_ contact: ImportedContact, pinned: Int? = nil, cadenceDays: Int? = nil, archived: Bool = false) -> Int {
        var incoming = contact.profile
        for t in tags where !incoming.tags.contains(t) { incoming.tags.append(t) }
        incoming.tags.sort()
        let keys = Keys(incoming)
        let found: (slot: Int, by: String)? = if let pinned { (pinned, "earlier import") } else { match(keys) }
        if let (i, by) = found {
            let before = slots[i].profile
            // A job change is news about someone Tend already knew, measured from what it knew; the fields are
            // left as they are until the user confirms it in the News inbox.
            if let known = slots[i].existing, let change = JobChange.between(Position(known.profile), Position(incoming)) {
                slots[i].jobChange = (contact.line, incoming.displayName, change)
            }
            slots[i].profile = before.filled(from: incoming)
            slots[i].uids += contact.uid.map { [$0] } ?? []
            slots[i].related += contact.related
            var changed = before.changedFields(to: slots[i].profile)
            if let cadenceDays, slots[i].cadenceDays == nil, slots[i].existing.map({ $0.cadenceDays == nil }) ?? true {
                slots[i].cadenceDays = cadenceDays
                if slots[i].existing != nil { changed.append("cadence") }
            }
            outcomes.append((contact.line, incoming.displayName, .merged(slot: i, by: by, changed: changed)))
            index(i)
            return i
        } else {
            slots.append(Slot(existing: nil, profile: incoming, firstLine: contact.line, uids: contact.uid.map { [$0] } ?? [],
                              related: contact.related, cadenceDays: cadenceDays, archived: archived))
            outcomes.append((contact.line, incoming.displayName, .added(slot: slots.count - 1)))
            index(slots.count - 1, keys: keys)
            return slots.count - 1
        }
    }

    func report(format: String, dryRun: Bool) -> ImportReport {
        var r = ImportReport(format: format, dryRun: dryRun)
        // A relation kept on an existing person's card changes them: say so on their last record.
        let lastRecord = Dictionary(outcomes.enumerated().compactMap { n, o -> (Int, Int)? in
            if case .merged(let i, _, _) = o.outcome { (i, n) } else { nil }
        }, uniquingKeysWith: { _, b in b })
        for (n, (line, name, outcome)) in outcomes.enumerated() {
            switch outcome {
            case .added:
                r.added.append(.init(line: line, name: name))
            case .merged(let i, let by, var changed):
                if keptRelations.contains(i), lastRecord[i] == n, !changed.contains("other vCard properties") {
                    changed.append("other vCard properties")
                }
                let slot = slots[i]
                let into = slot.existing?.displayName ?? "\(slot.profile.displayName) (added from line \(slot.firstLine))"
                r.merged.append(.init(line: line, name: name, into: into, personID: slot.existing?.id, matchedBy: by, changed: changed))
            }
        }
        return r
    }

    /// Relations the file names between people it touches, as (slot, kind, slot), new ones only.
    /// A relation to someone who is not in the network is kept on the card as vCard 4.0's RELATED.
    mutating func resolveRelations(existing: [Relation]) -> [(Int, Relation.Kind, Int)] {
        var byUID: [String: Int] = [:]
        for (i, s) in slots.enumerated() { for u in s.uids { byUID[u.lowercased()] = i } }
        let known = Set(existing.map { "\($0.person)|\($0.kind.rawValue)|\($0.other)" })
        var seen = Set<String>()
        var out: [(Int, Relation.Kind, Int)] = []
        for i in slots.indices {
            for r in slots[i].related {
                let j: Int?
                if let uid = r.uid { j = byUID[uid.lowercased()] }
                else if let name = r.name, let same = byName[ContactKey.name(name)], same.count == 1 { j = same[0] }
                else { j = nil }
                guard let j else {
                    if let name = r.name, let word = VCardWriter.relatedType(r.kind) {
                        let line = "RELATED;TYPE=\(word);VALUE=text:" + ContentLine.escape(name)
                        if !slots[i].profile.cardExtras.contains(line) {
                            slots[i].profile.cardExtras.append(line)
                            keptRelations.insert(i)
                        }
                    }
                    continue
                }
                guard j != i else { continue }
                if let a = slots[i].existing?.id, let b = slots[j].existing?.id, known.contains("\(a)|\(r.kind.rawValue)|\(b)") { continue }
                guard seen.insert("\(i)|\(r.kind.rawValue)|\(j)").inserted else { continue }
                out.append((i, r.kind, j))
            }
        }
        return out
    }

    /// The job changes to propose, leaving out any already proposed for the same person and change.
    func jobProposals(in s: any TendSession, format: String, on day: Day) async throws -> [(proposal: NewProposal, report: ImportReport.Proposed)] {
        var out: [(NewProposal, ImportReport.Proposed)] = []
        for slot in slots {
            guard let person = slot.existing, let (line, name, change) = slot.jobChange else { continue }
            guard try await !s.proposals.has(person.id, key: change.key) else { continue }
            let proposal = NewProposal(personID: person.id, kind: change.kind, on: day, note: change.note,
                                       source: Self.sourceName(format), job: change.to, key: change.key)
            out.append((proposal, .init(line: line, name: name, personID: person.id, kind: change.kind.words, note: change.note)))
        }
        return out
    }

    /// "LinkedIn import", for the News inbox.
    static func sourceName(_ format: String) -> String {
        switch format {
        case "linkedin": "LinkedIn import"
        case "vcard": "vCard import"
        case "google": "Google Contacts import"
        case "csv": "CSV import"
        case "monica": "Monica import"
        default: "\(format) import"
        }
    }

    /// - Returns: Each slot's person.
    @discardableResult
    func write(in s: any TendSession, on day: Day, relations: [(Int, Relation.Kind, Int)],
               progress: (@Sendable (Int, Int) -> Void)?) async throws -> [Int: PersonID] {
        var ids: [Int: PersonID] = [:]
        let total = slots.count
        // New people go in batches: a statement per table for many people, not one per person and field.
        var pending: [(slot: Int, person: NewPerson)] = []
        func flush() async throws {
            let added = try await s.people.add(pending.map(\.person), on: day)
            for (p, var person) in zip(pending, added) {
                ids[p.slot] = person.id
                if slots[p.slot].archived {
                    person.archived = true
                    try await s.people.update(person)
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        for (i, slot) in slots.enumerated() {
            if var person = slot.existing {
                ids[i] = person.id
                let cadence = person.cadenceDays ?? slot.cadenceDays
                if person.profile != slot.profile || person.cadenceDays != cadence {
                    person.profile = try Tending.check(slot.profile)
                    person.cadenceDays = cadence
                    try await s.people.update(person)
                }
            } else {
                pending.append((i, NewPerson(profile: try Tending.check(slot.profile), tier: tier, cadenceDays: slot.cadenceDays)))
                if pending.count == 500 { try await flush() }
            }
            if let progress, i % 100 == 99 || i == total - 1 {
                if i == total - 1 { try await flush() }
                progress(i + 1, total)
            }
        }
        try await flush()
        for (i, kind, j) in relations {
            guard let a = ids[i], let b = ids[j] else { continue }
            try await s.people.relate(Relation(person: a, kind: kind, other: b))
            if let inverse = kind.inverse { try await s.people.relate(Relation(person: b, kind: inverse, other: a)) }
        }
        return ids
    }
}
