import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendTestSupport

/// Issue 19 through the router: send links on Today, the week page, doing a later day's item now.
@Suite struct WeekPageTests {
    @Test func todayOffersSendLinksOnceTheCountryIsKnown() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                _ = try await b.post("/people", [("name", "Ben Okafor"), ("tier", "familiar"), ("birthday", "11-27"),
                                                 ("emails", "ben@example.com"), ("phones", "030 1234567")])
                _ = try await b.post("/people", [("name", "Cy Nobody"), ("tier", "familiar"), ("birthday", "11-27")])
                let before = try await b.get("/today").body
                #expect(before.contains(#"href="mailto:ben@example.com?subject=Happy%20birthday%21&amp;body=Happy%20birthday%2C%20Ben%21"#))
                #expect(!before.contains("sms:"), "a national number and no default country: no phone links")
                #expect(before.matches(of: /class="send"/).count == 1, "Cy has no contact details: no send links")

                let saved = try await b.post("/settings", [("default_country", "DE"), ("agenda_length", "7")])
                #expect(saved.location == "/settings")
                #expect(try await b.get("/settings").body.contains(#"<option value="DE" selected>Germany (DE)</option>"#))
                let after = try await b.get("/today").body
                #expect(after.contains(#"href="sms:+49301234567?body=Happy%20birthday"#))
                #expect(after.contains(#"href="https://wa.me/49301234567?text=Happy%20birthday"#) && after.contains(#"rel="noopener noreferrer""#))
                #expect(after.contains(#"href="https://signal.me/#p/+49301234567""#))
                #expect(after.contains(#"data-channel="email""#) && after.contains(#"data-channel="message""#))

                let bad = try await b.post("/settings", [("default_country", "XX"), ("agenda_length", "7")])
                #expect(bad.status == .badRequest && bad.body.contains("&#39;XX&#39; is not a country Tend knows"))
                let zero = try await b.post("/settings", [("agenda_length", "0")])
                #expect(zero.status == .badRequest && zero.body.contains("genda-length must be 1 to 100, not 0"))
            }
        }
    }

    @Test func theWeekPlansEachDayAndALaterItemCanBeDoneNow() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                _ = try await b.post("/people", [("name", "Dee Later"), ("tier", "familiar"), ("birthday", "11-30")])
                let id = try #require(b.createdID(try await b.post("/people", [("name", "Eve Early"), ("tier", "meaningful")])))
                _ = try await b.post("/people/\(id)/touches", [("intent", "check-in"), ("channel", "call"), ("date", "2026-11-08")])
                let week = try await b.get("/week")
                #expect(week.status == .ok)
                #expect(week.body.contains("<h1>This week</h1>") && week.body.contains(#"aria-current="page">Week</a>"#))
                #expect(week.body.contains("Today, 27 November 2026"))
                #expect(week.body.contains("Monday 30 November 2026"))
                let keys = week.body.matches(of: /name="key" value="([^"]+)"/).map { String($0.1) }
                #expect(keys == ["keep-up:\(id):2026-11-08", "birthday:1:2026"], "Eve on the 29th (21 days), Dee's birthday on the 30th")
                #expect(week.body.contains("planned for Sunday") && week.body.contains("Done now"))

                let done = try await b.post("/today/done", [("key", keys[0]), ("date", "2026-11-27"), ("back", "week")])
                #expect(done.location == "/week")
                let after = try await b.get("/week").body
                #expect(after.contains("Logged a check-in with Eve Early."))
                #expect(!after.contains("keep-up:\(id)"), "done early is gone at once")
                #expect(after.contains("birthday:1:2026"))
                let timeline = try await b.get("/people/\(id)").body
                #expect(timeline.contains("check-in</span> message — Keep up: last need-free touch 21 days ago; meaningful cadence is 21 days"), "logged from the week, with the reason as planned for Sunday")
                #expect(try await b.post("/today/done", [("key", "keep-up:99:2026-01-01"), ("back", "week")]).location == "/week")
                #expect(try await b.get("/week").body.contains("No suggestion"))
            }
        }
    }
}
