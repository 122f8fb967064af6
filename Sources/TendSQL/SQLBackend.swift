import SQLKit
import TendCore
import TendStore

/// What a SQL backend supplies; the storage contract's plumbing comes from here once for all of them.
public protocol SQLBackend: TendDatabase, SQLTransactor {
    var features: any SQLBackendFeatures { get }
    /// The statements that open a read-write and a read-only transaction.
    var beginWrite: String { get }
    var beginRead: String { get }
    /// Runs `body` in a transaction opened by `begin`, on one connection.
    func run<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
}

extension SQLBackend {
    public var accounts: any AccountRepository { SQLAccountRepository(transactor: self) }
    public var accessTokens: any AccessTokenRepository { SQLAccessTokenRepository(transactor: self) }
    public var keyValues: any KeyValueRepository { SQLKeyValueRepository(transactor: self) }
    public var jobs: any JobRepository { SQLJobRepository(transactor: self, features: features) }
    public var deliveries: any DeliveryRepository { SQLDeliveryRepository(transactor: self) }
    public var feedPolls: any FeedPollRepository { SQLFeedPollRepository(transactor: self, features: features) }
    public var mailboxPolls: any MailboxPollRepository { SQLMailboxPollRepository(transactor: self, features: features) }
    public var calendarPolls: any CalendarPollRepository { SQLCalendarPollRepository(transactor: self, features: features) }

    public func write<T: Sendable>(account: AccountID, _ body: @Sendable (any TendSession) async throws -> T) async throws -> T {
        let features = self.features
        return try await run(begin: beginWrite) { db in
            let session = SQLSession(account: account, db: db, features: features)
            let result = try await body(session)
            try await session.bumpRevision()
            return result
        }
    }

    public func read<T: Sendable>(account: AccountID, _ body: @Sendable (any TendSession) async throws -> T) async throws -> T {
        let features = self.features
        return try await run(begin: beginRead) { db in try await body(SQLSession(account: account, db: db, features: features)) }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await run(begin: beginWrite, body)
    }
}

/// BEGIN, the work, COMMIT; ROLLBACK when the work throws, so it writes all or nothing.
public func inTransaction<T: Sendable>(_ db: any SQLDatabase, begin: String,
                                       _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
    try await db.raw("\(unsafeRaw: begin)").run()
    let result: T
    do {
        result = try await body(db)
    } catch {
        try? await db.raw("ROLLBACK").run()
        throw error
    }
    try await db.raw("COMMIT").run()
    return result
}
