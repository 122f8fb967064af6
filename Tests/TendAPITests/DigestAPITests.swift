import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// The digest's settings and delivery log through the JSON API.
@Suite struct DigestAPITests {
    @Test func settingsAreReadChangedAndRefusedWithTheField() async throws {
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "ana@example.com")
            let (_, reader) = try await accountWithToken(db, "ben@example.com", scope: .read)
            try await withApp(db, allowPrivateTargets: false) { client throws in
                let api = APIClient(client: client, token: token)
                var r = try await api.get("/digest")
                #expect(r.status == .ok && r.json["frequency"] as? String == "off" && r.json["time"] as? String == "07:00" && r.json["next"] == nil)

                r = try await api.call(.put, "/digest", json: ["frequency": "weekly", "weekday": 3, "time": "06:45", "emailTo": "me@example.org"])
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json["weekday"] as? Int == 3 && r.json["time"] as? String == "06:45" && r.json["emailTo"] as? String == "me@example.org")
                // 27 November 2026 is a Friday: the next Wednesday is 2 December; the account has no zone, so UTC here.
                let next = try #require(r.json["next"] as? [String: Any])
                #expect(next["date"] as? String == "2026-12-02")

                for (body, field) in [(["time": "25:00"], "hour"), (["time": "7"], "time"), (["weekday": 9], "weekday"), (["ntfyPriority": 0], "ntfy-priority"),
                                      (["webhookUrl": "http://10.0.0.5/hook"], "webhook-url"), (["ntfyUrl": "gopher://x"], "ntfy-url"),
                                      (["emailTo": "nope"], "email-to")] as [([String: Any], String)] {
                    r = try await api.call(.put, "/digest", json: body)
                    #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == field, "\(body): \(r.text)")
                }
                r = try await api.call(.put, "/digest", json: ["frequency": "hourly"])
                #expect(r.status == .badRequest && r.isProblem)
                r = try await api.get("/digest")
                #expect(r.json["time"] as? String == "06:45" && r.json["webhookUrl"] == nil)

                // A read-only token reads, and cannot change.
                let read = APIClient(client: client, token: reader)
                #expect(try await read.get("/digest").status == .ok)
                #expect(try await read.call(.put, "/digest", json: ["frequency": "daily"]).status == .forbidden)
                #expect(try await read.get("/digest/deliveries").items.isEmpty)
            }
        }
    }

    @Test func aWebhooksSecretIsReturnedOnceAndTheLogListsTests() async throws {
        try await withDatabase { db throws in
            let (account, token) = try await accountWithToken(db, "ana@example.com")
            let receiver = try Receiver()
            defer { receiver.close() }
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                var r = try await api.call(.put, "/digest", json: ["frequency": "daily", "webhookUrl": receiver.url + "/hook"])
                let secret = try #require(r.json["webhookSecret"] as? String)
                #expect(secret.hasPrefix("whsec_"))
                r = try await api.get("/digest")
                #expect(r.json["webhookSecret"] == nil && r.json["webhookUrl"] as? String == receiver.url + "/hook")
                r = try await api.call(.put, "/digest", json: ["ntfyToken": "tk_1", "ntfyUrl": receiver.url + "/t"])
                #expect(r.json["hasNtfyToken"] as? Bool == true && !r.text.contains("tk_1") && r.json["webhookSecret"] == nil)

                let scheduler = Scheduler(database: db, senders: [], links: ActionLinkSource(database: db), publicURL: nil)
                _ = try await scheduler.sendTest(account: account, channel: .email, day: day("2026-11-27"), now: fixedNow)
                r = try await api.get("/digest/deliveries")
                let first = try #require(r.items.first)
                #expect(first["purpose"] as? String == "test" && first["status"] as? String == "failed" && first["channel"] as? String == "email")
                #expect((first["reason"] as? String)?.contains("mail is not set up") == true)
            }
        }
    }
}
