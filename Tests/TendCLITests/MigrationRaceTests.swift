import Foundation
import Testing
import TendPostgres
import TendTestSupport

/// Several `tend` processes opening one PostgreSQL database at once (servers behind a load balancer
/// starting together): every one of them migrates or waits, none fails (issue 12: 5 failures in 5 tries).
@Suite struct MigrationRaceTests {
    static let server = Backend.postgresServer

    @Test(.enabled(if: server != nil, "needs TEND_TEST_POSTGRES_URL"))
    func processesStartedTogetherAllMigrate() async throws {
        let server = try #require(Self.server)
        let name = "tend_race_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let url = try await PostgresAdmin.createDatabase(String(name), serverURL: server)
        defer { Task { try? await PostgresAdmin.dropDatabase(String(name), serverURL: server) } }
        let cli = try CLI()
        defer { cli.remove() }

        // Once on an empty database: migrate and serve-like commands, all at once.
        let first = try Self.together(cli, 6) { i in i % 2 == 0 ? ["migrate", "--database", url] : ["list", "--json", "--database", url] }
        for r in first { #expect(r.status == 0, "\(r.err)") }
        #expect(first.filter { $0.out.contains("schema version \(latestSchemaVersion)") }.count == 3)

        // Once with a migration pending: migration 8 undone by hand, as on a database an older Tend left.
        try Self.psql(url, """
            ALTER TABLE touches DROP CONSTRAINT touches_moment_account; DELETE FROM schema_migrations WHERE version = 8;
            """)
        let second = try Self.together(cli, 6) { _ in ["migrate", "--database", url] }
        for r in second { #expect(r.status == 0 && r.out.contains("schema version \(latestSchemaVersion)"), "\(r.err)") }
        let constraints = try Self.psql(url, "SELECT count(*) FROM pg_constraint WHERE conname = 'touches_moment_account'")
        #expect(constraints.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "migration 8 ran exactly once")
    }

    /// Starts `count` processes at the same moment and waits for them all.
    static func together(_ cli: CLI, _ count: Int, _ arguments: (Int) -> [String]) throws -> [CLI.Result] {
        let runs = try (0..<count).map { i in try cli.start(arguments(i)) }
        return try runs.map { try $0.wait() }
    }

    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "psql failed: \(sql)")
        return String(decoding: data, as: UTF8.self)
    }
}
