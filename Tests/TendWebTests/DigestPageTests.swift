import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// The digest in Settings, and the links a digest carries, through the real router.
@Suite struct DigestPageTests {
    @Test func theDigestIsSetInSettingsAndBadValuesAreNotSaved() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            try await withApp(db, senders: [sender], publicURL: "https://tend.example") { client in
                let browser = Browser(client)
                try await browser.signUp("ana@example.org")
                var page = try await browser.get("/settings")
                #expect(page.body.contains("id=\"digest\"") && page.body.contains("The digest is off."))
                page = try await browser.post("/settings/digest", [("frequency", "weekdays"), ("weekday", "1"), ("time", "07:30"), ("email", "on")])
                #expect(page.status == .seeOther && page.location == "/settings#digest")
                page = try await browser.get("/settings")
                // 27 November 2026 (the test clock) is a Friday, 10:00 UTC: the next weekday is Monday.
                #expect(page.body.contains("Monday 30 November 2026 at 07:30"), "\(page.body)")
                for (fields, message) in [([("frequency", "daily"), ("time", "25:00")], "the hour is 0 to 23, not 25"),
                                          ([("frequency", "hourly"), ("time", "07:00")], "unknown digest frequency &#39;hourly&#39;"),
                                          ([("frequency", "daily"), ("time", "seven")], "&#39;seven&#39; is not a time of day"),
                                          ([("frequency", "daily"), ("time", "07:00"), ("email_to", "nobody")], "&#39;nobody&#39; is not an email address")] {
                    page = try await browser.post("/settings/digest", fields)
                    #expect(page.status == .badRequest)
                    let body = page.body.lowercased()
                    #expect(body.contains(message) || body.contains(message.replacingOccurrences(of: "&#39;", with: "'")), "\(message)")
                }
                let account = try #require(try await db.accounts.account(email: "ana@example.org")).id
                #expect(try await Tending(database: db, account: account).digestSchedule().frequency == .weekdays)
            }
        }
    }

    @Test func sendATestNowReportsTheOutcomeOnThePage() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            try await withApp(db, senders: [sender]) { client in
                let browser = Browser(client)
                try await browser.signUp("ana@example.org")
                var page = try await browser.post("/settings/digest/test", [("channel", "email")])
                #expect(page.status == .ok && page.body.contains("Test sent by email"))
                #expect(sender.messages.count == 1 && sender.messages[0].recipient == "ana@example.org" && sender.messages[0].isTest)
                sender.fail(with: DeliveryFailure("authentication failed for tend at smtp.example.org:587: 535 5.7.8 bad credentials"))
                page = try await browser.post("/settings/digest/test", [("channel", "email")])
                #expect(page.body.contains("The email test was not delivered: authentication failed for tend at smtp.example.org:587"))
                #expect(page.body.contains("<strong>Failed</strong>") && page.body.contains("<td>Test</td>"))
            }
        }
        try await withDatabase { db in
            try await withApp(db) { client in
                let browser = Browser(client)
                try await browser.signUp("ana@example.org")
                let page = try await browser.get("/settings")
                #expect(page.body.contains("This Tend cannot send mail yet"))
            }
        }
    }

    /// The links of a digest for Ana, whose friend Bea has a birthday today.
    static func digestLinks(_ db: any TendDatabase, clock: TestClock) async throws -> (AccountID, DigestMessage) {
        let account = try await db.accounts.create(email: "ana@example.org", passwordHash: "x")
        let tending = Tending(database: db, account: account)
        try await tending.add("Bea Costa", .meaningful, birthday: "1990-11-27")
        let scheduler = Scheduler(database: db, senders: [], links: ActionLinkSource(database: db), publicURL: "https://tend.example")
        let message = try await scheduler.message(account: account, day: day("2026-11-27"), key: "k", isTest: false, now: clock.now)
        return (account, message)
    }

    @Test func aLinkOnlyAsksAndItsButtonDoesIt() async throws {
        try await withDatabase { db in
            let clock = TestClock()
            let (account, message) = try await Self.digestLinks(db, clock: clock)
            let suggestion = try #require(message.digest.suggestions.first)
            let links = try #require(message.links[suggestion.key])
            let path = try #require(URL(string: links.done)?.path)
            try await withApp(db, clock: clock) { client in
                let browser = Browser(client)
                // Opening the link (a mail scanner does) changes nothing.
                var page = try await browser.get(path)
                #expect(page.status == .ok && page.body.contains("Mark it done?") && page.body.contains("Bea Costa"))
                #expect(try await Tending(database: db, account: account).agenda(for: day("2026-11-27")).suggestions.contains { $0.key == suggestion.key })
                // A POST without the page's confirmation is refused.
                page = try await browser.post(path, [("confirm", "guess")], csrf: "")
                #expect(page.status == .forbidden)
                // From another site: refused.
                page = try await browser.post(path, [], csrf: "", headers: [.origin: "https://evil.example"])
                #expect(page.status == .forbidden)
                let confirm = try #require(try await browser.get(path).body.firstMatch(of: /name="confirm" value="([^"]+)"/)?.1)
                page = try await browser.post(path, [("confirm", String(confirm))], csrf: "")
                #expect(page.status == .ok && page.body.contains("marked done, and the touch logged"))
                #expect(try await Tending(database: db, account: account).agenda(for: day("2026-11-27")).suggestions.contains { $0.key == suggestion.key } == false)
                #expect(try await Tending(database: db, account: account).counts().touches == 1)
                // Pressing it again: it is done already.
                page = try await browser.post(path, [("confirm", String(confirm))], csrf: "")
                #expect(page.status == .gone)
            }
        }
    }

    @Test func snoozeForgedExpiredAndOneClickUnsubscribe() async throws {
        try await withDatabase { db in
            let clock = TestClock()
            let (account, message) = try await Self.digestLinks(db, clock: clock)
            let suggestion = try #require(message.digest.suggestions.first)
            let links = try #require(message.links[suggestion.key])
            let unsubscribeURL = try #require(message.unsubscribe)
            let snooze = try #require(URL(string: links.snooze)?.path)
            let unsubscribe = try #require(URL(string: unsubscribeURL)?.path)
            _ = try await Tending(database: db, account: account).saveDigestSchedule(DigestSchedule(frequency: .daily))
            try await withApp(db, clock: clock) { client in
                let browser = Browser(client)
                let confirm = try #require(try await browser.get(snooze).body.firstMatch(of: /name="confirm" value="([^"]+)"/)?.1)
                var page = try await browser.post(snooze, [("confirm", String(confirm))], csrf: "")
                #expect(page.status == .ok && page.body.contains("comes back on 4 December 2026"))
                // A changed token is refused.
                page = try await browser.get(String(snooze.dropLast(2)) + "xx")
                #expect(page.status == .badRequest && page.body.contains("signature does not match"))
                // RFC 8058: a mail provider's one-click POST, no confirmation, no cookies.
                let (status, _, body) = try await browser.send(unsubscribe, .post, [.contentType: "application/x-www-form-urlencoded"],
                                                               ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(status == .ok && String(buffer: body) == "Unsubscribed.\n")
                #expect(try await Tending(database: db, account: account).digestSchedule().email == false)
                // As multipart/form-data, which RFC 8058 allows as well.
                _ = try await Tending(database: db, account: account).saveDigestSchedule(DigestSchedule(frequency: .daily))
                let multipart = "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
                let (again, _, _) = try await browser.send(unsubscribe, .post, [.contentType: "multipart/form-data; boundary=b"], ByteBuffer(string: multipart))
                let emailAfter = try await Tending(database: db, account: account).digestSchedule().email
                #expect(again == .ok && emailAfter == false)
                // Eight days on, the suggestion link has expired.
                clock.advance(seconds: 8 * 86_400)
                page = try await browser.get(snooze)
                #expect(page.status == .gone && page.body.contains("expired"))
            }
        }
    }
}

/// ntfy and the webhook in Settings: saved, sent, signed, and refused when they point inside.
@Suite struct PushSettingsTests {
    @Test func aWebhookGetsASecretShownOnceAndEachChannelCanBeTested() async throws {
        let receiver = try Receiver()
        defer { receiver.close() }
        try await withDatabase { db in
            try await withApp(db) { client in
                let browser = Browser(client)
                try await browser.signUp("ana@example.org")
                var page = try await browser.post("/settings/digest", [("frequency", "daily"), ("time", "07:00"), ("ntfy_url", receiver.url + "/tend"),
                                                                       ("ntfy_priority", "4"), ("ntfy_token", "tk_123"), ("webhook_url", receiver.url + "/hook")])
                #expect(page.status == .ok)
                let secret = try #require(page.body.firstMatch(of: /id="webhook-secret" value="(whsec_[^"]+)"/)?.1)
                page = try await browser.get("/settings")
                #expect(!page.body.contains(String(secret)) && !page.body.contains("tk_123") && page.body.contains("(kept; type to replace)"))
                let account = try #require(try await db.accounts.account(email: "ana@example.org")).id
                let stored = try await Tending(database: db, account: account).digestSchedule()
                #expect(stored.ntfyToken?.sealed.contains("tk_123") == false && stored.webhookSecret?.sealed.contains(String(secret)) == false)

                page = try await browser.post("/settings/digest/test", [("channel", "ntfy")])
                #expect(page.body.contains("Test sent by ntfy"), "\(page.body)")
                page = try await browser.post("/settings/digest/test", [("channel", "webhook")])
                #expect(page.body.contains("Test sent by webhook"))
                let push = try #require(receiver.received.first { $0.uri == "/tend" })
                #expect(push.header("Authorization") == "Bearer tk_123" && push.header("Priority") == "4")
                let hook = try #require(receiver.received.first { $0.uri == "/hook" })
                let expected = "sha256=" + HMAC<SHA256>.authenticationCode(for: hook.body, using: SymmetricKey(data: Data(secret.utf8)))
                    .map { String(format: "%02x", $0) }.joined()
                #expect(hook.header("X-Tend-Signature") == expected && hook.header("X-Tend-Event") == "digest.test")

                // Saving again keeps the secret and the token; removing the address removes both.
                page = try await browser.post("/settings/digest", [("frequency", "daily"), ("time", "07:00"), ("ntfy_url", receiver.url + "/tend"),
                                                                   ("ntfy_priority", "4"), ("ntfy_token", ""), ("webhook_url", receiver.url + "/hook")])
                #expect(page.status == .seeOther)
                #expect(try await Tending(database: db, account: account).digestSchedule().webhookSecret == stored.webhookSecret)
                page = try await browser.post("/settings/digest", [("frequency", "daily"), ("time", "07:00"), ("ntfy_url", ""), ("ntfy_priority", "3"),
                                                                   ("webhook_url", "")])
                let cleared = try await Tending(database: db, account: account).digestSchedule()
                #expect(cleared.ntfyURL == nil && cleared.ntfyToken == nil && cleared.webhookURL == nil && cleared.webhookSecret == nil)
            }
        }
    }

    @Test func addressesInsideTheServersNetworkAndOtherSchemesAreNotSaved() async throws {
        try await withDatabase { db in
            try await withApp(db, allowPrivateTargets: false) { client in
                let browser = Browser(client)
                try await browser.signUp("ana@example.org")
                for (url, message) in [("http://127.0.0.1:9/hook", "inside this server"), ("http://169.254.169.254/latest", "inside this server"),
                                       ("ftp://example.org/x", "is not an http:// or https:// address"), ("javascript:alert(1)", "is not an http:// or https:// address")] {
                    let page = try await browser.post("/settings/digest", [("frequency", "daily"), ("time", "07:00"), ("webhook_url", url)])
                    #expect(page.status == .badRequest, "\(url)")
                    #expect(page.body.lowercased().contains(message), "\(url)")
                }
                let account = try #require(try await db.accounts.account(email: "ana@example.org")).id
                #expect(try await Tending(database: db, account: account).digestSchedule().webhookURL == nil)
            }
        }
    }
}
