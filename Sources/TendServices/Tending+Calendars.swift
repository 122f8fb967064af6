import Foundation
import TendCore
import TendInterop
import TendStore

/// How a calendar is read.
public struct CalendarImportOptions: Sendable {
    /// The calendar's name (its touches' source, "Forget" by it); the file's X-WR-CALNAME, else its file name, when nil.
    public var name: String?
    /// The user's addresses in it besides the account's and Settings → Mail's (`--me`).
    public var me: [String]
    /// The first day read; ten years back when nil.
    public var since: Day?
    /// Import the events that can be read and list the ones that cannot.
    public var skipInvalid: Bool
    public var dryRun: Bool
    /// The calendar as it is now is the whole of it (a subscription): what was read before and is gone now is removed.
    public var snapshot: Bool

    public init(name: String? = nil, me: [String] = [], since: Day? = nil, skipInvalid: Bool = false, dryRun: Bool = false,
                snapshot: Bool = false) {
        (self.name, self.me, self.since, self.skipInvalid, self.dryRun, self.snapshot) = (name, me, since, skipInvalid, dryRun, snapshot)
    }
}

/// What importing a calendar did (or, in a dry run, would do), occurrence by occurrence.
public struct CalendarImportReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable {
            /// A new touch.
            case added
            /// Its touch moved to another day, or changed people, channel or title.
            case moved
            /// Cancelled or declined since it was read: its touch was removed.
            case removed
            /// Read before, as it is.
            case unchanged
            /// No touch: `reason` says why.
            case skipped
        }
        /// The event's UID, with the instance's original start for a recurring one.
        public var key: String
        public var title: String
        /// `2026-12-01T09:30:00Z`, or `2026-12-01` for an all-day event.
        public var start: String
        public var day: Day
        public var people: [String]
        public var channel: Channel?
        public var status: Status
        public var reason: String?

        public init(key: String, title: String, start: String, day: Day, people: [String], channel: Channel?, status: Status, reason: String?) {
            (self.key, self.title, self.start, self.day, self.people, self.channel, self.status, self.reason) = (key, title, start, day, people, channel, status, reason)
        }
    }

    public var calendar: String
    public var source: String
    public var dryRun: Bool
    public var since: Day
    /// VEVENTs in the file (series, single events and overrides).
    public var events: Int
    /// Occurrences from `since` until now.
    public var occurrences: Int
    public var added = 0
    public var moved = 0
    public var removed = 0
    public var unchanged = 0
    public var people = 0
    /// Coming events (the next `Tending.upcomingDays` days) with people in Tend, kept for the agenda.
    public var upcoming = 0
    /// Skipped occurrences by reason ("no one in Tend": 30).
    public var skipped: [String: Int] = [:]
    /// Events that could not be read, each "line N: why" (imported without them: --skip-invalid).
    public var problems: [String] = []
    public var lines: [Line] = []

    public init(calendar: String, source: String, dryRun: Bool, since: Day, events: Int, occurrences: Int, problems: [String] = []) {
        (self.calendar, self.source, self.dryRun, self.since, self.events, self.occurrences, self.problems) = (calendar, source, dryRun, since, events, occurrences, problems)
    }

    /// "Work: 412 events, 1020 occurrences since 2016-12-04: 37 touches with 12 people; skipped: 30 with no one in Tend, 5 cancelled."
    public var summary: String {
        var parts = ["\(added) touch\(added == 1 ? "" : "es") added" + (added > 0 && people > 0 ? " with \(people) \(people == 1 ? "person" : "people")" : "")]
        if moved > 0 { parts.append("\(moved) moved") }
        if removed > 0 { parts.append("\(removed) removed") }
        if unchanged > 0 { parts.append("\(unchanged) read before") }
        let skips = skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
        return "\(calendar): \(events) event\(events == 1 ? "" : "s"), \(occurrences) occurrence\(occurrences == 1 ? "" : "s") since \(since): "
            + parts.joined(separator: ", ") + (skips.isEmpty ? "" : "; skipped: " + skips.joined(separator: ", "))
            + (upcoming > 0 ? "; \(upcoming) coming event\(upcoming == 1 ? "" : "s") with people in Tend" : "")
            + (problems.isEmpty ? "" : "; \(problems.count) event\(problems.count == 1 ? "" : "s") could not be read")
            + "."
    }
}

extension Tending {
    /// The source of a calendar's touches.
    public static func calendarSource(_ name: String) -> String { "calendar:" + name }

    /// A calendar's name as the user will see it: the option, the file's name for itself, or the file's name.
    public static func calendarName(_ option: String?, file: CalendarFile, filename: String?) throws -> String {
        let stem = filename.map { name -> String in
            let base = FileName.last(name)
            return base.lowercased().hasSuffix(".ics") ? String(base.dropLast(4)) : base
        }
        let name = (option?.trimmed).flatMap { $0.isEmpty ? nil : $0 } ?? file.name?.trimmed.nilIfEmpty ?? stem?.trimmed.nilIfEmpty ?? "Calendar"
        guard name.unicodeScalars.count <= 80, !name.contains(where: { $0.isNewline || $0 == "\t" }) else {
            throw TendError.invalid(ValidationError(field: "calendar", message: "a calendar's name is one line of at most 80 characters"))
        }
        return name
    }

    /// How far ahead a calendar's events are kept for the agenda (see `UpcomingMeeting`).
    public static let upcomingDays = 90

    /// Imports a calendar: each past occurrence (from `since` until now) of an event with people in Tend (by the email
    /// of an attendee or the organizer; by name for an all-day event, "Ana visiting") is one captured touch on its day
    /// in the account's time zone — in person, video (a meeting link) or a call (a dial-in) — reviewable on the Captured
    /// page. Cancelled events, events you declined and events with more people than Settings → Mail allows are not touches.
    /// The coming occurrences of the next `upcomingDays` with people in Tend are kept for the agenda, replacing the
    /// calendar's earlier ones. Idempotent by UID and recurrence: an occurrence read before adds nothing, one moved moves
    /// its touch (one moved into the future loses it), one cancelled or declined since removes it. One transaction.
    public func importCalendar(_ file: CalendarFile, options: CalendarImportOptions, name: String, now: Date) async throws -> CalendarImportReport {
        try Self.checkCalendarOptions(file, options)
        let email = try await database.accounts.account(account)?.email
        let body: @Sendable (any TendSession) async throws -> CalendarImportReport = { s in
            try await Self.importCalendar(file, options: options, name: name, now: now, email: email, in: s)
        }
        return options.dryRun ? try await read(body) : try await write(body)
    }

    static func checkCalendarOptions(_ file: CalendarFile, _ options: CalendarImportOptions) throws {
        for a in options.me where !MailCapture.isAddress(a.trimmed.lowercased()) {
            throw TendError.invalid(ValidationError(field: "me", message: "“\(a)” is not an email address"))
        }
        if !file.problems.isEmpty, !options.skipInvalid {
            throw TendError.importProblems(file.problems.map(\.description))
        }
    }

    /// The import inside a transaction (a subscription's first read stores the subscription in the same one).
    static func importCalendar(_ file: CalendarFile, options: CalendarImportOptions, name: String, now: Date, email: String?,
                               in s: any TendSession) async throws -> CalendarImportReport {
        let source = Self.calendarSource(name)
        let settings = try await s.capture.settings()
        let zone = try await s.settings.load().resolvedTimeZone()
        let today = Day.containing(now, in: zone)
        let since = options.since ?? today.sameDate(inYear: today.year - 10)
        var me = Set(settings.addresses + options.me.map { $0.trimmed.lowercased() })
        if let email { me.insert(email.lowercased()) }
        let from = CalendarZone.floating.instant(LocalDateTime(year: since.year, month: since.month, day: since.day), floating: zone)
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let expanded: [CalendarOccurrence]
        do throws(CalendarError) {
            expanded = try file.occurrences(from: from, through: nowSeconds + Int64(Self.upcomingDays) * 86_400, zone: zone)
        } catch { throw TendError.importFile(error.description) }
        let occurrences = expanded.filter { $0.instant <= nowSeconds }
        let coming = expanded.filter { $0.instant > nowSeconds }
        var report = CalendarImportReport(calendar: name, source: source, dryRun: options.dryRun, since: since,
                                          events: file.events.count, occurrences: occurrences.count,
                                          problems: file.problems.map(\.description))

        // Who is who: attendees and organizers by email, all-day events by the names they hold.
        var addresses = Set<String>()
        for o in expanded {
            for p in o.event.attendees + (o.event.organizer.map { [$0] } ?? []) where !p.address.isEmpty { addresses.insert(p.address) }
        }
        let owners = try await s.people.idsByEmail(Array(addresses))
        let needsNames = expanded.contains { $0.start.isDate || ($0.event.attendees.isEmpty && $0.event.organizer == nil) }
        let everyone = try await s.people.people(PeopleFilter(withLists: false))
        let names = Dictionary(everyone.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let finder = needsNames ? NameFinder(everyone.filter { !$0.archived }) : nil

        /// Why an occurrence is no touch (nil when it is one), the people in Tend who were there, and the others.
        func parties(of o: CalendarOccurrence) -> (reason: String?, people: [PersonID], strangers: [MailParty]) {
            let e = o.event
            let parties = e.attendees.filter(\.isPerson)
            if e.isCancelled || file.method == "CANCEL" { return ("cancelled", [], []) }
            if parties.contains(where: { me.contains($0.address) && $0.status == "DECLINED" }) { return ("declined", [], []) }
            if parties.count > settings.maxRecipients { return ("with more than \(settings.maxRecipients) people", [], []) }
            var people: [PersonID] = []
            var strangers: [MailParty] = []
            if o.start.isDate {
                people = finder?.named(in: e.summary) ?? []
            } else {
                var ids: [PersonID] = []
                // Who declined was not there.
                for p in parties + (e.organizer.map { [$0] } ?? []) where !p.address.isEmpty && !me.contains(p.address) && p.status != "DECLINED" {
                    if let id = owners[p.address] { ids.append(id) } else { strangers.append(MailParty(name: p.name, address: p.address)) }
                }
                people = Array(Set(ids)).sorted()
                if people.isEmpty, parties.isEmpty, e.organizer == nil { people = finder?.named(in: e.summary) ?? [] }
            }
            if people.isEmpty { return (o.start.isDate ? "all-day, naming no one in Tend" : "with no one in Tend", [], strangers) }
            return (nil, people, strangers)
        }

        let keys = occurrences.map { "cal:" + StableHash.hex($0.key) }
        let comingKeys = coming.map { "cal:" + StableHash.hex($0.key) }
        let pastKeys = Set(keys)
        // Read before: this calendar's records the file no longer holds (a subscription's vanished events, within the
        // days the file still covers) and the occurrences now in the future (moved ahead) are looked at too.
        var vanished: [String] = []
        if options.snapshot, let first = occurrences.map({ $0.day(in: zone) }).min() {
            vanished = try await s.capture.records(source: source, from: max(first, since), through: today)
                .map(\.key).filter { !pastKeys.contains($0) }
        }
        let recorded = try await s.capture.recorded(keys + comingKeys.filter { !pastKeys.contains($0) } + vanished)
        // The touches those records made, in one go (a re-import looks at every one).
        let existing = Dictionary(try await s.touches.touches(ids: recorded.values.compactMap(\.touchID)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var newTouches: [NewTouch] = []
        var newRecords: [(CapturedMessage, touch: Int?)] = []
        var forget: [String] = []
        var removeTouches: [TouchID] = []
        var touched = Set<PersonID>()
        var seenKeys = Set<String>()
        for (o, key) in zip(occurrences, keys) {
            guard seenKeys.insert(key).inserted else { continue }
            let e = o.event
            let day = o.day(in: zone)
            let title = settings.keepSubjects ? String(e.summary.prefix(500)) : ""
            var line = CalendarImportReport.Line(key: String(o.key.prefix(600)), title: String(e.summary.prefix(200)), start: Self.shown(o),
                                                 day: day, people: [], channel: nil, status: .skipped, reason: nil)
            let (reason, people, strangers) = parties(of: o)
            let channel = CalendarCapture.channel(location: e.location, texts: [e.description] + e.links)
            line.people = people.map { names[$0] ?? "?" }
            if reason == nil { line.channel = channel }
            let old = recorded[key]
            let oldTouch = old?.touchID.flatMap { existing[$0] }
            if let reason {
                line.reason = reason
                if let oldTouch, reason == "cancelled" || reason == "declined" || reason.hasPrefix("with more") {
                    removeTouches.append(oldTouch.id)
                    forget.append(key)
                    line.status = .removed
                    report.removed += 1
                } else if old == nil, reason.hasPrefix("with no one") || reason.hasPrefix("all-day") {
                    // Remembered, so that the people met often who are not in Tend can be offered.
                    newRecords.append((CapturedMessage(key: key, source: source, on: day, direction: .sent, subject: title,
                                                       strangers: Array(strangers.prefix(50))), nil))
                    report.skipped[reason, default: 0] += 1
                } else {
                    report.skipped[reason, default: 0] += 1
                }
            } else if let oldTouch {
                if oldTouch.on != day || Set(oldTouch.people) != Set(people) || oldTouch.channel != channel || oldTouch.note != title {
                    if !options.dryRun { try await s.touches.reschedule(oldTouch.id, on: day, people: people, channel: channel, note: title) }
                    forget.append(key)
                    var record = CapturedMessage(key: key, source: old?.source ?? source, on: day, direction: .sent, subject: title,
                                                 strangers: Array(strangers.prefix(50)))
                    record.touchID = oldTouch.id
                    newRecords.append((record, nil))
                    line.status = .moved
                    report.moved += 1
                } else {
                    line.status = .unchanged
                    report.unchanged += 1
                }
                touched.formUnion(people)
            } else {
                // New, or read before when it had no one from Tend (or its touch was removed with its people).
                if old != nil { forget.append(key) }
                newTouches.append(NewTouch(on: day, people: people, channel: channel, intent: .checkIn, note: title,
                                           captured: Touch.Capture(source: source, reviewed: false)))
                newRecords.append((CapturedMessage(key: key, source: source, on: day, direction: .sent, subject: title,
                                                   strangers: Array(strangers.prefix(50))), newTouches.count - 1))
                line.status = .added
                report.added += 1
                touched.formUnion(people)
            }
            report.lines.append(line)
        }

        // What was read before and is not in the past part of the calendar any more: moved into the future, or (a
        // subscription) gone from it. Its touch goes; a moved one comes back when its new day has passed.
        for key in Set(comingKeys + vanished).subtracting(pastKeys).sorted() {
            guard let old = recorded[key] else { continue }
            forget.append(key)
            if let touch = old.touchID.flatMap({ existing[$0] }) {
                removeTouches.append(touch.id)
                report.removed += 1
                report.lines.append(CalendarImportReport.Line(key: key, title: old.subject, start: old.on.description, day: old.on,
                                                              people: touch.people.map { names[$0] ?? "?" }, channel: touch.channel,
                                                              status: .removed,
                                                              reason: comingKeys.contains(key) ? "moved to a coming day" : "no longer in the calendar"))
            }
        }

        // The coming meetings with people in Tend, for the agenda and the people's pages.
        var upcoming: [UpcomingMeeting] = []
        var comingSeen = Set<String>()
        for (o, key) in zip(coming, comingKeys) where comingSeen.insert(key).inserted {
            let (reason, people, _) = parties(of: o)
            guard reason == nil else { continue }
            let title = settings.keepSubjects ? o.event.summary.clipped(500) : ""
            for person in people { upcoming.append(UpcomingMeeting(source: source, key: key, personID: person, on: o.day(in: zone), title: title)) }
        }
        report.upcoming = Set(upcoming.map(\.key)).count
        report.people = touched.count
        let made = newTouches.map { (on: $0.on, people: $0.people, intent: $0.intent) }
        _ = try await MailCapturer.Planner.answerMoments(made, write: !options.dryRun, in: s)
        guard !options.dryRun else { return report }
        _ = try await s.touches.removeCaptured(removeTouches)
        try await s.capture.forget(keys: forget)
        let logged = try await s.touches.log(newTouches)
        try await s.capture.record(newRecords.map { m, index in
            var row = m
            if let index { row.touchID = logged[index].id }
            return row
        })
        try await s.calendars.replaceUpcoming(source: source, with: upcoming)
        return report
    }

    /// An occurrence's start for a report: UTC for a timed one, the date for an all-day one.
    static func shown(_ o: CalendarOccurrence) -> String {
        switch o.start {
        case .date(let d): return d.description
        case .time: return LocalDateTime(secondsAsUTC: o.instant).stamp(separated: true) + "Z"
        }
    }

    /// The calendars imported so far, with how many occurrences each has read.
    public func importedCalendars() async throws -> [ImportedSource] {
        try await read { s in
            try await s.capture.sources(prefix: "calendar:").map { source, n in
                ImportedSource(source: source, name: String(source.dropFirst("calendar:".count)), read: n)
            }.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        }
    }
}

/// Finds the people an event's title names ("Ana visiting", "Dinner at Bruno Costa's"): a full name, or a first name
/// or nickname only one person in Tend has, as a whole word starting with a capital.
struct NameFinder {
    var full: [(words: [String], id: PersonID)] = []
    var single: [String: [PersonID]] = [:]

    init(_ people: [Person]) {
        for p in people {
            let words = Self.words(p.displayName)
            if words.count >= 2 { full.append((words, p.id)) }
            var firsts = Set<String>()
            if let f = words.first, f.count >= 3 { firsts.insert(f) }
            if let g = p.profile.givenName.map(Self.words)?.first, g.count >= 3 { firsts.insert(g) }
            if let n = p.profile.nickname.map(Self.words), n.count == 1, n[0].count >= 3 { firsts.insert(n[0]) }
            for f in firsts { single[f, default: []].append(p.id) }
        }
        full.sort { $0.words.count > $1.words.count }
    }

    static func words(_ text: String) -> [String] {
        ContactKey.name(text).split(separator: " ").map(String.init)
    }

    func named(in title: String) -> [PersonID] {
        // Letters only ("Costa's" is "Costa s"); the words that start with a capital may be first names.
        let cleaned = String(title.prefix(500).map { $0.isLetter || $0 == "-" ? $0 : " " })
        let capital = Set(cleaned.split(separator: " ").filter { $0.first?.isUppercase == true }.map { ContactKey.name(String($0)) })
        let folded = Self.words(cleaned)
        var found = Set<PersonID>()
        var usedWords = Set<String>()
        for (words, id) in full where words.count <= folded.count {
            for i in 0...(folded.count - words.count) where Array(folded[i..<(i + words.count)]) == words {
                found.insert(id)
                usedWords.formUnion(words)
            }
        }
        for w in capital where !usedWords.contains(w) {
            if let ids = single[w], ids.count == 1 { found.insert(ids[0]) }
        }
        return found.sorted()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
