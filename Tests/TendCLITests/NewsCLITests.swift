import Foundation
import Testing
import TendTestSupport

/// Issue 18 through the real binary: a newer LinkedIn export proposes the job changes in it; `tend news`
/// lists them, confirms one as a moment Today celebrates, dismisses the other for good.
@Suite struct NewsCLITests {
    @Test func aNewerExportProposesAndTheUserDecides() throws {
        let cli = try CLI()
        defer { cli.remove() }
        // Every command on one fixed day: the import's day is the news's.
        let at = ["TEND_NOW": "2026-12-01T09:00:00Z"]
        func ok(_ arguments: [String]) throws -> String {
            let r = try cli.run(arguments, environment: at)
            #expect(r.status == 0, "tend \(arguments.joined(separator: " ")) failed: \(r.err)")
            return r.out
        }
        let old = cli.home.appendingPathComponent("old.csv"), new = cli.home.appendingPathComponent("new.csv")
        try """
            First Name,Last Name,URL,Email Address,Company,Position,Connected On
            Ana,Lima,https://www.linkedin.com/in/ana-lima,,Lumen,Product Lead,12 Mar 2019
            Ben,Okafor,https://www.linkedin.com/in/ben,,Lumen,Software Engineer,3 Jan 2021
            """.write(to: old, atomically: true, encoding: .utf8)
        try """
            First Name,Last Name,URL,Email Address,Company,Position,Connected On
            Ana,Lima,https://www.linkedin.com/in/ana-lima,,Quill,Head of Product,12 Mar 2019
            Ben,Okafor,https://www.linkedin.com/in/ben,,Lumen,Senior Software Engineer,3 Jan 2021
            """.write(to: new, atomically: true, encoding: .utf8)
        _ = try ok(["import", old.path])
        #expect(try ok(["news"]) == "No news waiting. An import that shows a job change proposes it here.\n")
        let dry = try ok(["import", new.path, "--dry-run"])
        #expect(dry.contains("Would propose in News (2)\n  Ana Lima: was Product Lead at Lumen, now Head of Product at Quill"))
        #expect(try ok(["news"]).hasPrefix("No news waiting"), "a dry run writes nothing")
        let imported = try ok(["import", new.path])
        #expect(imported.contains("proposed 2 job changes for News"))

        let list = try ok(["news"])
        #expect(list.contains("2  PROMOTION  Ben Okafor  promoted from Software Engineer to Senior Software Engineer at Lumen"))
        #expect(list.contains("1  NEW JOB  Ana Lima  was Product Lead at Lumen, now Head of Product at Quill"))
        #expect(try ok(["today"]).contains("2 pieces of news are waiting: tend news"))
        let json = try ok(["news", "--json"])
        #expect(json.contains("\"personName\" : \"Ana Lima\"") && json.contains("\"kind\" : \"win:new-job\""))

        #expect(try ok(["news", "confirm", "1"]) == "Confirmed: new job for Ana Lima (moment 1); Today celebrates it.\n")
        #expect(try ok(["show", "Ana Lima"]).contains("Head of Product, Quill"))
        #expect(try ok(["today"]).contains("CELEBRATE  Ana Lima"))
        #expect(try ok(["news", "dismiss", "2"]) == "Dismissed: news 2; it will not be proposed again.\n")
        #expect(try ok(["news", "--state", "all"]).contains("confirmed 2026-12-01"))

        let twice = try cli.run(["news", "confirm", "2"], environment: at)
        #expect(twice.status == 1 && twice.err == "tend: error: news 2 was dismissed already\n")
        let missing = try cli.run(["news", "dismiss", "99"])
        #expect(missing.status == 1 && missing.err.contains("no news 99; `tend news` shows what is waiting"))
        let kind = try cli.run(["news", "confirm", "2", "--kind", "win:nope"])
        #expect(kind.status == 64 && kind.err.contains("unknown kind of win 'nope'"))
        let state = try cli.run(["news", "--state", "maybe"])
        #expect(state.status == 64 && state.err.contains("unknown news state 'maybe'"))
        #expect(!(try ok(["import", new.path])).contains("propose"), "decided news is not proposed again")
    }
}
