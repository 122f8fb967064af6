import ArgumentParser
import Foundation
import TendCore
import TendServices
import TendSQLite
import TendStore

/// How the embedded default grows: the same operations at 1,000, 10,000 (and 100,000) people.
struct SQLiteScale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sqlite-scale",
        abstract: "Time the agenda, the People page, search and logging touches on SQLite with demo networks of growing size.",
        discussion: "Each network is `tend demo --people N --seed 2026 --touches-per-person 50` in a fresh database file, removed afterwards.")

    @Option(help: "Network sizes, comma-separated.") var sizes = "1000,10000"
    @Option(help: "Timed runs of each operation.") var runs = 20
    @Option(help: "Touches logged, one transaction each, for the throughput figure.") var touches = 2000
    @Option(help: "The average history of a person, in touches.") var touchesPerPerson = 50

    func run() async throws {
        let counts = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ (12...100_000).contains($0) }) else {
            throw ValidationError("--sizes takes numbers from 12 to 100000, such as 1000,10000")
        }
        guard (1...500).contains(touchesPerPerson) else { throw ValidationError("--touches-per-person takes 1 to 500") }
        print("SQLite \(ProcessInfo.processInfo.activeProcessorCount) cores; medians / p95 in ms over \(runs) runs after 3 warm-up runs\n")
        var rows: [(Int, Int, [Timing], Double)] = []
        for n in counts {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
            let account = try await db.accounts.localAccount()
            let tending = Tending(database: db, account: account)
            // As `tend serve` keeps agendas between requests until the account's data changes.
            let server = Tending(database: db, account: account, agendaCache: AgendaCache())
            let today = Day("2026-11-27")!
            let started = ContinuousClock.now
            let seeded = try await tending.seedDemo(seed: 2026, size: n, on: today, touchesPerPerson: touchesPerPerson)
            print(String(format: "%d people, %d touches seeded in %.1f s", seeded.people, seeded.touches,
                         Timing.milliseconds(ContinuousClock.now - started) / 1000))
            try await db.maintain()
            let t = { (name: String, body: () async throws -> Void) async throws -> Timing in try await Timing.measure(name, runs: runs, body) }
            let timings = [
                try await t("agenda") { _ = try await tending.agenda(for: today) },
                try await t("agenda, kept by the server") { _ = try await server.agenda(for: today) },
                // What the computed agenda reads: everyone's touch facts and everyone's row.
                try await t("of which touch facts") { _ = try await db.read(account: account) { try await $0.touches.summaries(asOf: today) } },
                try await t("of which people") { _ = try await db.read(account: account) { try await $0.people.people(PeopleFilter(withLists: false)) } },
                try await t("people page 1") { _ = try await tending.peoplePage(PeopleFilter(), page: 1, asOf: today) },
                try await t("people by next due") { _ = try await tending.peoplePage(PeopleFilter(), sort: .nextDue, page: 1, asOf: today) },
                try await t("search 'ana'") { _ = try await tending.search("ana") },
            ]
            let start = ContinuousClock.now
            for i in 0..<touches {
                _ = try await tending.logTouch(to: [.id(PersonID(Int64(1 + i % seeded.people)))], on: today, channel: .call, intent: .checkIn)
            }
            let perSecond = Double(touches) / (Timing.milliseconds(ContinuousClock.now - start) / 1000)
            rows.append((n, seeded.touches, timings, perSecond))
            try await db.close()
        }
        print("\n| people | touches | " + (rows.first?.2.map(\.name) ?? []).joined(separator: " | ") + " | touches logged / s |")
        print("|---" + String(repeating: "|---", count: (rows.first?.2.count ?? 0) + 2) + "|")
        for (n, touches, timings, perSecond) in rows {
            print("| \(n) | \(touches) | " + timings.map { String(format: "%.1f / %.1f", $0.median, $0.p95) }.joined(separator: " | ")
                  + String(format: " | %.0f |", perSecond))
        }
    }
}
