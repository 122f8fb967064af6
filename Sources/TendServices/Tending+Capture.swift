import Foundation
import TendCore
import TendStore
import TendInterop

/// What reading some mail did.
public struct CaptureReport: Sendable, Codable, Equatable {
    /// Messages looked at.
    public var messages = 0
    /// Read before (another poll, another folder, an earlier import): nothing added.
    public var alreadyRead = 0
    /// Sent by you to people in Tend.
    public var sent = 0
    /// Touches made: one per person per day.
    public var touches = 0
    /// Of them, proposed as asks.
    public var asks = 0
    /// Wins and struggles those touches answered or followed up.
    public var moments = 0
    /// Written to you by people in Tend.
    public var received = 0
    /// Between you and no one in Tend.
    public var unknown = 0
    /// Skipped, by reason ("mailing list": 12).
    public var skipped: [String: Int] = [:]

    public init() {}

    public static func + (a: CaptureReport, b: CaptureReport) -> CaptureReport {
        var r = a
        r.messages += b.messages
        r.alreadyRead += b.alreadyRead
        r.sent += b.sent
        r.touches += b.touches
        r.asks += b.asks
        r.moments += b.moments
        r.received += b.received
        r.unknown += b.unknown
        r.skipped.merge(b.skipped, uniquingKeysWith: +)
        return r
    }

    /// "412 messages: 37 touches (3 proposed as asks), 20 from people in Tend, 9 read before; skipped: 30 mailing list".
    public var summary: String {
        var parts = ["\(touches) touch\(touches == 1 ? "" : "es")" + (asks > 0 ? " (\(asks) proposed as ask\(asks == 1 ? "" : "s"))" : "")]
        if moments > 0 { parts.append("answering \(moments) moment\(moments == 1 ? "" : "s")") }
        if received > 0 { parts.append("\(received) from people in Tend") }
        if unknown > 0 { parts.append("\(unknown) with no one in Tend") }
        if alreadyRead > 0 { parts.append("\(alreadyRead) read before") }
        let skips = skipped.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
        return "\(messages) message\(messages == 1 ? "" : "s"): " + parts.joined(separator: ", ") + (skips.isEmpty ? "" : "; skipped: " + skips.joined(separator: ", "))
    }
}

/// Turns messages into touches by the rules of `MailCapture`, a batch per transaction, for one source (a mailbox, an
/// mbox file). A dry run writes nothing and remembers what it would have written, so its counts are the real ones.
public struct MailCapturer: Sendable {
    public let tending: Tending
    public let source: String
    public let dryRun: Bool
    /// The user's addresses.
    public let me: Set<String>
    public let settings: CaptureSettings
    public let zone: TimeZone
    public let today: Day
    private var dryKeys = Set<String>()
    private var dryTouched = Set<String>()
    private var dryAnswered: [MomentID: Moment] = [:]
    /// Everything read so far.
    public private(set) var report = CaptureReport()

    /// - Parameters:
    ///   - extraAddresses: The user's addresses for this file besides the account's (`--me`).
    public init(tending: Tending, source: String, extraAddresses: [String] = [], dryRun: Bool = false, now: Date) async throws {
        for a in extraAddresses where !MailCapture.isAddress(a.trimmed.lowercased()) {
            throw TendError.invalid(ValidationError(field: "me", message: "“\(a)” is not an email address"))
        }
        let (settings, zoneSettings) = try await tending.read { s in (try await s.capture.settings(), try await s.settings.load()) }
        let email = try await tending.database.accounts.account(tending.account)?.email
        var me = Set(settings.addresses)
        if let email { me.insert(email.lowercased()) }
        for a in extraAddresses { me.insert(a.trimmed.lowercased()) }
        guard !me.isEmpty else {
            throw TendError.invalid(ValidationError(field: "me", message: "Tend does not know which addresses are yours: name them with --me ADDRESS, or in Settings → Mail"))
        }
        self.tending = tending
        self.source = source
        self.dryRun = dryRun
        self.me = me
        self.settings = settings
        self.zone = zoneSettings.resolvedTimeZone()
        self.today = Day.containing(now, in: zone)
    }

    /// Reads a batch in one transaction; `then` runs in it too (a mailbox saves how far it has read).
    @discardableResult
    public mutating func capture(_ headers: [MailHeader], then: @escaping @Sendable (any TendSession) async throws -> Void = { _ in }) async throws -> CaptureReport {
        let plan = Planner(source: source, me: me, settings: settings, zone: zone, today: today, dryRun: dryRun,
                           dryKeys: dryKeys, dryTouched: dryTouched, dryAnswered: dryAnswered)
        let result: Planner.Result
        if dryRun {
            result = try await tending.read { s in try await plan.run(headers, in: s) }
        } else {
            result = try await tending.write { s in
                let r = try await plan.run(headers, in: s)
                try await then(s)
                return r
            }
        }
        dryKeys.formUnion(result.keys)
        dryTouched.formUnion(result.touched)
        dryAnswered.merge(result.answered) { _, new in new }
        report = report + result.report
        return result.report
    }

    /// Reads an mbox file, streamed: `read` gives its next bytes (nil at its end), and every `batch` messages are captured in
    /// one transaction. A file that is not an mbox is refused before anything is written.
    /// - Parameter progress: Told the bytes read so far after each batch.
    public mutating func captureMbox(batch: Int = 500, read: () async throws -> [UInt8]?, progress: (Int64) -> Void = { _ in }) async throws -> CaptureReport {
        var reader = MboxReader()
        var pending: [MailHeader] = []
        func take(_ messages: [MboxReader.Message]) { pending += messages.map { MailHeaders.header($0.header) } }
        do {
            while let chunk = try await read() {
                take(try reader.feed(chunk))
                if pending.count >= batch {
                    try await capture(pending)
                    pending = []
                    progress(reader.consumed)
                }
            }
            take(try reader.finish())
        } catch let e as MboxReader.NotAnMbox {
            throw TendError.importFile(e.description)
        }
        if !pending.isEmpty { try await capture(pending) }
        progress(reader.consumed)
        return report
    }

    struct Planner: Sendable {
        let source: String
        let me: Set<String>
        let settings: CaptureSettings
        let zone: TimeZone
        let today: Day
        let dryRun: Bool
        let dryKeys: Set<String>
        let dryTouched: Set<String>
        let dryAnswered: [MomentID: Moment]

        struct Result: Sendable {
            var report = CaptureReport()
            /// For a dry run: the keys read and the person-days touched.
            var keys: [String] = []
            var touched: [String] = []
            var answered: [MomentID: Moment] = [:]
        }

        func run(_ headers: [MailHeader], in s: any TendSession) async throws -> Result {
            var result = Result()
            result.report.messages = headers.count
            let keyed = headers.map { ($0, $0.key) }
            let known = try await s.capture.known(Array(Set(keyed.map(\.1))))
            var seen = Set<String>()
            var fresh: [(header: MailHeader, key: String, day: Day, reading: MailCapture.Reading)] = []
            for (h, key) in keyed {
                guard !known.contains(key), !dryKeys.contains(key), seen.insert(key).inserted else { result.report.alreadyRead += 1; continue }
                var reading = MailCapture.read(h, me: me, maxRecipients: settings.maxRecipients)
                let day = h.date.map { Day.containing($0, in: zone) } ?? today
                if day > today.adding(days: 1), !reading.isSkipped { reading = .skipped(.future) }
                if case .skipped(let why) = reading {
                    result.report.skipped[why.words, default: 0] += 1
                    continue
                }
                fresh.append((h, key, day, reading))
            }
            result.keys = fresh.map(\.key)
            // Oldest first, so that a day's first message makes its touch and the day's replies join it.
            fresh.sort { ($0.header.date ?? .distantPast, $0.key) < ($1.header.date ?? .distantPast, $1.key) }
            var addresses: [String] = []
            for f in fresh {
                switch f.reading {
                case .sent(let to): addresses += to.map(\.address)
                case .received(let from): addresses.append(from.address)
                case .skipped: break
                }
            }
            let owners = try await s.people.idsByEmail(addresses)

            // Which person-days already have a captured email touch, of the days in this batch.
            var existing: [String: TouchID] = [:]
            var byDay: [Day: Set<PersonID>] = [:]
            for f in fresh { if case .sent(let to) = f.reading { byDay[f.day, default: []].formUnion(to.compactMap { owners[$0.address] }) } }
            for (day, people) in byDay {
                for (p, t) in try await s.capture.capturedTouches(on: day, of: Array(people)) { existing["\(p):\(day)"] = t }
            }

            var newTouches: [NewTouch] = []
            var planned: [String: Int] = [:] // person-day → index in newTouches
            var messages: [(CapturedMessage, touchIndex: Int?)] = []
            for f in fresh {
                let subject = settings.keepSubjects ? String(MailCapture.bareSubject(f.header.subject).prefix(500)) : ""
                switch f.reading {
                case .sent(let to):
                    let people = Array(Set(to.compactMap { owners[$0.address] })).sorted()
                    let strangers = to.filter { owners[$0.address] == nil }.prefix(50)
                    var message = CapturedMessage(key: f.key, source: source, on: f.day, direction: .sent, subject: subject,
                                                  strangers: Array(strangers))
                    guard !people.isEmpty else {
                        result.report.unknown += 1
                        messages.append((message, nil))
                        continue
                    }
                    result.report.sent += 1
                    let slots = people.map { "\($0):\(f.day)" }
                    let open = zip(people, slots).filter { existing[$0.1] == nil && planned[$0.1] == nil && !dryTouched.contains($0.1) }
                    var index: Int?
                    if !open.isEmpty {
                        let intent = MailCapture.proposedIntent(subject: f.header.subject)
                        newTouches.append(NewTouch(on: f.day, people: open.map(\.0), channel: .email, intent: intent, note: subject,
                                                   captured: Touch.Capture(source: source, reviewed: false)))
                        index = newTouches.count - 1
                        for (_, slot) in open { planned[slot] = index }
                        result.touched += open.map(\.1)
                        result.report.touches += 1
                        if intent.isAsk { result.report.asks += 1 }
                    } else {
                        message.touchID = slots.lazy.compactMap { existing[$0] }.first
                        index = slots.lazy.compactMap { planned[$0] }.first
                    }
                    messages.append((message, index))
                case .received(let from):
                    guard let p = owners[from.address] else { result.report.unknown += 1; continue }
                    result.report.received += 1
                    messages.append((CapturedMessage(key: f.key, source: source, on: f.day, direction: .received, personID: p, subject: subject), nil))
                case .skipped: break
                }
            }
            let made = newTouches.map { (on: $0.on, people: $0.people, intent: $0.intent) }
            result.answered = try await Self.answerMoments(made, seen: dryAnswered, write: !dryRun, in: s)
            result.report.moments = result.answered.count
            guard !dryRun else { return result }
            let logged = try await s.touches.log(newTouches)
            let rows = messages.map { m, index in
                var row = m
                if let index { row.touchID = logged[index].id }
                return row
            }
            try await s.capture.record(rows)
            return result
        }

        /// Answers the wins and struggles that captured touches respond to, oldest touch first, as
        /// logging them by hand would (a congratulation answers an open win; a later email follows
        /// up a supported struggle); the moments changed. A dry run writes nothing and sees what earlier
        /// batches would have changed (`seen`).
        static func answerMoments(_ touches: [(on: Day, people: [PersonID], intent: Intent)], seen: [MomentID: Moment] = [:],
                                  write: Bool, in s: any TendSession) async throws -> [MomentID: Moment] {
            let needFree = touches.filter { $0.intent.isNeedFree }.sorted { $0.on < $1.on }
            guard let first = needFree.first?.on, let last = needFree.last?.on else { return [:] }
            let stored = try await s.moments.pending(since: first.adding(days: -3660), asOf: last).map { seen[$0.id] ?? $0 }
            var pending = Dictionary(grouping: stored, by: \.personID)
            var changed: [MomentID: Moment] = [:]
            for t in needFree {
                for p in Set(t.people) {
                    guard var moments = pending[p] else { continue }
                    for i in moments.indices {
                        guard let m = moments[i].responded(to: t.intent, on: t.on, naming: false) else { continue }
                        moments[i] = m
                        changed[m.id] = m
                    }
                    pending[p] = moments
                }
            }
            if write { for m in changed.values.sorted(by: { $0.id < $1.id }) { try await s.moments.update(m) } }
            return changed
        }
    }
}

extension Tending {
    // MARK: Capture settings

    public func captureSettings() async throws -> CaptureSettings {
        try await read { try await $0.capture.settings() }
    }

    public func saveCaptureSettings(_ settings: CaptureSettings) async throws -> CaptureSettings {
        let checked: CaptureSettings
        do throws(ValidationError) { checked = try settings.validated() } catch { throw TendError.invalid(error) }
        try await write { try await $0.capture.save(checked) }
        return checked
    }

    // MARK: Review

    /// A captured touch with the people it was with, for the Captured page.
    public struct CapturedTouch: Sendable, Codable, Equatable {
        public var touch: Touch
        public var names: [String]
    }

    /// What mail capture found lately: the touches of the last `days` days (newest first) and the people to add.
    public struct Captured: Sendable {
        public var touches: [CapturedTouch]
        public var toAdd: [Correspondent]
        public var unreviewed: Int
    }

    /// Correspondents not in Tend are offered once you have written to them this often in the window.
    public static let correspondentThreshold = 3

    public func captured(today: Day, days: Int = 30) async throws -> Captured {
        try await read { s in
            let touches = try await s.touches.captured(since: today.adding(days: -days))
            let ids = Array(Set(touches.flatMap(\.people)))
            let people = Dictionary(try await s.people.people(ids: ids).map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
            let settings = try await s.capture.settings()
            let dismissed = try await s.capture.dismissedCorrespondents()
            let all = try await s.capture.correspondents(since: today.adding(days: -settings.windowDays))
            let known = try await s.people.idsByEmail(all.map(\.address))
            let toAdd = all.filter { $0.messages >= Self.correspondentThreshold && !dismissed.contains($0.address) && known[$0.address] == nil }
            return Captured(touches: touches.map { CapturedTouch(touch: $0, names: $0.people.map { people[$0] ?? "?" }) },
                            toAdd: Array(toAdd.prefix(50)), unreviewed: touches.filter { $0.captured?.reviewed == false }.count)
        }
    }

    /// Changes a captured touch's intent; it counts as reviewed from then on. Corrected to a need-free
    /// intent, it answers the moments it responds to, as logging it so would have.
    public func reviewCaptured(_ id: TouchID, intent: Intent) async throws -> Touch {
        try await write { s in
            guard let t = try await s.touches.touch(id), t.captured != nil else { throw TendError.noSuchTouch(id.rawValue) }
            try await s.touches.setIntent(id, intent, reviewed: true)
            guard let changed = try await s.touches.touch(id) else { throw TendError.noSuchTouch(id.rawValue) }
            // Corrected to a congratulation or support, it answers what it responded to.
            if intent != t.intent {
                _ = try await MailCapturer.Planner.answerMoments([(changed.on, changed.people, changed.intent)], write: true, in: s)
            }
            return changed
        }
    }

    /// Confirms every captured touch of the last `days` days as it is; how many were confirmed.
    public func confirmCaptured(today: Day, days: Int = 30) async throws -> Int {
        try await write { s in
            let open = try await s.touches.captured(since: today.adding(days: -days)).filter { $0.captured?.reviewed == false }.map(\.id)
            try await s.touches.markReviewed(open)
            return open.count
        }
    }

    /// Adds a correspondent as a familiar person with their address.
    public func addCorrespondent(_ address: String, name: String?, on day: Day) async throws -> Person {
        let address = address.trimmed.lowercased()
        guard MailCapture.isAddress(address) else { throw TendError.invalid(ValidationError(field: "address", message: "“\(address)” is not an email address")) }
        return try await write { s in
            if let existing = try await s.people.idsByEmail([address])[address], let p = try await s.people.person(existing) { return p }
            let shown = name?.trimmed.isEmpty == false ? name!.trimmed : String(address.split(separator: "@")[0])
            var profile = Profile(displayName: String(shown.prefix(200)))
            profile.emails = [address]
            return try await s.people.add(profile, tier: .familiar, targetTier: nil, cadenceDays: nil, on: day)
        }
    }

    public func dismissCorrespondent(_ address: String) async throws {
        try await write { try await $0.capture.dismissCorrespondent(address.trimmed.lowercased()) }
    }

    /// How far each folder of a mailbox has been read.
    public func mailboxFolders(_ id: MailboxID) async throws -> [MailboxFolder] {
        try await read { try await $0.capture.folders(of: id) }
    }

    /// What a person wrote to you lately, for their timeline.
    public func received(of person: PersonID, limit: Int = 20) async throws -> [ReceivedMessage] {
        try await read { try await $0.capture.received(of: person, limit: limit) }
    }

    /// Removes every touch a source made and forgets its messages: how many touches went.
    public func forgetCaptured(source: String) async throws -> Int {
        try await write { s in
            let n = try await s.touches.removeCaptured(source: source)
            try await s.capture.forget(source: source)
            if source.hasPrefix("calendar:") {
                // A subscribed calendar forgotten is unsubscribed too: its next poll would bring it all back.
                try await s.calendars.replaceUpcoming(source: source, with: [])
                for sub in try await s.calendars.subscriptions() where sub.source == source { _ = try await s.calendars.removeSubscription(sub.id) }
            }
            return n
        }
    }
}
