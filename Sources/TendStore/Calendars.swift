import Foundation
import TendCore

public struct CalendarSubscriptionID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ value: Int64) { rawValue = value }
    public var description: String { String(rawValue) }
    public static func < (a: CalendarSubscriptionID, b: CalendarSubscriptionID) -> Bool { a.rawValue < b.rawValue }
}

/// A calendar address Tend polls (the secret iCal address Google, Outlook and Fastmail give): the address sealed with
/// the instance's key, since anyone who has it reads the calendar.
public struct CalendarSubscription: Hashable, Sendable {
    public var id: CalendarSubscriptionID
    /// The calendar's name: its touches' source is `calendar:NAME`, as for an imported file of that name.
    public var name: String
    public var url: SealedSecret
    /// The address without its path's secret, query or credentials, for pages and logs ("https://calendar.google.com/…").
    public var shownURL: String
    public var etag: String?
    public var lastModified: String?
    public var createdAt: Date
    public var nextCheckAt: Date
    public var checkedAt: Date?
    public var lastSuccessAt: Date?
    /// Failed polls in a row; retried with backoff, never dropped.
    public var failures: Int
    public var lastError: String?
    /// What the last poll that read the calendar did, in words.
    public var summary: String

    public var source: String { "calendar:" + name }

    public init(id: CalendarSubscriptionID, name: String, url: SealedSecret, shownURL: String, etag: String? = nil,
                lastModified: String? = nil, createdAt: Date, nextCheckAt: Date, checkedAt: Date? = nil, lastSuccessAt: Date? = nil,
                failures: Int = 0, lastError: String? = nil, summary: String = "") {
        (self.id, self.name, self.url, self.shownURL, self.etag, self.lastModified) = (id, name, url, shownURL, etag, lastModified)
        (self.createdAt, self.nextCheckAt, self.checkedAt, self.lastSuccessAt) = (createdAt, nextCheckAt, checkedAt, lastSuccessAt)
        (self.failures, self.lastError, self.summary) = (failures, lastError, summary)
    }
}

/// A coming occurrence of a calendar's event with someone in Tend: the agenda holds back a keep-up it makes
/// unnecessary, and the person's page says when you will see them.
public struct UpcomingMeeting: Hashable, Sendable, Codable {
    /// The calendar it came from (`calendar:NAME`): a calendar read again replaces all of its own.
    public var source: String
    /// The occurrence's key, as its touch will have once it is past.
    public var key: String
    public var personID: PersonID
    /// Its day in the account's time zone.
    public var on: Day
    /// The event's title; empty when Settings → Mail keeps no subjects.
    public var title: String

    public init(source: String, key: String, personID: PersonID, on: Day, title: String) {
        (self.source, self.key, self.personID, self.on, self.title) = (source, key, personID, on, title)
    }
}

/// One account's calendar subscriptions and the meetings its calendars hold.
public protocol CalendarRepository: Sendable {
    /// Throws `StoreError.conflict` when the account has a subscription of this name.
    func addSubscription(name: String, url: SealedSecret, shownURL: String, etag: String?, lastModified: String?,
                         summary: String, now: Date, nextCheckAt: Date) async throws -> CalendarSubscription
    func subscriptions() async throws -> [CalendarSubscription]
    func subscription(_ id: CalendarSubscriptionID) async throws -> CalendarSubscription?
    /// Saves a subscription's state (validators, schedule, errors), not its lease.
    func update(_ subscription: CalendarSubscription) async throws
    func removeSubscription(_ id: CalendarSubscriptionID) async throws -> Bool

    /// Replaces the coming meetings of a calendar with these.
    func replaceUpcoming(source: String, with meetings: [UpcomingMeeting]) async throws
    /// Every person's first meeting on or after `from`.
    func nextMeetings(from: Day) async throws -> [PersonID: Day]
    /// A person's meetings on or after `from`, soonest first.
    func upcoming(of person: PersonID, from: Day, limit: Int) async throws -> [UpcomingMeeting]
    /// A merge: the meetings of `from` become `to`'s.
    func reassign(from: PersonID, to: PersonID) async throws
}

/// Calendar subscriptions due for a poll, for every account.
public protocol CalendarPollRepository: Sendable {
    /// Leases up to `limit` subscriptions due by `now` to `owner` until `leaseUntil`; none is leased twice.
    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, subscription: CalendarSubscription)]
    /// Leases one subscription, due or not, unless another holds it; false when another does.
    func claim(_ id: CalendarSubscriptionID, owner: String, now: Date, leaseUntil: Date) async throws -> Bool
    func release(_ id: CalendarSubscriptionID, owner: String) async throws
}
