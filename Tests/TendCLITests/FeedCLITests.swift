import Foundation
import Testing
import TendTestSupport

/// Issue 18 through the real binary: a company's newsroom followed, polled when a launch is posted, its news
/// confirmed; what is not a feed refused with the reason.
@Suite struct FeedCLITests {
    @Test func aNewsroomIsFollowedPolledAndItsLaunchProposed() throws {
        let site = try Site()
        defer { site.close() }
        func rss(_ items: String) -> Data {
            Data("<rss version=\"2.0\"><channel><title>Quill Newsroom</title><link>https://quill.example/</link>\(items)</channel></rss>".utf8)
        }
        site.serve("/feed.xml", rss("<item><title>Quill opens in Lisbon</title><link>https://quill.example/lisbon</link></item>"), etag: "\"1\"")
        let cli = try CLI()
        defer { cli.remove() }
        let at = ["TEND_NOW": "2026-12-01T09:00:00Z"]
        func ok(_ arguments: [String]) throws -> String {
            let r = try cli.run(arguments, environment: at)
            #expect(r.status == 0, "tend \(arguments.joined(separator: " ")) failed: \(r.err)")
            return r.out
        }
        _ = try ok(["add", "Ana Lima", "--tier", "intimate", "--company", "Quill"])
        let refused = try cli.run(["feed", "add", site.url + "/feed.xml", "--company", "Quill"], environment: at)
        #expect(refused.status == 1 && refused.err.contains("127.0.0.1 is an address inside this server's network"))
        #expect(refused.err.contains("--allow-private-fetch"))
        let added = try ok(["feed", "add", site.url + "/feed.xml", "--company", "Quill", "--allow-private-fetch"])
        #expect(added.hasPrefix("Following Quill Newsroom (feed 1): \(site.url)/feed.xml\n"))
        #expect(try ok(["feed", "list"]).contains("1  Quill  Quill Newsroom  \(site.url)/feed.xml  checked just now"))

        #expect(try ok(["feed", "poll", "--allow-private-fetch"]) == "Polled 1 feed: 1 unchanged, 0 failing, 0 new posts, 0 for News.\n")
        site.serve("/feed.xml", rss("<item><title>Quill launches its app</title><link>https://quill.example/app</link></item>"
                                    + "<item><title>Quill opens in Lisbon</title><link>https://quill.example/lisbon</link></item>"), etag: "\"2\"")
        #expect(try ok(["feed", "poll", "--allow-private-fetch"]) == "Polled 1 feed: 0 unchanged, 0 failing, 1 new post, 1 for News.\n")
        let news = try ok(["news"])
        #expect(news.contains("1  LAUNCH  Ana Lima  Quill launches its app") && news.contains("Quill Newsroom · https://quill.example/app"))
        #expect(try ok(["news", "confirm", "1"]).contains("Confirmed: launch for Ana Lima"))
        #expect(try ok(["today"]).contains("CELEBRATE  Ana Lima"))

        site.serve("/feed.xml", .status(503))
        #expect(try ok(["feed", "poll", "--allow-private-fetch"]).contains("1 failing"))
        #expect(try ok(["feed", "list"]).contains("failing (1 in a row): answered 503 Service Unavailable"))
        #expect(try ok(["feed", "remove", "1"]) == "Stopped following feed 1.\n")
        let again = try cli.run(["feed", "remove", "1"], environment: at)
        #expect(again.status == 1 && again.err.contains("no feed 1"))
    }

    @Test func badInputIsRefusedWithTheReason() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let both = try cli.run(["feed", "add", "https://a.example/feed", "--person", "x", "--company", "y"])
        #expect(both.status == 64 && both.err.contains("say whose feed it is"))
        let nobody = try cli.run(["feed", "add", "https://a.example/feed", "--person", "Nobody"])
        #expect(nobody.status == 1 && nobody.err.contains("no person matches 'Nobody'"))
        let scheme = try cli.run(["feed", "add", "ftp://a.example/feed", "--company", "Quill"])
        #expect(scheme.status == 1 && scheme.err.contains("'ftp://a.example/feed' is not an http:// or https:// address"))
        let file = cli.home.appendingPathComponent("page.html")
        try "<!doctype html><html></html>".write(to: file, atomically: true, encoding: .utf8)
        let read = try cli.run(["feed", "read", file.path], useDefaultDatabase: true)
        #expect(read.status == 1 && read.err.contains("page.html: this is a web page, not a feed"))
        let missing = try cli.run(["feed", "read", "/nonexistent/feed.xml"], useDefaultDatabase: true)
        #expect(missing.status == 1 && missing.err.contains("cannot read /nonexistent/feed.xml"))
    }
}
