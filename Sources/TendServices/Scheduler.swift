import Foundation
import Metrics
import TendCore
import TendStore

/// A digest ready for a channel: the digest, where it goes, and the links each suggestion carries.
public struct DigestMessage: Sendable {
    public struct SuggestionLinks: Hashable, Sendable {
        public var done: String
        public var snooze: String
        public var open: String

        public init(done: String, snooze: String, open: String) {
            self.done = done
            self.snooze = snooze
            self.open = open
        }
    }

    public var digest: Digest
    /// The account's address (or the one the schedule names); nil when there is none.
    public var recipient: String?
    /// Unique per digest, day and channel: the message's identity, so a receiver can tell a repeat.
    public var key: String
    public var isTest: Bool
    /// By suggestion key; empty when Tend has no public address to point links to.
    public var links: [String: SuggestionLinks]
    public var unsubscribe: String?
    /// Tend's Today page and Settings page, when Tend has a public address.
    public var today: String?
    public var settings: String?
    /// The ntfy topic and the webhook, their secrets opened, when the schedule has them.
    public var ntfy: PushTarget?
    public var webhook: WebhookTarget?

    public init(digest: Digest, recipient: String?, key: String, isTest: Bool, links: [String: SuggestionLinks] = [:],
                unsubscribe: String? = nil, today: String? = nil, settings: String? = nil) {
        self.digest = digest
        self.recipient = recipient
        self.key = key
        self.isTest = isTest
        self.links = links
        self.unsubscribe = unsubscribe
        self.today = today
        self.settings = settings
    }
}

/// An ntfy topic: where, how urgent (1 to 5), and the access token of a protected topic.
public struct PushTarget: Hashable, Sendable {
    public var url: String
    public var priority: Int
    public var token: String?
    public init(url: String, priority: Int, token: String?) {
        self.url = url
        self.priority = priority
        self.token = token
    }
}

/// A webhook: where, and the secret its requests are signed with.
public struct WebhookTarget: Hashable, Sendable {
    public var url: String
    public var secret: String
    public init(url: String, secret: String) {
        self.url = url
        self.secret = secret
    }
}

/// Decides whether Tend may send to an address an account gave (an ntfy topic, a webhook): an instance others
/// can reach must not be made to call into its own network.
public protocol DeliveryTargetGuard: Sendable {
    /// Throws a `DeliveryFailure` that says why the address is refused.
    func check(_ url: String) async throws
}

/// Lets every address through: an instance on one person's machine.
public struct AnyTarget: DeliveryTargetGuard {
    public init() {}
    public func check(_ url: String) async throws {}
}

/// Why a delivery failed, in words a person can act on ("authentication failed for tend@example.org at
/// smtp.example.org:587"). A permanent failure (a refused recipient) is not retried.
public struct DeliveryFailure: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var permanent: Bool

    public init(_ message: String, permanent: Bool = false) {
        self.message = message
        self.permanent = permanent
    }

    public var description: String { message }
}

/// One channel's way out: email over SMTP, ntfy, a webhook.
public protocol DigestChannelSender: Sendable {
    var channel: DigestSchedule.Channel { get }
    /// Delivers the message, or throws a `DeliveryFailure`.
    func deliver(_ message: DigestMessage) async throws
}

/// The scheduled work of `tend serve`: digests planned per account, delivered per channel with retries,
/// and the hourly housekeeping, all as jobs in the database. Time is a parameter: the server's loop
/// passes the clock, tests a fixed one.
public struct Scheduler: Sendable {
    public let database: any TendDatabase
    public let senders: [DigestSchedule.Channel: any DigestChannelSender]
    public let links: ActionLinkSource
    /// Where the digest's links point ("https://tend.example.org"); nil leaves them out.
    public let publicURL: String?
    /// Which process claims: two processes never share one.
    public let owner: String
    /// How long a claimed job is held before another process may take it.
    public let lease: TimeInterval
    /// The time zone of accounts that set none.
    public let fallbackZone: TimeZone
    public let agendaCache: AgendaCache?
    /// The hourly housekeeping: sessions, planner statistics, backups. Old jobs and deliveries are removed here.
    public let housekeeping: @Sendable (Date) async throws -> Void
    /// Told of every failure worth a log line; never given a secret.
    public let report: @Sendable (String) -> Void
    /// Opens the secrets of ntfy topics and webhooks; nil when the instance has no key.
    public let box: SecretBox?
    /// Refuses addresses the instance must not call.
    public let targets: any DeliveryTargetGuard

    public init(database: any TendDatabase, senders: [any DigestChannelSender], links: ActionLinkSource, publicURL: String?,
                owner: String = UUID().uuidString, lease: TimeInterval = 300, fallbackZone: TimeZone = .current,
                agendaCache: AgendaCache? = nil, housekeeping: @escaping @Sendable (Date) async throws -> Void = { _ in },
                report: @escaping @Sendable (String) -> Void = { _ in }, box: SecretBox? = nil,
                targets: any DeliveryTargetGuard = AnyTarget()) {
        self.box = box
        self.targets = targets
        self.database = database
        self.senders = Dictionary(senders.map { ($0.channel, $0) }, uniquingKeysWith: { a, _ in a })
        self.links = links
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.owner = owner
        self.lease = lease
        self.fallbackZone = fallbackZone
        self.agendaCache = agendaCache
        self.housekeeping = housekeeping
        self.report = report
    }

    /// What one pass did.
    public struct Pass: Equatable, Sendable {
        public var ran = 0
        public var retried = 0
        public var failed = 0
        public var kinds: [Job.Kind: Int] = [:]
    }

    // MARK: Planning

    /// Plans what is missing: the next digest of every account whose digest is on, and the hourly
    /// housekeeping. Safe from any number of processes at once (jobs are unique by key).
    public func plan(now: Date) async throws {
        try await database.jobs.enqueue(Self.housekeepingJob(at: now))
        while true {
            let accounts = try await database.jobs.accountsAwaitingDigest(limit: 500)
            var planned = 0
            for account in accounts where try await planDigest(for: account, after: now) { planned += 1 }
            // An account whose schedule yields no day (it cannot: every frequency has one a week) would loop.
            if accounts.count < 500 || planned == 0 { break }
        }
    }

    /// Replaces the account's planned digest with the next one its schedule gives (after a change of schedule
    /// or time zone). True when a digest is planned.
    @discardableResult
    public func replan(account: AccountID, now: Date) async throws -> Bool {
        try await database.jobs.cancelPending(kind: .digest, account: account)
        return try await planDigest(for: account, after: now)
    }

    /// Saves an account's digest schedule, the one way every front does: its ntfy and webhook addresses checked
    /// against what this instance may call, its secrets sealed, and the next digest planned from it.
    /// - Returns: The schedule as saved, and a new webhook secret to show once.
    public func saveSchedule(_ schedule: DigestSchedule, account: AccountID, ntfyToken: Tending.SecretChange = .keep,
                             renewWebhookSecret: Bool = false, now: Date) async throws -> (schedule: DigestSchedule, webhookSecret: String?) {
        for (field, url) in [("ntfy-url", schedule.ntfyURL), ("webhook-url", schedule.webhookURL)] {
            guard let url = url?.trimmed, !url.isEmpty else { continue }
            do { try await targets.check(url) } catch let failure as DeliveryFailure {
                throw TendError.invalid(ValidationError(field: field, message: failure.message))
            }
        }
        let saved = try await Tending(database: database, account: account, agendaCache: agendaCache)
            .saveDigestSchedule(schedule, ntfyToken: ntfyToken, renewWebhookSecret: renewWebhookSecret, box: box)
        try await replan(account: account, now: now)
        return saved
    }

    /// The next digest planned for the account: its day and when it goes.
    public func nextDigest(account: AccountID) async throws -> (day: Day, at: Date)? {
        guard let job = try await database.jobs.pending(kind: .digest, account: account).first, let day = Day(job.payload) else { return nil }
        return (day, job.dueAt)
    }

    /// Plans the account's next digest after `instant`. A day whose digest has already gone (a schedule moved later
    /// on the same day) is passed over for the next one: one digest a day. True when a digest is pending afterwards.
    private func planDigest(for account: AccountID, after instant: Date) async throws -> Bool {
        let (schedule, settings) = try await database.read(account: account) { s in (try await s.digestSchedule.load(), try await s.settings.load()) }
        let zone = settings.resolvedTimeZone(fallback: fallbackZone)
        var after = instant
        for _ in 0..<3 {
            guard let next = schedule.next(after: after, in: zone) else { return false }
            let key = "digest:\(account.rawValue):\(next.day)"
            if try await database.jobs.enqueue(NewJob(kind: .digest, account: account, key: key, payload: next.day.description, dueAt: next.at)) {
                return true
            }
            if try await database.jobs.job(key: key)?.state == .pending { return true }
            after = schedule.instant(on: next.day.adding(days: 1), in: zone).addingTimeInterval(-1)
        }
        return false
    }

    static func housekeepingJob(at now: Date) -> NewJob {
        let hour = (now.timeIntervalSince1970 / 3600).rounded(.down)
        return NewJob(kind: .housekeeping, account: nil, key: "housekeeping:\(Int64(hour))", dueAt: Date(timeIntervalSince1970: hour * 3600))
    }

    // MARK: Running

    /// Claims and runs every job due by `now`, in batches, until none is left.
    public func runDue(now: Date, batch: Int = 20) async throws -> Pass {
        var pass = Pass()
        while true {
            let jobs = try await database.jobs.claim(now: now, owner: owner, leaseUntil: now.addingTimeInterval(lease), limit: batch)
            if jobs.isEmpty { return pass }
            await withTaskGroup(of: Outcome.self) { group in
                for job in jobs { group.addTask { await self.run(job, now: now) } }
                for await outcome in group {
                    Counter(label: "tend_jobs_total", dimensions: [("kind", outcome.kind.rawValue), ("outcome", outcome.result.rawValue)]).increment()
                    pass.ran += 1
                    pass.kinds[outcome.kind, default: 0] += 1
                    if outcome.result == .retried { pass.retried += 1 }
                    if outcome.result == .failed { pass.failed += 1 }
                }
            }
        }
    }

    struct Outcome: Sendable {
        enum Result: String, Sendable { case finished = "done", retried, failed }
        var kind: Job.Kind
        var result: Result
    }

    private func run(_ job: Job, now: Date) async -> Outcome {
        do {
            switch job.kind {
            case .housekeeping:
                try await housekeeping(now)
                try await database.jobs.removeEnded(before: now.addingTimeInterval(-30 * 86_400))
                try await database.deliveries.removeOld(before: now.addingTimeInterval(-90 * 86_400))
                try await database.jobs.finish(job.id, owner: owner, state: .done, error: nil, at: now)
                try await database.jobs.enqueue(Self.housekeepingJob(at: now.addingTimeInterval(3600)))
                return Outcome(kind: job.kind, result: .finished)
            case .digest:
                return Outcome(kind: job.kind, result: try await runDigest(job, now: now))
            case .delivery:
                return Outcome(kind: job.kind, result: try await runDelivery(job, now: now))
            }
        } catch {
            // The database itself failed: the job keeps its lease and is taken again when it runs out.
            report("job \(job.key) failed: \(error)")
            if job.attempts > Backoff.delays.count {
                _ = try? await database.jobs.finish(job.id, owner: owner, state: .failed, error: "\(error)", at: now)
                return Outcome(kind: job.kind, result: .failed)
            }
            if let due = Backoff.retry(after: job.attempts, at: now) {
                _ = try? await database.jobs.retry(job.id, owner: owner, dueAt: due, error: "\(error)")
            }
            return Outcome(kind: job.kind, result: .retried)
        }
    }

    /// A digest come due: missed when its day has passed in the account's zone, skipped when empty and
    /// the account skips empty days, else a delivery per channel. The next digest is planned either way.
    private func runDigest(_ job: Job, now: Date) async throws -> Outcome.Result {
        guard let account = job.account, let day = Day(job.payload) else {
            try await database.jobs.finish(job.id, owner: owner, state: .failed, error: "a digest job without its account or day", at: now)
            return .failed
        }
        let (schedule, settings) = try await database.read(account: account) { s in (try await s.digestSchedule.load(), try await s.settings.load()) }
        let zone = settings.resolvedTimeZone(fallback: fallbackZone)
        guard schedule.occurs(on: day) else {
            // The schedule changed after this was planned.
            try await database.jobs.finish(job.id, owner: owner, state: .done, error: "no longer scheduled", at: now)
            _ = try await planDigest(for: account, after: now)
            return .finished
        }
        // Planned before the schedule's time changed (another process planned from the old one): moved to the new time.
        let planned = schedule.instant(on: day, in: zone)
        if abs(planned.timeIntervalSince(job.dueAt)) >= 60 && planned > now {
            try await database.jobs.retry(job.id, owner: owner, dueAt: planned, error: "moved to the schedule's time")
            return .finished
        }
        if Day.containing(now, in: zone) != day {
            let local = Self.localTime(job.dueAt, in: zone)
            for channel in schedule.channels {
                let missed = Delivery(
                    key: Self.deliveryKey(account: account, day: day, channel: channel), account: account, channel: channel,
                    purpose: .digest, day: day, status: .missed, attempts: 0,
                    reason: "Tend was not running at \(local) on \(day.spelledOut); by the time it was, the day was over.", updatedAt: now)
                try await database.deliveries.record(missed)
                Self.count(missed)
            }
            try await database.jobs.finish(job.id, owner: owner, state: .missed, error: "its day had passed", at: now)
            _ = try await planDigest(for: account, after: now)
            return .finished
        }
        let digest = try await Tending(database: database, account: account, agendaCache: agendaCache).digest(for: day)
        if !digest.isEmpty || schedule.sendEmpty {
            for channel in schedule.channels {
                let key = Self.deliveryKey(account: account, day: day, channel: channel)
                if try await database.jobs.enqueue(NewJob(kind: .delivery, account: account, key: key,
                                                          payload: "\(day) \(channel.rawValue)", dueAt: now)) {
                    try await database.deliveries.record(Delivery(key: key, account: account, channel: channel, purpose: .digest, day: day,
                                                                  status: .sending, attempts: 0, reason: nil, updatedAt: now))
                }
            }
        }
        try await database.jobs.finish(job.id, owner: owner, state: .done, error: nil, at: now)
        _ = try await planDigest(for: account, after: max(now, job.dueAt))
        return .finished
    }

    /// One digest to one channel; a failure is retried after 1, 5 and 30 minutes and 2 hours, then given up.
    private func runDelivery(_ job: Job, now: Date) async throws -> Outcome.Result {
        let parts = job.payload.split(separator: " ")
        guard let account = job.account, parts.count == 2, let day = Day(String(parts[0])),
              let channel = DigestSchedule.Channel(rawValue: String(parts[1])) else {
            try await database.jobs.finish(job.id, owner: owner, state: .failed, error: "a delivery job without its account, day or channel", at: now)
            return .failed
        }
        if let done = try await database.deliveries.delivery(key: job.key), done.status == .delivered {
            // Delivered by a process that died before it could end the job.
            try await database.jobs.finish(job.id, owner: owner, state: .done, error: nil, at: now)
            return .finished
        }
        var delivery = Delivery(key: job.key, account: account, channel: channel, purpose: .digest, day: day, status: .sending,
                                attempts: job.attempts, reason: nil, updatedAt: now)
        do {
            try await send(channel: channel, account: account, day: day, key: job.key, isTest: false, now: now)
            delivery.status = .delivered
            try await database.deliveries.record(delivery)
            Self.count(delivery)
            try await database.jobs.finish(job.id, owner: owner, state: .done, error: nil, at: now)
            return .finished
        } catch let failure as DeliveryFailure {
            delivery.reason = failure.message
            if !failure.permanent, let due = Backoff.retry(after: job.attempts, at: now) {
                delivery.status = .retrying
                Self.count(delivery)
                delivery.reason = failure.message + " (attempt \(job.attempts) of \(Backoff.delays.count + 1); the next in \(Self.spoken(due.timeIntervalSince(now))))"
                try await database.deliveries.record(delivery)
                try await database.jobs.retry(job.id, owner: owner, dueAt: due, error: failure.message)
                return .retried
            }
            delivery.status = .failed
            try await database.deliveries.record(delivery)
            Self.count(delivery)
            try await database.jobs.finish(job.id, owner: owner, state: .failed, error: failure.message, at: now)
            report("the digest \(job.key) was not delivered: \(failure.message)")
            return .failed
        }
    }

    /// Sends the digest of `day` now on `channel`, for "Send a test now" and `tend digest --send`; the outcome
    /// is in the delivery log.
    public func sendTest(account: AccountID, channel: DigestSchedule.Channel, day: Day, now: Date, to: String? = nil) async throws -> Delivery {
        let key = "test:\(account.rawValue):\(UUID().uuidString.lowercased())"
        var delivery = Delivery(key: key, account: account, channel: channel, purpose: .test, day: day, status: .delivered,
                                attempts: 1, reason: nil, updatedAt: now)
        do {
            try await send(channel: channel, account: account, day: day, key: key, isTest: true, now: now, to: to)
        } catch let failure as DeliveryFailure {
            delivery.status = .failed
            delivery.reason = failure.message
        }
        try await database.deliveries.record(delivery)
        Self.count(delivery)
        return delivery
    }

    /// The message for a channel, built as a delivery makes it: for tests of the rendering and `tend digest --print`.
    public func message(account: AccountID, day: Day, key: String, isTest: Bool, now: Date, to: String? = nil) async throws -> DigestMessage {
        let tending = Tending(database: database, account: account, agendaCache: agendaCache)
        let digest = try await tending.digest(for: day)
        let schedule = try await tending.digestSchedule()
        let email: String?
        if let to { email = to } else if let named = schedule.emailTo { email = named } else {
            email = try await database.accounts.account(account)?.email
        }
        var message = DigestMessage(digest: digest, recipient: email, key: key, isTest: isTest)
        if let url = schedule.ntfyURL {
            message.ntfy = PushTarget(url: url, priority: schedule.ntfyPriority, token: try schedule.ntfyToken.map { try opened($0) })
        }
        if let url = schedule.webhookURL, let sealed = schedule.webhookSecret {
            message.webhook = WebhookTarget(url: url, secret: try opened(sealed))
        }
        if let base = publicURL {
            let links = try await self.links.links()
            let expires = now.addingTimeInterval(ActionLinks.suggestionLifetime)
            for s in digest.suggestions {
                func url(_ action: ActionLinks.Action) -> String {
                    base + "/act/" + links.token(.init(account: account, action: action, suggestion: s.key, day: day, expires: expires))
                }
                message.links[s.key] = .init(done: url(.done), snooze: url(.snooze), open: base + "/people/\(s.personID.rawValue)")
            }
            message.unsubscribe = base + "/act/" + links.token(.init(account: account, action: .unsubscribe, suggestion: "", day: day,
                                                                     expires: now.addingTimeInterval(ActionLinks.unsubscribeLifetime)))
            message.today = base + "/today"
            message.settings = base + "/settings#digest"
        }
        return message
    }

    private func send(channel: DigestSchedule.Channel, account: AccountID, day: Day, key: String, isTest: Bool, now: Date, to: String? = nil) async throws {
        guard let sender = senders[channel] else {
            throw DeliveryFailure(channel == .email ? "mail is not set up on this Tend: start it with --smtp-url and --mail-from"
                                                    : "\(channel.rawValue) is not set up on this Tend", permanent: true)
        }
        let message = try await message(account: account, day: day, key: key, isTest: isTest, now: now, to: to)
        switch channel {
        case .email:
            if message.recipient == nil {
                throw DeliveryFailure("this account has no email address: give one for the digest in Settings", permanent: true)
            }
        case .ntfy:
            guard let ntfy = message.ntfy else { throw DeliveryFailure("no ntfy topic is set: give its address in Settings", permanent: true) }
            try await targets.check(ntfy.url)
        case .webhook:
            guard let webhook = message.webhook else { throw DeliveryFailure("no webhook is set: give its address in Settings", permanent: true) }
            try await targets.check(webhook.url)
        }
        try await sender.deliver(message)
    }

    /// A stored secret, opened; a failure to open it is a delivery that cannot succeed until it is entered again.
    private func opened(_ sealed: SealedSecret) throws -> String {
        guard let box else {
            throw DeliveryFailure("this Tend has no key to open stored secrets with: start it with the TEND_SECRET_KEY it had", permanent: true)
        }
        do { return try box.open(sealed) } catch { throw DeliveryFailure("\(error)", permanent: true) }
    }

    /// Counts a delivery's outcome for `/metrics`.
    static func count(_ delivery: Delivery) {
        Counter(label: "tend_deliveries_total", dimensions: [("channel", delivery.channel.rawValue), ("purpose", delivery.purpose.rawValue),
                                                             ("outcome", delivery.status.rawValue)]).increment()
    }

    public static func deliveryKey(account: AccountID, day: Day, channel: DigestSchedule.Channel) -> String {
        "digest:\(account.rawValue):\(day):\(channel.rawValue)"
    }

    /// "5 minutes", "2 hours".
    static func spoken(_ interval: TimeInterval) -> String {
        let minutes = Int((interval / 60).rounded())
        if minutes < 60 { return minutes == 1 ? "1 minute" : "\(minutes) minutes" }
        let hours = minutes / 60
        return hours == 1 ? "1 hour" : "\(hours) hours"
    }

    /// "07:00" in `zone`.
    static func localTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}
