import Foundation
import Testing
import TendCore
import TendServices
import TendSQLite
import TendStore
import TendTestSupport

/// The SQLite file's own backups (issue 12): made under load, checked, kept by the retention rule, restored.
@Suite struct SQLiteBackupTests {
    func folder() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("tend-backup-\(UUID().uuidString)") }

    @Test func aBackupUnderLoadIsConsistentAndRestoresEverything() async throws {
        let home = folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("tend.sqlite").path
        let db = try await SQLiteTendDatabase.open(path: path)
        let accounts = try await (0..<3).asyncMap { try await db.accounts.create(email: "u\($0)@example.com", passwordHash: "x") }
        for account in accounts {
            _ = try await Tending(database: db, account: account).addPerson(Profile(displayName: "Friend"), tier: .intimate, on: day("2026-11-01"))
        }
        // Setup: three writers log numbered touches while backups are taken.
        let perWriter = 60
        let backups = try await withThrowingTaskGroup(of: [BackupFile].self) { group in
            for account in accounts {
                group.addTask {
                    let tending = Tending(database: db, account: account)
                    for n in 1...perWriter {
                        _ = try await tending.logTouch(to: ["Friend"], on: day("2026-11-02"), channel: .call, intent: .checkIn, note: "touch \(n)")
                    }
                    return []
                }
            }
            group.addTask {
                var made: [BackupFile] = []
                for i in 0..<4 { made.append(try await SQLiteBackups.backUp(path, to: home.appendingPathComponent("under-load-\(i).sqlite").path)) }
                return made
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        // Validate: every backup taken under load is a whole snapshot: each writer's touches 1…k, no gaps.
        #expect(backups.count == 4)
        for backup in backups {
            let copy = try await SQLiteTendDatabase.open(path: backup.path)
            for account in accounts {
                let notes = try await Tending(database: copy, account: account).backup().touches.map(\.note)
                let numbers = notes.compactMap { Int($0.dropFirst("touch ".count)) }.sorted()
                #expect(numbers == Array(1...max(1, numbers.count)).prefix(numbers.count).map { $0 }, "\(backup.path)")
            }
            try await copy.close()
        }
        // Once the load stops, a backup restored over another file holds exactly what the source holds.
        let final = try await SQLiteBackups.backUp(path, to: home.appendingPathComponent("final.sqlite").path)
        let other = home.appendingPathComponent("other/tend.sqlite").path
        try await SQLiteTendDatabase.open(path: other).close()
        let (_, kept) = try await SQLiteBackups.restore(final.path, over: other, now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(kept != nil && FileManager.default.fileExists(atPath: kept!))
        let restored = try await SQLiteTendDatabase.open(path: other)
        #expect(try await restored.accounts.all().map(\.email) == (try await db.accounts.all().map(\.email)))
        for account in accounts {
            let original = try await Tending(database: db, account: account).backup()
            #expect(original.touches.count == perWriter)
            #expect(try await Tending(database: restored, account: account).backup() == original)
        }
        try await restored.close()
        try await db.close()
    }

    @Test func dailyBackupsAreKeptByTheRule() async throws {
        let home = folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("tend.sqlite").path
        let db = try await SQLiteTendDatabase.open(path: path)
        let backups = try #require(db.automaticBackups)
        #expect(backups.folder == home.appendingPathComponent("backups").path)
        let utc = TimeZone(identifier: "UTC")!
        let start = ISO8601DateFormatter().date(from: "2026-10-01T03:00:00Z")!
        // Sixty days of a server running: one backup a day, however often it is asked.
        for d in 0..<60 {
            let morning = start.addingTimeInterval(Double(d) * 86_400)
            #expect(try await backups.backUpIfDue(now: morning, timeZone: utc) != nil)
            #expect(try await backups.backUpIfDue(now: morning.addingTimeInterval(3600), timeZone: utc) == nil, "one a day")
        }
        let kept = try SQLiteBackups.list(backups.folder).keys.sorted()
        let today = Day.containing(start.addingTimeInterval(59 * 86_400), in: utc)
        #expect(kept == BackupRetention().keep(Array(kept), today: today).sorted())
        #expect(kept.count == 11, "7 daily and 4 weekly")
        #expect(kept.last == today)
        let outcome = try #require(await backups.lastOutcome())
        #expect(outcome.failure == nil && outcome.kept == 11)
        try await db.close()
    }

    @Test func twoServersOnOneFileMakeOneDailyBackup() async throws {
        let home = folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("tend.sqlite").path
        let db = try await SQLiteTendDatabase.open(path: path)
        // Two servers' housekeeping, due at the same moment.
        let first = SQLiteBackups(source: path), second = SQLiteBackups(source: path)
        let now = Date(), utc = TimeZone(identifier: "UTC")!
        async let a = first.backUpIfDue(now: now, timeZone: utc)
        async let b = second.backUpIfDue(now: now, timeZone: utc)
        _ = try await (a, b)
        let names = try FileManager.default.contentsOfDirectory(atPath: first.folder)
        #expect(names == ["tend-\(Day.containing(now, in: utc)).sqlite"], "one checked backup, nothing half-written left: \(names)")
        let outcomes = (await first.lastOutcome(), await second.lastOutcome())
        #expect(outcomes.0?.failure == nil && outcomes.1?.failure == nil)
        try await db.close()
    }

    @Test func aFailedBackupIsReportedAndLeavesNoFile() async throws {
        let home = folder()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("tend.sqlite").path
        let db = try await SQLiteTendDatabase.open(path: path)
        // The backups folder's name is taken by a file: nothing can be written there.
        try Data("not a folder".utf8).write(to: home.appendingPathComponent("backups"))
        let backups = try #require(db.automaticBackups)
        await #expect(throws: (any Error).self) { try await backups.backUpIfDue(now: Date(), timeZone: .current) }
        let outcome = try #require(await backups.lastOutcome())
        #expect(outcome.failure != nil && outcome.path == nil)
        try await db.close()
    }

    @Test func onlyAWholeTendDatabaseIsRestored() async throws {
        let home = folder()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let target = home.appendingPathComponent("tend.sqlite").path
        let db = try await SQLiteTendDatabase.open(path: target)
        let account = try await db.accounts.localAccount()
        _ = try await Tending(database: db, account: account).addPerson(Profile(displayName: "Ana"), tier: .familiar, on: day("2026-11-01"))
        try await db.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: target))

        let garbage = home.appendingPathComponent("garbage.sqlite")
        try Data("hello".utf8).write(to: garbage)
        let truncated = home.appendingPathComponent("truncated.sqlite")
        try before.prefix(before.count / 2).write(to: truncated)
        let foreign = home.appendingPathComponent("foreign.sqlite").path
        let other = try await SQLiteTendDatabase.open(path: home.appendingPathComponent("scratch.sqlite").path)
        try await other.close()
        try? FileManager.default.copyItem(atPath: home.appendingPathComponent("scratch.sqlite").path, toPath: foreign)
        for bad in [garbage.path, truncated.path, home.appendingPathComponent("missing.sqlite").path] {
            await #expect(throws: SQLiteBackups.Failure.self) { try await SQLiteBackups.restore(bad, over: target, now: Date()) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before, "nothing was replaced")
    }

    @Test func aRunningServerKeepsRestoreAway() throws {
        let path = folder().appendingPathComponent("tend.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let serving = try ServerLock.serving(path)
        let second = try ServerLock.serving(path)
        #expect(throws: SQLiteBackups.Failure.self) { try ServerLock.exclusive(path) }
        withExtendedLifetime((serving, second)) {}
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await transform(e)) }
        return out
    }
}
