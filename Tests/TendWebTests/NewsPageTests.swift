import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendTestSupport

/// Issue 18 through the router: an import's job changes previewed, then waiting on Today and in News;
/// confirmed (as proposed or as another kind) into a moment, or dismissed for good.
@Suite struct NewsPageTests {
    static let lastYear = Data("""
        First Name,Last Name,URL,Email Address,Company,Position,Connected On
        Ana,Lima,https://www.linkedin.com/in/ana-lima,,Lumen,Product Lead,12 Mar 2019
        Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Lumen,Software Engineer,3 Jan 2021

        """.utf8)
    static let thisYear = Data("""
        First Name,Last Name,URL,Email Address,Company,Position,Connected On
        Ana,Lima,https://www.linkedin.com/in/ana-lima,,Quill,Head of Product,12 Mar 2019
        Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Lumen,Senior Software Engineer,3 Jan 2021

        """.utf8)

    static func importFile(_ b: Browser, _ data: Data) async throws -> Browser.Page {
        let preview = try await b.postFile("/import", file: ("file", "Connections.csv", data))
        // A file with nothing new has no Import button to press.
        if let token = preview.body.firstMatch(of: /name="token" value="([A-Za-z0-9_-]+)"/)?.1 {
            _ = try await b.post("/import/confirm", [("token", String(token))])
        }
        return preview
    }

    @Test func jobChangesWaitInNewsUntilConfirmedOrDismissed() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let empty = try await b.get("/news")
                #expect(empty.status == .ok && empty.body.contains("Nothing waiting.") && empty.body.contains(#"aria-current="page">News</a>"#))
                _ = try await Self.importFile(b, Self.lastYear)
                #expect(!(try await b.get("/today").body.contains("waiting for you")))

                // Only job changes are new: the preview says so, and still offers to import.
                let preview = try await Self.importFile(b, Self.thisYear)
                #expect(preview.body.contains("Will propose in News"))
                #expect(preview.body.contains("<td>was Product Lead at Lumen, now Head of Product at Quill</td>"))
                #expect(preview.body.contains("would propose 2 job changes for News") && !preview.body.contains("There is nothing new to import."))
                #expect(try await b.get("/today").body.contains(#"<a href="/news">2 pieces of news are waiting for you</a>"#))

                let news = try await b.get("/news").body
                let ids = news.matches(of: /action="\/news\/(\d+)\/confirm"/).map { String($0.1) }
                #expect(ids.count == 2)
                #expect(news.contains("Promoted from Software Engineer to Senior Software Engineer at Lumen"))
                #expect(news.contains(#"<option value="win:promotion" selected>Promotion</option>"#))
                #expect(news.contains("LinkedIn import"))

                // Ben's is confirmed as another kind; Ana's dismissed.
                let confirmed = try await b.post("/news/\(ids[0])/confirm", [("kind", "win:other")])
                #expect(confirmed.location == "/news")
                let after = try await b.get("/news").body
                #expect(after.contains("Recorded a win for Ben Okafor; Today celebrates it."))
                #expect(after.contains("1 decided before."))
                let today = try await b.get("/today").body
                #expect(today.contains("1 piece of news is waiting for you") && today.contains("Ben Okafor"))
                #expect(try await b.get("/people/2").body.contains("Senior Software Engineer"))
                let dismissed = try await b.post("/news/\(ids[1])/dismiss", [])
                #expect(dismissed.location == "/news")
                #expect(try await b.get("/news").body.contains("Dismissed; it will not be proposed again."))
                #expect(!(try await b.get("/today").body.contains("waiting for you")))

                // Deciding twice says so; an unknown id, a bad kind: a 404 and a 400, never a 500.
                _ = try await b.post("/news/\(ids[1])/confirm", [])
                #expect(try await b.get("/news").body.contains("News \(ids[1]) was dismissed already."))
                #expect(try await b.post("/news/999/dismiss", []).status == .notFound)
                #expect(try await b.post("/news/abc/dismiss", []).status == .notFound)
                let bad = try await b.post("/news/\(ids[1])/confirm", [("kind", "win:nope")])
                #expect(bad.status == .badRequest && bad.body.contains("Unknown kind of win"))

                // The same export again proposes nothing.
                let again = try await Self.importFile(b, Self.thisYear)
                #expect(!again.body.contains("Will propose in News") && again.body.contains("There is nothing new to import."))

                // Another account sees none of it and cannot decide it.
                let other = Browser(client)
                try await other.signUp("other@example.com")
                #expect(try await other.get("/news").body.contains("Nothing waiting."))
                #expect(try await other.post("/news/\(ids[0])/dismiss", []).status == .notFound)
            }
        }
    }
}

/// Feeds on a person's page (issue 18), fetched from a loopback site.
@Suite struct FeedPageTests {
    @Test func aFeedIsFollowedFromAPersonsPageAndStoppedAgain() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/", .body(Data(#"<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>"#.utf8), type: "text/html"))
        site.serve("/atom.xml", .body(Data("""
            <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ben writes</title><link href="/"/>
            <entry><title>I'm joining Quill</title><link href="/joining"/><id>j</id><updated>2026-11-20T10:00:00Z</updated></entry></feed>
            """.utf8), type: "application/atom+xml"))
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let id = try #require(b.createdID(try await b.post("/people", [("name", "Ben Okafor"), ("tier", "intimate"), ("company", "Lumen")])))
                let page = try await b.get("/people/\(id)").body
                #expect(page.contains(#"<h2 id="feeds-h" class="flush">Feeds</h2>"#) && page.contains(#"<option value="company">Lumen's</option>"#))

                let bad = try await b.post("/people/\(id)/feeds", [("address", site.url + "/missing")])
                #expect(bad.status == .badRequest && bad.body.contains("\(site.url)/missing: answered 404 Not Found."))
                #expect(bad.body.contains(#"value="\#(site.url)/missing""#), "the address typed is kept")

                let followed = try await b.post("/people/\(id)/feeds", [("address", site.url), ("whose", "self")])
                #expect(followed.location == "/people/\(id)#feeds-h")
                let after = try await b.get("/people/\(id)").body
                #expect(after.contains("Following Ben writes. Its new posts that read as news will wait in News."))
                #expect(after.contains("Ben&#39;s") && after.contains("checked just now"))
                #expect(after.contains(#"<span class="kind celebrate">New job</span><a href="\#(site.url)/joining""#))
                let settings = try await b.get("/settings").body
                #expect(settings.contains(#"<a href="/people/\#(id)#feeds-h">Ben Okafor</a>"#) && settings.contains("<td>checked just now</td>"))
                let feedID = try #require(after.firstMatch(of: /action="\/people\/\d+\/feeds\/(\d+)\/remove"/)?.1)

                let other = Browser(client)
                try await other.signUp("other@example.com")
                let theirs = try #require(other.createdID(try await other.post("/people", [("name", "Zed"), ("tier", "familiar")])))
                #expect(try await other.post("/people/\(theirs)/feeds/\(feedID)/remove", []).status == .notFound)
                #expect(try await other.post("/people/\(id)/feeds/\(feedID)/remove", []).status == .notFound)
                let removed = try await b.post("/people/\(id)/feeds/\(feedID)/remove", [])
                #expect(removed.location == "/people/\(id)#feeds-h")
                #expect(!(try await b.get("/people/\(id)").body.contains("checked just now")))
                #expect(try await b.post("/people/\(id)/feeds/\(feedID)/remove", []).status == .notFound)
            }
        }
    }

    @Test func aCompanysPageListsItsPeopleAndFollowsItsFeeds() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/news.xml", .body(Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Quill newsroom</title><link>https://quill.example/</link>
            <item><title>Quill opens an office in Lisbon</title><link>https://quill.example/lisbon</link><guid>l</guid></item></channel></rss>
            """.utf8), type: "application/rss+xml"))
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                // A name with characters a query would misread: the page is still found by it.
                let ben = try #require(b.createdID(try await b.post("/people", [("name", "Ben Okafor"), ("tier", "familiar"), ("company", "Quill & Co+"), ("title", "Designer")])))
                _ = try #require(b.createdID(try await b.post("/people", [("name", "Ana Lima"), ("tier", "meaningful"), ("company", "quill & co+")])))
                _ = try #require(b.createdID(try await b.post("/people", [("name", "Zed"), ("tier", "meaningful"), ("company", "Lumen")])))
                let person = try await b.get("/people/\(ben)").body
                #expect(person.contains(#"<p class="sub">Familiar · <a href="/company?name=Quill%20%26%20Co%2B">Quill &amp; Co+</a>"#), "\(person)")

                var page = try await b.get("/company?name=Quill%20%26%20Co%2B")
                #expect(page.status == .ok && page.body.contains("<h1>Quill &amp; Co+</h1>") && page.body.contains("2 people in your network work here."))
                let ana = try #require(page.body.range(of: "Ana Lima")), benAt = try #require(page.body.range(of: "Ben Okafor"))
                #expect(ana.lowerBound < benAt.lowerBound, "the closest first")
                #expect(page.body.contains("· Familiar · Designer") && !page.body.contains("Zed"))
                #expect(page.body.contains(#"action="/company/feeds""#) && page.body.contains(#"<input type="hidden" name="name" value="Quill &amp; Co+">"#))
                #expect(try await b.get("/company?name=QUILL%20%26%20CO%2B").status == .ok, "the name is matched as a person's company is")

                #expect(try await b.get("/company?name=Nobody%20Inc").status == .notFound)
                #expect(try await b.get("/company").status == .notFound)

                let bad = try await b.post("/company/feeds", [("name", "Quill & Co+"), ("address", site.url + "/missing")])
                #expect(bad.status == .badRequest && bad.body.contains("answered 404 Not Found") && bad.body.contains(#"value="\#(site.url)/missing""#))
                let followed = try await b.post("/company/feeds", [("name", "quill & co+"), ("address", site.url + "/news.xml")])
                #expect(followed.location == "/company?name=Quill%20%26%20Co%2B#feeds-h", "\(followed.location ?? followed.body)")
                page = try await b.get("/company?name=Quill%20%26%20Co%2B")
                #expect(page.body.contains("Following Quill newsroom.") && page.body.contains("Quill opens an office in Lisbon"))
                #expect(page.body.contains("Quill &amp; Co+&#39;s") && page.body.contains("checked just now"))
                // Also on each person's page, and in Settings with a link to the company.
                #expect(try await b.get("/people/\(ben)").body.contains("Quill opens an office in Lisbon"))
                #expect(try await b.get("/settings").body.contains(#"<a href="/company?name=Quill%20%26%20Co%2B#feeds-h">Quill &amp; Co+</a>"#))
                #expect(try await b.post("/company/feeds", [("name", "Nobody Inc"), ("address", site.url + "/news.xml")]).status == .notFound)

                let feedID = try #require(page.body.firstMatch(of: /action="\/company\/feeds\/(\d+)\/remove"/)?.1)
                // Only from its own company's page; another account's browser finds nothing.
                #expect(try await b.post("/company/feeds/\(feedID)/remove", [("name", "Lumen")]).status == .notFound)
                let other = Browser(client)
                try await other.signUp("other@example.com")
                #expect(try await other.post("/company/feeds/\(feedID)/remove", [("name", "Quill & Co+")]).status == .notFound)
                let removed = try await b.post("/company/feeds/\(feedID)/remove", [("name", "Quill & Co+")])
                #expect(removed.location == "/company?name=Quill%20%26%20Co%2B#feeds-h")
                #expect(!(try await b.get("/company?name=Quill%20%26%20Co%2B").body.contains("checked just now")))
            }
        }
    }

    @Test func aHostedInstanceRefusesPrivateAddresses() async throws {
        let site = try Site()
        defer { site.close() }
        try await withDatabase { db throws in
            try await withApp(db, allowPrivateFetch: false) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let id = try #require(b.createdID(try await b.post("/people", [("name", "Ben"), ("tier", "familiar")])))
                let refused = try await b.post("/people/\(id)/feeds", [("address", site.url + "/feed.xml")])
                #expect(refused.status == .badRequest && refused.body.contains("127.0.0.1 is an address inside this server&#39;s network"))
                #expect(site.requests.isEmpty, "nothing was fetched")
            }
        }
    }
}
