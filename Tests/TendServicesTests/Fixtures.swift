import Foundation
import TendCore
import TendServices
import TendSQLite
import TendStore

func day(_ text: String) -> Day { Day(text)! }

/// Runs `body` with the services over a fresh SQLite file, removed afterwards.
func withTending(_ body: (Tending) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-services-\(UUID().uuidString)")
    let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("tend.sqlite").path)
    do {
        try await body(Tending(database: db, account: try await db.accounts.localAccount()))
    } catch {
        try? await db.close()
        try? FileManager.default.removeItem(at: folder)
        throw error
    }
    try await db.close()
    try? FileManager.default.removeItem(at: folder)
}

extension Tending {
    /// Adds someone with a few facts, for tests.
    @discardableResult
    func add(_ name: String, _ tier: Tier = .familiar, birthday: String? = nil, company: String? = nil, emails: [String] = [],
             tags: [String] = [], target: Tier? = nil, on added: String = "2026-01-01") async throws -> Person {
        try await addPerson(Profile(displayName: name, emails: emails, company: company, birthday: birthday.map { Birthday($0)! }, tags: tags),
                            tier: tier, targetTier: target, on: day(added))
    }

    func counts() async throws -> (people: Int, touches: Int) {
        try await database.read(account: account) { s in (try await s.people.count(), try await s.touches.count()) }
    }
}
