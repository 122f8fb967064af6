import Foundation
import Testing
import TendCore
@testable import TendServices
import TendStore
import TendTestSupport

@Suite struct AgendaCacheTests {
    /// A server keeps agendas; any write to the account, from the server or from another process
    /// (the CLI on the same file), shows in the next one.
    @Test func aKeptAgendaIsUsedUntilTheAccountChanges() async throws {
        try await withTending { plain in
            let cache = AgendaCache()
            let server = Tending(database: plain.database, account: plain.account, agendaCache: cache)
            let today = day("2026-11-27")
            try await plain.add("Ana", .meaningful, birthday: "1986-11-27")
            try await plain.add("Ben", .intimate, on: "2026-06-01")

            let first = try await server.agenda(for: today)
            #expect(first == (try await plain.agenda(for: today)), "the kept agenda is the computed one")
            let revision = try await plain.database.read(account: plain.account) { try await $0.revision() }
            #expect(await cache.agenda(for: plain.account, on: today, revision: revision) == first)
            #expect(await cache.agenda(for: plain.account, on: day("2026-11-28"), revision: revision) == nil, "another day is computed")
            _ = try await server.agenda(for: today)
            #expect(try await plain.database.read(account: plain.account) { try await $0.revision() } == revision, "reading changes nothing")

            // Another process logs a touch: the server's next agenda has it.
            _ = try await plain.logTouch(to: ["Ben"], on: today, channel: .call, intent: .checkIn)
            let second = try await server.agenda(for: today)
            #expect(second == (try await plain.agenda(for: today)))
            #expect(!second.suggestions.contains { $0.personName == "Ben" && $0.kind == .keepUp })

            // Done through the server uses its kept agenda to find the suggestion, and the change shows.
            let key = try #require(second.suggestions.first { $0.kind == .birthday }?.key)
            _ = try await server.complete(key, on: today)
            #expect(!(try await server.agenda(for: today)).suggestions.contains { $0.key == key })

            // Settings count too.
            _ = try await plain.updateSettings { $0.cadence[.meaningful] = nil; $0.cadence[.intimate] = nil }
            #expect(try await server.agenda(for: today) == (try await plain.agenda(for: today)))

            // A failed write changes nothing, so the kept agenda stays.
            let before = try await plain.database.read(account: plain.account) { try await $0.revision() }
            await #expect(throws: TendError.self) { _ = try await plain.logTouch(to: ["Nobody"], on: today, channel: .call, intent: .checkIn) }
            #expect(try await plain.database.read(account: plain.account) { try await $0.revision() } == before)
        }
    }

    @Test func anOlderComputationNeverReplacesANewerOne() async {
        let cache = AgendaCache(capacity: 2)
        let a = AccountID(1), d = day("2026-11-27")
        func agenda(limit: Int) -> Agenda {
            var agenda = Agenda(Agenda.Input(today: d, settings: Settings(), people: []))
            agenda.limit = limit
            return agenda
        }
        let newer = agenda(limit: 7)
        await cache.store(newer, for: a, on: d, revision: 5)
        await cache.store(agenda(limit: 3), for: a, on: d, revision: 4)
        #expect(await cache.agenda(for: a, on: d, revision: 5) == newer)
        #expect(await cache.agenda(for: a, on: d, revision: 4) == nil)
        await cache.store(newer, for: AccountID(2), on: d, revision: 1)
        await cache.store(newer, for: AccountID(3), on: d, revision: 1)
        let kept = [await cache.agenda(for: a, on: d, revision: 5), await cache.agenda(for: AccountID(2), on: d, revision: 1),
                    await cache.agenda(for: AccountID(3), on: d, revision: 1)].compactMap { $0 }
        #expect(kept.count == 2, "at most `capacity` accounts are kept")
    }
}
