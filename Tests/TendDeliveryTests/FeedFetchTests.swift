import Foundation
import NIOCore
import Testing
import TendCore
import TendDelivery
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Feeds fetched from a loopback web server by the real fetcher (issue 18): following a site, conditional GET,
/// redirects, failures counted towards broken, size and time limits, and private addresses refused.
@Suite struct FeedFetchTests {
    static func rss(_ items: [(title: String, link: String, date: String)], title: String = "Quill Newsroom") -> Data {
        Data(("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title><link>https://quill.example/</link>"
              + items.map { "<item><title>\($0.title)</title><link>\($0.link)</link><pubDate>\($0.date)</pubDate></item>" }.joined()
              + "</channel></rss>").utf8)
    }

    /// The loopback server stands in for a public one: 127.0.0.1 by number is let through, every other name is
    /// checked as a hosted instance checks it.
    struct LoopbackIsPublic: DeliveryTargetGuard {
        func check(_ url: String) async throws {
            if URLComponents(string: url)?.host == "127.0.0.1" { return }
            try await PrivateAddressGuard(allowPrivate: false).check(url)
        }
    }

    /// The deadline a server has (30 s, as in production: a loaded CI machine runs many tests at once).
    static let fetcher = HTTPFeedFetcher(guard: LoopbackIsPublic())
    /// For the server that never answers: a short deadline, so the test does not wait 30 seconds.
    static let impatient = HTTPFeedFetcher(guard: LoopbackIsPublic(), deadline: .seconds(2))
    static let now = Date(timeIntervalSince1970: 1_796_112_000) // 2026-12-01T08:00:00Z

    @Test func aSiteIsFollowedThenPolledAndANewLaunchBecomesNewsForEveryoneThere() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/", .body(Data("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/news/feed.xml\"></head></html>".utf8), type: "text/html"))
        let old = [("Quill opens a Lisbon office", "https://quill.example/lisbon", "Mon, 02 Nov 2026 09:00:00 GMT"),
                   ("Quill launches beta", "https://quill.example/beta", "Tue, 03 Nov 2026 09:00:00 GMT")]
        site.serve("/news/feed.xml", Self.rss(old), etag: "\"v1\"")
        try await withTending { t in
            let ana = try await t.addPerson(Profile(displayName: "Ana Lima", company: "Quill"), tier: .intimate, on: day("2026-11-01"))
            let ben = try await t.addPerson(Profile(displayName: "Ben Okafor", company: "QUILL "), tier: .familiar, on: day("2026-11-01"))
            _ = try await t.addPerson(Profile(displayName: "Cy Other", company: "Lumen"), tier: .familiar, on: day("2026-11-01"))
            let feed = try await t.followFeed(site.url + "/", of: .company("Quill"), fetcher: Self.fetcher, at: Self.now)
            #expect(feed.url == site.url + "/news/feed.xml" && feed.title == "Quill Newsroom")
            #expect(try await t.newsWaiting() == 0, "what a feed held when followed is not news")
            let again = await #expect(throws: TendError.self) { _ = try await t.followFeed(site.url + "/news/feed.xml", of: .company("quill"), fetcher: Self.fetcher, at: Self.now) }
            #expect(again?.description == "that feed is followed already")

            let poller = FeedPoller(database: t.database, fetcher: Self.fetcher)
            // Not due yet: nothing is fetched.
            let early = try await poller.pollDue(now: Self.now.addingTimeInterval(60))
            #expect(early.polled == 0)
            // Due and unchanged: a conditional GET, answered 304.
            let unchanged = try await poller.pollDue(now: Self.now.addingTimeInterval(3601))
            #expect(unchanged == FeedPoller.Pass(polled: 1, notModified: 1, failed: 0, newPosts: 0, proposed: 0))
            #expect(site.requests.last?.header("If-None-Match") == "\"v1\"")
            #expect(site.requests.last?.header("If-Modified-Since") == "Tue, 01 Dec 2026 08:00:00 GMT")

            // A launch post: news about everyone at Quill (matched by the company's name, in any case).
            site.serve("/news/feed.xml", Self.rss([("Quill launches its writing app", "https://quill.example/launch", "Mon, 30 Nov 2026 10:00:00 GMT")] + old), etag: "\"v2\"")
            let launched = try await poller.pollDue(now: Self.now.addingTimeInterval(7300))
            #expect(launched == FeedPoller.Pass(polled: 1, notModified: 0, failed: 0, newPosts: 1, proposed: 2))
            let news = try await t.news()
            #expect(Set(news.map(\.person.id)) == [ana.id, ben.id])
            #expect(news.allSatisfy { $0.proposal.kind == .win(.launch) && $0.proposal.about == .company && $0.proposal.link == "https://quill.example/launch" })
            #expect(news.first?.proposal.note == "Quill launches its writing app" && news.first?.proposal.source == "Quill Newsroom")
            #expect(news.first?.proposal.on == day("2026-11-30"))
            // Her page shows the company's feed and its posts.
            let (feeds, posts) = try await t.feeds(of: ana.id, at: Self.now.addingTimeInterval(7300))
            #expect(feeds.map(\.feed.id) == [feed.id] && feeds.first?.status == "checked just now")
            #expect(posts.first?.title == "Quill launches its writing app" && posts.first?.news == .win(.launch))
            // Dismissed, the post never comes back, even re-read after the feed is followed again.
            for n in news { _ = try await t.dismissNews(n.proposal.id, on: day("2026-12-01")) }
            try await t.unfollowFeed(feed.id)
            let refollowed = try await t.followFeed(site.url + "/news/feed.xml", of: .company("Quill"), fetcher: Self.fetcher, at: Self.now)
            #expect(try await t.newsWaiting() == 0)
            _ = try await poller.poll([(t.account, refollowed)], now: Self.now)
            #expect(try await t.newsWaiting() == 0)
        }
    }

    @Test func redirectsAreFollowedAFewTimesAndFailuresCountTowardsBroken() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/feed.xml", Self.rss([("Hello", "https://ana.example/hello", "Mon, 30 Nov 2026 10:00:00 GMT")], title: "Ana"))
        site.serve("/a", .redirect(301, to: "/b"))
        site.serve("/b", .redirect(302, to: site.url + "/c"))
        site.serve("/c", .redirect(308, to: "/feed.xml"))
        guard case .fetched(_, let final, _, _) = try await Self.fetcher.fetch(site.url + "/a", etag: nil, lastModified: nil) else {
            Issue.record("not fetched"); return
        }
        #expect(final == site.url + "/feed.xml")
        // A gzip-compressed body is read as the feed it holds.
        site.serve("/zipped.xml", .gzip(Data(base64Encoded: "H4sIAAAAAAACAz2OQQqDUAxEryIewBSXEnMHt+4+GvjBGH9NLD2+paLL4Q1vBnf36sO7y2Z93TavmnDKyYyVMCSUaZRSeEa4EkrweqPhENVK02FTZn8qKrZQjijeAbwb/qa1KIMi/AnC5YBnCH4v6ARyckRdiwAAAA==")!, type: "application/rss+xml"))
        guard case .fetched(let zipped, _, _, _) = try await Self.fetcher.fetch(site.url + "/zipped.xml", etag: nil, lastModified: nil) else {
            Issue.record("not fetched"); return
        }
        #expect(try FeedReader.read(zipped).entries.first?.title == "Quill launches")
        #expect(site.requests.last?.header("Accept-Encoding")?.contains("gzip") == true)
        for i in 0..<6 { site.serve("/loop\(i)", .redirect(302, to: "/loop\(i + 1)")) }
        await #expect(throws: FeedFetchError("redirected more than 5 times")) { _ = try await Self.fetcher.fetch(site.url + "/loop0", etag: nil, lastModified: nil) }
        // A redirect into the server's own network is refused, hop by hop.
        site.serve("/inside", .redirect(302, to: "http://localhost:\(site.port)/feed.xml"))
        let inside = await #expect(throws: FeedFetchError.self) { _ = try await Self.fetcher.fetch(site.url + "/inside", etag: nil, lastModified: nil) }
        #expect(inside?.message.contains("localhost is an address inside this server's network") == true)
        #expect(inside?.message.contains("--allow-private-fetch") == true)
        site.serve("/ten", .redirect(302, to: "http://10.0.0.1/feed.xml"))
        await #expect(throws: FeedFetchError.self) { _ = try await Self.fetcher.fetch(site.url + "/ten", etag: nil, lastModified: nil) }
        let strict = HTTPFeedFetcher(allowPrivate: false)
        let direct = await #expect(throws: FeedFetchError.self) { _ = try await strict.fetch(site.url + "/feed.xml", etag: nil, lastModified: nil) }
        #expect(direct?.message.contains("127.0.0.1 is an address inside this server's network") == true)

        await #expect(throws: FeedFetchError("answered 404 Not Found")) { _ = try await Self.fetcher.fetch(site.url + "/missing", etag: nil, lastModified: nil) }
        site.serve("/gone", .status(410))
        await #expect(throws: FeedFetchError("answered 410 Gone: the feed was taken down", permanent: true)) {
            _ = try await Self.fetcher.fetch(site.url + "/gone", etag: nil, lastModified: nil)
        }
        site.serve("/huge", .body(Data(count: 50 * 1024 * 1024), type: "application/rss+xml"))
        await #expect(throws: FeedFetchError("is larger than 5 MB, more than a feed needs")) { _ = try await Self.fetcher.fetch(site.url + "/huge", etag: nil, lastModified: nil) }
        site.serve("/stall", .stall)
        let stalled = await #expect(throws: FeedFetchError.self) { _ = try await Self.impatient.fetch(site.url + "/stall", etag: nil, lastModified: nil) }
        #expect(stalled?.message.contains("no answer in time") == true, "\(String(describing: stalled))")

        // A feed that keeps failing is marked broken with its error, backs off, and is never dropped.
        try await withTending { t in
            let ana = try await t.addPerson(Profile(displayName: "Ana"), tier: .intimate, on: day("2026-11-01"))
            let feed = try await t.followFeed(site.url + "/feed.xml", of: .person(ana.id), fetcher: Self.fetcher, at: Self.now)
            site.serve("/feed.xml", .status(500))
            let poller = FeedPoller(database: t.database, fetcher: Self.fetcher)
            var at = Self.now
            for _ in 0..<Feed.brokenAfter {
                at = try await t.feeds(at: at).first!.feed.nextCheckAt
                #expect(try await poller.pollDue(now: at).failed == 1)
            }
            let line = try #require(try await t.feeds(at: at).first)
            #expect(line.feed.broken && line.feed.failures == 5 && line.feed.lastError == "answered 500 Internal Server Error")
            #expect(line.status == "broken: answered 500 Internal Server Error; tried again daily")
            #expect(line.feed.nextCheckAt == at.addingTimeInterval(86_400))
            // Mended, it is healthy again at its next try.
            site.serve("/feed.xml", Self.rss([], title: "Ana"))
            #expect(try await poller.pollDue(now: line.feed.nextCheckAt).failed == 0)
            let mended = try #require(try await t.feeds(at: at).first)
            #expect(!mended.feed.broken && mended.feed.failures == 0 && mended.feed.lastError == nil && mended.feed.id == feed.id)
        }
    }

    /// A pass records a chunk's feeds in one transaction per account: each feed's outcome lands on its own feed and
    /// account, whichever accounts share the chunk and in whatever order the fetches finish.
    @Test func aPassOverSeveralAccountsRecordsEachFeedInItsOwnAccount() async throws {
        let site = try Site()
        defer { site.close() }
        let old = [("Notes", "https://x.example/notes", "Mon, 02 Nov 2026 09:00:00 GMT")]
        for name in ["a1", "a2", "a3", "b1", "b2", "b3"] { site.serve("/\(name).xml", Self.rss(old, title: name), etag: "\"\(name)\"") }
        try await withTending { a in
            let other = try await a.database.accounts.create(email: "b@example.com", passwordHash: "x")
            let b = Tending(database: a.database, account: other)
            let ana = try await a.addPerson(Profile(displayName: "Ana"), tier: .intimate, on: day("2026-11-01"))
            let ben = try await b.addPerson(Profile(displayName: "Ben"), tier: .intimate, on: day("2026-11-01"))
            // Followed in turns, so the accounts' feeds alternate in the due list.
            var feeds: [String: Feed] = [:]
            for i in 1...3 {
                feeds["a\(i)"] = try await a.followFeed(site.url + "/a\(i).xml", of: .person(ana.id), fetcher: Self.fetcher, at: Self.now)
                feeds["b\(i)"] = try await b.followFeed(site.url + "/b\(i).xml", of: .person(ben.id), fetcher: Self.fetcher, at: Self.now)
            }
            // a1, b1 unchanged (304); a2, b2 a new launch post; a3, b3 failing.
            for name in ["a2", "b2"] {
                site.serve("/\(name).xml", Self.rss([("\(name) launches", "https://x.example/\(name)", "Mon, 30 Nov 2026 10:00:00 GMT")] + old, title: name), etag: "\"\(name)-2\"")
            }
            for name in ["a3", "b3"] { site.serve("/\(name).xml", .status(503)) }
            // One removed between the claim and the record: skipped, the rest recorded.
            let poller = FeedPoller(database: a.database, fetcher: Self.fetcher, width: 16)
            let due = try await a.database.feedPolls.claimDue(now: Self.now.addingTimeInterval(3601), owner: "test",
                                                              leaseUntil: Self.now.addingTimeInterval(4000), limit: 100)
            #expect(due.count == 6)
            try await b.unfollowFeed(feeds["b1"]!.id)
            let pass = try await poller.poll(due, now: Self.now.addingTimeInterval(3601))
            #expect(pass == FeedPoller.Pass(polled: 6, notModified: 1, failed: 2, newPosts: 2, proposed: 2), "\(pass)")
            for (t, names) in [(a, ["a1", "a2", "a3"]), (b, ["b2", "b3"])] {
                let lines = try await t.feeds(at: Self.now)
                #expect(lines.map(\.feed.title) == names.map { Optional($0) })
                for line in lines {
                    let name = line.feed.title ?? ""
                    #expect(line.feed.etag == (name.hasSuffix("2") ? "\"\(name)-2\"" : "\"\(name)\""), "\(name): \(String(describing: line.feed.etag))")
                    #expect((line.feed.lastError != nil) == name.hasSuffix("3"), "\(name)")
                }
            }
            #expect(try await a.news().map(\.proposal.note) == ["a2 launches"])
            #expect(try await b.news().map(\.proposal.note) == ["b2 launches"])
        }
    }

    @Test func whatIsNotAFeedIsRefusedWhereTheUserTypedIt() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/page", .body(Data("<!doctype html><html><head><title>x</title></head></html>".utf8), type: "text/html"))
        site.serve("/text", .body(Data("just words".utf8), type: "text/plain"))
        try await withTending { t in
            let ana = try await t.addPerson(Profile(displayName: "Ana"), tier: .intimate, on: day("2026-11-01"))
            for (address, message) in [
                ("ftp://example.com/feed", "'ftp://example.com/feed' is not an http:// or https:// address"),
                (site.url + "/page", "\(site.url)/page is a web page that names no feed"),
                (site.url + "/text", "\(site.url)/text: this is neither XML nor JSON, so not a feed"),
                (site.url + "/nothing", "\(site.url)/nothing: answered 404 Not Found"),
            ] {
                let e = await #expect(throws: TendError.self) { _ = try await t.followFeed(address, of: .person(ana.id), fetcher: Self.fetcher, at: Self.now) }
                #expect(e?.description == message)
            }
            #expect(try await t.feeds(at: Self.now).isEmpty, "nothing half-written")
        }
    }
}
