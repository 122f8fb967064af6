import Foundation
import Logging
import SQLiteKit
import TendCore
import TendSQL
import TendStore

/// The embedded default: one SQLite file, in WAL mode with foreign keys on.
///
/// SQLite allows one writer at a time; one connection and a queue make every transaction
/// run whole and in turn.
public final class SQLiteTendDatabase: SQLBackend, BacksItselfUp {
    private let connection: SQLiteConnection
    private let sql: any SQLDatabase
    private let queue = TransactionQueue()
    public let path: String

    /// The newest migration this build knows: what a migrated database's `schemaVersion()` is.
    public static var latestSchemaVersion: Int { SQLiteMigrations.all.last?.version ?? 0 }
    /// Daily backups in `backups/` beside the file, made by `tend serve`.
    public let backups: any AutomaticBackups

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.sql = connection.sql(queryLogLevel: nil)
        self.path = path
        self.backups = SQLiteBackups(source: path)
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: A file path; its folder is created when missing.
    ///   - logger: Where SQLite's own messages go.
    public static func open(path: String, logger: Logger = Logger(label: "tend.sqlite")) async throws -> SQLiteTendDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let db = SQLiteTendDatabase(connection: connection, path: path)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000",
                           "PRAGMA synchronous = NORMAL"] {
                _ = try await connection.query(pragma)
            }
            try await SQLMigrator(SQLiteMigrations.all).migrate(db)
            // Statistics for the query planner: without them it may pick an index by account alone
            // and scan the whole account (SQLite's advice for long-lived connections).
            _ = try await connection.query("PRAGMA optimize=0x10002")
        } catch {
            try? await connection.close()
            throw error
        }
        return db
    }

    public let features: any SQLBackendFeatures = SQLiteFeatures()
    // IMMEDIATE takes the write lock at once, so a transaction never fails half-way for want of it.
    public let beginWrite = "BEGIN IMMEDIATE"
    public let beginRead = "BEGIN DEFERRED"

    public func run<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await queue.enter()
        do {
            let result = try await inTransaction(sql, begin: begin, body)
            await queue.leave()
            return result
        } catch {
            await queue.leave()
            throw error
        }
    }

    public func maintain() async throws {
        await queue.enter()
        do {
            _ = try await connection.query("PRAGMA optimize")
            await queue.leave()
        } catch {
            await queue.leave()
            throw error
        }
    }

    public func close() async throws {
        try await connection.close()
    }
}

/// A first-come, first-served turn for transactions on the one connection.
actor TransactionQueue {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
    }

    /// Hands the turn to the next in line, or frees it.
    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
