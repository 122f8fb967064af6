import SQLKit

/// One numbered schema change. Never edited once shipped: a change is a new migration.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: [String]

    public init(_ version: Int, _ name: String, _ statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Runs work in one transaction on one connection; each backend says how.
public protocol SQLTransactor: Sendable {
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
}

/// Applies the migrations a database has not seen yet, each in its own transaction.
public struct SQLMigrator: Sendable {
    public let migrations: [Migration]
    /// Run first in every migration transaction, so that servers starting together migrate one at a time
    /// (PostgreSQL takes an advisory lock; SQLite's write transactions are already one at a time).
    public let lock: String?

    public init(_ migrations: [Migration], lock: String? = nil) {
        precondition(migrations.map(\.version) == Array(1...migrations.count), "migrations are numbered 1, 2, 3…")
        self.migrations = migrations
        self.lock = lock
    }

    /// Brings the schema up to date and returns the versions applied now.
    @discardableResult
    public func migrate(_ transactor: any SQLTransactor) async throws -> [Int] {
        let lock = self.lock
        let applied = try await transactor.transaction { db in
            if let lock { try await db.raw("\(unsafeRaw: lock)").run() }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)
                """).run()
            return Set(try await db.raw("SELECT version FROM schema_migrations").all(decodingColumn: "version", as: Int.self))
        }
        if let newest = applied.max(), newest > migrations.count {
            throw SchemaTooNew(found: newest, known: migrations.count)
        }
        var now: [Int] = []
        for m in migrations where !applied.contains(m.version) {
            let ran = try await transactor.transaction { db in
                if let lock { try await db.raw("\(unsafeRaw: lock)").run() }
                // Another server may have applied it while this one waited for the lock.
                guard try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: m.version)").first() == nil else {
                    return false
                }
                for statement in m.statements { try await db.raw("\(unsafeRaw: statement)").run() }
                try await db.raw("INSERT INTO schema_migrations (version, name) VALUES (\(bind: m.version), \(bind: m.name))").run()
                return true
            }
            if ran { now.append(m.version) }
        }
        return now
    }
}

/// The database was written by a newer Tend.
public struct SchemaTooNew: Error, CustomStringConvertible {
    public let found: Int
    public let known: Int
    public var description: String {
        "this database has schema version \(found), newer than this Tend knows (\(known)); upgrade Tend"
    }
}

extension SQLTransactor {
    /// The newest migration applied.
    public func schemaVersion() async throws -> Int {
        try await transaction { db in
            try await db.raw("SELECT max(version) AS v FROM schema_migrations").first(decodingColumn: "v", as: Int?.self).flatMap { $0 } ?? 0
        }
    }
}
