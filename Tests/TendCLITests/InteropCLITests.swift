import Foundation
import Testing
import TendTestSupport

/// Import and export through the real binary, as a user would run them.
@Suite struct InteropCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TendInteropTests/Fixtures")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    @Test func linkedInDryRunThenImportThenAgain() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let file = Self.fixture("linkedin-connections.csv")
        let dry = try cli.run(["import", file, "--dry-run", "--date", "2026-11-27"])
        #expect(dry.status == 0)
        #expect(dry.out == """
            Would add (3)
              Ana Lima  line 5
              Jean-Luc Picard  line 6
              Zoë Ngata  line 7
            Skipped (1)
              line 8: this row has no name
            Would add 3 people, would update 0, 0 already up to date, skipped 1. Nothing was written (dry run).

            """)
        #expect((try cli.json(["list"]) as? [Any])?.isEmpty == true, "a dry run writes nothing")

        #expect(try cli.ok(["import", file, "--date", "2026-11-27"]).hasSuffix("Added 3 people, updated 0, 0 already up to date, skipped 1.\n"))
        let ana = try #require(try cli.json(["show", "Ana Lima"]) as? [String: Any])
        let person = try #require(ana["person"] as? [String: Any])
        #expect(person["tier"] as? String == "unfamiliar")
        let profile = try #require(person["profile"] as? [String: Any])
        #expect(profile["metOn"] as? String == "2024-03-12")
        #expect(profile["title"] as? String == "Staff Engineer, Platform")

        let again = try cli.ok(["import", file, "--date", "2026-11-27"])
        #expect(again.hasSuffix("3 already up to date.\nAdded 0 people, updated 0, 3 already up to date, skipped 1.\n"))
        #expect((try cli.json(["list"]) as? [Any])?.count == 3)

        // The same people from a phone's vCards fill in what LinkedIn lacked, matched by their profile.
        let phone = try cli.ok(["import", Self.fixture("iphone.vcf"), "--date", "2026-11-27", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(phone.utf8)) as? [String: Any])
        #expect((report["added"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Ben Lima"])
        #expect((report["merged"] as? [[String: Any]])?.first?["matchedBy"] as? String == "LinkedIn profile")
        #expect((try cli.json(["list"]) as? [Any])?.count == 4)
    }

    @Test func aMonicaExportDryRunThenImportThenAgain() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let file = Self.fixture("monica-export.json")
        let dry = try cli.ok(["import", file, "--dry-run", "--date", "2026-12-01"])
        #expect(dry.hasPrefix("Would add (5)\n  Ana Lima  contact 1\n  Ben Lima  contact 2\n"))
        #expect(dry.hasSuffix("Would add 5 people, would update 0, 0 already up to date, 3 relations, 6 touches, 4 moments, skipped 0. "
            + "Not imported: 1 journal entries, 1 photos, 1 reminders, 1 tasks. Nothing was written (dry run).\n"))
        #expect((try cli.json(["list"]) as? [Any])?.isEmpty == true, "a dry run writes nothing")

        let done = try cli.ok(["import", file, "--date", "2026-12-01"])
        #expect(done.hasSuffix("Added 5 people, updated 0, 0 already up to date, 3 relations, 6 touches, 4 moments, skipped 0. "
            + "Not imported: 1 journal entries, 1 photos, 1 reminders, 1 tasks.\n"))
        let ana = try #require(try cli.json(["show", "Ana Lima"]) as? [String: Any])
        #expect(((ana["person"] as? [String: Any])?["cadenceDays"] as? Int) == 30)
        #expect(try cli.ok(["today", "--date", "2026-12-01"]).contains("Ana"), "her new job, five days old, is on Today")
        let again = try cli.ok(["import", file, "--date", "2026-12-01", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.utf8)) as? [String: Any])
        #expect(report["touches"] as? Int == 0 && report["moments"] as? Int == 0 && (report["added"] as? [Any])?.isEmpty == true)

        // The wrong kind of file for --format monica, and a Monica export of another version: one line, nothing written.
        let vcard = try cli.run(["import", Self.fixture("iphone.vcf"), "--format", "monica"])
        #expect(vcard.status == 1 && vcard.err.contains("this is not a Monica export"))
        let other = cli.home.appendingPathComponent("monica-5.json")
        try Data(#"{"version":"2.0","account":{}}"#.utf8).write(to: other)
        let refused = try cli.run(["import", other.path])
        #expect(refused.status == 1 && refused.err.contains("this Monica export is version 2.0"))
    }

    @Test func chatExportsDryRunThenImportWithChoicesThenAgain() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for name in ["Ana Lima", "Bruno Costa"] { _ = try cli.ok(["add", name, "--tier", "intimate"]) }
        let files = ["chats/WhatsApp Chat with Ana Lima.txt", "chats/WhatsApp Chat - Bruno Costa.zip", "chats/WhatsApp Chat with Eli Park.txt",
                     "chats/WhatsApp Chat with Book club.txt"].map(Self.fixture)
        let dry = try cli.ok(["import"] + files + ["--dry-run"])
        #expect(dry.contains("Eli Park     4         2          –        no one in Tend\n"))
        #expect(dry.contains("You are “Sam Rivera” in this export.\n"))
        #expect(dry.contains("WhatsApp: 4 chats: 6 touches (1 proposed as ask) with 2 people; 1 chat matches no one in Tend; 1 group chat left out. Nothing was written (dry run).\n"))
        #expect(try cli.ok(["captured", "--date", "2026-01-20", "--days", "60"]).hasPrefix("Nothing captured"), "a dry run writes nothing")

        let done = try cli.ok(["import"] + files + ["--chat", "Eli Park=new", "--chat", "book club=include"])
        #expect(done.contains("WhatsApp: 4 chats: 9 touches (1 proposed as ask) with 3 people; 1 person added.\n"))
        let captured = try cli.ok(["captured", "--date", "2026-01-20", "--days", "60"])
        #expect(captured.contains("2026-01-13  Ana Lima  ask:help"), "a day's first message that asks")
        #expect(captured.contains("2026-01-05  Ana Lima, Bruno Costa  thanks"), "the group chat, chosen")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(try cli.ok(["import"] + files + ["--json"]).utf8)) as? [String: Any])
        #expect(again["touches"] as? Int == 0 && again["alreadyRead"] as? Int == 12)

        // Telegram, with a bad choice and an unknown --me: one line each, nothing written.
        let telegram = Self.fixture("chats/result.json")
        let unknownChat = try cli.run(["import", telegram, "--chat", "Nobody=new"])
        #expect(unknownChat.status == 1 && unknownChat.err.contains("no chat is called “Nobody” in this export"))
        let unknownMe = try cli.run(["import", telegram, "--me", "Zed"])
        #expect(unknownMe.status == 1 && unknownMe.err.contains("no sender is called “Zed” in this export"))
        let mixed = try cli.run(["import", telegram, Self.fixture("iphone.vcf")])
        #expect(mixed.status == 1 && mixed.err.contains("only chat exports"))
        let notChat = try cli.run(["import", Self.fixture("iphone.vcf"), "--format", "whatsapp"])
        #expect(notChat.status == 1 && notChat.err.contains("this is not a WhatsApp chat export"))
        #expect(try cli.ok(["import", telegram, "--chat", "Gus=new"]).contains("Telegram: 4 chats: 1 touch with 1 person; 1 person added; 1 chat matches no one in Tend; 1 group chat left out.\n"))

        // Forgetting WhatsApp's imports removes their touches, and only theirs.
        #expect(try cli.ok(["captured", "--forget", "whatsapp"]) == "Forgot what whatsapp imports brought in: 9 touches removed. Importing them again starts afresh.\n")
        let left = try cli.ok(["captured", "--date", "2026-01-20", "--days", "60"])
        #expect(!left.contains("Ana Lima") && left.contains("Gus"))
        #expect(try cli.run(["captured", "--forget", "signal"]).status != 0)
    }

    @Test func aCalendarDryRunThenImportThenAgainThenForget() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let now = ["TEND_NOW": "2026-12-01T08:00:00Z"]
        for (name, email) in [("Ana Lima", "ana.lima@example.org"), ("Bruno Costa", "bruno@costa.example"), ("Carla Mendes", "carla.mendes@example.net")] {
            _ = try cli.ok(["add", name, "--tier", "intimate", "--email", email])
        }
        let google = Self.fixture("calendars/google.ics")
        let dry = try cli.run(["import", google, "--me", "sam@example.com", "--since", "2026-10-01", "--dry-run"], environment: now)
        #expect(dry.status == 0 && dry.out.contains("sam@example.com: 9 events, 12 occurrences since 2026-10-01: 8 touches added with 3 people;"))
        #expect(dry.out.contains("Nothing was written (dry run)."))
        #expect(dry.out.contains("2026-11-19  Dinner"), "the newest first")
        let done = try cli.run(["import", google, "--me", "sam@example.com", "--since", "2026-10-01", "--calendar", "Work"], environment: now)
        #expect(done.status == 0 && done.out.contains("Work: 9 events, 12 occurrences since 2026-10-01: 8 touches added with 3 people;"))
        let captured = try cli.ok(["captured", "--date", "2026-12-01", "--days", "90"])
        #expect(captured.contains("2026-11-19  Bruno Costa, Carla Mendes  check-in"))
        let again = try #require(try JSONSerialization.jsonObject(with: Data(try cli.run(
            ["import", google, "--me", "sam@example.com", "--since", "2026-10-01", "--calendar", "Work", "--json"], environment: now).out.utf8)) as? [String: Any])
        #expect(again["added"] as? Int == 0 && again["unchanged"] as? Int == 8)
        // Bad input: one line each, nothing written.
        let since = try cli.run(["import", Self.fixture("iphone.vcf"), "--since", "2026-01-01"])
        #expect(since.status != 0 && since.err.contains("--calendar and --since are for calendars"))
        let notCalendar = try cli.run(["import", Self.fixture("iphone.vcf"), "--format", "ics"])
        #expect(notCalendar.status != 0 && notCalendar.err.contains("this is not an iCalendar file"))
        #expect(try cli.ok(["captured", "--forget", "calendar:Work"]) == "Forgot what calendar:Work imports brought in: 8 touches removed. Importing them again starts afresh.\n")
    }

    @Test func allOrNothingAndSkipInvalid() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let gmail = Self.fixture("gmail.vcf")
        let refused = try cli.run(["import", gmail])
        #expect(refused.status == 1)
        #expect(refused.out.isEmpty)
        #expect(refused.err == "tend: error: nothing was imported: a record cannot be read — line 16 (someone@example.net): this vCard has no name (no FN or N). Fix the file, or import the rest with --skip-invalid\n")
        #expect((try cli.json(["list"]) as? [Any])?.isEmpty == true)
        let skipped = try cli.ok(["import", gmail, "--skip-invalid", "--tag", "gmail", "--tier", "intimate"])
        #expect(skipped.contains("Skipped (1)\n  line 16 (someone@example.net): this vCard has no name (no FN or N)\n"))
        let chidi = try #require(try cli.json(["show", "Chidi"]) as? [String: Any])
        #expect(((chidi["person"] as? [String: Any])?["tier"] as? String) == "intimate")
    }

    @Test func badFilesAreRefusedInOneLineAndWriteNothing() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Keep Me"])
        let before = try cli.snapshot()
        func file(_ name: String, _ data: Data) throws -> String {
            let url = cli.home.appendingPathComponent(name)
            try data.write(to: url)
            return url.path
        }
        let big = cli.home.appendingPathComponent("big.vcf")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        var rng = SystemRandomNumberGenerator()
        let cases: [([String], String)] = [
            (["import", try file("empty.vcf", Data())], "the file is empty"),
            (["import", try file("garbage.bin", Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }) + Data([0]))],
             "this is a binary file, not contacts: Tend reads vCards (.vcf), CSV and Tend backups (.json)"),
            (["import", try file("words.txt", Data("Dear diary,\ntoday I met nobody.\n".utf8))], "Tend cannot tell what this file holds"),
            (["import", try file("latin1.csv", Data("Name,Email\nJos".utf8) + Data([0xE9]) + Data(",jose@example.com\n".utf8))],
             "line 2 is not valid UTF-8; save the file as UTF-8"),
            (["import", big.path], "this is a binary file, not contacts"),
            (["import", try file("nameless.vcf", Data("BEGIN:VCARD\nVERSION:3.0\nEMAIL:a@example.com\nEND:VCARD\n".utf8))],
             "nothing was imported: a record cannot be read — line 1 (a@example.com): this vCard has no name (no FN or N)"),
            (["import", try file("cut.vcf", Data("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\n".utf8))], "line 1: this vCard has no END:VCARD (the file may be cut short)"),
            (["import", try file("c.vcf", Data("BEGIN:VCARD\nFN:Ana\nEND:VCARD\n".utf8)), "--format", "linkedin"], "this is not LinkedIn's Connections.csv"),
            (["import", try file("c2.vcf", Data("BEGIN:VCARD\nFN:Ana\nEND:VCARD\n".utf8)), "--format", "pdf"], "unknown format 'pdf'"),
            (["import", try file("g.csv", Data("Colour\nred\n".utf8)), "--map", "Colour"], "'Colour' is not COLUMN=FIELD"),
            (["import", try file("q.csv", Data("Name,Notes\nAna,\"never closed\n".utf8))], "Tend cannot tell what this file holds"),
            (["import", try file("q2.csv", Data("Name,Notes\nAna,\"never closed\n".utf8)), "--format", "csv"], "line 2: a quoted field is never closed"),
            (["import", cli.home.path], "is a folder, not a file"),
            (["export", "--vcard", "--vcard-version", "2.1"], "--vcard-version is 4.0 or 3.0, not '2.1'"),
            (["export", "--ics", "--tier", "intimate"], "--tier, --tag, --person and --vcard-version go with --vcard"),
            (["export", "--vcard", "--person", "Nobody"], "no person matches 'Nobody'"),
        ]
        for (arguments, message) in cases {
            let r = try cli.run(arguments)
            #expect(r.status != 0, "\(arguments)")
            #expect(r.err.hasPrefix("tend: error: ") || r.err.hasPrefix("Error: "), "\(arguments): \(r.err)")
            #expect(r.err.contains(message), "\(arguments): \(r.err)")
            #expect(r.err.split(separator: "\n").count <= 2, "\(arguments): \(r.err)")
        }
        #expect(try cli.snapshot() == before)
    }

    @Test func exportsVCardsAndACalendar() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["import", Self.fixture("thunderbird.vcf")])
        try cli.ok(["add", "Ana Lima", "--tier", "intimate", "--birthday", "02-29"])
        let v4 = try cli.ok(["export", "--vcard"])
        #expect(v4.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        #expect(v4.contains("FN:Yuki Nakamura\r\n") && v4.contains("ANNIVERSARY:20180505\r\n") && v4.contains("UID:5a6f2c3e-1d7b-4f0a-9b1e-2d3c4e5f6a7b\r\n"))
        let intimate = try cli.ok(["export", "--vcard", "--vcard-version", "3.0", "--tier", "intimate"])
        #expect(intimate.contains("FN:Ana Lima\r\n") && !intimate.contains("Yuki") && intimate.contains("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29"))
        let out = cli.home.appendingPathComponent("cal.ics").path
        let written = try cli.run(["export", "--ics", "-o", out, "--date", "2026-11-27"], environment: ["TEND_NOW": "2026-11-27T09:00:00Z"])
        #expect(written.err == "Wrote a calendar to \(out).\n")
        let ics = try String(contentsOfFile: out, encoding: .utf8)
        #expect(ics.contains("DTSTAMP:20261127T090000Z"))
        #expect(ics.contains("SUMMARY:Yuki Nakamura's birthday (born 1991)"))
        #expect(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\nSUMMARY:Ana Lima's birthday"))
    }
}

@Suite struct ImportProgressTests {
    /// In a terminal, a large import draws a progress bar on standard error, then clears it.
    /// `script` (util-linux, essential in Debian) gives the binary a pseudo-terminal.
    @Test func largeImportsShowAProgressBarInATerminal() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var csv = "Name,Email\n"
        for i in 0..<450 { csv += "Person \(i),p\(i)@example.com\n" }
        let file = cli.home.appendingPathComponent("many.csv")
        try Data(csv.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLI.binary.path) import \(file.path) --db \(cli.db)", "/dev/null"]
        process.environment = ["HOME": cli.home.path, "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("\rImporting ██████░░░░░░░░░░░░░░░░░░░░░░░░ 100/450"))
        #expect(text.contains("\rImporting ██████████████████████████████ 450/450"))
        #expect(text.contains("\r\u{1B}[K"), "the bar is cleared before the summary")
        #expect(text.contains("Added 450 people"))

        // Not in a terminal: no bar at all.
        let plain = try cli.run(["import", file.path])
        #expect(!plain.err.contains("Importing") && plain.out.contains("450 already up to date"))
    }
}

@Suite struct SimulateCLITests {
    @Test func theSameSeedPrintsTheSameYear() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let args = ["simulate", "--people", "30", "--days", "21", "--capacity", "3", "--seed", "9"]
        let first = try cli.run(args, useDefaultDatabase: true), second = try cli.run(args, useDefaultDatabase: true)
        #expect(first.status == 0 && first.out == second.out)
        #expect(first.out.hasPrefix("Simulated 21 days with 30 people, seed 9; 3 actions a day.\n"))
        #expect(first.out.contains("Birthdays acknowledged on the day") && first.out.contains("Targets at 3 a day\n"))
        #expect(first.out.contains("What the actions went to"))
        // Several capacities side by side, the baseline of the one asked for, the targets checked at each.
        let sides = try cli.run(["simulate", "--people", "30", "--days", "14", "--capacity", "2", "4", "--baseline-capacity", "4", "--seed", "9"],
                                useDefaultDatabase: true)
        #expect(sides.status == 0 && sides.out.contains("Tend, 2 a day") && sides.out.contains("Tend, 4 a day")
                && sides.out.contains("Baseline, 4 a day") && sides.out.contains("Targets at 2 a day") && sides.out.contains("Targets at 4 a day"))
        let zero = try cli.run(["simulate", "--capacity", "0"], useDefaultDatabase: true)
        #expect(zero.status != 0 && zero.err.contains("--capacity must be 1 to 50"))
        let other = try cli.run(["simulate", "--people", "30", "--days", "21", "--capacity", "3", "--seed", "10"], useDefaultDatabase: true)
        #expect(other.out != first.out)
        // It never touches the user's database.
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("data/tend/tend.sqlite").path))
        let bad = try cli.run(["simulate", "--people", "5"], useDefaultDatabase: true)
        #expect(bad.status != 0 && bad.err.contains("--people must be 10 to 5000"))
    }
}
