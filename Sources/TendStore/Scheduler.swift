import Foundation
import TendCore

/// Work the server does at a time: a digest to send, a delivery to make or retry, the hourly
/// housekeeping. Jobs are rows, so that several processes on one database share them and none is lost
/// when a process stops.
public struct Job: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An account's digest of a day: decides whether it is still worth sending, and makes a delivery per channel.
        case digest
        /// One digest to one channel, retried until it is delivered or given up.
        case delivery
        /// Hourly: expired sessions swept, old jobs and deliveries removed, the planner's statistics
        /// refreshed, and (SQLite) the day's backup made.
        case housekeeping
    }

    public enum State: String, Sendable, CaseIterable {
        case pending, done, failed, missed
    }

    public var id: Int64
    public var kind: Kind
    public var account: AccountID?
    /// Unique among all jobs: enqueueing the same key twice (two processes at once) makes one job.
    public var key: String
    /// What the job works on, in the kind's own words ("2026-12-02", "2026-12-02 email").
    public var payload: String
    public var dueAt: Date
    public var state: State
    /// Claims so far, this one included.
    public var attempts: Int
    public var lastError: String?

    public init(id: Int64, kind: Kind, account: AccountID?, key: String, payload: String, dueAt: Date, state: State,
                attempts: Int, lastError: String?) {
        self.id = id
        self.kind = kind
        self.account = account
        self.key = key
        self.payload = payload
        self.dueAt = dueAt
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
    }
}

/// A job to add.
public struct NewJob: Hashable, Sendable {
    public var kind: Job.Kind
    public var account: AccountID?
    public var key: String
    public var payload: String
    public var dueAt: Date

    public init(kind: Job.Kind, account: AccountID?, key: String, payload: String = "", dueAt: Date) {
        self.kind = kind
        self.account = account
        self.key = key
        self.payload = payload
        self.dueAt = dueAt
    }
}

/// The jobs table. A claimed job is leased to one process until its lease ends; a process that dies
/// with a lease leaves the job to whoever claims it after the lease has run out.
public protocol JobRepository: Sendable {
    /// Adds `job` unless a job with its key exists (in any state); true when it was added.
    @discardableResult
    func enqueue(_ job: NewJob) async throws -> Bool
    /// Leases to `owner`, until `leaseUntil`, up to `limit` pending jobs due by `now` whose lease is free
    /// or has run out, earliest first, counting an attempt for each. Jobs another process is claiming at
    /// the same moment are skipped, never claimed twice.
    func claim(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [Job]
    /// Ends a job `owner` holds the lease of; false when the lease was lost (it ran out and another took it).
    @discardableResult
    func finish(_ id: Int64, owner: String, state: Job.State, error: String?, at now: Date) async throws -> Bool
    /// Gives a job `owner` holds back to the queue, due again at `dueAt`, with the error that stopped it.
    @discardableResult
    func retry(_ id: Int64, owner: String, dueAt: Date, error: String) async throws -> Bool
    /// Removes an account's pending jobs of a kind that no process holds (a changed schedule).
    func cancelPending(kind: Job.Kind, account: AccountID) async throws
    /// An account's pending jobs of a kind, earliest first.
    func pending(kind: Job.Kind, account: AccountID?) async throws -> [Job]
    func job(key: String) async throws -> Job?
    /// When the earliest pending job falls due.
    func nextDue() async throws -> Date?
    /// Accounts whose digest is on but that have no pending digest job, by id.
    func accountsAwaitingDigest(limit: Int) async throws -> [AccountID]
    /// Removes jobs that ended before `cutoff`.
    func removeEnded(before cutoff: Date) async throws
}

/// One digest (or test) to one channel, as the Settings page's delivery log shows it.
public struct Delivery: Hashable, Sendable {
    public enum Purpose: String, Sendable, CaseIterable { case digest, test }
    public enum Status: String, Sendable, CaseIterable { case sending, delivered, retrying, failed, missed }

    /// Unique: "digest:42:2026-12-02:email". What the receiver sees as the message's identity, so a
    /// delivery made twice (a process killed after sending) is one message.
    public var key: String
    public var account: AccountID
    public var channel: DigestSchedule.Channel
    public var purpose: Purpose
    public var day: Day?
    public var status: Status
    public var attempts: Int
    /// Why it failed, will be retried or was missed, in words a person can act on.
    public var reason: String?
    public var updatedAt: Date

    public init(key: String, account: AccountID, channel: DigestSchedule.Channel, purpose: Purpose, day: Day?, status: Status,
                attempts: Int, reason: String?, updatedAt: Date) {
        self.key = key
        self.account = account
        self.channel = channel
        self.purpose = purpose
        self.day = day
        self.status = status
        self.attempts = attempts
        self.reason = reason
        self.updatedAt = updatedAt
    }
}

/// The delivery log.
public protocol DeliveryRepository: Sendable {
    /// Stores a delivery by its key, replacing what was recorded before under it.
    func record(_ delivery: Delivery) async throws
    func delivery(key: String) async throws -> Delivery?
    /// An account's latest deliveries, newest first.
    func log(account: AccountID, limit: Int) async throws -> [Delivery]
    /// Removes deliveries last changed before `cutoff`.
    func removeOld(before cutoff: Date) async throws
}

/// An account's digest schedule.
public protocol DigestScheduleRepository: Sendable {
    /// The stored schedule, or the default (off).
    func load() async throws -> DigestSchedule
    func save(_ schedule: DigestSchedule) async throws
}
