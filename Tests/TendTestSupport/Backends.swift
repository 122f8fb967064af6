import Foundation
import TendCore
import TendPostgres
import TendSQLite
import TendStore

/// The backends tests run against, chosen in one place from two environment variables:
/// - `TEND_TEST_POSTGRES_URL` names a PostgreSQL server (`.ci/run` starts one); without it only SQLite is tested.
/// - `TEND_TEST_BACKEND=postgres` runs the suites that use one backend (the pages, the API) on PostgreSQL;
///   the storage contract always runs on every available backend.
public enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var postgresServer: String? {
        ProcessInfo.processInfo.environment["TEND_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every backend this run can reach.
    public static var available: [Backend] { postgresServer == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The one backend of the suites that do not run on each: SQLite unless `TEND_TEST_BACKEND=postgres`.
    public static var chosen: Backend {
        ProcessInfo.processInfo.environment["TEND_TEST_BACKEND"] == "postgres" && postgresServer != nil ? .postgres : .sqlite
    }

    /// A fresh, empty database of this kind.
    public func open(poolSize: Int = 4) async throws -> TestDatabase {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-test-\(UUID().uuidString)")
            let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("tend.sqlite").path)
            return TestDatabase(database: db, cleanup: { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            // A database of its own for each test, dropped afterwards.
            guard let server = Backend.postgresServer else { throw TestSupportError("TEND_TEST_POSTGRES_URL is not set") }
            let name = "tend_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let url = try await PostgresAdmin.createDatabase(String(name), serverURL: server)
            let db = try await PostgresTendDatabase.open(url: url, poolSize: poolSize)
            return TestDatabase(database: db, cleanup: { try? await PostgresAdmin.dropDatabase(String(name), serverURL: server) })
        }
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A database for one test, removed afterwards.
public struct TestDatabase: Sendable {
    public let database: any TendDatabase
    public let cleanup: @Sendable () async -> Void

    /// A new account in it.
    public func account(_ email: String = "a@example.com") async throws -> AccountID {
        try await database.accounts.create(email: email, passwordHash: "x")
    }

    public func close() async {
        try? await database.close()
        await cleanup()
    }
}

/// Runs `body` against a fresh database of `backend` with one account, always closing it.
public func withDatabase(_ backend: Backend, _ body: (TestDatabase, AccountID) async throws -> Void) async throws {
    let db = try await backend.open()
    do {
        try await body(db, try await db.account())
        await db.close()
    } catch {
        await db.close()
        throw error
    }
}

/// Runs `body` against a fresh, empty database of the chosen backend (`Backend.chosen`), always closing it.
public func withDatabase(_ body: (any TendDatabase) async throws -> Void) async throws {
    let db = try await Backend.chosen.open(poolSize: 8)
    do {
        try await body(db.database)
        await db.close()
    } catch {
        await db.close()
        throw error
    }
}

/// The schema version a freshly migrated database has, as the CLI prints it.
public var latestSchemaVersion: Int { SQLiteTendDatabase.latestSchemaVersion }
