import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServer
import TendServices
import TendStore
import TendTestSupport

/// Calendars through the JSON API (issue 17): a dry run that lists every occurrence, the import, again, and refusals.
@Suite struct CalendarAPITests {
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TendInteropTests/Fixtures/calendars/" + name)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func anIcsFileDryRunThenImportThenAgain() async throws {
        try await withDatabase { db throws in
            let (account, token) = try await accountWithToken(db, "sam@example.com")
            let (readOnly, _) = try await APITokens(store: db.accessTokens).create(for: account, name: "read", scope: .read, at: fixedNow)
            let t = Tending(database: db, account: account)
            var profile = Profile(displayName: "Ana Lima")
            profile.emails = ["ana.lima@example.org"]
            let ana = try await t.addPerson(profile, tier: .intimate, on: day("2025-01-01"))
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                let google = try Self.fixture("google.ics")
                // The account's own address is "you": the declined drinks are no touch.
                var r = try await api.call(.post, "/calendars/import?dryRun=true&since=2026-10-01", body: google, contentType: "text/calendar")
                #expect(r.status == .ok && r.json["calendar"] as? String == "sam@example.com" && r.json["source"] as? String == "calendar:sam@example.com", "\(r.text)")
                #expect(r.json["occurrences"] as? Int == 12 && (r.json["skipped"] as? [String: Int])?["declined"] == 1, "\(r.text)")
                let lines = try #require(r.json["lines"] as? [[String: Any]])
                let lunch = try #require(lines.first { $0["title"] as? String == "Ana / Sam 1:1 (lunch instead)" })
                #expect(lunch["key"] as? String == "1on1-ana-7f3c2b@google.com|20261103T093000Z" && lunch["start"] as? String == "2026-11-04T12:00:00Z")
                #expect(lunch["channel"] as? String == "in-person" && lunch["status"] as? String == "added" && lunch["people"] as? [String] == ["Ana Lima"])
                #expect(try await t.touches(ListQuery()).isEmpty, "a dry run writes nothing")

                r = try await api.call(.post, "/calendars/import?since=2026-10-01&name=Work", body: google, contentType: "application/octet-stream")
                #expect(r.status == .ok && r.json["added"] as? Int == 7 && r.json["source"] as? String == "calendar:Work", "\(r.text)")
                #expect(try await t.touches(ListQuery(person: ana.id)).count == 7)
                r = try await api.call(.post, "/calendars/import?since=2026-10-01&name=Work", body: google, contentType: "text/calendar")
                #expect(r.status == .ok && r.json["added"] as? Int == 0 && r.json["unchanged"] as? Int == 7, "\(r.text)")

                // Bad input: each a problem with its field, nothing written.
                let broken = google.replacingOccurrences(of: "BYDAY=TU", with: "BYDAY=TUESDAY")
                r = try await api.call(.post, "/calendars/import?name=Broken", body: broken, contentType: "text/calendar")
                #expect(r.status == .unprocessableContent && r.isProblem && r.text.contains("line 29"), "\(r.text)")
                r = try await api.call(.post, "/calendars/import?name=Broken&skipInvalid=true&since=2026-10-01&dryRun=true", body: broken, contentType: "text/calendar")
                #expect(r.status == .ok && (r.json["problems"] as? [String])?.count == 1, "\(r.text)")
                r = try await api.call(.post, "/calendars/import?since=yesterday", body: google, contentType: "text/calendar")
                #expect(r.status == .badRequest && r.json["field"] as? String == "since", "\(r.text)")
                r = try await api.call(.post, "/calendars/import?me=sam", body: google, contentType: "text/calendar")
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "me", "\(r.text)")
                r = try await api.call(.post, "/calendars/import", body: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEND:VCARD\r\n", contentType: "text/calendar")
                #expect(r.status == .unprocessableContent && r.json["detail"] as? String == "This is not an iCalendar file: it does not begin with BEGIN:VCALENDAR.", "\(r.text)")
                r = try await api.call(.post, "/import", body: google, contentType: "application/octet-stream")
                #expect(r.status == .badRequest && (r.json["detail"] as? String)?.contains("/api/v1/calendars/import") == true, "\(r.text)")
                let read = APIClient(client: client, token: readOnly)
                #expect(try await read.call(.post, "/calendars/import", body: google, contentType: "text/calendar").status == .forbidden)
            }
        }
    }
}
