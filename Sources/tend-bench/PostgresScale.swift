import ArgumentParser
import Foundation
import SQLKit
import TendCore
import TendPostgres
import TendServices
import TendSQL
import TendStore

@main
struct TendBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tend-bench", abstract: "Tend's benchmarks; each prints its figures and how to reproduce them.",
        subcommands: [SQLiteScale.self, PostgresScale.self, DigestScale.self, FeedScale.self, VCardRead.self, MonicaImport.self, ChatImport.self, CalendarImport.self])
}

/// Does one account's agenda cost the same whether the server holds one account or ten thousand?
struct PostgresScale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres-scale",
        abstract: "Time one account's agenda, people page and search on PostgreSQL alone, then beside 10,000 accounts and 1,000,000 people.")

    @Option(help: "A PostgreSQL server URL; a scratch database is created on it and dropped afterwards.") var server: String
    @Option(help: "Other accounts to add.") var accounts = 10_000
    @Option(help: "People in all those accounts together.") var people = 1_000_000
    @Option(help: "Timed runs of each operation.") var runs = 30
    @Flag(help: "Keep the scratch database.") var keep = false

    func run() async throws {
        let name = "tend_bench_\(Int(Date().timeIntervalSince1970))"
        let url = try await PostgresAdmin.createDatabase(name, serverURL: server)
        print("Scratch database \(name); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let db = try await PostgresTendDatabase.open(url: url, poolSize: 4)
        do {
            try await measure(db)
        } catch {
            try? await db.close()
            if !keep { try? await PostgresAdmin.dropDatabase(name, serverURL: server) }
            throw error
        }
        try await db.close()
        if !keep { try await PostgresAdmin.dropDatabase(name, serverURL: server) }
    }

    func measure(_ db: PostgresTendDatabase) async throws {
        let today = Day("2026-11-27")!
        let account = try await db.accounts.create(email: "measured@example.com", passwordHash: "x")
        let tending = Tending(database: db, account: account)
        let seeded = try await tending.seedDemo(seed: 2026, size: 100, on: today)
        print("Measured account: \(seeded.people) people, \(seeded.touches) touches")

        let alone = try await timings(tending, today)
        let started = Date()
        try await fill(db)
        print(String(format: "Filled %d accounts and %d people in %.1f s", accounts, people, Date().timeIntervalSince(started)))
        let crowded = try await timings(tending, today)

        print("\n| operation | 1 account: median / p95 ms | \(accounts + 1) accounts: median / p95 ms | ratio of medians |")
        print("|---|---|---|---|")
        for (a, c) in zip(alone, crowded) {
            print(String(format: "| %@ | %.2f / %.2f | %.2f / %.2f | %.2f |", a.name, a.median, a.p95, c.median, c.p95, c.median / a.median))
        }
        try await plans(db, account)
    }

    func timings(_ t: Tending, _ today: Day) async throws -> [Timing] {
        let time = { (name: String, body: () async throws -> Void) async throws -> Timing in try await Timing.measure(name, runs: runs, body) }
        return [
            try await time("agenda") { _ = try await t.agenda(for: today) },
            try await time("people page 1") { _ = try await t.peoplePage(PeopleFilter(), page: 1, asOf: today) },
            try await time("search 'ana'") { _ = try await t.search("ana") },
            try await time("log a touch") {
                _ = try await t.logTouch(to: [.id(PersonID(1))], on: today, channel: .call, intent: .checkIn)
            },
        ]
    }

    /// Other accounts' people and touches, written with set-based SQL so 1,000,000 rows take seconds.
    func fill(_ db: PostgresTendDatabase) async throws {
        let perAccount = max(1, people / max(accounts, 1))
        try await db.transaction { sql in
            try await sql.raw("""
                INSERT INTO accounts (email, password_hash) SELECT 'bench' || g || '@example.com', 'x' FROM generate_series(1, \(literal: accounts)) g
                """).run()
            try await sql.raw("""
                INSERT INTO people (account_id, display_name, given_name, family_name, tier, added_on, name_key, notes, birthday)
                SELECT a.id, 'Person ' || a.id || '-' || g, 'Person', a.id || '-' || g,
                       (ARRAY['unfamiliar', 'familiar', 'intimate', 'meaningful'])[1 + g % 4], '2024-01-01',
                       'person ' || a.id || '-' || g, '', '--' || lpad((1 + g % 12)::text, 2, '0') || '-' || lpad((1 + g % 28)::text, 2, '0')
                FROM accounts a CROSS JOIN generate_series(1, \(literal: perAccount)) g WHERE a.email LIKE 'bench%'
                """).run()
            // Two touches a person; their ids follow the person's, so touch_people can be written alongside.
            let base = try await sql.raw("SELECT coalesce(max(id), 0) AS m FROM touches").first(decodingColumn: "m", as: Int64.self) ?? 0
            let bench: SQLQueryString = "FROM people p JOIN accounts a ON a.id = p.account_id WHERE a.email LIKE 'bench%'"
            for (offset, day, intent) in [(0, "2026-06-01", "check-in"), (1, "2026-09-01", "ask:advice")] {
                try await sql.raw("""
                    INSERT INTO touches (id, account_id, on_day, channel, intent, note)
                    SELECT \(literal: base) + p.id * 2 + \(literal: offset), p.account_id, \(bind: day), 'call', \(bind: intent), '' \(bench)
                    """).run()
                try await sql.raw("""
                    INSERT INTO touch_people (account_id, touch_id, person_id, on_day, need_free, is_give)
                    SELECT p.account_id, \(literal: base) + p.id * 2 + \(literal: offset), p.id, \(bind: day), \(bind: !intent.hasPrefix("ask")), false \(bench)
                    """).run()
            }
            try await sql.raw("SELECT setval(pg_get_serial_sequence('touches', 'id'), (SELECT max(id) FROM touches))").run()
            // A win for every tenth person.
            try await sql.raw("""
                INSERT INTO moments (account_id, person_id, kind, about, on_day, note, state)
                SELECT p.account_id, p.id, 'win:promotion', 'self', '2026-11-20', '', 'open' \(bench) AND p.id % 10 = 0
                """).run()
            try await sql.raw("""
                INSERT INTO people_search (person_id, account_id, document)
                SELECT p.id, p.account_id, to_tsvector('simple', p.name_key) \(bench)
                """).run()
            return ()
        }
        try await db.transaction { sql in try await sql.raw("ANALYZE").run() }
    }

    func plans(_ db: PostgresTendDatabase, _ account: AccountID) async throws {
        let a = account.rawValue
        let queries: [(String, String)] = [
            ("people of one account", "SELECT id FROM people WHERE account_id = \(a) AND archived = false ORDER BY display_name, id"),
            ("touch summaries of one account", "SELECT person_id, max(on_day) FROM touch_people WHERE account_id = \(a) AND on_day <= '2026-11-27' GROUP BY person_id"),
            ("search in one account", "SELECT p.id FROM people_search s JOIN people p ON p.id = s.person_id WHERE s.account_id = \(a) AND s.document @@ to_tsquery('simple', 'ana:*')"),
            ("pending moments of one account", "SELECT id FROM moments WHERE account_id = \(a) AND on_day >= '2025-11-27' AND on_day <= '2026-11-27'"),
        ]
        for (title, query) in queries {
            let plan = try await db.transaction { sql in
                try await sql.raw("EXPLAIN (COSTS OFF) \(unsafeRaw: query)").all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
            }
            print("\nPlan for \(title):")
            for line in plan { print("    " + line) }
        }
    }
}
