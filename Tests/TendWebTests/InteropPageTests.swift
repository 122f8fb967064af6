import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendServices
import TendStore
import TendTestSupport

@Suite struct InteropPageTests {
    static let cards = Data("""
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nBDAY:1990-04-12\r\nX-ANNIVERSARY:2015-06-20\r\nEND:VCARD\r
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben Lima\r\nTEL:+351 912 000 111\r\nEND:VCARD\r

        """.utf8)

    func peopleCount(_ db: any TendDatabase, _ email: String) async throws -> Int {
        let account = try #require(try await db.accounts.account(email: email))
        return try await db.read(account: account.id) { try await $0.people.count() }
    }

    @Test func importPreviewsThenImportsAndNeverDuplicates() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let form = try await b.get("/import")
                #expect(form.status == .ok && form.body.contains(#"enctype="multipart/form-data""#))

                let preview = try await b.postFile("/import", file: ("file", "contacts.vcf", Self.cards), [("format", "auto"), ("tags", "phone")])
                #expect(preview.status == .ok)
                #expect(preview.body.contains("Would add 2 people, would update 0, 0 already up to date, skipped 0."))
                #expect(preview.body.contains("<td>Ana Lima</td>") && preview.body.contains("<td>Ben Lima</td>"))
                #expect(!preview.body.contains("already in your network"))
                #expect(try await peopleCount(db, "ana@example.com") == 0, "a preview writes nothing")

                let token = try #require(preview.body.firstMatch(of: /name="token" value="([A-Za-z0-9_-]+)"/)?.1)
                let done = try await b.post("/import/confirm", [("token", String(token))])
                #expect(done.status == .seeOther && done.location == "/people")
                let people = try await b.get("/people")
                #expect(people.body.contains("Added 2 people, updated 0, 0 already up to date, skipped 0."))
                #expect(try await peopleCount(db, "ana@example.com") == 2)
                let ana = try await b.get("/people/1")
                #expect(ana.body.contains("20 June 2015") && ana.body.contains("phone"))

                // The token is used up, and the same file again adds nobody.
                let again = try await b.post("/import/confirm", [("token", String(token))])
                #expect(again.status == .badRequest && again.body.contains("That preview has expired."))
                let second = try await b.postFile("/import", file: ("file", "contacts.vcf", Self.cards), [("tags", "phone")])
                #expect(second.body.contains("2 already in your network with nothing new.") && second.body.contains("There is nothing new to import."))
            }
        }
    }

    @Test func badFilesGetClearMessagesAndWriteNothing() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let none = try await b.postFile("/import", file: ("file", "", Data()))
                #expect(none.status == .badRequest && none.body.contains("Choose a file to import."))
                let binary = try await b.postFile("/import", file: ("file", "photo.png", Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])))
                #expect(binary.status == .badRequest && binary.body.contains("photo.png: this is a binary file, not contacts"))
                let latin1 = try await b.postFile("/import", file: ("file", "old.csv", Data("Name\nJos".utf8) + Data([0xE9]) + Data("\n".utf8)))
                #expect(latin1.status == .badRequest && latin1.body.contains("line 2 is not valid UTF-8"))
                let nameless = Self.cards + Data("BEGIN:VCARD\nEMAIL:x@example.com\nEND:VCARD\n".utf8)
                let refused = try await b.postFile("/import", file: ("file", "c.vcf", nameless))
                #expect(refused.status == .badRequest)
                #expect(refused.body.contains("a record cannot be read, so nothing was imported"))
                #expect(refused.body.contains("<li>line 13 (x@example.com): this vCard has no name (no FN or N)</li>"))
                let skipping = try await b.postFile("/import", file: ("file", "c.vcf", nameless), [("skip_invalid", "1")])
                #expect(skipping.status == .ok && skipping.body.contains("this vCard has no name"))
                let mapped = try await b.postFile("/import", file: ("file", "x.csv", Data("Colour\nred\n".utf8)), [("format", "csv"), ("map", "Colour=favourite")])
                #expect(mapped.status == .badRequest && mapped.body.contains("Unknown field &#39;favourite&#39; in --map"))
                let huge = try await b.postFile("/import", file: ("file", "big.vcf", Data(count: 21 * 1024 * 1024)))
                #expect(huge.status == .contentTooLarge && huge.body.contains("That file is larger than 20 MB."))
                let elsewhere = try await b.postFile("/people", file: ("file", "big.vcf", Data(count: 100 * 1024)), [("name", "X")])
                #expect(elsewhere.status == .contentTooLarge, "only the import page takes large files")
                #expect(try await peopleCount(db, "ana@example.com") == 0)
            }
        }
    }

    @Test func anotherAccountCannotUseAPreview() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let a = Browser(client), b = Browser(client)
                try await a.signUp("ana@example.com")
                try await b.signUp("ben@example.com")
                let preview = try await a.postFile("/import", file: ("file", "c.vcf", Self.cards))
                let token = try #require(preview.body.firstMatch(of: /name="token" value="([A-Za-z0-9_-]+)"/)?.1)
                let stolen = try await b.post("/import/confirm", [("token", String(token))])
                #expect(stolen.status == .badRequest)
                #expect(try await peopleCount(db, "ben@example.com") == 0)
                #expect(try await peopleCount(db, "ana@example.com") == 0)
            }
        }
    }

    @Test func downloads() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let preview = try await b.postFile("/import", file: ("file", "c.vcf", Self.cards))
                let token = try #require(preview.body.firstMatch(of: /name="token" value="([A-Za-z0-9_-]+)"/)?.1)
                try await b.post("/import/confirm", [("token", String(token))])

                let backup = try await b.get("/export/backup.json")
                #expect(backup.status == .ok && backup.headers[.contentType] == "application/json")
                #expect(backup.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"tend-backup-") == true)
                #expect(backup.body.contains("\"format\" : \"tend-backup-1\"") && backup.body.contains("Ana Lima"))

                let v4 = try await b.get("/export/contacts.vcf")
                #expect(v4.headers[.contentType] == "text/vcard; charset=utf-8")
                #expect(v4.body.components(separatedBy: "BEGIN:VCARD").count - 1 == 2 && v4.body.contains("VERSION:4.0"))
                let v3 = try await b.get("/export/contacts.vcf?version=3.0&tier=familiar")
                #expect(v3.body.contains("VERSION:3.0")
                        && v3.headers[.contentDisposition] == "attachment; filename=\"tend-familiar.vcf\"; filename*=UTF-8''tend-familiar.vcf")
                // A tag is the user's text: it cannot add a parameter to the header.
                let tagged = try await b.get("/export/contacts.vcf?tag=x%22%3B%20filename%3D%22evil.html")
                let disposition = try #require(tagged.headers[.contentDisposition])
                #expect(disposition == "attachment; filename=\"tend-x___filename__evil.html.vcf\"; filename*=UTF-8''tend-x%22%3B%20filename%3D%22evil.html.vcf")
                #expect(disposition.components(separatedBy: "filename=").count == 2)
                let accented = try await b.get("/export/contacts.vcf?tag=escalade")
                #expect(accented.headers[.contentDisposition]?.contains("filename*=UTF-8''tend-escalade.vcf") == true)
                #expect(try await b.get("/export/contacts.vcf?tier=meaningful").body.isEmpty)
                #expect(try await b.get("/export/contacts.vcf?version=2.1").status == .badRequest)
                #expect(try await b.get("/export/contacts.vcf?tier=best").status == .badRequest)

                let ics = try await b.get("/export/calendar.ics")
                #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(ics.body.contains("SUMMARY:Ana Lima's birthday (born 1990)"))

                let people = try await b.get("/people?tier=familiar")
                #expect(people.body.contains(#"href="/export/contacts.vcf?tier=familiar""#))

                // Signed out, none of it.
                let stranger = Browser(client)
                #expect(try await stranger.get("/export/backup.json").status == .seeOther)
            }
        }
    }

    @Test func calendarFeedIsSecretAndRevocable() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                #expect(try await b.get("/settings").body.contains("Turn on the calendar feed"))
                let on = try await b.post("/settings/calendar-feed", [("action", "on")])
                #expect(on.status == .seeOther)
                let settings = try await b.get("/settings")
                #expect(settings.body.contains("Calendar feed turned on"))
                let url = try #require(settings.body.firstMatch(of: /value="http:\/\/[^\/"]*(\/feeds\/[A-Za-z0-9_-]{43}\.ics)"/)?.1)

                let stranger = Browser(client)
                let feed = try await stranger.get(String(url))
                #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(feed.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
                // Calendar apps ask with HEAD first: the same answer, without the body.
                let (headStatus, headHeaders, headBody) = try await stranger.send(String(url), .head, [:], nil)
                #expect(headStatus == .ok && headHeaders[.contentType] == "text/calendar; charset=utf-8" && headBody.readableBytes == 0)

                try await b.post("/settings/calendar-feed", [("action", "renew")])
                #expect(try await stranger.get(String(url)).status == .notFound, "the old address stops working")
                #expect(try await stranger.send(String(url), .head, [:], nil).0 == .notFound)
                try await b.post("/settings/calendar-feed", [("action", "off")])
                #expect(try await b.get("/settings").body.contains("Turn on the calendar feed"))
                #expect(try await stranger.get("/feeds/not-a-real-token-but-long-enough-0123456789.ics").status == .notFound)
                #expect(try await b.post("/settings/calendar-feed", [("action", "explode")]).status == .badRequest)
            }
        }
    }
}
