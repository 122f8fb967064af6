import Foundation
import Testing
import TendTestSupport

@Suite(.serialized) struct CLIJourneyTests {
    @Test func aNewUserAddsSomeoneAndTendsThem() throws {
        let cli = try CLI()
        defer { cli.remove() }

        // setup: no --db, so the default location under XDG_DATA_HOME is created on first use.
        let added = try cli.run(["add", "Ana Souza", "--tier", "meaningful", "--birthday", "1986-11-27", "--email", "ana@example.com",
                                 "--company", "Lumen Labs", "--tag", "Climbing", "--date", "2026-11-20"], useDefaultDatabase: true)
        #expect(added.succeeded, "\(added.err)")
        #expect(added.out == "Added Ana Souza (id 1), meaningful.\n")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("data/tend/tend.sqlite").path))

        // action: today's agenda, then done.
        let today = try cli.run(["today", "--date", "2026-11-27"], useDefaultDatabase: true)
        #expect(today.out.contains("Today — Friday 27 November 2026"))
        #expect(today.out.contains("1. BIRTHDAY  Ana Souza"))
        #expect(today.out.contains("why:   turns 40 today"))
        #expect(today.out.contains("Happy birthday, Ana!"))
        #expect(!today.out.contains("\u{1B}["), "no colour when stdout is not a terminal")

        let done = try cli.run(["done", "1", "--date", "2026-11-27"], useDefaultDatabase: true)
        #expect(done.out == "Done: logged a celebrate with Ana Souza on 2026-11-27.\n")

        // validate: the agenda reflects it at once, and the timeline has the touch.
        let after = try cli.run(["today", "--date", "2026-11-27"], useDefaultDatabase: true)
        #expect(after.out.contains("Nothing on the agenda"))
        let show = try cli.run(["show", "ana", "--date", "2026-11-27"], useDefaultDatabase: true)
        #expect(show.out.contains("2026-11-27  celebrate · message"))
        #expect(show.out.contains("Tags      climbing"))
        #expect(show.out.contains("1 need-free touches (0 gives), 0 asks"))
    }

    @Test func theDatabaseComesFromTheFlagThenTheEnvironment() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let custom = cli.home.appendingPathComponent("elsewhere/mine.sqlite").path
        #expect(try cli.run(["add", "Ben"], useDefaultDatabase: true, environment: ["TEND_DB": custom]).succeeded)
        #expect(FileManager.default.fileExists(atPath: custom))
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("data/tend/tend.sqlite").path))
        let listed = try cli.run(["list"], useDefaultDatabase: true, environment: ["TEND_DB": custom])
        #expect(listed.out.contains("Ben"))
        // --db wins over TEND_DB.
        #expect(try cli.run(["list", "--db", cli.db], useDefaultDatabase: true, environment: ["TEND_DB": custom]).out == "No people match.\n")
    }

    @Test func everyListingHasJSON() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Ana Souza", "--tier", "intimate", "--date", "2026-01-01", "--company", "Lumen Labs"])
        try cli.ok(["add", "José Álvarez", "--tier", "familiar", "--date", "2026-01-01", "--tag", "work"])
        try cli.ok(["log", "Ana", "José", "--note", "Dinner", "--intent", "check-in", "--channel", "in-person", "--date", "2026-02-01"])
        try cli.ok(["log", "jose", "Asked about the flat", "--intent", "ask:favour", "--date", "2026-03-01"])

        let people = try #require(try cli.json(["list"]) as? [[String: Any]])
        #expect(people.count == 2)
        #expect((people[0]["person"] as? [String: Any])?["tier"] as? String == "intimate")
        #expect(people[0]["lastNeedFree"] as? String == "2026-02-01")
        let found = try #require(try cli.json(["search", "JOSE"]) as? [[String: Any]])
        #expect(found.map { ($0["profile"] as? [String: Any])?["displayName"] as? String } == ["José Álvarez"])
        let agenda = try #require(try cli.json(["today", "--date", "2026-11-27"]) as? [String: Any])
        let suggestions = try #require(agenda["suggestions"] as? [[String: Any]])
        #expect(suggestions.map { $0["kind"] as? String } == ["keep-up", "keep-up"])
        #expect(suggestions[1]["reason"] as? String == "last need-free touch 299 days ago; familiar cadence is 120 days; your ask 271 days ago does not reset it")
        let ledger = try #require(try cli.json(["ledger", "--date", "2026-11-27"]) as? [String: Any])
        #expect((ledger["mostlyAsk"] as? [[String: Any]])?.map { $0["name"] as? String } == ["José Álvarez"])
        let detail = try #require(try cli.json(["show", "Ana"]) as? [String: Any])
        #expect((detail["touches"] as? [Any])?.count == 1)
        #expect(try cli.ok(["list", "--tier", "familiar"]).contains("José Álvarez"))
        #expect(!(try cli.ok(["list", "--tag", "work"]).contains("Ana Souza")))
        #expect(try cli.ok(["list", "--due", "--date", "2026-11-27"]).contains("2 people"))
    }

    @Test func askingWithoutGivingWarnsOnStandardError() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Ana Souza", "--tier", "intimate", "--date", "2025-01-01"])
        try cli.ok(["log", "Ana", "Coffee", "--date", "2026-03-10"])
        let ask = try cli.run(["log", "Ana", "Could you review my deck?", "--intent", "ask:advice", "--channel", "email", "--date", "2026-11-27"])
        #expect(ask.succeeded)
        #expect(ask.err == "tend: warning: Your last need-free touch with Ana was in March; consider a check-in before asking.\n")
        #expect(ask.out.contains("Logged ask:advice (email) on 2026-11-27 with 1 person."))
    }

    @Test func momentsTiersRelationsAndMerge() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Sam Cohen", "--date", "2026-11-01"])
        try cli.ok(["add", "Gabriela Nilsson", "--tier", "unfamiliar", "--date", "2026-11-01"])
        try cli.ok(["relate", "Sam", "partner", "Gabriela"])
        #expect(try cli.ok(["moment", "Sam", "win", "new-job", "Climate start-up", "--about", "partner", "--date", "2026-11-22"])
                == "Recorded a win: new job on 2026-11-22 (moment 1).\n")
        let today = try cli.ok(["today", "--date", "2026-11-27"])
        #expect(today.contains("why:   Sam's partner Gabriela: new job, 5 days ago — Climate start-up"))
        #expect(try cli.ok(["tier", "Sam", "intimate", "--target", "meaningful", "--reason", "Trip", "--date", "2026-11-27"])
                == "Sam Cohen is intimate, aiming for meaningful.\n")
        let shown = try cli.ok(["show", "Sam", "--date", "2026-11-27"])
        #expect(shown.contains("2026-11-27  familiar → intimate — Trip"))
        #expect(shown.contains("Partner   Gabriela Nilsson"))
        #expect(shown.contains("win: new job (partner) [open] — Climate start-up"))

        try cli.ok(["add", "S. Cohen", "--email", "sam@example.com", "--date", "2026-10-01"])
        try cli.ok(["log", "S. Cohen", "Lunch", "--date", "2026-11-02"])
        #expect(try cli.ok(["merge", "Sam Cohen", "S. Cohen"]).hasPrefix("Merged S. Cohen (id 3) into Sam Cohen (id 1): 1 touches and 0 moments moved."))
        let merged = try cli.ok(["show", "1", "--date", "2026-11-27"])
        #expect(merged.contains("sam@example.com") && merged.contains("Lunch"))
        #expect(try cli.run(["show", "3"]).status != 0)
    }

    @Test func editingChangesFieldsAndArchives() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Ana Souza", "--tag", "work", "--tag", "climbing", "--email", "ana@old.example", "--birthday", "04-12", "--date", "2026-01-01"])
        #expect(try cli.ok(["edit", "ana", "--name", "Ana Lima", "--company", "Northwind", "--remove-tag", "WORK", "--email", "ana@new.example",
                            "--remove-email", "ana@old.example", "--clear-birthday", "--cadence", "30"]) == "Updated Ana Lima (id 1).\n")
        let ana = try #require(try cli.json(["show", "1"]) as? [String: Any])
        let person = try #require(ana["person"] as? [String: Any])
        let profile = try #require(person["profile"] as? [String: Any])
        #expect(profile["displayName"] as? String == "Ana Lima" && profile["company"] as? String == "Northwind")
        #expect(profile["tags"] as? [String] == ["climbing"] && profile["emails"] as? [String] == ["ana@new.example"])
        #expect(profile["birthday"] == nil && person["cadenceDays"] as? Int == 30)
        #expect(try cli.ok(["edit", "Ana", "--archive"]) == "Updated Ana Lima (id 1), archived.\n")
        #expect(try cli.ok(["list"]) == "No people match.\n")
        #expect(try cli.ok(["list", "--archived"]).contains("Ana Lima (archived)"))
        #expect(try cli.ok(["edit", "1", "--no-archive"]) == "Updated Ana Lima (id 1).\n")
    }

    @Test func theDemoSeedsOnceAndShowsAnAgenda() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let demo = try cli.run(["demo", "--date", "2026-11-27"])
        #expect(demo.succeeded, "\(demo.err)")
        #expect(demo.out.hasPrefix("Seeded a demo network of 60 people"))
        #expect(demo.out.contains("1. BIRTHDAY"))
        let again = try cli.run(["demo", "--date", "2026-11-27"])
        #expect(again.status == 1)
        #expect(again.err == "tend: error: this database already holds 60 people; use --replace to wipe it and seed the demo\n")
        let replaced = try cli.run(["demo", "--date", "2026-11-27", "--replace", "--people", "12", "--seed", "3"])
        #expect(replaced.out.hasPrefix("Seeded a demo network of 12 people"))
        let wrong = try cli.run(["demo", "--date", "2026-11-27", "--replace", "--touches-per-person", "0"])
        #expect(wrong.status != 0 && wrong.err.contains("--touches-per-person must be 1 to 500, not 0"), "\(wrong.err)")
        #expect(try cli.ok(["list"]).contains("12 people"), "nothing replaced by a refused command")
        let dense = try cli.ok(["demo", "--date", "2026-11-27", "--replace", "--people", "100", "--touches-per-person", "50"])
        let touches = dense.split(separator: " ").firstIndex(of: "touches").map { Int(dense.split(separator: " ")[$0 - 1]) ?? 0 } ?? 0
        #expect((4_000...6_000).contains(touches), "about 50 touches a person: \(dense.prefix(120))")
    }

    @Test func settingsChangeAndValidate() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let shown = try cli.ok(["settings", "--cadence", "meaningful=30", "--cadence", "unfamiliar=365", "--time-zone", "Europe/Lisbon"])
        #expect(shown.contains("cadence.meaningful    30 days"))
        #expect(shown.contains("cadence.unfamiliar    365 days"))
        #expect(shown.contains("time-zone             Europe/Lisbon"))
        let bad = try cli.run(["settings", "--time-zone", "Mars/Olympus"])
        #expect(bad.status == 1 && bad.err == "tend: error: unknown time zone 'Mars/Olympus'\n")
        #expect(try cli.run(["settings", "--cadence", "close=3"]).status != 0)
        #expect(try cli.ok(["settings", "--json"]).contains("\"agendaLength\" : 7"))
    }
}

@Suite(.serialized) struct CLIBadInputTests {
    /// Each bad input: a one-line error naming the problem, a non-zero exit, and nothing written.
    @Test(arguments: [
        (["show", "Zed"], "no person matches 'Zed'"),
        (["log", "Ana", "x"], "'Ana' matches 2 people: Ana Lima (id 2); Ana Souza (id 1); use more of the name or the id"),
        (["log", "Ana Souza", "x", "--date", "2026-02-30"], "'2026-02-30' is not a date"),
        (["add", "Bob", "--tier", "close"], "unknown tier 'close'; expected one of: unfamiliar, familiar, intimate, meaningful"),
        (["add", "Bob", "--birthday", "1985-02-29"], "'1985-02-29' is not a birthday"),
        (["add", ""], "a person needs a name"),
        (["add", "Bob", "--email", "bob-at-example"], "'bob-at-example' is not an email address"),
        (["log", "Ana Souza", "x", "--intent", "bribe"], "unknown intent 'bribe'"),
        (["log", "Ana Souza", "x", "--channel", "pigeon"], "unknown channel 'pigeon'"),
        (["log", "Ana Souza", "Nobody", "--note", "x"], "no person matches 'Nobody'"),
        (["moment", "Ana Souza", "win", "lottery"], "unknown kind of win 'lottery'"),
        (["moment", "Ana Souza", "triumph", "promotion"], "unknown moment 'triumph'; expected one of: win, struggle"),
        (["moment", "Ana Souza", "struggle", "layoff", "--date", "2026-13-01"], "'2026-13-01' is not a date"),
        (["tier", "Ana Souza", "intimate", "--target", "familiar"], "the target tier must be above the current one (intimate)"),
        (["merge", "Ana Souza", "ana souza"], "cannot merge Ana Souza with themself"),
        (["done", "99", "--date", "2026-11-27"], "no suggestion '99' on the agenda for 2026-11-27"),
        (["snooze", "1", "--until", "2026-11-27", "--date", "2026-11-27"], "snooze until a day after 2026-11-27"),
        (["relate", "Ana Souza", "enemy", "Ana Lima"], "unknown relation 'enemy'"),
        (["edit", "Ana Souza", "--cadence", "0"], "is not a number of days from 1 to 3650"),
    ])
    func badInputIsRefusedCleanly(_ arguments: [String], _ message: String) throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Ana Souza", "--date", "2026-01-01"])
        try cli.ok(["add", "Ana Lima", "--date", "2026-01-01"])
        let before = try cli.snapshot()

        let r = try cli.run(arguments)

        #expect(r.status != 0)
        #expect(r.err.hasPrefix("tend: error: "))
        #expect(r.err.contains(message), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "one line: \(r.err)")
        #expect(r.out.isEmpty)
        #expect(try cli.snapshot() == before, "nothing written")
    }

    @Test func aDatabaseThatIsNotOneIsReported() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try Data(String(repeating: "not sqlite ", count: 100).utf8).write(to: URL(fileURLWithPath: cli.db))
        let r = try cli.run(["today"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("tend: error: cannot open the database at \(cli.db)"))
    }
}

@Suite(.serialized) struct CLIClockTests {
    /// "Today" is the day in the user's time zone: 04:30 UTC on 1 March is still 28 February in New York.
    @Test func todayIsComputedInTheConfiguredTimeZone() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Maya", "--tier", "unfamiliar", "--birthday", "03-01", "--date", "2026-01-01"])
        let now = ["TEND_NOW": "2026-03-01T04:30:00Z"]

        try cli.ok(["settings", "--time-zone", "America/New_York"])
        let newYork = try cli.run(["today"], environment: now)
        #expect(newYork.out.hasPrefix("Today — Saturday 28 February 2026"))
        #expect(newYork.out.contains("Nothing on the agenda"))

        try cli.ok(["settings", "--time-zone", "Asia/Tokyo"])
        let tokyo = try cli.run(["today"], environment: now)
        #expect(tokyo.out.hasPrefix("Today — Sunday 1 March 2026"))
        #expect(tokyo.out.contains("1. BIRTHDAY  Maya"))

        // Without a setting, the system's zone (TZ) applies.
        try cli.ok(["settings", "--time-zone", "system"])
        #expect(try cli.run(["today"], environment: now.merging(["TZ": "America/Los_Angeles"]) { $1 }).out
            .hasPrefix("Today — Saturday 28 February 2026"))
        #expect(try cli.run(["today"], environment: now).out.hasPrefix("Today — Sunday 1 March 2026"), "TZ=UTC")
    }
}

@Suite(.serialized) struct CLIBackupTests {
    @Test func exportImportRoundTripsAndRefusesWhatItCannotRestore() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["demo", "--date", "2026-11-27", "--people", "20", "--seed", "4"])
        try cli.ok(["done", "1", "--date", "2026-11-27"])
        let file = cli.home.appendingPathComponent("backup.json").path
        #expect(try cli.run(["export", "--json", "--output", file]).err == "Wrote a backup to \(file).\n")
        let first = try String(contentsOfFile: file, encoding: .utf8)
        #expect(first.contains(#""format" : "tend-backup-1""#))

        let other = cli.home.appendingPathComponent("other.sqlite").path
        #expect(try cli.run(["import", file, "--db", other], useDefaultDatabase: true).out.hasPrefix("Restored 20 people"))
        #expect(try cli.run(["export", "--json", "--db", other], useDefaultDatabase: true).out == first, "export → import → export is identical")
        #expect(try cli.run(["today", "--date", "2026-11-27", "--db", other], useDefaultDatabase: true).out == (try cli.ok(["today", "--date", "2026-11-27"])))

        let again = try cli.run(["import", file, "--db", other], useDefaultDatabase: true)
        #expect(again.status == 1 && again.err == "tend: error: a backup is restored into an empty database, and this one holds 20 people\n")
        let garbage = cli.home.appendingPathComponent("garbage.json")
        try Data([0xFF, 0x00, 0x12, 0x80]).write(to: garbage)
        let empty = cli.home.appendingPathComponent("empty.sqlite").path
        #expect(try cli.run(["import", garbage.path, "--db", empty], useDefaultDatabase: true).err ==
                "tend: error: cannot import \(garbage.path): this is a binary file, not contacts: Tend reads vCards (.vcf), CSV and Tend backups (.json)\n")
        let notBackup = cli.home.appendingPathComponent("not-backup.json")
        try Data(#"{"people": []}"#.utf8).write(to: notBackup)
        #expect(try cli.run(["import", notBackup.path, "--db", empty], useDefaultDatabase: true).err == "tend: error: this is not a Tend backup (no \"format\" field in a JSON object)\n")
        #expect(try cli.run(["import", "/nonexistent/backup.json", "--db", empty], useDefaultDatabase: true).err ==
                "tend: error: cannot import /nonexistent/backup.json: there is no file at /nonexistent/backup.json\n")
        #expect(try cli.run(["export", "--db", empty], useDefaultDatabase: true).err == "tend: error: say which format: --json, --vcard or --ics (see tend help)\n")
        #expect(try cli.run(["migrate", "--db", empty], useDefaultDatabase: true).out == "The database at \(empty) is up to date: schema version \(latestSchemaVersion).\n")
    }

    @Test func copyMovesAnInstanceAndRefusesAFullDestination() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["demo", "--date", "2026-11-27", "--people", "15"])
        let target = cli.home.appendingPathComponent("copy.sqlite").path
        #expect(try cli.ok(["copy", "--to", target]) == "Copied 1 account: 15 people, \(try touches(cli)) touches and 4 moments, into \(target).\n")
        #expect(try cli.run(["export", "--json", "--db", target], useDefaultDatabase: true).out == (try cli.ok(["export", "--json"])))
        let full = try cli.run(["copy", "--to", target])
        #expect(full.status == 1 && full.err == "tend: error: the destination already has accounts; copy into an empty database\n")
        let unreachable = try cli.run(["copy", "--to", "postgres://tend:secret@127.0.0.1:1/tend?sslmode=disable"])
        #expect(unreachable.status == 1 && unreachable.err.contains("cannot reach PostgreSQL at 127.0.0.1:1") && !unreachable.err.contains("secret"))
    }

    private func touches(_ cli: CLI) throws -> Int {
        let backup = try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok(["export", "--json"]).utf8)) as? [String: Any])
        return (backup["touches"] as? [Any])?.count ?? -1
    }
}
