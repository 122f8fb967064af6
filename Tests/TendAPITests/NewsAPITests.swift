import Foundation
import Testing
@testable import TendAPI
import TendCore
import TendTestSupport

/// The News inbox through the JSON API (issue 18).
@Suite struct NewsAPITests {
    static func card(_ org: String, _ title: String) -> String {
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nORG:\(org)\r\nTITLE:\(title)\r\nEND:VCARD\r\n"
    }

    @Test func importProposesThenConfirmAndDismiss() async throws {
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "me@example.com")
            let (_, readOnly) = try await accountWithToken(db, "reader@example.com", scope: .read)
            let (_, otherToken) = try await accountWithToken(db, "other@example.com")
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                _ = try await api.call(.post, "/import", body: Self.card("Lumen", "Designer"), contentType: "text/vcard")
                let empty = try await api.get("/news")
                #expect(empty.status == .ok && empty.items.isEmpty && empty.json["waiting"] as? Int == 0)

                let imported = try await api.call(.post, "/import", body: Self.card("Quill", "Design Lead"), contentType: "text/vcard")
                let proposed = try #require(imported.json["proposed"] as? [[String: Any]])
                #expect(proposed.count == 1 && proposed.first?["kind"] as? String == "new job")
                #expect(proposed.first?["note"] as? String == "was Designer at Lumen, now Design Lead at Quill")

                let news = try await api.get("/news")
                #expect(news.json["waiting"] as? Int == 1)
                let item = try #require(news.items.first)
                #expect(item["kind"] as? String == "win:new-job" && item["personName"] as? String == "Ana Lima")
                #expect(item["source"] as? String == "vCard import" && item["state"] as? String == "pending")
                #expect((item["job"] as? [String: Any])?["company"] as? String == "Quill")
                let id = try #require((item["id"] as? NSNumber)?.int64Value)

                // A read-only token reads but cannot decide; another account sees nothing.
                let reader = APIClient(client: client, token: readOnly)
                #expect(try await reader.post("/news/\(id)/dismiss").status == .forbidden)
                let other = APIClient(client: client, token: otherToken)
                #expect(try await other.get("/news").items.isEmpty)
                let foreign = try await other.post("/news/\(id)/dismiss")
                #expect(foreign.status == .notFound && foreign.isProblem)

                let bad = try await api.post("/news/\(id)/confirm", ["kind": "win:nope"])
                #expect(bad.status == .badRequest && bad.isProblem)
                let confirmed = try await api.post("/news/\(id)/confirm", ["kind": "win:promotion"])
                #expect(confirmed.status == .ok, "\(confirmed.text)")
                #expect((confirmed.json["news"] as? [String: Any])?["state"] as? String == "confirmed")
                #expect((confirmed.json["moment"] as? [String: Any])?["kind"] as? String == "win:promotion")
                let person = try await api.get("/people?q=Ana")
                #expect(person.items.first?["company"] as? String == "Quill" && person.items.first?["title"] as? String == "Design Lead")
                let twice = try await api.post("/news/\(id)/dismiss")
                #expect(twice.status == .conflict && twice.isProblem)
                #expect(try await api.get("/news?state=confirmed").items.count == 1)
                #expect(try await api.get("/news?state=all").items.count == 1)
                #expect(try await api.get("/news?state=bogus").status == .badRequest)
                #expect(try await api.post("/news/999/confirm").status == .notFound)
            }
        }
    }
}
