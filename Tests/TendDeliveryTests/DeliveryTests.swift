import Crypto
import Foundation
import Testing
import TendCore
import TendServices
import TendTestSupport
@testable import TendDelivery
@testable import TendMail

/// A digest of one day with names that need escaping and encoding.
func sampleMessage(isTest: Bool = false, links: Bool = true) -> DigestMessage {
    let zoe = person(1, "Zoë <Ångström> & Co", .meaningful, birthday: "1990-11-28")
    let a = agenda("2026-11-27", [entry(zoe, lastNeedFree: "2026-09-01"), entry(person(2, "Ben Ode", .intimate), lastNeedFree: "2026-08-01")])
    let digest = Digest(agenda: a, people: [zoe], moments: [], drifts: [])
    var m = DigestMessage(digest: digest, recipient: "ana@example.org", key: "digest:1:2026-11-27:email", isTest: isTest)
    if links {
        for s in digest.suggestions {
            m.links[s.key] = .init(done: "https://tend.example/act/d.\(s.personID.rawValue)", snooze: "https://tend.example/act/s.\(s.personID.rawValue)",
                                   open: "https://tend.example/people/\(s.personID.rawValue)")
        }
        m.unsubscribe = "https://tend.example/act/u"
        m.today = "https://tend.example/today"
        m.settings = "https://tend.example/settings#digest"
    }
    return m
}

@Suite struct DigestRenderingTests {
    @Test func closePeopleFallingBehindAreSaidInTheDigestAndNotWhenCovered() {
        let many = (1...80).map { entry(person(Int64($0), "Close \($0)", .intimate), lastNeedFree: "2026-11-20") }
        let behind = Digest(agenda: agenda("2026-11-27", many, settings: Settings(agendaLength: 1)), people: [], moments: [], drifts: [])
        let m = DigestMessage(digest: behind, recipient: "ana@example.org", key: "k", isTest: false)
        let line = "At 1 a day, Tend can keep about 30 intimate people within 45 days; you have 80. Reach out to 3 a day, or lengthen the intimate cadence."
        #expect(behind.coverage == line)
        #expect(DigestRendering.text(m).contains(line) && DigestRendering.html(m).contains(line))
        #expect(sampleMessage().digest.coverage == nil, "covered: nothing to say in a digest")
    }

    @Test func theHTMLEscapesNamesAndLoadsNothingRemote() {
        let html = DigestRendering.html(sampleMessage())
        #expect(html.contains("Zoë &lt;Ångström&gt; &amp; Co"))
        #expect(!html.contains("<Ångström>"))
        #expect(!html.contains("<img") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("href=\"https://tend.example/act/d.1\"") && html.contains("Mark done") && html.contains("Snooze a week"))
        #expect(html.contains("prefers-color-scheme: dark") && html.contains("color-scheme"))
    }

    @Test func theTextSaysWhatToDoAndWhy() {
        let text = DigestRendering.text(sampleMessage())
        #expect(text.hasPrefix("Tend — Friday, 27 November 2026\n\nReach out today:\n\n1. "))
        #expect(text.contains("Done: https://tend.example/act/d.1"))
        #expect(text.contains("Birthdays this week:\n- Zoë <Ångström> & Co, tomorrow (turns 36)"))
        #expect(text.contains("Stop these emails: https://tend.example/act/u"))
        let plain = DigestRendering.text(sampleMessage(links: false))
        #expect(!plain.contains("http") && plain.hasSuffix("-- \nSent by your Tend.\n"))
    }

    @Test func theEmailCarriesUnsubscribeAndAStableMessageID() {
        let sender = EmailSender(client: SMTPClient(configuration: SMTPConfiguration(host: "h", port: 25, security: .none)),
                                 from: MailAddress(name: "Tend", address: "tend@example.org"), now: { fixedNow })
        let mail = sender.mail(sampleMessage(isTest: true))
        #expect(mail.subject.hasPrefix("[Test] Friday: 2 people to reach out to"))
        #expect(mail.headers.contains { $0.name == "List-Unsubscribe" && $0.value == "<https://tend.example/act/u>" })
        #expect(mail.headers.contains { $0.name == "List-Unsubscribe-Post" && $0.value == "List-Unsubscribe=One-Click" })
        #expect(mail.messageID == sender.mail(sampleMessage(isTest: true)).messageID)
        #expect(mail.messageID.hasSuffix("@example.org") && mail.to == [MailAddress(address: "ana@example.org")])
        let withoutLinks = sender.mail(sampleMessage(links: false))
        #expect(!withoutLinks.headers.contains { $0.name == "List-Unsubscribe" })
    }
}

@Suite struct PushTests {
    @Test func ntfyGetsATitleThePriorityTheTokenAndAClick() async throws {
        let receiver = try Receiver()
        defer { receiver.close() }
        var m = sampleMessage()
        m.ntfy = PushTarget(url: receiver.url + "/tend-ana", priority: 4, token: "tk_secret")
        try await NtfySender().deliver(m)
        let r = try #require(receiver.received.first)
        #expect(r.method == "POST" && r.uri == "/tend-ana")
        #expect(r.header("Priority") == "4" && r.header("Authorization") == "Bearer tk_secret" && r.header("Click") == "https://tend.example/today")
        // The title has a non-ASCII dash and names: RFC 2047, which ntfy reads.
        let title = try #require(r.header("Title"))
        #expect(title.hasPrefix("=?UTF-8?B?") && title.hasSuffix("?="))
        let decoded = String(decoding: try #require(Data(base64Encoded: String(title.dropFirst(10).dropLast(2)))), as: UTF8.self)
        #expect(decoded.hasPrefix("Tend: Friday: 2 people to reach out to — "))
        #expect(String(decoding: r.body, as: UTF8.self).hasPrefix("1. "))
    }

    @Test func theWebhookIsSignedOverItsBody() async throws {
        let receiver = try Receiver()
        defer { receiver.close() }
        var m = sampleMessage()
        m.webhook = WebhookTarget(url: receiver.url + "/hook", secret: "whsec_test")
        try await WebhookSender().deliver(m)
        let r = try #require(receiver.received.first)
        // The receiver checks the signature as the README says: HMAC-SHA256 of the raw body with the secret.
        let expected = HMAC<SHA256>.authenticationCode(for: r.body, using: SymmetricKey(data: Data("whsec_test".utf8))).map { String(format: "%02x", $0) }.joined()
        #expect(r.header("X-Tend-Signature") == "sha256=" + expected)
        #expect(r.header("X-Tend-Delivery") == "digest:1:2026-11-27:email" && r.header("Content-Type") == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        #expect(json["event"] as? String == "digest" && json["date"] as? String == "2026-11-27")
        let first = try #require((json["suggestions"] as? [[String: Any]])?.first)
        #expect((first["person"] as? [String: Any])?["name"] as? String == "Zoë <Ångström> & Co")
        #expect((first["links"] as? [String: Any])?["done"] as? String == "https://tend.example/act/d.1")
    }

    @Test func aRefusingReceiverIsQuotedAndA4xxIsNotRetried() async throws {
        let receiver = try Receiver()
        defer { receiver.close() }
        var m = sampleMessage()
        m.webhook = WebhookTarget(url: receiver.url + "/hook?token=abc", secret: "s")
        receiver.answer(410)
        await #expect { try await WebhookSender().deliver(m) } throws: { error in
            let f = error as? DeliveryFailure
            return f?.permanent == true && f?.message == "the webhook at \(receiver.url)/hook answered 410 Gone: ok"
        }
        receiver.answer(503)
        await #expect { try await WebhookSender().deliver(m) } throws: { ($0 as? DeliveryFailure)?.permanent == false }
        // A receiver that is gone (one never connected to, so no kept-alive connection reaches it).
        let gone = try Receiver()
        let port = gone.port
        gone.close()
        m.webhook = WebhookTarget(url: "http://127.0.0.1:\(port)/hook", secret: "s")
        await #expect { try await WebhookSender().deliver(m) } throws: { error in
            "\(error)".hasPrefix("the webhook at http://127.0.0.1:\(port)/hook could not be reached")
        }
    }

    @Test func addressesInsideTheNetworkAreRefusedUnlessAllowed() async throws {
        for inside in ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1",
                       "fe80::1", "::ffff:127.0.0.1", "::", "224.0.0.1"] {
            #expect(PrivateAddressGuard.isInternal(inside), "\(inside)")
        }
        for outside in ["93.184.216.34", "2606:4700::1111", "8.8.8.8", "172.32.0.1"] {
            #expect(!PrivateAddressGuard.isInternal(outside), "\(outside)")
        }
        let strict = PrivateAddressGuard(allowPrivate: false)
        await #expect { try await strict.check("http://127.0.0.1:8080/hook") } throws: { error in
            (error as? DeliveryFailure)?.permanent == true && "\(error)".contains("inside this server's network")
        }
        await #expect { try await strict.check("http://localhost/hook") } throws: { "\($0)".contains("inside this server's network") }
        await #expect { try await strict.check("ftp://example.org/x") } throws: { "\($0)".contains("is not an http:// or https:// address") }
        try await PrivateAddressGuard(allowPrivate: true).check("http://127.0.0.1:8080/hook")
    }
}

@Suite struct SecretBoxTests {
    @Test func aSealedSecretOpensOnlyWithItsKey() throws {
        let box = try #require(SecretBox(base64: SecretBox.newKey()))
        let sealed = try box.seal("tk_abc")
        #expect(!sealed.sealed.contains("tk_abc") && sealed.sealed.hasPrefix("v1:"))
        #expect(try box.open(sealed) == "tk_abc")
        let other = try #require(SecretBox(base64: SecretBox.newKey()))
        #expect(throws: SecretBox.SealError.self) { try other.open(sealed) }
        var changed = sealed
        changed.sealed = String(changed.sealed.dropLast(2)) + "AA"
        #expect(throws: SecretBox.SealError.self) { try box.open(changed) }
        #expect(SecretBox(base64: "short") == nil)
    }
}
