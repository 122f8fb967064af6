import Foundation
import Testing
import TendTestSupport

/// `tend backup` and `tend restore`, through the binary (issue 12).
@Suite(.serialized) struct DatabaseBackupCLITests {
    @Test func backUpThenRestore() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["demo", "--date", "2026-11-27", "--people", "12"])
        let before = try cli.snapshot()

        let into = cli.home.appendingPathComponent("saved.sqlite").path
        let made = try cli.ok(["backup", "--to", into])
        #expect(made.hasPrefix("Backed up \(cli.db) to \(into) (") && made.hasSuffix("schema version \(latestSchemaVersion), checked).\n"))
        let again = try cli.run(["backup", "--to", into])
        #expect(again.status == 1 && again.err == "tend: error: \(into) exists already; name a new file\n")
        let daily = try cli.ok(["backup"])
        #expect(daily.contains(cli.home.appendingPathComponent("backups").path + "/tend-"))

        try cli.ok(["add", "Someone New", "--tier", "familiar"])
        #expect(try cli.snapshot() != before)
        let restored = try cli.ok(["restore", into])
        #expect(restored.hasPrefix("Restored \(cli.db) from \(into) (schema version \(latestSchemaVersion)).\nWhat it held before is kept in \(cli.db).before-restore-"))
        #expect(try cli.snapshot() == before, "everything is as it was when backed up")

        // Bad files: one clear line, nothing replaced.
        let garbage = cli.home.appendingPathComponent("garbage.sqlite")
        try Data("not a database".utf8).write(to: garbage)
        for (file, message) in [(garbage.path, "\(garbage.path) is not a SQLite database"),
                                ("/nonexistent.sqlite", "/nonexistent.sqlite does not exist")] {
            let r = try cli.run(["restore", file])
            #expect(r.status == 1 && r.err == "tend: error: \(message)\n")
        }
        #expect(try cli.snapshot() == before)
        let pg = try cli.run(["backup", "--database", "postgres://u@127.0.0.1:1/x"], useDefaultDatabase: true)
        #expect(pg.status == 1 && pg.err.contains("pg_dump"))
    }
}
