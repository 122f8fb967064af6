import Foundation
import SQLKit
import TendCore
import TendStore

/// Inserts of many rows: one statement per chunk of `VALUES` tuples, kept well under every backend's
/// limit on bound parameters (SQLite 32,766; PostgreSQL 65,535).
public func insertRows(_ db: any SQLDatabase, _ head: SQLQueryString, _ rows: [SQLQueryString], columns: Int,
                       tail: SQLQueryString = "") async throws {
    let perStatement = max(1, 16_000 / max(1, columns))
    var start = 0
    while start < rows.count {
        let chunk = rows[start..<min(rows.count, start + perStatement)]
        try await db.raw(head + " VALUES " + Array(chunk).joined(separator: ", ") + tail).run()
        start += perStatement
    }
}

/// A session over any SQLKit database, scoped to one account. Backends share this SQL.
public struct SQLSession: TendSession {
    public let account: AccountID
    let db: any SQLDatabase
    let features: any SQLBackendFeatures

    public init(account: AccountID, db: any SQLDatabase, features: any SQLBackendFeatures) {
        self.account = account
        self.db = db
        self.features = features
    }

    public var people: any PeopleRepository { SQLPeopleRepository(account: account, db: db, features: features) }
    public var touches: any TouchRepository { SQLTouchRepository(account: account, db: db, features: features) }
    public var moments: any MomentRepository { SQLMomentRepository(account: account, db: db) }
    public var suggestionStates: any SuggestionStateRepository { SQLSuggestionStateRepository(account: account, db: db) }
    public var settings: any SettingsRepository { SQLSettingsRepository(account: account, db: db) }
    public var digestSchedule: any DigestScheduleRepository { SQLDigestScheduleRepository(account: account, db: db) }
    public var proposals: any ProposalRepository { SQLProposalRepository(account: account, db: db) }
    public var feeds: any FeedRepository { SQLFeedRepository(account: account, db: db) }
    public var addressBook: any AddressBookRepository { SQLAddressBookRepository(account: account, db: db) }
    public var capture: any CaptureRepository { SQLCaptureRepository(account: account, db: db) }
    public var importedRecords: any ImportedRecordRepository { SQLImportedRecordRepository(account: account, db: db) }
    public var calendars: any CalendarRepository { SQLCalendarRepository(account: account, db: db) }

    public func finishRestore() async throws {
        try await features.resetIdentities(on: db)
    }

    public func instanceIsEmpty() async throws -> Bool {
        try await db.raw("""
            SELECT (EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM moments) OR EXISTS (SELECT 1 FROM touches)) AS used
            """).first(decodingColumn: "used", as: Bool.self) == false
    }

    public func freshIDs(people: Int, moments: Int, touches: Int) async throws -> (people: [Int64], moments: [Int64], touches: [Int64]) {
        (try await features.newIDs("people", count: people, on: db), try await features.newIDs("moments", count: moments, on: db),
         try await features.newIDs("touches", count: touches, on: db))
    }

    public func revision() async throws -> Int64 {
        try await db.raw("SELECT revision FROM accounts WHERE id = \(bind: account.rawValue)")
            .first(decodingColumn: "revision", as: Int64.self) ?? 0
    }

    /// Marks the account's data changed; the last statement of every write transaction.
    func bumpRevision() async throws {
        try await db.raw("UPDATE accounts SET revision = revision + 1 WHERE id = \(bind: account.rawValue)").run()
    }
}

/// Parsing of stored words, failing loudly on what the schema should have prevented.
enum Column {
    static func day(_ text: String) throws -> Day {
        guard let d = Day(text) else { throw StoreError.corrupt("date '\(text)'") }
        return d
    }

    static func day(_ text: String?) throws -> Day? {
        try text.map { try day($0) }
    }

    static func word<V: Vocabulary>(_ text: String, as: V.Type = V.self) throws -> V {
        guard let v = V(rawValue: text) else { throw StoreError.corrupt("\(V.vocabularyName) '\(text)'") }
        return v
    }

    static func intent(_ text: String) throws -> Intent {
        do { return try Intent.parse(text) } catch { throw StoreError.corrupt("intent '\(text)'") }
    }

    static func momentKind(_ text: String) throws -> Moment.Kind {
        do { return try Moment.Kind.parse(text) } catch { throw StoreError.corrupt("moment kind '\(text)'") }
    }
}

