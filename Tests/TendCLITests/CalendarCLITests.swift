import Foundation
import Testing
import TendTestSupport

/// Calendar subscriptions through the real binary (issue 17): a private address refused, then subscribed with
/// --allow-private-fetch, listed without its secret, polled (304), failing in words, unsubscribed.
@Suite struct CalendarCLITests {
    @Test func aCalendarIsSubscribedPolledAndUnsubscribed() throws {
        let site = try Site()
        defer { site.close() }
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Family\r\nBEGIN:VEVENT\r\nUID:dinner\r\nDTSTAMP:20261101T000000Z\r\n"
            + "DTSTART;VALUE=DATE:20261128\r\nSUMMARY:Ana visiting\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:walk\r\nDTSTAMP:20261101T000000Z\r\n"
            + "DTSTART;VALUE=DATE:20261203\r\nSUMMARY:Walk with Ana\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        site.serve("/p/k3y/family.ics", .body(Data(ics.utf8), type: "text/calendar", etag: "\"f1\""))
        let cli = try CLI()
        defer { cli.remove() }
        let at = ["TEND_NOW": "2026-12-01T09:00:00Z"]
        func ok(_ arguments: [String]) throws -> String {
            let r = try cli.run(arguments, environment: at)
            #expect(r.status == 0, "tend \(arguments.joined(separator: " ")) failed: \(r.err)")
            return r.out
        }
        _ = try ok(["add", "Ana Lima", "--tier", "meaningful"])
        let refused = try cli.run(["calendar", "subscribe", site.url + "/p/k3y/family.ics"], environment: at)
        #expect(refused.status == 1 && refused.err.contains("127.0.0.1 is an address inside this server's network"), "\(refused.err)")
        let subscribed = try ok(["calendar", "subscribe", site.url + "/p/k3y/family.ics", "--allow-private-fetch"])
        #expect(subscribed.contains("Family: 2 events, 1 occurrence since"), "\(subscribed)")
        #expect(subscribed.contains("1 touch added with 1 person; 1 coming event with people in Tend."))
        #expect(subscribed.contains("Subscribed to “Family” (http://127.0.0.1:\(site.port)/…/family.ics) as calendar 1"))
        let list = try ok(["calendar", "list"])
        #expect(list.contains("1  Family") && list.contains("1 occurrence read") && !list.contains("k3y"), "\(list)")
        #expect(try ok(["calendar", "poll", "--allow-private-fetch"]) == "Family: not changed since it was last read.\n")
        #expect(try ok(["show", "Ana Lima"]).contains("You're seeing Ana on Thursday (Walk with Ana)."))

        site.serve("/p/k3y/family.ics", .status(503))
        let failing = try cli.run(["calendar", "poll", "1", "--allow-private-fetch"], environment: at)
        #expect(failing.status == 1 && failing.err.contains("Family (http://127.0.0.1:\(site.port)/…/family.ics): answered 503 Service Unavailable"))
        #expect(try ok(["calendar", "list"]).contains("failing (1 in a row): answered 503 Service Unavailable"))
        #expect(try ok(["calendar", "unsubscribe", "1"]) == "Unsubscribed from “Family” and removed the 1 touch it made.\n")
        let again = try cli.run(["calendar", "unsubscribe", "1"], environment: at)
        #expect(again.status == 1 && again.err.contains("no calendar subscription 1"))
        let bad = try cli.run(["calendar", "subscribe", "not a url"], environment: at)
        #expect(bad.status != 0 && bad.err.contains("is not an http://, https:// or webcal:// address"))
    }
}
