import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServer
import TendServices
import TendStore
import TendTestSupport

/// Chat exports through the JSON API: a dry run that lists every chat, choices by id, and refusals with their field.
@Suite struct ChatAPITests {
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TendInteropTests/Fixtures/chats/" + name)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func aWhatsAppChatAndATelegramExport() async throws {
        try await withDatabase { db throws in
            let (account, token) = try await accountWithToken(db, "sam@example.com")
            let (readOnly, _) = try await APITokens(store: db.accessTokens).create(for: account, name: "read", scope: .read, at: fixedNow)
            let t = Tending(database: db, account: account)
            let ana = try await t.addPerson(Profile(displayName: "Ana Lima"), tier: .intimate, on: day("2025-01-01"))
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                let chat = try Self.fixture("WhatsApp Chat with Ana Lima.txt")
                let name = "WhatsApp%20Chat%20with%20Ana%20Lima.txt"
                var r = try await api.call(.post, "/chats/import?dryRun=true&filename=\(name)", body: chat, contentType: "text/plain")
                #expect(r.status == .ok && r.json["touches"] as? Int == 3 && r.json["me"] as? String == "Sam Rivera", "\(r.text)")
                let line = try #require((r.json["chats"] as? [[String: Any]])?.first)
                #expect(line["status"] as? String == "imported" && line["personIds"] as? [Int64] == [ana.id.rawValue] && line["key"] as? String == "whatsapp:ana lima")
                #expect(try await t.touches(ListQuery()).isEmpty, "a dry run writes nothing")

                // The same file without its name: two senders and no way to tell which is you.
                r = try await api.call(.post, "/chats/import", body: chat, contentType: "application/octet-stream")
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "me", "\(r.text)")
                r = try await api.call(.post, "/chats/import?me=Sam%20Rivera&chat=Ana%20Lima%20%26%20Sam%20Rivera=\(ana.id)", body: chat, contentType: "text/plain")
                #expect(r.status == .ok && r.json["touches"] as? Int == 3, "\(r.text)")
                #expect(try await t.touches(ListQuery(person: ana.id)).count == 3)

                // Telegram: a chat chosen by title, a person by id only.
                let telegram = try Self.fixture("result.json")
                r = try await api.call(.post, "/chats/import?chat=Gus=Ana%20Lima", body: telegram, contentType: "application/octet-stream")
                #expect(r.status == .badRequest && r.json["field"] as? String == "chat", "\(r.text)")
                r = try await api.call(.post, "/chats/import?chat=Gus=new&dryRun=true", body: telegram, contentType: "application/octet-stream")
                #expect(r.status == .ok && r.json["added"] as? Int == 1 && r.json["app"] as? String == "Telegram", "\(r.text)")

                // Contacts are not a chat export, a chat export is not contacts, and a read-only token writes nothing.
                r = try await api.call(.post, "/chats/import", body: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEND:VCARD\r\n", contentType: "text/plain")
                #expect(r.status == .badRequest && r.isProblem, "\(r.text)")
                r = try await api.call(.post, "/import?filename=\(name)", body: chat, contentType: "application/octet-stream")
                #expect(r.status == .badRequest && (r.json["detail"] as? String)?.contains("/api/v1/chats/import") == true, "\(r.text)")
                let read = APIClient(client: client, token: readOnly)
                #expect(try await read.call(.post, "/chats/import?filename=\(name)", body: chat, contentType: "text/plain").status == .forbidden)
            }
        }
    }
}
