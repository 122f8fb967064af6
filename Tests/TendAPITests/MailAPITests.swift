import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TendCore
import TendServer
import TendServices
import TendStore
import TendTestSupport

/// Mail capture through the JSON API (issue 16): the rules, an mbox streamed in, the Captured review, and mailboxes
/// connected, read and forgotten against a real IMAP server.
@Suite struct MailAPITests {
    /// An account whose people are the fixtures' correspondents, and a read-write and a read-only token.
    static func setUp(_ db: any TendDatabase) async throws -> (Tending, String, String) {
        let (account, token) = try await accountWithToken(db, MailFixtures.me)
        let (_, _) = try await accountWithToken(db, "other@example.com")
        let (secret, _) = try await APITokens(store: db.accessTokens).create(for: account, name: "read", scope: .read, at: fixedNow)
        let t = Tending(database: db, account: account)
        _ = try await t.updateSettings { $0.timeZone = "UTC" }
        for p in MailFixtures.people {
            _ = try await t.addPerson(Profile(displayName: p.name, emails: [p.email]), tier: Tier(rawValue: p.tier)!, on: day("2026-10-01"))
        }
        return (t, token, secret)
    }

    @Test func rulesAreReadChangedAndRefusedWithTheField() async throws {
        try await withDatabase { db throws in
            let (_, token, readOnly) = try await Self.setUp(db)
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                var r = try await api.get("/mail/settings")
                #expect(r.status == .ok && r.json["maxRecipients"] as? Int == 20 && r.json["keepSubjects"] as? Bool == true, "\(r.text)")
                r = try await api.call(.put, "/mail/settings", json: ["addresses": ["Me@Work.example"], "replyAfterDays": 5])
                #expect(r.status == .ok && r.json["addresses"] as? [String] == ["me@work.example"] && r.json["replyAfterDays"] as? Int == 5, "\(r.text)")
                #expect(r.json["maxRecipients"] as? Int == 20, "what is left out stays")
                r = try await api.call(.put, "/mail/settings", json: ["addresses": ["not an address"]])
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "addresses", "\(r.text)")
                r = try await api.call(.put, "/mail/settings", json: ["pollMinutes": 1])
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "poll-minutes", "\(r.text)")
                #expect(try await api.get("/mail/settings").json["replyAfterDays"] as? Int == 5)
                let read = APIClient(client: client, token: readOnly)
                #expect(try await read.get("/mail/settings").status == .ok)
                #expect(try await read.call(.put, "/mail/settings", json: ["replyAfterDays": 2]).status == .forbidden)
            }
        }
    }

    @Test func anMboxIsImportedOnceAndReviewed() async throws {
        try await withDatabase { db throws in
            let (t, token, readOnly) = try await Self.setUp(db)
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                let win = try await t.recordMoment("José Martínez", kind: .win(.newJob), on: day("2026-11-25"))
                var r = try await api.call(.post, "/mail/import?dryRun=true", body: MailFixtures.mbox, contentType: "application/mbox")
                #expect(r.status == .ok && r.json["touches"] as? Int == 6 && r.json["moments"] as? Int == 1, "\(r.text)")
                #expect(try await t.captured(today: day("2026-11-27")).touches.isEmpty, "a dry run writes nothing")

                r = try await api.call(.post, "/mail/import", body: MailFixtures.mbox, contentType: "application/octet-stream")
                #expect(r.status == .ok && r.json["touches"] as? Int == 6 && r.json["asks"] as? Int == 1, "\(r.text)")
                #expect((r.json["skipped"] as? [String: Int])?.isEmpty == false && (r.json["summary"] as? String)?.isEmpty == false)
                #expect(try await t.moment(win.id)?.state == .answered, "the congratulation by mail answered José's win")
                r = try await api.call(.post, "/mail/import", body: MailFixtures.mbox, contentType: "application/mbox")
                #expect(r.status == .ok && r.json["touches"] as? Int == 0 && (r.json["alreadyRead"] as? Int ?? 0) > 0, "the same mail adds nothing: \(r.text)")

                // Not an mbox: refused, nothing written; an address of the user's that is not one.
                r = try await api.call(.post, "/mail/import", body: "BEGIN:VCARD\r\nEND:VCARD\r\n", contentType: "application/mbox")
                #expect(r.status == .unprocessableContent && r.isProblem && r.json["field"] as? String == "body", "\(r.text)")
                r = try await api.call(.post, "/mail/import?me=nobody", body: MailFixtures.mbox, contentType: "application/mbox")
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "me", "\(r.text)")
                r = try await api.call(.post, "/mail/import", body: "{}", contentType: "application/json")
                #expect(r.status == .unsupportedMediaType || r.status == .badRequest, "\(r.status) \(r.text)")
                #expect(try await APIClient(client: client, token: readOnly).call(.post, "/mail/import", body: MailFixtures.mbox,
                                                                                  contentType: "application/mbox").status == .forbidden)

                // The review: the ask is proposed as one, until corrected.
                r = try await api.get("/captured")
                #expect(r.status == .ok && r.items.count == 6 && r.json["unreviewed"] as? Int == 6, "\(r.text)")
                let ask = try #require(r.items.first { ($0["touch"] as? [String: Any])?["intent"] as? String == "ask:help" })
                #expect(ask["names"] as? [String] == ["Ben Okafor"] && ask["source"] as? String == "mbox" && ask["reviewed"] as? Bool == false)
                let toAdd = try #require(r.json["toAdd"] as? [[String: Any]])
                #expect(toAdd.contains { $0["address"] as? String == "frank@example.net" && $0["messages"] as? Int == 3 }, "\(toAdd)")
                let askID = try #require(((ask["touch"] as? [String: Any])?["id"] as? NSNumber)?.int64Value)
                r = try await api.post("/captured/\(askID)/intent", ["intent": "check-in"])
                #expect(r.status == .ok && r.json["intent"] as? String == "check-in", "\(r.text)")
                #expect(try await api.post("/captured/\(askID)/intent", ["intent": "nonsense"]).status == .badRequest)
                #expect(try await api.post("/captured/999999/intent", ["intent": "check-in"]).status == .notFound)
                #expect(try await api.get("/captured?days=0").status == .badRequest)
                r = try await api.post("/captured/confirm")
                #expect(r.status == .ok && r.json["confirmed"] as? Int == 5, "\(r.text)")
                #expect(try await api.get("/captured").json["unreviewed"] as? Int == 0)

                // People to add: one added with their address, one never offered again.
                r = try await api.post("/captured/correspondents", ["address": "Frank@example.net", "name": "Frank Hale"])
                #expect(r.status == .created && r.json["name"] as? String == "Frank Hale" && r.json["tier"] as? String == "familiar", "\(r.text)")
                #expect(try await api.post("/captured/correspondents", ["address": "nope"]).status == .unprocessableContent)
                #expect(try await api.post("/captured/correspondents/dismiss", ["address": "nope"]).status == .unprocessableContent)
                let others = (try await api.get("/captured").json["toAdd"] as? [[String: Any]] ?? []).compactMap { $0["address"] as? String }
                #expect(!others.contains("frank@example.net"), "Frank is in Tend now")
                for address in others + ["someone-never-written@example.net"] {
                    #expect(try await api.post("/captured/correspondents/dismiss", ["address": address]).status == .noContent)
                }
                #expect((try await api.get("/captured").json["toAdd"] as? [[String: Any]])?.isEmpty == true)
            }
        }
    }

    /// A mailbox through the API against Dovecot: tested, connected (its password never shown), read, refused while
    /// another read holds it, and forgotten with its touches.
    @Test(.enabled(if: IMAPServer.available)) func aMailboxIsConnectedReadAndForgotten() async throws {
        let server = try IMAPServer(user: MailFixtures.me, password: "correct horse battery")
        for m in MailFixtures.messages { try server.deliver(m.raw, to: m.folder, at: m.date) }
        defer { server.stop() }
        try await withDatabase { db throws in
            let (t, token, readOnly) = try await Self.setUp(db)
            try await withApp(db, configure: { $0.imapCA = server.certificate.path }) { client throws in
                let api = APIClient(client: client, token: token)
                let login: [String: Any] = ["host": "127.0.0.1", "port": server.imapsPort, "username": server.user, "password": server.password]
                var r = try await api.post("/mailboxes/test", login)
                #expect(r.status == .ok && (r.json["summary"] as? String)?.hasPrefix("Sent: ") == true, "\(r.text)")
                var wrong = login
                wrong["password"] = "wrong"
                r = try await api.post("/mailboxes/test", wrong)
                #expect(r.status == .badGateway && r.isProblem, "\(r.text)")
                r = try await api.post("/mailboxes", ["host": "", "username": "me", "password": "x"])
                #expect(r.status == .unprocessableContent && r.json["field"] as? String == "host", "\(r.text)")
                #expect(try await APIClient(client: client, token: readOnly).post("/mailboxes", login).status == .forbidden)

                r = try await api.post("/mailboxes", login)
                #expect(r.status == .created, "\(r.text)")
                #expect(!r.text.contains(server.password), "the password is never shown back")
                let id = try #require(((r.json["mailbox"] as? [String: Any])?["id"] as? NSNumber)?.int64Value)
                #expect((r.json["found"] as? [String: Any])?["folders"] as? [Any] != nil)

                r = try await api.post("/mailboxes/\(id)/sync")
                #expect(r.status == .ok && r.json["touches"] as? Int == 6, "\(r.text)")
                r = try await api.get("/mailboxes")
                let box = try #require(r.items.first)
                #expect(box["failures"] as? Int == 0 && box["lastError"] == nil && (box["messagesRead"] as? Int ?? 0) > 0, "\(r.text)")
                #expect((box["read"] as? [[String: Any]])?.contains { $0["role"] as? String == "sent" } == true)
                #expect(!r.text.contains(server.password) && !r.text.contains("password"))

                // Another process holds the mailbox: a read now is refused, not run twice.
                #expect(try await db.mailboxPolls.claim(MailboxID(id), owner: "other", now: fixedNow, leaseUntil: fixedNow.addingTimeInterval(600)))
                r = try await api.post("/mailboxes/\(id)/sync")
                #expect(r.status == .conflict && r.isProblem, "\(r.text)")
                try await db.mailboxPolls.release(MailboxID(id), owner: "other")

                #expect(try await api.post("/mailboxes/999/sync").status == .notFound)
                #expect(try await api.call(.delete, "/mailboxes/999").status == .notFound)
                r = try await api.call(.delete, "/mailboxes/\(id)")
                #expect(r.status == .ok && r.json["touchesRemoved"] as? Int == 6, "\(r.text)")
                #expect(try await api.get("/mailboxes").items.isEmpty)
                #expect(try await t.captured(today: day("2026-11-27")).touches.isEmpty)
            }
        }
    }

    /// A mailbox that cannot be reached is the mail server's failure (502), recorded on the mailbox and retried.
    @Test func anUnreachableMailServerIsABadGateway() async throws {
        try await withDatabase { db throws in
            let (_, token, _) = try await Self.setUp(db)
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                let port = try IMAPServer.freePort()
                let r = try await api.post("/mailboxes/test", ["host": "127.0.0.1", "port": port, "username": "me", "password": "x"])
                #expect(r.status == .badGateway && r.isProblem && (r.json["detail"] as? String)?.contains("refused the connection") == true, "\(r.text)")
                // A host that is no host name is refused before any lookup.
                for host in ["mail.bücher.de", "imap.example.com\u{0}", "evil host", "a/b"] {
                    let bad = try await api.post("/mailboxes/test", ["host": host, "username": "me", "password": "x"])
                    #expect(bad.status == .unprocessableContent && bad.json["field"] as? String == "host", "\(host): \(bad.text)")
                }
            }
        }
    }

    /// An mbox is read as it arrives: a client that stops sending is cut off after the idle limit, and the batches read
    /// before the pause are kept (sending the file again adds only the rest).
    @Test func anMboxUploadThatStopsIsCutOffKeepingWhatArrived() async throws {
        try await withDatabase { db throws in
            let (t, token, _) = try await Self.setUp(db)
            let app = try buildApplication(database: db, configuration: testConfiguration(port: 0, bodyTimeout: .seconds(1)), now: { fixedNow })
            try await app.test(.live) { live throws in
                let port = try #require(live.port)
                // 520 messages to Ana: the first 500 are a batch, one transaction of their own.
                let many = (0..<520).map { i in
                    "From me@example.com Mon Jan  1 00:00:00 2026\nFrom: me@example.com\nTo: ana@example.org\nSubject: Hello\n"
                        + "Date: Fri, 20 Nov 2026 09:00:00 +0000\nMessage-ID: <m\(i)@example.com>\n\nHi\n\n"
                }.joined()
                let request = "POST /api/v1/mail/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/mbox\r\nContent-Length: \(many.utf8.count + 1_000_000)\r\n\r\n" + many
                let answer = try await RawConnection.exchange(port: port, send: request, waitAtMost: 20)
                #expect(answer.closed, "the server closed the connection")
                #expect(answer.seconds < 15)
                let kept = try await db.read(account: t.account) { try await $0.capture.count(source: "mbox") }
                #expect(kept >= 500 && kept < 520, "the first batch was kept, the rest never arrived: \(kept)")
            }
        }
    }
}
