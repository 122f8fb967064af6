import Foundation
import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// Feeds through the JSON API (issue 18): followed from a site or a feed's address, listed, read and stopped, from a
/// loopback site; private addresses refused where the instance does not allow them.
@Suite struct FeedAPITests {
    static func site() throws -> Site {
        let site = try Site()
        site.serve("/", .body(Data(#"<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head></html>"#.utf8), type: "text/html"))
        site.serve("/atom.xml", .body(Data("""
            <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ben writes</title><link href="/"/>
            <entry><title>I'm joining Quill</title><link href="/joining"/><id>j</id><updated>2026-11-20T10:00:00Z</updated></entry>
            <entry><title>Notes on gardens</title><link href="/gardens"/><id>g</id><updated>2026-11-02T10:00:00Z</updated></entry></feed>
            """.utf8), type: "application/atom+xml"))
        site.serve("/news.xml", .body(Data("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Quill newsroom</title><link>https://quill.example/</link>
            <item><title>Quill raises its Series B</title><link>https://quill.example/b</link><guid>b</guid></item></channel></rss>
            """.utf8), type: "application/rss+xml"))
        return site
    }

    static func id(_ r: APIClient.Reply) throws -> Int64 { try #require((r.json["id"] as? NSNumber)?.int64Value, "\(r.text)") }

    @Test func feedsAreFollowedListedReadAndStopped() async throws {
        let site = try Self.site()
        defer { site.close() }
        try await withDatabase { db throws in
            let (account, token) = try await accountWithToken(db, "me@example.com")
            let (_, readOnly) = try await accountWithToken(db, "reader@example.com", scope: .read)
            let (otherAccount, otherToken) = try await accountWithToken(db, "other@example.com")
            let ben = try await Tending(database: db, account: account)
                .addPerson(Profile(displayName: "Ben Okafor", company: "Quill"), tier: .intimate, on: day("2026-11-01"))
            let zed = try await Tending(database: db, account: otherAccount).addPerson(Profile(displayName: "Zed"), tier: .familiar, on: day("2026-11-01"))
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                // A site: its page names the feed, which is what is followed.
                var r = try await api.post("/feeds", ["address": site.url, "personId": ben.id.rawValue])
                #expect(r.status == .created && r.json["url"] as? String == site.url + "/atom.xml", "\(r.text)")
                #expect(r.json["title"] as? String == "Ben writes" && r.json["ownerName"] as? String == "Ben Okafor")
                #expect((r.json["personId"] as? NSNumber)?.int64Value == ben.id.rawValue && r.json["company"] == nil)
                #expect(r.json["status"] as? String == "checked just now" && r.json["broken"] as? Bool == false)
                let bens = try Self.id(r)
                r = try await api.post("/feeds", ["address": site.url + "/news.xml", "company": "  Quill "])
                #expect(r.status == .created && r.json["company"] as? String == "Quill" && r.json["ownerName"] as? String == "Quill", "\(r.text)")
                let quills = try Self.id(r)

                // What cannot be followed says why, with the field; nothing is added.
                r = try await api.post("/feeds", ["address": site.url + "/atom.xml", "personId": ben.id.rawValue])
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "feed", "already followed: \(r.text)")
                r = try await api.post("/feeds", ["address": site.url + "/missing", "personId": ben.id.rawValue])
                #expect(r.status == .unprocessableContent && (r.json["detail"] as? String ?? "").contains("answered 404 Not Found"), "\(r.text)")
                r = try await api.post("/feeds", ["address": "ftp://quill.example/feed", "company": "Quill"])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "feed", "\(r.text)")
                r = try await api.post("/feeds", ["address": site.url + "/news.xml"])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "personId", "\(r.text)")
                r = try await api.post("/feeds", ["address": site.url + "/news.xml", "personId": ben.id.rawValue, "company": "Quill"])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "company", "\(r.text)")
                r = try await api.post("/feeds", ["address": site.url + "/news.xml", "company": " "])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "company", "\(r.text)")
                #expect(try await api.post("/feeds", ["address": site.url, "personId": zed.id.rawValue]).status == .notFound, "another account's person")
                #expect(try await api.call(.post, "/feeds", body: "{", contentType: "application/json").status == .badRequest)

                // Listed: every feed, or a person's with their company's.
                r = try await api.get("/feeds")
                #expect(r.status == .ok && r.items.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [bens, quills], "\(r.text)")
                r = try await api.get("/feeds?personId=\(ben.id.rawValue)")
                #expect(r.items.count == 2, "Ben's and his company's: \(r.text)")
                #expect(try await api.get("/feeds?personId=\(zed.id.rawValue)").status == .notFound)

                // One feed with its posts, newest first, each read as news or not.
                r = try await api.get("/feeds/\(bens)")
                let posts = r.json["posts"] as? [[String: Any]] ?? []
                #expect(r.status == .ok && posts.map { $0["title"] as? String } == ["I'm joining Quill", "Notes on gardens"], "\(r.text)")
                #expect(posts.first?["news"] as? String == "win:new-job" && posts.last?["news"] == nil)
                #expect(posts.first?["link"] as? String == site.url + "/joining" && posts.first?["publishedOn"] as? String == "2026-11-20")
                #expect((try await api.get("/feeds/\(bens)?limit=1").json["posts"] as? [Any])?.count == 1)
                #expect(try await api.get("/feeds/\(bens)?limit=0").status == .badRequest)

                // A read-only token reads; another account sees nothing of these.
                let reader = APIClient(client: client, token: readOnly)
                #expect(try await reader.get("/feeds").status == .ok)
                #expect(try await reader.post("/feeds", ["address": site.url, "company": "Lumen"]).status == .forbidden)
                #expect(try await reader.call(.delete, "/feeds/\(bens)").status == .forbidden)
                let other = APIClient(client: client, token: otherToken)
                #expect(try await other.get("/feeds").items.isEmpty)
                #expect(try await other.get("/feeds/\(bens)").status == .notFound)
                #expect(try await other.call(.delete, "/feeds/\(bens)").status == .notFound)

                // Stopped: gone from the list; once only.
                #expect(try await api.call(.delete, "/feeds/\(bens)").status == .noContent)
                #expect(try await api.call(.delete, "/feeds/\(bens)").status == .notFound)
                #expect(try await api.get("/feeds/\(bens)").status == .notFound)
                #expect(try await api.get("/feeds").items.count == 1)
            }
        }
    }

    @Test func aHostedInstanceRefusesPrivateAddresses() async throws {
        let site = try Self.site()
        defer { site.close() }
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "me@example.com")
            try await withApp(db, allowPrivateFetch: false) { client throws in
                let r = try await APIClient(client: client, token: token).post("/feeds", ["address": site.url + "/news.xml", "company": "Quill"])
                #expect(r.status == .unprocessableContent && (r.json["detail"] as? String ?? "").contains("inside this server's network"), "\(r.text)")
                #expect(site.requests.isEmpty, "nothing was fetched")
            }
        }
    }
}
