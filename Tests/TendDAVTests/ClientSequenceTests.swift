import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// The request sequences real clients send, from `../shared/CARDDAV.md` (read from Apple's, DAVx5's and
/// Thunderbird's sources), against the whole server.
@Suite struct ClientSequenceTests {
    @Test func applesDiscoveryFindsTheOneBookFromTheWellKnownAddress() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db)
            try await withApp(db) { client throws in
                let dav = DAVClient(client: client, user: "Ana@Example.com", password: password)
                // Without credentials: a redirect to the DAV root.
                let wellKnown = try await dav.call("PROPFIND", "/.well-known/carddav", depth: "0", authenticated: false)
                #expect(wellKnown.status == .movedPermanently && wellKnown.headers[.location] == "/dav/")
                #expect(try await dav.call("GET", "/.well-known/carddav", authenticated: false).status == .movedPermanently)

                let unauthenticated = try await dav.call("PROPFIND", "/dav/", depth: "0", authenticated: false)
                #expect(unauthenticated.status == .unauthorized)
                #expect(unauthenticated.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=\"Tend\"") == true)

                let root = try await dav.call("PROPFIND", "/dav/", depth: "0", body: DAVClient.propfind(["d:current-user-principal", "d:resourcetype"]))
                #expect(root.status.code == 207)
                let principal = try #require(root.response("/dav/")?.prop("current-user-principal")?.child("href")?.text)
                #expect(principal == "/dav/\(account.rawValue)/")

                let home = try await dav.call("PROPFIND", principal, depth: "0",
                                              body: DAVClient.propfind(["c:addressbook-home-set", "d:displayname", "d:principal-URL", "cs:email-address-set"]))
                let homeSet = try #require(home.response(principal)?.prop("addressbook-home-set")?.child("href")?.text)
                #expect(home.response(principal)?.missing("email-address-set") == true, "an unknown property is a 404 propstat")

                let books = try await dav.call("PROPFIND", homeSet, depth: "1",
                                               body: DAVClient.propfind(["d:resourcetype", "d:displayname", "cs:getctag", "d:current-user-privilege-set"]))
                let collections = books.responses.filter { $0.prop("resourcetype")?.child("addressbook") != nil }
                #expect(collections.map(\.href) == ["/dav/\(account.rawValue)/contacts/"], "exactly one address book")
                #expect(collections.first?.prop("getctag")?.text.isEmpty == false, "macOS needs a ctag")

                // macOS sets its me-card; a dead property is kept and given back.
                let meCard = "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:cs=\"http://calendarserver.org/ns/\"><d:set><d:prop>"
                    + "<cs:me-card><d:href>/dav/\(account.rawValue)/contacts/me.vcf</d:href></cs:me-card></d:prop></d:set></d:propertyupdate>"
                let patched = try await dav.call("PROPPATCH", collections[0].href, body: meCard)
                #expect(patched.status.code == 207 && patched.body.contains("200 OK"))
                let read = try await dav.call("PROPFIND", collections[0].href, depth: "0", body: DAVClient.propfind(["cs:me-card"]))
                #expect(read.response(collections[0].href)?.prop("me-card")?.child("href")?.text == "/dav/\(account.rawValue)/contacts/me.vcf")
                // A protected property cannot be set, and then nothing is.
                let refused = try await dav.call("PROPPATCH", collections[0].href, body: meCard.replacingOccurrences(of: "<cs:me-card>", with: "<cs:getctag>1</cs:getctag><cs:me-card>"))
                #expect(refused.body.contains("403 Forbidden") && refused.body.contains("424 Failed Dependency"))
            }
        }
    }

    @Test func davx5SyncsChangesAndDeletionsAndIsToldOfStaleWrites() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db)
            try await withApp(db) { client throws in
                let dav = DAVClient(client: client, user: "ana@example.com", password: password)
                let book = "/dav/\(account.rawValue)/contacts/"
                let options = try await dav.call("OPTIONS", book)
                #expect(options.status == .ok && options.headers[HTTPField.Name("DAV")!]?.contains("addressbook") == true)

                let props = try await dav.call("PROPFIND", book, depth: "0", body: DAVClient.propfind(["d:supported-report-set", "c:supported-address-data", "d:sync-token"]))
                #expect(props.body.contains("<D:sync-collection/>") && props.body.contains("version=\"4.0\""))
                let first = try await dav.call("REPORT", book, depth: "1", body: DAVClient.syncCollection(""))
                #expect(first.status.code == 207)
                let cards = first.responses.filter { $0.href.hasSuffix(".vcf") }
                #expect(cards.count == 2 && cards.allSatisfy { $0.prop("getetag") != nil })
                let token = try #require(first.xml?.child("sync-token")?.text)

                // A new card: created once, refused when it exists; the second write needs the current ETag.
                let put = try await dav.call("PUT", book + "new.vcf", headers: ["If-None-Match": "*", "Content-Type": "text/vcard; charset=utf-8"],
                                             body: vcard("Dee Dee", uid: "dee"))
                #expect(put.status == .created && put.etag != nil)
                #expect(try await dav.call("PUT", book + "new.vcf", headers: ["If-None-Match": "*", "Content-Type": "text/vcard"],
                                           body: vcard("Dee Dee", uid: "dee")).status == .preconditionFailed)
                #expect(try await dav.call("PUT", book + "new.vcf", headers: ["If-Match": "\"stale\"", "Content-Type": "text/vcard"],
                                           body: vcard("Dee Dee", uid: "dee")).status == .preconditionFailed)
                #expect(try await dav.call("PUT", book + "missing.vcf", headers: ["If-Match": put.etag!, "Content-Type": "text/vcard"],
                                           body: vcard("Eve", uid: "eve")).status == .preconditionFailed)
                #expect(try await dav.call("DELETE", book + "new.vcf", headers: ["If-Match": "\"stale\""]).status == .preconditionFailed)

                // Ben is archived in Tend: the next sync says his card is gone.
                let t = Tending(database: db, account: account)
                let ben = try await t.person("Ben Okafor")
                _ = try await t.editPerson(.id(ben.id), on: day("2026-11-27")) { $0.archived = true }
                let next = try await dav.call("REPORT", book, depth: "1", body: DAVClient.syncCollection(token))
                let benHref = try #require(cards.first { c in next.responses.contains { $0.href == c.href } }?.href)
                #expect(next.response(benHref)?.status == "HTTP/1.1 404 Not Found")
                #expect(next.response(book + "new.vcf")?.prop("getetag")?.text == put.etag)
                #expect(next.responses.count == 2)
                let newToken = try #require(next.xml?.child("sync-token")?.text)
                #expect(newToken != token)
                // A second sync with nothing new says nothing; the old token still works (tokens never expire).
                #expect(try await dav.call("REPORT", book, body: DAVClient.syncCollection(newToken)).responses.isEmpty)
                #expect(try await dav.call("REPORT", book, body: DAVClient.syncCollection(token)).responses.count == 2)
                // A limit gives the oldest changes and a token to go on from, and says the result was cut short.
                let limited = try await dav.call("REPORT", book, body: DAVClient.syncCollection(token, limit: 1))
                #expect(limited.responses.count == 2 && limited.response(book)?.status?.contains("507") == true)
                let rest = try await dav.call("REPORT", book, body: DAVClient.syncCollection(try #require(limited.xml?.child("sync-token")?.text)))
                #expect(rest.responses.filter { $0.href.hasSuffix(".vcf") }.count == 1)

                // A token from elsewhere: 403 valid-sync-token, and DAVx5 syncs from the start.
                let unknown = try await dav.call("REPORT", book, body: DAVClient.syncCollection("http://tend.invalid/ns/sync/999999"))
                #expect(unknown.status == .forbidden && unknown.body.contains("valid-sync-token"))
                #expect(try await dav.call("REPORT", book, body: DAVClient.syncCollection("https://example.org/1")).status == .forbidden)
                // Another instance's book (before `tend copy`, or a restore) gave out the same counters under another
                // epoch: refused, so the device does not keep cards this book never had.
                #expect(newToken.wholeMatch(of: /http:\/\/tend\.invalid\/ns\/sync\/[a-z0-9]{12}\/\d+/) != nil, "\(newToken)")
                let counter = try #require(newToken.split(separator: "/").last)
                for other in ["http://tend.invalid/ns/sync/aaaaaaaaaaaa/\(counter)", "http://tend.invalid/ns/sync/\(counter)"] {
                    #expect(try await dav.call("REPORT", book, body: DAVClient.syncCollection(other)).status == .forbidden, "\(other)")
                }
                #expect(try await dav.call("REPORT", book, body: DAVClient.syncCollection("http://tend.invalid/ns/sync/0")).status.code == 207,
                        "the beginning is the beginning of any book")
            }
        }
    }

    @Test func thunderbirdReadsTheFirstPropstatWritesWithoutPreconditionsAndMultigetsEveryChange() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db)
            try await withApp(db) { client throws in
                let dav = DAVClient(client: client, user: "ana@example.com", password: password)
                let book = "/dav/\(account.rawValue)/contacts/"
                let home = try await dav.call("PROPFIND", "/dav/\(account.rawValue)/", depth: "1",
                                              body: DAVClient.propfind(["d:resourcetype", "d:displayname", "d:current-user-privilege-set", "x:unknown xmlns:x=\"urn:x\""]))
                let entry = try #require(home.response(book))
                #expect(entry.propstats.first?.status == "HTTP/1.1 200 OK", "the 200 propstat comes first")
                #expect(entry.prop("current-user-privilege-set")?.children.contains { $0.child("write") != nil } == true, "writable")

                // Unconditional PUTs, as Thunderbird sends them.
                let created = try await dav.call("PUT", book + "tb-1.vcf", headers: ["Content-Type": "text/vcard; charset=utf-8"],
                                                 body: vcard("Fay Fong", uid: "tb-1", extra: ["EMAIL:fay@example.com"]))
                #expect(created.status == .created)
                let updated = try await dav.call("PUT", book + "tb-1.vcf", headers: ["Content-Type": "text/vcard; charset=utf-8"],
                                                 body: vcard("Fay Fong", uid: "tb-1", extra: ["EMAIL:fay@example.com", "TITLE:Editor"]))
                #expect(updated.status == .noContent)

                let listing = try await dav.call("PROPFIND", book, depth: "1", body: DAVClient.propfind(["d:getetag", "d:getcontenttype"]))
                let cards = listing.responses.filter { $0.href != book }
                #expect(cards.count == 3 && cards.allSatisfy { $0.prop("getcontenttype")?.text.contains("vcard") == true })
                let multiget = try await dav.call("REPORT", book, depth: "1", body: DAVClient.multiget(cards.map(\.href) + [book + "nothing.vcf"]))
                #expect(multiget.status.code == 207)
                for c in cards {
                    let got = try #require(multiget.response(c.href))
                    #expect(got.prop("getetag")?.text == c.prop("getetag")?.text, "one ETag in every response")
                    #expect(got.prop("address-data")?.text.hasPrefix("BEGIN:VCARD") == true)
                }
                #expect(multiget.response(book + "nothing.vcf")?.status == "HTTP/1.1 404 Not Found")
                // GET gives the same ETag as the listing.
                let fay = try await dav.call("GET", book + "tb-1.vcf")
                #expect(fay.status == .ok && fay.headers[.contentType]?.hasPrefix("text/vcard") == true)
                #expect(fay.etag == cards.first { $0.href == book + "tb-1.vcf" }?.prop("getetag")?.text)
                #expect(fay.body.contains("TITLE:Editor"))
                #expect(try await Tending(database: db, account: account).person("Fay Fong").profile.title == "Editor")

                // A search as an address book app sends it.
                let query = "<?xml version=\"1.0\"?><c:addressbook-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:prop><d:getetag/></d:prop>"
                    + "<c:filter><c:prop-filter name=\"EMAIL\"><c:text-match collation=\"i;unicode-casemap\" match-type=\"contains\">FAY@</c:text-match></c:prop-filter></c:filter></c:addressbook-query>"
                #expect(try await dav.call("REPORT", book, depth: "1", body: query).responses.map(\.href) == [book + "tb-1.vcf"])
                #expect(try await dav.call("DELETE", book + "tb-1.vcf").status == .noContent)
                #expect(try await dav.call("GET", book + "tb-1.vcf").status == .notFound)
            }
        }
    }

    @Test func eachClientGetsTheVCardVersionItAsksForUnderOneETag() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db, people: [])
            try await withApp(db) { client throws in
                let dav = DAVClient(client: client, user: "ana@example.com", password: password)
                let book = "/dav/\(account.rawValue)/contacts/"
                let card = vcard("Ana Lima", uid: "ana", extra: ["EMAIL;TYPE=work:ana@example.com", "PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgo=", "X-KEEP:me"])
                let put = try await dav.call("PUT", book + "ana.vcf", headers: ["Content-Type": "text/vcard"], body: card)
                let group = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Family\r\nN:Family;;;;\r\nX-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:ana\r\nUID:g\r\nEND:VCARD\r\n"
                _ = try await dav.call("PUT", book + "g.vcf", headers: ["Content-Type": "text/vcard"], body: group)
                let v4 = try await dav.call("REPORT", book, body: DAVClient.multiget([book + "ana.vcf", book + "g.vcf"], version: "4.0"))
                let ana = try #require(v4.response(book + "ana.vcf")?.prop("address-data")?.text)
                #expect(ana.contains("VERSION:4.0") && ana.contains("PHOTO:data:image/png;base64,iVBORw0KGgo=") && ana.contains("X-KEEP:me"))
                #expect(ana.contains("UID:ana") && ana.contains("EMAIL;TYPE=work:ana@example.com"))
                #expect(v4.response(book + "ana.vcf")?.prop("getetag")?.text == put.etag)
                let g = try #require(v4.response(book + "g.vcf")?.prop("address-data")?.text)
                #expect(g.contains("VERSION:4.0") && g.contains("KIND:group") && g.contains("MEMBER:urn:uuid:ana"))
                let v3 = try await dav.call("REPORT", book, body: DAVClient.multiget([book + "ana.vcf"], version: "3.0"))
                // (XML reads every CRLF in text as LF.)
                #expect(v3.response(book + "ana.vcf")?.prop("address-data")?.text == card.replacingOccurrences(of: "\r\n", with: "\n"), "asked for the version it is in: as written")
            }
        }
    }

    @Test func badInputGetsAClearRefusalAndNothingIsWritten() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db, people: [])
            let (other, _) = try await davAccount(db, "other@example.com", people: ["Someone Else"])
            try await withApp(db) { client throws in
                let dav = DAVClient(client: client, user: "ana@example.com", password: password)
                let book = "/dav/\(account.rawValue)/contacts/"
                let html = try await dav.call("PUT", book + "x.vcf", headers: ["Content-Type": "text/html"], body: "<p>hi</p>")
                #expect(html.status == .unsupportedMediaType)
                let notACard = try await dav.call("PUT", book + "x.vcf", headers: ["Content-Type": "text/vcard"], body: "HAHA:YES")
                #expect(notACard.status == .unsupportedMediaType && notACard.body.contains("valid-address-data"))
                let noName = try await dav.call("PUT", book + "x.vcf", headers: ["Content-Type": "text/vcard"],
                                                body: "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:a@b.c\r\nUID:x\r\nEND:VCARD\r\n")
                #expect(noName.status == .forbidden && noName.body.contains("no name"))
                let huge = try await dav.call("PUT", book + "x.vcf", headers: ["Content-Type": "text/vcard"],
                                              body: vcard("Big Photo", uid: "big", extra: ["PHOTO;ENCODING=b;TYPE=JPEG:" + String(repeating: "A", count: 1_100_000)]))
                #expect(huge.status == .contentTooLarge && huge.body.contains("max-resource-size"))
                let malformed = try await dav.call("PROPFIND", book, depth: "1", body: "<d:propfind xmlns:d=\"DAV:\"><d:prop>")
                #expect(malformed.status == .badRequest)
                let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                    + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:displayname>&lol2;</d:displayname></d:prop></d:propfind>"
                #expect(try await dav.call("PROPFIND", book, depth: "0", body: bomb).status == .badRequest)
                #expect(try await dav.call("REPORT", book, body: "<x:other xmlns:x=\"urn:x\"/>").status == .forbidden)
                // A prefix never declared (a dead property so kept would make every later listing unreadable).
                let undeclared = "<d:propertyupdate xmlns:d=\"DAV:\"><d:set><d:prop><q:color>red</q:color></d:prop></d:set></d:propertyupdate>"
                #expect(try await dav.call("PROPPATCH", book, body: undeclared).status == .badRequest)
                #expect(try await dav.call("MKCOL", "/dav/\(account.rawValue)/second/").status == .forbidden)
                #expect(try await dav.call("DELETE", book).status == .forbidden)

                // Wrong passwords, another account's hrefs.
                #expect(try await DAVClient(client: client, user: "ana@example.com", password: "aaaaa-bbbbb-ccccc-ddddd").call("PROPFIND", book).status == .unauthorized)
                #expect(try await DAVClient(client: client, user: "other@example.com", password: password).call("PROPFIND", book).status == .unauthorized,
                        "an app password opens its own account only")
                #expect(try await dav.call("PROPFIND", "/dav/\(other.rawValue)/contacts/", depth: "1").status == .notFound)
                #expect(try await dav.call("GET", "/dav/\(other.rawValue)/contacts/anything.vcf").status == .notFound)
                #expect(try await dav.call("PROPFIND", book, depth: "1").responses.count == 1, "nothing was stored")
            }
        }
    }

    @Test func appPasswordsTravelOnlyOverTLSOrLoopbackUnlessAllowed() async throws {
        try await withDatabase { db throws in
            let (account, password) = try await davAccount(db, people: [])
            try await withApp(db, trustProxy: true, allowPlainCardDAV: false) { client throws in
                let dav = DAVClient(client: client, user: "ana@example.com", password: password)
                let book = "/dav/\(account.rawValue)/contacts/"
                let plain = try await dav.call("PROPFIND", book, depth: "0")
                #expect(plain.status == .forbidden && plain.body.contains("HTTPS"))
                #expect(try await dav.call("PROPFIND", book, depth: "0", headers: ["X-Forwarded-Proto": "https"]).status.code == 207)
            }
        }
    }
}
