import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServer
import TendServices
import TendStore
import TendTestSupport

/// Calendar subscriptions through the JSON API (issue 17): subscribe to a loopback calendar, list it without its
/// secret, poll it (304), refusals as problems, unsubscribe; a read-only token cannot change anything.
@Suite struct CalendarSubscriptionAPITests {
    @Test func subscribeListPollAndUnsubscribe() async throws {
        let site = try Site()
        defer { site.close() }
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Team\r\nBEGIN:VEVENT\r\nUID:u1\r\nDTSTAMP:20261101T000000Z\r\n"
            + "DTSTART:20261125T100000Z\r\nDURATION:PT30M\r\nSUMMARY:Sync\r\nLOCATION:https://meet.google.com/abc-defg-hij\r\n"
            + "ATTENDEE:mailto:ana.lima@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        site.serve("/s3cr3t/team.ics", .body(Data(ics.utf8), type: "text/calendar", etag: "\"t1\""))
        try await withDatabase { db throws in
            let (account, token) = try await accountWithToken(db, "sam@example.com")
            let (readOnly, _) = try await APITokens(store: db.accessTokens).create(for: account, name: "read", scope: .read, at: fixedNow)
            let t = Tending(database: db, account: account)
            _ = try await t.addPerson(Profile(displayName: "Ana Lima", emails: ["ana.lima@example.org"]), tier: .intimate, on: day("2025-01-01"))
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                var r = try await api.call(.post, "/calendars/subscriptions", json: ["address": site.url + "/s3cr3t/team.ics"])
                #expect(r.status == .created, "\(r.text)")
                let sub = try #require(r.json["subscription"] as? [String: Any])
                #expect(sub["name"] as? String == "Team" && sub["source"] as? String == "calendar:Team")
                #expect(sub["address"] as? String == "http://127.0.0.1:\(site.port)/…/team.ics" && !r.text.contains("s3cr3t"))
                #expect((r.json["report"] as? [String: Any])?["added"] as? Int == 1)
                let id = try #require(sub["id"] as? Int)
                #expect(try await t.touches(ListQuery()).first?.channel == .video)

                r = try await api.call(.get, "/calendars/subscriptions")
                let items = try #require(r.json["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["read"] as? Int == 1 && !r.text.contains("s3cr3t"), "\(r.text)")

                r = try await api.call(.post, "/calendars/subscriptions/\(id)/poll")
                #expect(r.status == .ok && r.json["notModified"] as? Bool == true && r.json["report"] == nil, "\(r.text)")
                #expect(site.requests.last?.header("If-None-Match") == "\"t1\"")

                // Refusals: each a problem, nothing stored.
                r = try await api.call(.post, "/calendars/subscriptions", json: ["address": "mailto:sam@example.com"])
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "address", "\(r.text)")
                r = try await api.call(.post, "/calendars/subscriptions", json: ["address": site.url + "/s3cr3t/team.ics", "name": "Team"])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "name", "\(r.text)")
                r = try await api.call(.post, "/calendars/subscriptions", json: ["name": "No address"])
                #expect(r.status == .badRequest && r.isProblem, "\(r.text)")
                r = try await api.call(.post, "/calendars/subscriptions/999/poll")
                #expect(r.status == .notFound && r.isProblem)
                site.serve("/s3cr3t/team.ics", .status(500))
                r = try await api.call(.post, "/calendars/subscriptions/\(id)/poll")
                #expect(r.status == .badGateway && r.text.contains("Answered 500 Internal Server Error"), "\(r.text)")

                let reader = APIClient(client: client, token: readOnly)
                #expect(try await reader.call(.get, "/calendars/subscriptions").status == .ok)
                #expect(try await reader.call(.delete, "/calendars/subscriptions/\(id)").status == .forbidden)
                #expect(try await reader.call(.post, "/calendars/subscriptions", json: ["address": site.url + "/x.ics"]).status == .forbidden)

                r = try await api.call(.delete, "/calendars/subscriptions/\(id)")
                #expect(r.status == .ok && r.json["touchesRemoved"] as? Int == 1, "\(r.text)")
                #expect(try await t.touches(ListQuery()).isEmpty)
                #expect(try await api.call(.delete, "/calendars/subscriptions/\(id)").status == .notFound)
            }
        }
    }
}
