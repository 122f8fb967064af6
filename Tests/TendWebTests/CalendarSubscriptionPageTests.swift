import Foundation
import Testing
import TendCore
import TendStore
import TendTestSupport

/// Settings → Calendars (issue 17): subscribe to a loopback calendar, see it with its status, its failure in
/// words, check it now, unsubscribe; the person's page says when you will see them; other accounts see nothing.
@Suite struct CalendarSubscriptionPageTests {
    static func ics(_ events: [(uid: String, start: String, title: String)]) -> Data {
        Data(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Work\r\n" + events.map { e in
            "BEGIN:VEVENT\r\nUID:\(e.uid)\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:\(e.start)\r\nDURATION:PT1H\r\nSUMMARY:\(e.title)\r\n"
                + "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana.lima@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n"
        }.joined() + "END:VCALENDAR\r\n").utf8)
    }

    @Test func aCalendarIsSubscribedCheckedAndForgotten() async throws {
        let site = try Site()
        defer { site.close() }
        // Friday 27 November 2026 is the test clock's day: a lunch last week, a coffee on Monday.
        site.serve("/private-77a1/basic.ics", .body(Self.ics([("lunch", "20261120T120000Z", "Lunch"), ("coffee", "20261130T090000Z", "Coffee")]),
                                                     type: "text/calendar", etag: "\"1\""))
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let ana = try #require(b.createdID(try await b.post("/people", [("name", "Ana Lima"), ("tier", "meaningful"), ("emails", "ana.lima@example.org")])))
                let empty = try await b.get("/settings/calendars")
                #expect(empty.status == .ok && empty.body.contains("No calendar yet."))
                #expect(try await b.get("/settings").body.contains(#"<a href="/settings/calendars">Calendars</a>"#))

                let bad = try await b.post("/settings/calendars/subscribe", [("address", site.url + "/nothing.ics")])
                #expect(bad.status == .badRequest)
                #expect(bad.body.contains("http://127.0.0.1:\(site.port)/…/nothing.ics: answered 404 Not Found."), "\(bad.body)")
                let notURL = try await b.post("/settings/calendars/subscribe", [("address", "calendar please")])
                #expect(notURL.status == .badRequest && notURL.body.contains("is not an http://, https:// or webcal:// address"))

                let done = try await b.post("/settings/calendars/subscribe", [("address", site.url + "/private-77a1/basic.ics")])
                #expect(done.location == "/captured")
                let page = try await b.get("/settings/calendars").body
                #expect(page.contains("<strong>Work</strong>") && page.contains("http://127.0.0.1:\(site.port)/…/basic.ics"))
                #expect(!page.contains("private-77a1"), "the secret address is never shown")
                #expect(page.contains("Checked just now — Work: 2 events, 1 occurrence since"))
                #expect(page.contains("1 touch added with 1 person; 1 coming event with people in Tend."))
                #expect(try await b.get("/people/\(ana)").body.contains(#"<p class="seeing" id="seeing"><strong>You&#39;re seeing Ana on Monday (Coffee).</strong></p>"#))
                let id = try #require(page.firstMatch(of: /action="\/settings\/calendars\/(\d+)\/poll"/)?.1)

                // Another account reaches none of it.
                let other = Browser(client)
                try await other.signUp("other@example.com")
                #expect(!(try await other.get("/settings/calendars").body.contains("Work")))
                #expect(try await other.post("/settings/calendars/\(id)/poll", []).status == .notFound)
                #expect(try await other.post("/settings/calendars/\(id)/unsubscribe", []).status == .notFound)

                // The server fails: Check now says so, and the page shows it until a read succeeds.
                site.serve("/private-77a1/basic.ics", .status(503))
                let failed = try await b.post("/settings/calendars/\(id)/poll", [])
                #expect(failed.location == "/settings/calendars#c\(id)")
                let failing = try await b.get("/settings/calendars").body
                #expect(failing.contains(#"<div class="error-box" role="alert">answered 503 Service Unavailable</div>"#))
                #expect(failing.contains("Failing (1 in a row): answered 503 Service Unavailable; tried again in 15 min."))

                let gone = try await b.post("/settings/calendars/\(id)/unsubscribe", [])
                #expect(gone.location == "/settings/calendars")
                #expect(try await b.get("/settings/calendars").body.contains("Unsubscribed, and removed the 1 touch it made."))
                #expect(!(try await b.get("/people/\(ana)").body.contains("You&#39;re seeing")))
                #expect(try await b.post("/settings/calendars/\(id)/unsubscribe", []).status == .notFound)
            }
        }
    }
}
