import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// Moving an instance: a backup restored on any backend gives back the same backup, and a whole
/// SQLite instance copied into any backend carries every record.
@Suite struct CopyTests {
    /// A small instance with every kind of record, including snoozes and answered moments.
    static func seed(_ db: TestDatabase, _ account: AccountID) async throws -> Backup {
        let t = Tending(database: db.database, account: account)
        let today = day("2026-11-27")
        _ = try await t.seedDemo(seed: 11, size: 30, on: today)
        _ = try await t.updateSettings { $0.cadence[.unfamiliar] = 365; $0.timeZone = "Europe/Lisbon" }
        _ = try await t.complete("1", on: today)
        _ = try await t.snooze("1", on: today, until: day("2026-12-04"))
        _ = try await t.dismiss("1", on: today)
        return try await t.backup()
    }

    @Test(arguments: Backend.available)
    func aBackupRestoresIdentically(_ backend: Backend) async throws {
        let source = try await Backend.sqlite.open()
        let account = try await source.account()
        let original = try await Self.seed(source, account)
        await source.close()
        #expect(original.people.count == 30 && original.suggestionStates.count == 3 && original.relations.count >= 2)

        try await withDatabase(backend) { db, fresh in
            let t = Tending(database: db.database, account: fresh)
            try await t.restore(original)
            let again = try await t.backup()
            #expect(again == original)
            #expect(try again.encoded() == original.encoded(), "export → import → export is byte for byte the same")
            // New records get new ids above the restored ones.
            let added = try await t.addPerson(Profile(displayName: "New"), tier: .familiar, on: day("2026-11-27"))
            #expect(added.id.rawValue > original.people.map(\.person.id.rawValue).max()!)
            await #expect(throws: TendError.restoreNeedsEmpty(people: 31)) { try await t.restore(original) }
        }
    }

    @Test(arguments: Backend.available)
    func aWholeInstanceCopiesAcross(_ backend: Backend) async throws {
        let source = try await Backend.sqlite.open()
        let first = try await source.account("one@example.com")
        let second = try await source.account("two@example.com")
        let one = try await Self.seed(source, first)
        _ = try await Tending(database: source.database, account: second).addPerson(Profile(displayName: "Only Mine"), tier: .intimate, on: day("2026-01-01"))
        let two = try await Tending(database: source.database, account: second).backup()

        let destination = try await backend.open()
        let summary = try await InstanceCopy.copy(from: source.database, to: destination.database)
        #expect(summary.accounts == 2 && summary.people == 31)
        #expect(try await Tending(database: destination.database, account: first).backup() == one)
        #expect(try await Tending(database: destination.database, account: second).backup() == two)
        #expect(try await destination.database.accounts.account(email: "two@example.com")?.passwordHash == "x", "people can still sign in")
        await #expect(throws: TendError.self, "only into an empty database") {
            _ = try await InstanceCopy.copy(from: source.database, to: destination.database)
        }
        await destination.close()
        await source.close()
    }
}

@Suite struct LostUpdateTests {
    /// Ten requests each add a tag to the same person at once: every tag is kept on every backend
    /// (SQLite runs writes in turn; PostgreSQL retries the ones that collided).
    @Test(arguments: Backend.available)
    func concurrentEditsOfOnePersonAreAllKept(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            let ana = try await t.addPerson(Profile(displayName: "Ana"), tier: .familiar, on: day("2026-01-01"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        _ = try await t.editPerson(.id(ana.id), on: day("2026-11-27")) { $0.profile.tags.append("tag\(i)") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await t.person(.id(ana.id)).profile.tags == (0..<10).map { "tag\($0)" }.sorted())
        }
    }
}
