import Foundation
import Testing
import TendCore
import TendSQLite
import TendStore
import TendTestSupport

/// What only the SQLite backend promises: a file that is created, migrated once and reopened.
@Suite struct SQLiteTests {
    @Test func createsTheFolderMigratesOnceAndKeepsData() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-sqlite-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("deep/er/tend.sqlite").path

        let first = try await SQLiteTendDatabase.open(path: path)
        let account = try await first.accounts.localAccount()
        #expect(try await first.accounts.localAccount() == account, "one local account")
        _ = try await first.write(account: account) { s throws in
            try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
        }
        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "WAL mode")
        try await first.close()

        let second = try await SQLiteTendDatabase.open(path: path)
        #expect(try await second.accounts.localAccount() == account)
        #expect(try await second.read(account: account) { try await $0.people.count() } == 1)
        try await second.close()
    }

    @Test func refusesAFileThatIsNotADatabase() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tend-garbage-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("this is not a database, just text that is long enough to matter".utf8).write(to: file)
        await #expect(throws: (any Error).self) { _ = try await SQLiteTendDatabase.open(path: file.path) }
    }

    @Test(arguments: Backend.available)
    func concurrentWritesAllLand(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    _ = try await db.database.write(account: account) { s throws in
                        try await s.people.add(profile("P\(i)"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await db.database.read(account: account) { try await $0.people.count() } == 40)
        }
    }
}
