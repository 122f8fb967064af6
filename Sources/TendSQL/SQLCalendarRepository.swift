import Foundation
import SQLKit
import TendCore
import TendStore

struct SQLCalendarRepository: CalendarRepository {
    let account: AccountID
    let db: any SQLDatabase
    var a: Int64 { account.rawValue }

    static let columns: SQLQueryString = """
        id, account_id, name, url, shown_url, etag, last_modified, created_at, next_check_at, checked_at, last_success_at,
        failures, last_error, summary
        """

    struct Row: Decodable {
        var id: Int64
        var account_id: Int64
        var name: String
        var url: String
        var shown_url: String
        var etag: String?
        var last_modified: String?
        var created_at: Double
        var next_check_at: Double
        var checked_at: Double?
        var last_success_at: Double?
        var failures: Int
        var last_error: String?
        var summary: String

        func subscription() -> CalendarSubscription {
            CalendarSubscription(id: CalendarSubscriptionID(id), name: name, url: SealedSecret(sealed: url), shownURL: shown_url,
                                 etag: etag, lastModified: last_modified, createdAt: Date(timeIntervalSince1970: created_at),
                                 nextCheckAt: Date(timeIntervalSince1970: next_check_at),
                                 checkedAt: checked_at.map(Date.init(timeIntervalSince1970:)),
                                 lastSuccessAt: last_success_at.map(Date.init(timeIntervalSince1970:)),
                                 failures: failures, lastError: last_error, summary: summary)
        }
    }

    func addSubscription(name: String, url: SealedSecret, shownURL: String, etag: String?, lastModified: String?,
                         summary: String, now: Date, nextCheckAt: Date) async throws -> CalendarSubscription {
        let existing = try await db.raw("SELECT id FROM calendar_subscriptions WHERE account_id = \(bind: a) AND name = \(bind: name)").first()
        guard existing == nil else { throw StoreError.conflict("a calendar named “\(name)” is subscribed already") }
        guard let row = try await db.raw("""
            INSERT INTO calendar_subscriptions (account_id, name, url, shown_url, etag, last_modified, created_at, next_check_at,
                                                checked_at, last_success_at, failures, summary)
            VALUES (\(bind: a), \(bind: name), \(bind: url.sealed), \(bind: shownURL), \(bind: etag), \(bind: lastModified),
                    \(bind: now.timeIntervalSince1970), \(bind: nextCheckAt.timeIntervalSince1970), \(bind: now.timeIntervalSince1970),
                    \(bind: now.timeIntervalSince1970), 0, \(bind: summary))
            RETURNING \(Self.columns)
            """).first(decoding: Row.self) else { throw StoreError.conflict("the subscription was not stored") }
        return row.subscription()
    }

    func subscriptions() async throws -> [CalendarSubscription] {
        try await db.raw("SELECT \(Self.columns) FROM calendar_subscriptions WHERE account_id = \(bind: a) ORDER BY name, id")
            .all(decoding: Row.self).map { $0.subscription() }
    }

    func subscription(_ id: CalendarSubscriptionID) async throws -> CalendarSubscription? {
        try await db.raw("SELECT \(Self.columns) FROM calendar_subscriptions WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue)")
            .first(decoding: Row.self)?.subscription()
    }

    func update(_ s: CalendarSubscription) async throws {
        try await db.raw("""
            UPDATE calendar_subscriptions SET url = \(bind: s.url.sealed), shown_url = \(bind: s.shownURL), etag = \(bind: s.etag),
                last_modified = \(bind: s.lastModified), next_check_at = \(bind: s.nextCheckAt.timeIntervalSince1970),
                checked_at = \(bind: s.checkedAt?.timeIntervalSince1970), last_success_at = \(bind: s.lastSuccessAt?.timeIntervalSince1970),
                failures = \(bind: s.failures), last_error = \(bind: s.lastError), summary = \(bind: s.summary)
            WHERE account_id = \(bind: a) AND id = \(bind: s.id.rawValue)
            """).run()
    }

    func removeSubscription(_ id: CalendarSubscriptionID) async throws -> Bool {
        try await db.raw("DELETE FROM calendar_subscriptions WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue) RETURNING id").first() != nil
    }

    func replaceUpcoming(source: String, with meetings: [UpcomingMeeting]) async throws {
        try await db.raw("DELETE FROM upcoming_meetings WHERE account_id = \(bind: a) AND source = \(bind: source)").run()
        // One row per occurrence and person, whatever the input repeats.
        var seen = Set<String>()
        let rows = meetings.filter { $0.source == source && seen.insert("\($0.key)\u{0}\($0.personID.rawValue)").inserted }
        try await insertRows(db, "INSERT INTO upcoming_meetings (account_id, source, key, person_id, on_day, title)", rows.map { m in
            "(\(bind: a), \(bind: m.source), \(bind: m.key), \(bind: m.personID.rawValue), \(bind: m.on.description), \(bind: m.title))"
        }, columns: 6)
    }

    func nextMeetings(from: Day) async throws -> [PersonID: Day] {
        var out: [PersonID: Day] = [:]
        for r in try await db.raw("""
            SELECT person_id, min(on_day) AS first FROM upcoming_meetings
            WHERE account_id = \(bind: a) AND on_day >= \(bind: from.description) GROUP BY person_id
            """).all() {
            let first: Day = try Column.day(try r.decode(column: "first", as: String.self))
            out[PersonID(try r.decode(column: "person_id", as: Int64.self))] = first
        }
        return out
    }

    func upcoming(of person: PersonID, from: Day, limit: Int) async throws -> [UpcomingMeeting] {
        try await db.raw("""
            SELECT source, key, person_id, on_day, title FROM upcoming_meetings
            WHERE account_id = \(bind: a) AND person_id = \(bind: person.rawValue) AND on_day >= \(bind: from.description)
            ORDER BY on_day, title, key LIMIT \(bind: max(0, limit))
            """).all().map { r in
            UpcomingMeeting(source: try r.decode(column: "source", as: String.self), key: try r.decode(column: "key", as: String.self),
                            personID: PersonID(try r.decode(column: "person_id", as: Int64.self)),
                            on: try Column.day(try r.decode(column: "on_day", as: String.self)),
                            title: try r.decode(column: "title", as: String.self))
        }
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        // A meeting both were at stays once, as `to`'s.
        try await db.raw("""
            DELETE FROM upcoming_meetings WHERE account_id = \(bind: a) AND person_id = \(bind: from.rawValue)
              AND EXISTS (SELECT 1 FROM upcoming_meetings o WHERE o.account_id = upcoming_meetings.account_id AND o.source = upcoming_meetings.source
                          AND o.key = upcoming_meetings.key AND o.person_id = \(bind: to.rawValue))
            """).run()
        try await db.raw("""
            UPDATE upcoming_meetings SET person_id = \(bind: to.rawValue) WHERE account_id = \(bind: a) AND person_id = \(bind: from.rawValue)
            """).run()
    }
}

struct SQLCalendarPollRepository: CalendarPollRepository {
    let transactor: any SQLTransactor
    let features: any SQLBackendFeatures

    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, subscription: CalendarSubscription)] {
        let lock = features.lockSkippingLocked
        return try await transactor.transaction { db in
            let t = now.timeIntervalSince1970
            let rows = try await db.raw("""
                UPDATE calendar_subscriptions SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970)
                WHERE id IN (
                    SELECT id FROM calendar_subscriptions
                    WHERE next_check_at <= \(bind: t) AND (lease_until IS NULL OR lease_until <= \(bind: t))
                    ORDER BY next_check_at, id LIMIT \(bind: limit) \(unsafeRaw: lock))
                RETURNING \(SQLCalendarRepository.columns)
                """).all(decoding: SQLCalendarRepository.Row.self)
            return rows.map { (AccountID($0.account_id), $0.subscription()) }
        }
    }

    func claim(_ id: CalendarSubscriptionID, owner: String, now: Date, leaseUntil: Date) async throws -> Bool {
        try await transactor.transaction { db in
            try await db.raw("""
                UPDATE calendar_subscriptions SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970)
                WHERE id = \(bind: id.rawValue) AND (lease_until IS NULL OR lease_until <= \(bind: now.timeIntervalSince1970))
                RETURNING id
                """).first() != nil
        }
    }

    func release(_ id: CalendarSubscriptionID, owner: String) async throws {
        _ = try await transactor.transaction { db in
            try await db.raw("""
                UPDATE calendar_subscriptions SET lease_owner = NULL, lease_until = NULL WHERE id = \(bind: id.rawValue) AND lease_owner = \(bind: owner)
                """).run()
        }
    }
}
