import Foundation
import TendCore
import TendPostgres
import TendSQLite
import TendStore

/// The backends the contract suite runs against: SQLite always, PostgreSQL when
/// TEND_TEST_POSTGRES_URL names a server (`.ci/run` starts one).
enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres

    static var postgresServer: String? {
        ProcessInfo.processInfo.environment["TEND_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [Backend] { postgresServer == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh, empty database of this kind.
    func open() async throws -> TestDatabase {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-store-\(UUID().uuidString)")
            let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("tend.sqlite").path)
            return TestDatabase(database: db, cleanup: { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            // A database of its own for each test, dropped afterwards.
            let server = Backend.postgresServer!
            let name = "tend_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
            let url = try await PostgresAdmin.createDatabase(String(name), serverURL: server)
            let db = try await PostgresTendDatabase.open(url: url, poolSize: 4)
            return TestDatabase(database: db, cleanup: { try? await PostgresAdmin.dropDatabase(String(name), serverURL: server) })
        }
    }
}


/// A database for one test, with an account, removed afterwards.
struct TestDatabase: Sendable {
    let database: any TendDatabase
    let cleanup: @Sendable () async -> Void

    func account(_ email: String = "a@example.com") async throws -> AccountID {
        try await database.accounts.create(email: email, passwordHash: "x")
    }

    func close() async {
        try? await database.close()
        await cleanup()
    }
}

/// Runs `body` against a fresh database of `backend`, always closing it.
func withDatabase(_ backend: Backend, _ body: (TestDatabase, AccountID) async throws -> Void) async throws {
    let db = try await backend.open()
    do {
        try await body(db, try await db.account())
        await db.close()
    } catch {
        await db.close()
        throw error
    }
}

func day(_ text: String) -> Day { Day(text)! }

func profile(_ name: String, company: String? = nil, notes: String = "", tags: [String] = [], emails: [String] = []) -> Profile {
    Profile(displayName: name, emails: emails, company: company, notes: notes, tags: tags)
}
