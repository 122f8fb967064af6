import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendServices
import TendSQLite
import TendTestSupport

@Suite struct PageTests {
    @Test func addingAPersonValidatesNextToTheFieldsAndKeepsInput() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let form = try await b.get("/people/new")
                #expect(form.status == .ok && form.body.contains("Add a person") && form.body.contains(#"<label for="f-name">Name"#))

                let bad = try await b.post("/people", [("name", " "), ("tier", "familiar"), ("birthday", "1985-02-29"), ("emails", "ben-at-example"),
                                                       ("cadence", "0"), ("company", "Kept Co"), ("target", "unfamiliar")])
                #expect(bad.status == .badRequest)
                #expect(bad.body.contains("Please check the fields marked below."))
                #expect(bad.body.contains(#"<div class="problem" id="p-name">A person needs a name.</div>"#))
                #expect(bad.body.contains("Use YYYY-MM-DD, or MM-DD when you don&#39;t know the year"))
                #expect(bad.body.contains("&#39;ben-at-example&#39; is not an email address."))
                #expect(bad.body.contains("A cadence is 1 to 3650 days."))
                #expect(bad.body.contains("The target must be above Familiar."))
                #expect(bad.body.contains(#"value="Kept Co""#), "input is kept")
                #expect(bad.body.contains(#"aria-invalid="true""#))

                let good = try await b.post("/people", [("name", "Ben Okafor"), ("tier", "intimate"), ("target", "meaningful"), ("birthday", "04-12"),
                                                        ("emails", "ben@example.com\nben@work.example"), ("tags", "Work, climbing"),
                                                        ("links", "https://www.linkedin.com/in/ben"), ("company", "Northwind")])
                #expect(good.status == .seeOther)
                let id = try #require(b.createdID(good))
                let page = try await b.get("/people/\(id)")
                #expect(page.body.contains("<h1>Ben Okafor</h1>") && page.body.contains("Added Ben Okafor."))
                #expect(page.body.contains(#"<div class="current">Intimate</div>"#) && page.body.contains(#"<div class="target">Meaningful</div>"#))
                #expect(page.body.contains("Next step:</strong> Go deeper with Ben"))
                #expect(page.body.contains("ben@work.example") && page.body.contains("12 April") && page.body.contains("climbing, work"))

                let edit = try await b.get("/people/\(id)/edit")
                #expect(edit.body.contains(#"value="04-12""#) && edit.body.contains("ben@example.com\nben@work.example"))
                let saved = try await b.post("/people/\(id)", [("name", "Ben O."), ("tier", "intimate"), ("target", ""), ("birthday", ""), ("emails", "")])
                #expect(saved.location == "/people/\(id)")
                let after = try await b.get("/people/\(id)").body
                #expect(after.contains("<h1>Ben O.</h1>") && !after.contains("ben@example.com") && !after.contains("Next step"))
            }
        }
    }

    @Test func personPageFormsLogTouchesMomentsTiersAndMerges() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let id = try #require(b.createdID(try await b.post("/people", [("name", "Chloé Martin"), ("tier", "familiar")])))
                let dup = try #require(b.createdID(try await b.post("/people", [("name", "C. Martin"), ("tier", "familiar"), ("city", "Lyon")])))

                let moment = try await b.post("/people/\(id)/moments", [("kind", "struggle:layoff"), ("about", "self"), ("date", "2026-11-25"), ("note", "Team cut")])
                #expect(moment.location == "/people/\(id)")
                #expect(try await b.get("/today").body.contains("Chloé: layoff, 2 days ago — Team cut"))
                let touch = try await b.post("/people/\(id)/touches", [("intent", "give:introduction"), ("channel", "email"), ("date", "2026-11-26"), ("note", "Intro to Sam")])
                #expect(touch.status == .seeOther)
                let page = try await b.get("/people/\(id)").body
                #expect(page.contains("It answers: layoff."), "the flash says the introduction answered the struggle")
                #expect(page.contains("give:introduction</span> email — Intro to Sam") && page.contains("layoff · answered"))
                #expect(page.contains("<strong>1</strong>gives"))

                let badIntent = try await b.post("/people/\(id)/touches", [("intent", "bribe"), ("channel", "email")])
                #expect(badIntent.status == .badRequest && badIntent.body.contains("Unknown intent &#39;bribe&#39;"))
                let badDate = try await b.post("/people/\(id)/touches", [("intent", "check-in"), ("channel", "call"), ("date", "2026-02-30")])
                #expect(badDate.status == .badRequest && badDate.body.contains("is not a date"))

                #expect(try await b.post("/people/\(id)/tier", [("tier", "intimate"), ("target", "meaningful"), ("reason", "Trip")]).status == .seeOther)
                #expect(try await b.get("/people/\(id)").body.contains("Familiar → Intimate — Trip"))

                let selfMerge = try await b.post("/people/\(id)/merge", [("duplicate", "\(id)")])
                #expect(selfMerge.status == .badRequest && selfMerge.body.contains("Cannot merge Chloé Martin with themself."))
                let merged = try await b.post("/people/\(id)/merge", [("duplicate", "\(dup)")])
                #expect(merged.status == .seeOther)
                #expect(try await b.get("/people/\(id)").body.contains("Lyon"))
                #expect(try await b.get("/people/\(dup)").status == .notFound)

                #expect(try await b.post("/people/\(id)/archive", [("archived", "true")]).status == .seeOther)
                #expect(!(try await b.get("/people")).body.contains("<a href=\"/people/\(id)\">"), "archived people leave the list")
                #expect(try await b.get("/people/\(id)").body.contains("<strong>archived</strong>"))
            }
        }
    }

    @Test func todayDoneSnoozeAndDismiss() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                for (name, birthday) in [("Ana Birthday", "11-27"), ("Ben Birthday", "1990-11-27"), ("Chloé Birthday", "11-27")] {
                    _ = try await b.post("/people", [("name", name), ("tier", "familiar"), ("birthday", birthday)])
                }
                let today = try await b.get("/today").body
                #expect(today.contains("Friday 27 November 2026 · 3 people to reach out to"))
                #expect(today.contains("Turns 36 today"))
                let keys = today.matches(of: /name="key" value="([^"]+)"/).map { String($0.1) }
                #expect(Array(Set(keys)).sorted() == keys.uniqued().sorted() && keys.uniqued().count == 3)

                let done = try await b.post("/today/done", [("key", keys[0]), ("date", "2026-11-27"), ("channel", "call")])
                #expect(done.location == "/today")
                let afterDone = try await b.get("/today").body
                #expect(afterDone.contains("Logged a celebrate with Ana Birthday.") && afterDone.contains("2 people to reach out to"))
                _ = try await b.post("/today/snooze", [("key", keys.uniqued()[1]), ("date", "2026-11-27"), ("days", "7")])
                _ = try await b.post("/today/dismiss", [("key", keys.uniqued()[2]), ("date", "2026-11-27")])
                let empty = try await b.get("/today").body
                #expect(empty.contains("Nothing on the agenda."))
                #expect(try await b.post("/today/snooze", [("key", "x"), ("days", "0")]).status == .badRequest)
                let gone = try await b.post("/today/done", [("key", keys[0]), ("date", "2026-11-27")])
                #expect(gone.location == "/today")
                #expect(try await b.get("/today").body.contains("No suggestion"))
                #expect(try await b.get("/today?date=2026-02-30").status == .badRequest)
            }
        }
    }

    @Test func peoplePageFiltersSearchesSortsAndPages() async throws {
        try await withDatabase { db throws in
            let account = try await db.accounts.create(email: "ana@example.com", passwordHash: try await BcryptHasher(cost: 4).hash("correct horse battery"))
            let tending = Tending(database: db, account: account)
            for i in 1...120 {
                _ = try await tending.addPerson(Profile(displayName: String(format: "Person %03d", i), company: i % 2 == 0 ? "Even Co" : "Odd Co",
                                                        tags: i % 10 == 0 ? ["tenth"] : []),
                                                tier: i % 3 == 0 ? .intimate : .familiar, on: Day("2026-01-01")!)
            }
            try await withApp(db) { client throws in
                let b = Browser(client)
                #expect(try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")]).status == .seeOther)
                let first = try await b.get("/people").body
                #expect(first.contains("120 people") && first.contains("Page 1 of 3") && first.contains("Person 001") && !first.contains("Person 051"))
                let third = try await b.get("/people?sort=name&page=3").body
                #expect(third.contains("Person 120") && third.contains("← Previous") && !third.contains("Next →"))
                let desc = try await b.get("/people?sort=name&dir=desc").body
                #expect(desc.firstMatch(of: /Person \d{3}/).map { String($0.0) } == "Person 120")
                let intimate = try await b.get("/people?tier=intimate").body
                #expect(intimate.contains("40 people match"))
                let tagged = try await b.get("/people?tag=tenth").body
                #expect(tagged.contains("12 people match"))
                let searched = try await b.get("/people?q=even+person&tier=intimate").body
                #expect(searched.contains("20 people match"), "search combines with filters")
                #expect(try await b.get("/people?page=99").status == .ok)
            }
        }
    }

    @Test func networkAndSettings() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let id = try #require(b.createdID(try await b.post("/people", [("name", "Drifting Dee"), ("tier", "meaningful")])))
                _ = try await b.post("/people/\(id)/touches", [("intent", "check-in"), ("channel", "call"), ("date", "2026-06-01")])
                _ = try await b.post("/people/\(id)/touches", [("intent", "ask:advice"), ("channel", "call"), ("date", "2026-10-01")])
                let network = try await b.get("/network").body
                #expect(network.matches(of: /<svg class="chart"/).count == 4)
                #expect(network.contains("<title>Drifting Dee: 158 days over a 21-day cadence</title>"), "the ask in October does not count")
                #expect(network.contains("Meaningful: 1"))

                let settings = try await b.get("/settings").body
                #expect(settings.contains(#"name="cadence_meaningful" value="21""#))
                let saved = try await b.post("/settings", [("cadence_meaningful", "30"), ("cadence_intimate", "45"), ("cadence_familiar", "120"),
                                                            ("cadence_unfamiliar", ""), ("birthday_heads_up", "5"), ("win_fresh", "14"),
                                                            ("struggle_fresh", "21"), ("follow_up", "21"), ("ask_for_input", "120"),
                                                            ("agenda_length", "5"), ("time_zone", "Europe/Lisbon")])
                #expect(saved.location == "/settings")
                let reloaded = try await b.get("/settings").body
                #expect(reloaded.contains(#"name="cadence_meaningful" value="30""#) && reloaded.contains(#"<option value="Europe/Lisbon" selected>"#))
                let bad = try await b.post("/settings", [("cadence_meaningful", "0"), ("agenda_length", "7")])
                #expect(bad.status == .badRequest && bad.body.contains("A cadence is 1 to 3650 days, not 0."))
                let badZone = try await b.post("/settings", [("time_zone", "Mars/Base")])
                #expect(badZone.status == .badRequest && badZone.body.contains("Unknown time zone"))

                let wrong = try await b.post("/settings/password", [("current", "nope nope"), ("new", "another long one")])
                #expect(wrong.status == .badRequest && wrong.body.contains("The current password is not right."))
                #expect(try await b.post("/settings/password", [("current", "correct horse battery"), ("new", "another long one")]).status == .seeOther)
                _ = try await b.post("/logout", [])
                #expect(try await b.post("/login", [("email", "ana@example.com"), ("password", "another long one")]).status == .seeOther)
            }
        }
    }

    @Test func assetsAndHealth() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                #expect(try await b.get("/health").body == "ok")
                let css = try await b.get("/assets/app.css")
                #expect(css.headers[.contentType] == "text/css; charset=utf-8" && css.body.contains("prefers-color-scheme: dark"))
                #expect(try await b.get("/assets/app.js").body.contains("clipboard"))
                let login = try await b.get("/login").body
                #expect(login.contains(#"<label for="email">Email</label>"#) && login.contains(#"<meta name="viewport""#))
            }
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
