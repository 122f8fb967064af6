import Foundation
import Testing
import TendTestSupport

/// Issue 19 through the real binary: the week, doing a later day's item now, the default country.
@Suite struct WeekCLITests {
    @Test func theWeekIsPlannedAndALaterItemIsDoneNow() throws {
        let cli = try CLI()
        defer { cli.remove() }
        _ = try cli.ok(["add", "Eve Early", "--tier", "meaningful", "--phone", "030 1234567", "--date", "2026-10-01"])
        _ = try cli.ok(["log", "Eve Early", "Catch-up call", "--date", "2026-11-09", "--channel", "call"])
        let week = try cli.ok(["week", "--date", "2026-11-27"])
        #expect(week.contains("This week — from Friday 27 November 2026, 7 a day"))
        #expect(week.contains("Monday 30 November 2026\n  KEEP UP  Eve Early — last need-free touch"))
        #expect(week.contains("early: tend done keep-up:1:2026-11-09"))
        let json = try cli.ok(["week", "--date", "2026-11-27", "--json"])
        #expect(json.contains("\"days\"") && json.contains("\"more\""))

        let done = try cli.ok(["done", "keep-up:1:2026-11-09", "--date", "2026-11-27", "--channel", "message"])
        #expect(done == "Done: logged a check-in with Eve Early on 2026-11-27.\n")
        #expect(!(try cli.ok(["week", "--date", "2026-11-27"])).contains("KEEP UP  Eve Early"), "done early is off the week")
    }

    @Test func theDefaultCountryIsCheckedAndGivesSendLinks() throws {
        let cli = try CLI()
        defer { cli.remove() }
        _ = try cli.ok(["add", "Ben", "--tier", "familiar", "--birthday", "11-27", "--phone", "030 1234567", "--date", "2026-11-01"])
        #expect(!(try cli.ok(["today", "--date", "2026-11-27"])).contains("wa.me"))
        #expect(try cli.ok(["settings", "--default-country", "de"]).contains("default-country       DE"))
        #expect(try cli.ok(["today", "--date", "2026-11-27"]).contains("send:  WhatsApp: https://wa.me/49301234567?text=Happy%20birthday%2C%20Ben%21"))
        let bad = try cli.run(["settings", "--default-country", "Narnia"])
        #expect(bad.status == 1 && bad.err.contains("'Narnia' is not a country Tend knows"))
        let zero = try cli.run(["settings", "--agenda-length", "0"])
        #expect(zero.status == 1 && zero.err.contains("agenda-length must be 1 to 100, not 0"))
        #expect(try cli.ok(["settings", "--default-country", "none"]).contains("default-country       none"))
    }
}
