import Foundation
import TendCore
import TendInterop
import TendStore

extension String {
    /// At most `n` Unicode scalars: what the database's length checks count (a grapheme can be several).
    func clipped(_ n: Int) -> String { String(String.UnicodeScalarView(unicodeScalars.prefix(n))) }
}

/// A calendar subscription as pages, the CLI and the API show it.
public struct CalendarSubscriptionLine: Sendable, Equatable {
    public var subscription: CalendarSubscription
    /// "read 2 h ago: 412 events…", "failing (3 in a row): answered 404 Not Found".
    public var status: String
    /// How many of its occurrences have been read (touches and the ones with no one in Tend).
    public var read: Int
}

/// The account's calendar subscriptions: subscribe, poll, unsubscribe. Every front (Settings, the CLI, the API, the
/// scheduler) goes through here. The address is a secret (whoever has it reads the calendar): it is sealed with the
/// instance's key and shown only as its host.
public struct CalendarSubscriptions: Sendable {
    public let database: any TendDatabase
    /// Fetches with conditional GET, redirects, size and time limits and the instance's rule on private addresses.
    public let fetcher: any FeedFetching
    /// Seals and opens addresses; nil when the instance has no key, and then nothing can be subscribed.
    public let box: SecretBox?

    public init(database: any TendDatabase, fetcher: any FeedFetching, box: SecretBox?) {
        self.database = database
        self.fetcher = fetcher
        self.box = box
    }

    /// How often a calendar is polled.
    public static let interval: TimeInterval = 3600
    /// A poll sends its validators only within this long of the last full read: a calendar that did not change still
    /// has events that have passed since, which become touches when it is read.
    public static let fullReadAfter: TimeInterval = 6 * 3600

    static let noKey = "this Tend has no key to keep calendar addresses with: start it with TEND_SECRET_KEY (the same on every process; make one with `openssl rand -base64 32`)"

    func tending(_ account: AccountID) -> Tending { Tending(database: database, account: account) }

    static func invalid(_ field: String, _ message: String) -> TendError { .invalid(ValidationError(field: field, message: message)) }

    /// An address as typed: `webcal://` (what Apple and Google hand out) read as `https://`; http or https with a host,
    /// at most 2,000 characters.
    public static func checkedAddress(_ text: String) throws -> String {
        var t = text.trimmed
        if t.lowercased().hasPrefix("webcal://") { t = "https://" + t.dropFirst("webcal://".count) }
        if t.lowercased().hasPrefix("webcals://") { t = "https://" + t.dropFirst("webcals://".count) }
        guard !t.isEmpty else { throw invalid("address", "the calendar's address, like https://calendar.google.com/calendar/ical/…/basic.ics") }
        guard t.count <= 2000, !t.contains(where: { $0.isWhitespace || $0.isNewline }), let c = URLComponents(string: t),
              let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty else {
            throw invalid("address", "“\(text.trimmed.prefix(60))” is not an http://, https:// or webcal:// address")
        }
        return t
    }

    /// An address as it may be shown: its host, and the file's name when it is one (`basic.ics`); the path and query,
    /// where the secret is, left out.
    public static func shown(_ url: String) -> String {
        guard let c = URLComponents(string: url), let host = c.host else { return "the calendar's address" }
        let last = c.path.split(separator: "/").last.map(String.init) ?? ""
        let file = last.lowercased().hasSuffix(".ics") && last.count <= 24 && !last.dropLast(4).contains(where: \.isNumber) ? last : nil
        return "\(c.scheme ?? "https")://\(host)" + (c.port.map { ":\($0)" } ?? "") + "/…" + (file.map { "/" + $0 } ?? "")
    }

    /// Fetches an address and reads it as a calendar; a failure in words for the page.
    func fetchCalendar(_ url: String, etag: String?, lastModified: String?) async -> Result<(CalendarFile, etag: String?, lastModified: String?)?, FeedFetchError> {
        let fetched: FetchedFeed
        do { fetched = try await fetcher.fetch(url, etag: etag, lastModified: lastModified) } catch { return .failure(error) }
        guard case .fetched(let body, _, let newTag, let modified) = fetched else { return .success(nil) }
        guard CalendarFile.looksLikeCalendar(body) else {
            let start = String(decoding: body.prefix(200), as: UTF8.self).lowercased()
            let what = start.contains("<html") || start.contains("<!doctype") ? "a web page" : body.isEmpty ? "nothing" : "something else"
            return .failure(FeedFetchError("answered with \(what), not a calendar (use the calendar's secret iCal address)"))
        }
        do throws(CalendarError) {
            return .success((try CalendarFile.read(body), newTag.map { $0.clipped(500) }, modified.map { $0.clipped(100) }))
        } catch {
            return .failure(FeedFetchError("sent a calendar Tend cannot read: \(error.description)"))
        }
    }

    /// Subscribes to a calendar's address: it is fetched and read now (as an import with `--skip-invalid` would read it:
    /// past events with people in Tend become touches, coming ones are kept for the agenda), and then polled hourly.
    /// Throws `TendError.invalid` (field `address` or `name`) when it cannot be fetched or read, or the name is taken.
    public func subscribe(_ address: String, name: String? = nil, account: AccountID, now: Date) async throws -> (CalendarSubscription, CalendarImportReport) {
        guard let box else { throw Self.invalid("address", Self.noKey) }
        let url = try Self.checkedAddress(address)
        let shown = Self.shown(url)
        let t = tending(account)
        if let name = name?.trimmed, !name.isEmpty, try await t.read({ try await $0.calendars.subscriptions() }).contains(where: { $0.name == name }) {
            throw Self.invalid("name", "a calendar named “\(name)” is subscribed already")
        }
        let (file, etag, lastModified): (CalendarFile, String?, String?)
        switch await fetchCalendar(url, etag: nil, lastModified: nil) {
        case .failure(let e): throw Self.invalid("address", "\(shown): \(e.message)")
        case .success(nil): throw Self.invalid("address", "\(shown) answered 304 Not Modified to a first request")
        case .success(let read?): (file, etag, lastModified) = read
        }
        let calendar = try Tending.calendarName(name, file: file, filename: nil)
        let sealed = try box.seal(url)
        let email = try await database.accounts.account(account)?.email
        return try await t.write { s in
            let subscription: CalendarSubscription
            do {
                subscription = try await s.calendars.addSubscription(name: calendar, url: sealed, shownURL: shown, etag: etag, lastModified: lastModified,
                                                                     summary: "", now: now, nextCheckAt: now.addingTimeInterval(Self.interval))
            } catch let e as StoreError {
                throw Self.invalid("name", e.description + (name == nil ? " (give this one another name)" : ""))
            }
            let report = try await Tending.importCalendar(file, options: CalendarImportOptions(skipInvalid: true, snapshot: true),
                                                          name: calendar, now: now, email: email, in: s)
            var stored = subscription
            stored.summary = report.summary.clipped(2000)
            try await s.calendars.update(stored)
            return (stored, report)
        }
    }

    /// The account's subscriptions, with how each is doing.
    public func list(account: AccountID, now: Date) async throws -> [CalendarSubscriptionLine] {
        try await tending(account).read { s in
            var out: [CalendarSubscriptionLine] = []
            for sub in try await s.calendars.subscriptions() {
                out.append(CalendarSubscriptionLine(subscription: sub, status: Self.status(sub, now: now), read: try await s.capture.count(source: sub.source)))
            }
            return out
        }
    }

    public func subscription(_ id: CalendarSubscriptionID, account: AccountID) async throws -> CalendarSubscription {
        guard let sub = try await tending(account).read({ try await $0.calendars.subscription(id) }) else { throw TendError.noSuchCalendar(id.rawValue) }
        return sub
    }

    /// Unsubscribes and removes every touch the calendar made and what it knew of coming events: how many touches went.
    public func unsubscribe(_ id: CalendarSubscriptionID, account: AccountID) async throws -> Int {
        try await tending(account).write { s in
            guard let sub = try await s.calendars.subscription(id) else { throw TendError.noSuchCalendar(id.rawValue) }
            let removed = try await s.touches.removeCaptured(source: sub.source)
            try await s.capture.forget(source: sub.source)
            try await s.calendars.replaceUpcoming(source: sub.source, with: [])
            _ = try await s.calendars.removeSubscription(id)
            return removed
        }
    }

    static func status(_ s: CalendarSubscription, now: Date) -> String {
        if let e = s.lastError { return "failing (\(s.failures) in a row): \(e); tried again \(ago(s.nextCheckAt, now: now, future: true))" }
        guard let checked = s.checkedAt else { return "not read yet" }
        return "checked \(ago(checked, now: now, future: false))" + (s.summary.isEmpty ? "" : " — " + s.summary)
    }

    static func ago(_ date: Date, now: Date, future: Bool) -> String {
        let minutes = Int(abs(date.timeIntervalSince(now)) / 60)
        let span = minutes < 1 ? nil : minutes < 60 ? "\(minutes) min" : minutes < 48 * 60 ? "\(minutes / 60) h" : "\(minutes / 1440) days"
        guard let span else { return future ? "soon" : "just now" }
        return future ? "in \(span)" : "\(span) ago"
    }

    /// After `failures` failed polls in a row: 15 minutes doubled each time, at most a day; never dropped.
    public static func backoff(failures: Int) -> TimeInterval {
        min(86_400, 900 * pow(2, Double(min(max(failures - 1, 0), 10))))
    }

    /// Polls a subscription now: a conditional GET (validators within `fullReadAfter` of the last full read), the
    /// calendar read into the account when it changed (or had events pass), the outcome recorded on it. The report is
    /// nil when the server said nothing changed.
    @discardableResult
    public func poll(_ id: CalendarSubscriptionID, account: AccountID, now: Date) async throws -> Result<CalendarImportReport?, FeedFetchError> {
        let t = tending(account)
        let sub = try await subscription(id, account: account)
        var outcome: Result<CalendarImportReport?, FeedFetchError>
        var validators: (etag: String?, lastModified: String?)?
        do {
            guard let box else { throw FeedFetchError(Self.noKey) }
            let url: String
            do { url = try box.open(sub.url) } catch { throw FeedFetchError("its address cannot be opened with this instance's key: subscribe again") }
            let fresh = sub.lastSuccessAt.map { now.timeIntervalSince($0) < Self.fullReadAfter } ?? false
            switch await fetchCalendar(url, etag: fresh ? sub.etag : nil, lastModified: fresh ? sub.lastModified : nil) {
            case .failure(let e): throw e
            case .success(nil): outcome = .success(nil)
            case .success(let (file, etag, lastModified)?):
                let email = try await database.accounts.account(account)?.email
                let report = try await t.write { s in
                    try await Tending.importCalendar(file, options: CalendarImportOptions(skipInvalid: true, snapshot: true),
                                                     name: sub.name, now: now, email: email, in: s)
                }
                validators = (etag, lastModified)
                outcome = .success(report)
            }
        } catch let e as FeedFetchError {
            outcome = .failure(e)
        } catch let e as TendError {
            outcome = .failure(FeedFetchError(e.description))
        }
        let result = outcome
        let kept = validators
        try await t.write { s in
            guard var current = try await s.calendars.subscription(id) else { return }
            current.checkedAt = now
            switch result {
            case .success(let report):
                current.failures = 0
                current.lastError = nil
                current.nextCheckAt = now.addingTimeInterval(Self.interval)
                if let report {
                    current.lastSuccessAt = now
                    current.summary = report.summary.clipped(2000)
                    if let kept { (current.etag, current.lastModified) = kept }
                }
            case .failure(let e):
                current.failures += 1
                current.lastError = e.message.clipped(2000)
                current.nextCheckAt = now.addingTimeInterval(e.permanent ? 86_400 : Self.backoff(failures: current.failures))
            }
            try await s.calendars.update(current)
        }
        return outcome
    }

    /// Polls a subscription now for a person who asked (Check now, `tend calendar poll`): leased like a scheduled
    /// poll, so two processes never read one calendar at once.
    public func pollNow(_ id: CalendarSubscriptionID, account: AccountID, now: Date, lease: TimeInterval = 600) async throws -> Result<CalendarImportReport?, FeedFetchError> {
        _ = try await subscription(id, account: account)
        let owner = "now:" + UUID().uuidString
        guard try await database.calendarPolls.claim(id, owner: owner, now: now, leaseUntil: now.addingTimeInterval(lease)) else {
            return .failure(FeedFetchError("this calendar is being read right now; what it finds appears when that read ends"))
        }
        do {
            let outcome = try await poll(id, account: account, now: now)
            try await database.calendarPolls.release(id, owner: owner)
            return outcome
        } catch {
            try? await database.calendarPolls.release(id, owner: owner)
            throw error
        }
    }
}

/// Polls the calendar subscriptions that are due, for every account, from any number of processes (each leased to one).
public struct CalendarPoller: Sendable {
    public let calendars: CalendarSubscriptions
    public let owner: String
    public let lease: TimeInterval
    public let report: @Sendable (String) -> Void

    public init(calendars: CalendarSubscriptions, owner: String = UUID().uuidString, lease: TimeInterval = 600,
                report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.calendars = calendars
        self.owner = owner
        self.lease = lease
        self.report = report
    }

    /// Claims and polls every subscription due by `now`, four at a time, until none is left; how many were polled.
    public func pollDue(now: @escaping @Sendable () -> Date) async throws -> Int {
        try await Leases.drain(claim: {
            let at = now()
            return try await calendars.database.calendarPolls.claimDue(now: at, owner: owner, leaseUntil: at.addingTimeInterval(lease), limit: 4)
        }, poll: { account, sub in
            do {
                if case .failure(let f) = try await calendars.poll(sub.id, account: account, now: now()) {
                    report("calendar \(sub.id) (\(sub.shownURL)): \(f.message)")
                }
                try await calendars.database.calendarPolls.release(sub.id, owner: owner)
            } catch {
                // The database failed: the lease runs out and the calendar is polled again then.
                report("calendar \(sub.id) could not be polled: \(error)")
            }
        })
    }
}
