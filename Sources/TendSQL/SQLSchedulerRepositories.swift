import Foundation
import SQLKit
import TendCore
import TendStore

/// The jobs table over any SQL backend. Times are seconds since 1970 (UTC).
public struct SQLJobRepository: JobRepository {
    let transactor: any SQLTransactor
    let features: any SQLBackendFeatures

    public init(transactor: any SQLTransactor, features: any SQLBackendFeatures) {
        self.transactor = transactor
        self.features = features
    }

    private struct Row: Decodable {
        var id: Int64
        var kind: String
        var account_id: Int64?
        var key: String
        var payload: String
        var due_at: Double
        var state: String
        var attempts: Int
        var last_error: String?

        func job() throws -> Job {
            guard let kind = Job.Kind(rawValue: kind), let state = Job.State(rawValue: state) else {
                throw StoreError.corrupt("job \(id) of kind '\(kind)' in state '\(state)'")
            }
            return Job(id: id, kind: kind, account: account_id.map(AccountID.init), key: key, payload: payload,
                       dueAt: Date(timeIntervalSince1970: due_at), state: state, attempts: attempts, lastError: last_error)
        }
    }

    private static let columns: SQLQueryString = "id, kind, account_id, key, payload, due_at, state, attempts, last_error"

    public func enqueue(_ job: NewJob) async throws -> Bool {
        try await transactor.transaction { db in
            try await db.raw("""
                INSERT INTO jobs (kind, account_id, key, payload, due_at, state, attempts)
                VALUES (\(bind: job.kind.rawValue), \(bind: job.account?.rawValue), \(bind: job.key), \(bind: job.payload),
                        \(bind: job.dueAt.timeIntervalSince1970), 'pending', 0)
                ON CONFLICT (key) DO NOTHING RETURNING id
                """).first() != nil
        }
    }

    public func claim(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [Job] {
        let lock = features.lockSkippingLocked
        return try await transactor.transaction { db in
            let t = now.timeIntervalSince1970
            let rows = try await db.raw("""
                UPDATE jobs SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM jobs
                    WHERE state = 'pending' AND due_at <= \(bind: t) AND (lease_until IS NULL OR lease_until <= \(bind: t))
                    ORDER BY due_at, id LIMIT \(bind: limit) \(unsafeRaw: lock))
                RETURNING \(Self.columns)
                """).all(decoding: Row.self)
            return try rows.map { try $0.job() }.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }
        }
    }

    public func finish(_ id: Int64, owner: String, state: Job.State, error: String?, at now: Date) async throws -> Bool {
        try await transactor.transaction { db in
            try await db.raw("""
                UPDATE jobs SET state = \(bind: state.rawValue), last_error = \(bind: error), finished_at = \(bind: now.timeIntervalSince1970),
                    lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: id) AND lease_owner = \(bind: owner) RETURNING id
                """).first() != nil
        }
    }

    public func retry(_ id: Int64, owner: String, dueAt: Date, error: String) async throws -> Bool {
        try await transactor.transaction { db in
            try await db.raw("""
                UPDATE jobs SET due_at = \(bind: dueAt.timeIntervalSince1970), last_error = \(bind: error), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: id) AND lease_owner = \(bind: owner) AND state = 'pending' RETURNING id
                """).first() != nil
        }
    }

    public func cancelPending(kind: Job.Kind, account: AccountID) async throws {
        try await transactor.transaction { db in
            try await db.raw("""
                DELETE FROM jobs WHERE kind = \(bind: kind.rawValue) AND account_id = \(bind: account.rawValue)
                    AND state = 'pending' AND lease_owner IS NULL
                """).run()
        }
    }

    public func pending(kind: Job.Kind, account: AccountID?) async throws -> [Job] {
        try await transactor.transaction { db in
            let who: SQLQueryString = account.map { "account_id = \(bind: $0.rawValue)" } ?? "account_id IS NULL"
            return try await db.raw("""
                SELECT \(Self.columns) FROM jobs WHERE kind = \(bind: kind.rawValue) AND \(who) AND state = 'pending' ORDER BY due_at, id
                """).all(decoding: Row.self).map { try $0.job() }
        }
    }

    public func job(key: String) async throws -> Job? {
        try await transactor.transaction { db in
            try await db.raw("SELECT \(Self.columns) FROM jobs WHERE key = \(bind: key)").first(decoding: Row.self)?.job()
        }
    }

    public func nextDue() async throws -> Date? {
        try await transactor.transaction { db in
            try await db.raw("SELECT min(due_at) AS due FROM jobs WHERE state = 'pending'")
                .first(decodingColumn: "due", as: Double?.self)?.map(Date.init(timeIntervalSince1970:))
        }
    }

    public func accountsAwaitingDigest(limit: Int) async throws -> [AccountID] {
        try await transactor.transaction { db in
            try await db.raw("""
                SELECT d.account_id AS id FROM digest_schedules d
                WHERE d.frequency <> 'off' AND NOT EXISTS (
                    SELECT 1 FROM jobs j WHERE j.account_id = d.account_id AND j.kind = 'digest' AND j.state = 'pending')
                ORDER BY d.account_id LIMIT \(bind: limit)
                """).all(decodingColumn: "id", as: Int64.self).map(AccountID.init)
        }
    }

    public func removeEnded(before cutoff: Date) async throws {
        try await transactor.transaction { db in
            try await db.raw("DELETE FROM jobs WHERE state <> 'pending' AND finished_at < \(bind: cutoff.timeIntervalSince1970)").run()
        }
    }
}

/// The delivery log over any SQL backend.
public struct SQLDeliveryRepository: DeliveryRepository {
    let transactor: any SQLTransactor

    public init(transactor: any SQLTransactor) { self.transactor = transactor }

    private struct Row: Decodable {
        var key: String
        var account_id: Int64
        var channel: String
        var purpose: String
        var day: String?
        var status: String
        var attempts: Int
        var reason: String?
        var updated_at: Double

        func delivery() throws -> Delivery {
            guard let channel = DigestSchedule.Channel(rawValue: channel), let purpose = Delivery.Purpose(rawValue: purpose),
                  let status = Delivery.Status(rawValue: status) else {
                throw StoreError.corrupt("delivery '\(key)'")
            }
            return Delivery(key: key, account: AccountID(account_id), channel: channel, purpose: purpose, day: day.flatMap(Day.init),
                            status: status, attempts: attempts, reason: reason, updatedAt: Date(timeIntervalSince1970: updated_at))
        }
    }

    public func record(_ d: Delivery) async throws {
        try await transactor.transaction { db in
            try await db.raw("""
                INSERT INTO deliveries (key, account_id, channel, purpose, day, status, attempts, reason, updated_at)
                VALUES (\(bind: d.key), \(bind: d.account.rawValue), \(bind: d.channel.rawValue), \(bind: d.purpose.rawValue),
                        \(bind: d.day?.description), \(bind: d.status.rawValue), \(bind: d.attempts), \(bind: d.reason),
                        \(bind: d.updatedAt.timeIntervalSince1970))
                ON CONFLICT (key) DO UPDATE SET status = excluded.status, attempts = excluded.attempts, reason = excluded.reason,
                    updated_at = excluded.updated_at
                """).run()
        }
    }

    public func delivery(key: String) async throws -> Delivery? {
        try await transactor.transaction { db in
            try await db.raw("SELECT * FROM deliveries WHERE key = \(bind: key)").first(decoding: Row.self)?.delivery()
        }
    }

    public func log(account: AccountID, limit: Int) async throws -> [Delivery] {
        try await transactor.transaction { db in
            try await db.raw("""
                SELECT * FROM deliveries WHERE account_id = \(bind: account.rawValue) ORDER BY updated_at DESC, id DESC LIMIT \(bind: limit)
                """).all(decoding: Row.self).map { try $0.delivery() }
        }
    }

    public func removeOld(before cutoff: Date) async throws {
        try await transactor.transaction { db in
            try await db.raw("DELETE FROM deliveries WHERE updated_at < \(bind: cutoff.timeIntervalSince1970)").run()
        }
    }
}

/// An account's digest schedule, inside its session.
struct SQLDigestScheduleRepository: DigestScheduleRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct Row: Decodable {
        var frequency: String
        var weekday: Int
        var hour: Int
        var minute: Int
        var send_empty: Bool
        var email: Bool
        var email_to: String?
        var ntfy_url: String?
        var ntfy_priority: Int
        var ntfy_token: String?
        var webhook_url: String?
        var webhook_secret: String?
    }

    func load() async throws -> DigestSchedule {
        guard let r = try await db.raw("SELECT * FROM digest_schedules WHERE account_id = \(bind: account.rawValue)").first(decoding: Row.self) else {
            return DigestSchedule()
        }
        guard let frequency = DigestSchedule.Frequency(rawValue: r.frequency) else { throw StoreError.corrupt("digest frequency '\(r.frequency)'") }
        return DigestSchedule(frequency: frequency, weekday: r.weekday, hour: r.hour, minute: r.minute, sendEmpty: r.send_empty,
                              email: r.email, emailTo: r.email_to, ntfyURL: r.ntfy_url, ntfyPriority: r.ntfy_priority,
                              ntfyToken: r.ntfy_token.map(SealedSecret.init), webhookURL: r.webhook_url,
                              webhookSecret: r.webhook_secret.map(SealedSecret.init))
    }

    func save(_ s: DigestSchedule) async throws {
        try await db.raw("""
            INSERT INTO digest_schedules (account_id, frequency, weekday, hour, minute, send_empty, email, email_to,
                ntfy_url, ntfy_priority, ntfy_token, webhook_url, webhook_secret)
            VALUES (\(bind: account.rawValue), \(bind: s.frequency.rawValue), \(bind: s.weekday), \(bind: s.hour), \(bind: s.minute),
                    \(bind: s.sendEmpty), \(bind: s.email), \(bind: s.emailTo), \(bind: s.ntfyURL), \(bind: s.ntfyPriority),
                    \(bind: s.ntfyToken?.sealed), \(bind: s.webhookURL), \(bind: s.webhookSecret?.sealed))
            ON CONFLICT (account_id) DO UPDATE SET frequency = excluded.frequency, weekday = excluded.weekday, hour = excluded.hour,
                minute = excluded.minute, send_empty = excluded.send_empty, email = excluded.email, email_to = excluded.email_to,
                ntfy_url = excluded.ntfy_url, ntfy_priority = excluded.ntfy_priority, ntfy_token = excluded.ntfy_token,
                webhook_url = excluded.webhook_url, webhook_secret = excluded.webhook_secret
            """).run()
    }
}
