import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// Issue 16 through the router: the Captured review (change an intent, confirm the rest, add a correspondent) and
/// Settings → Mail (its rules, and a connection that fails with the server's reason, saving nothing).
@Suite struct CapturedPageTests {
    /// Signs up and captures the fixtures' mail into the account, as an mbox import does.
    static func setUp(_ db: any TendDatabase, _ b: Browser) async throws -> Tending {
        try await b.signUp("me@example.com")
        guard let account = try await db.accounts.account(email: "me@example.com")?.id else { throw TestSupportError("no account") }
        let t = Tending(database: db, account: account)
        _ = try await t.updateSettings { $0.timeZone = "UTC" }
        for p in MailFixtures.people {
            _ = try await t.addPerson(Profile(displayName: p.name, emails: [p.email]), tier: Tier(rawValue: p.tier)!, on: day("2026-10-01"))
        }
        var capturer = try await MailCapturer(tending: t, source: "mbox", now: fixedNow)
        let mbox = MailFixtures.mbox
        var given = false
        try await capturer.captureMbox(read: {
            defer { given = true }
            return given ? nil : Array(mbox.utf8)
        })
        return t
    }

    @Test func capturedTouchesAreReviewedAndCorrespondentsAdded() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                let t = try await Self.setUp(db, b)
                let page = try await b.get("/captured")
                #expect(page.status == .ok && page.body.contains(#"aria-current="page">Captured</a>"#))
                #expect(page.body.contains("Confirm all 6 as proposed"))
                #expect(page.body.contains("Quick question about your team") && page.body.contains("Glückwunsch zum neuen Job!"))
                #expect(page.body.contains(#"<option value="ask:help" selected>ask:help</option>"#))
                #expect(page.body.contains("Frank Hale") && page.body.contains("3 messages"))
                let ids = page.body.matches(of: /action="\/captured\/(\d+)"/).map { String($0.1) }
                #expect(ids.count == 6)

                let changed = try await b.post("/captured/\(ids[0])", [("intent", "give:introduction")])
                #expect(changed.status == .seeOther && changed.location?.hasPrefix("/captured#t") == true)
                #expect(try await b.get("/captured").body.contains("Confirm all 5 as proposed"))
                #expect(try await b.post("/captured/\(ids[0])", [("intent", "nonsense")]).status == .badRequest)
                #expect(try await b.post("/captured/999999", [("intent", "check-in")]).status == .notFound)

                let confirmed = try await b.post("/captured/confirm", [])
                #expect(confirmed.location == "/captured")
                #expect(try await b.get(confirmed.location!).body.contains("Confirmed 5 touches as proposed."))
                #expect(try await b.get("/captured").body.contains("disabled>Confirm all 0"))

                let added = try await b.post("/captured/add", [("address", "frank@example.net"), ("name", "Frank Hale")])
                #expect(added.status == .seeOther)
                #expect(try await t.person(.name("Frank Hale")).profile.emails == ["frank@example.net"])
                #expect(!(try await b.get("/captured").body.contains("People to add")))
                #expect(try await b.post("/captured/ignore", [("address", "not an address")]).status == .badRequest)

                // Ana wrote: her page says so.
                let ana = try await t.person(.name("Ana Lima"))
                #expect(try await b.get("/people/\(ana.id)").body.contains("How are you holding up?"))
            }
        }
    }

    @Test func settingsMailSavesRulesAndRefusesABadConnection() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let page = try await b.get("/settings/mail")
                #expect(page.status == .ok && page.body.contains("No mailbox yet.") && page.body.contains(#"name="max_recipients" value="20""#))

                let saved = try await b.post("/settings/mail", [("addresses", "me@work.example\nME@home.example"), ("max_recipients", "30"),
                                                                ("reply_after_days", "4"), ("window_days", "180"), ("poll_minutes", "30")])
                #expect(saved.location == "/settings/mail")
                let after = try await b.get("/settings/mail").body
                #expect(after.contains("Mail rules saved.") && after.contains("me@work.example\nme@home.example") && after.contains(#"value="30""#))
                #expect(!after.contains(#"name="keep_subjects" value="1" checked"#), "an unticked box turns subjects off")
                let bad = try await b.post("/settings/mail", [("addresses", "not an address"), ("max_recipients", "30")])
                #expect(try await b.get(bad.location!).body.contains("“not an address” is not an email address"))

                let port = try IMAPServer.freePort()
                let refused = try await b.post("/settings/mail/connect", [("host", "127.0.0.1"), ("port", "\(port)"), ("user", "me@example.com"),
                                                                          ("password", "secret-password"), ("test", "1")])
                #expect(refused.status == .badRequest && refused.body.contains("refused the connection"))
                #expect(!refused.body.contains("secret-password"), "a password is never shown back")
                #expect(refused.body.contains(#"name="host" value="127.0.0.1""#), "the form keeps what was typed")
                let empty = try await b.post("/settings/mail/connect", [("host", ""), ("user", "me"), ("password", "x")])
                #expect(empty.status == .badRequest && empty.body.contains("host name"))
                let notPort = try await b.post("/settings/mail/connect", [("host", "imap.example"), ("port", "abc"), ("user", "me"), ("password", "x")])
                #expect(notPort.status == .badRequest && notPort.body.contains("not a port number"))
                #expect(try await b.get("/settings/mail").body.contains("No mailbox yet."), "nothing was saved")
                #expect(try await b.post("/settings/mail/42/sync", []).status == .notFound)
                #expect(try await b.post("/settings/mail/42/forget", []).status == .notFound)
            }
        }
    }

    /// Settings → Mail imports an mbox: as a form's upload without JavaScript, and as the file itself, streamed by the
    /// page's script with the form's token in a header; a file that is not an mbox is refused, writing nothing.
    @Test func settingsMailImportsAnMboxUploadedOrStreamed() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                let account = try #require(try await db.accounts.account(email: "me@example.com")?.id)
                let t = Tending(database: db, account: account)
                _ = try await t.updateSettings { $0.timeZone = "UTC" }
                for p in MailFixtures.people {
                    _ = try await t.addPerson(Profile(displayName: p.name, emails: [p.email]), tier: Tier(rawValue: p.tier)!, on: day("2026-10-01"))
                }
                let page = try await b.get("/settings/mail")
                #expect(page.body.contains(#"action="/settings/mail/import" enctype="multipart/form-data" data-stream-upload"#))
                let mbox = Data(MailFixtures.mbox.utf8)

                var r = try await b.postFile("/settings/mail/import", file: ("file", "All.mbox", mbox), [("dry_run", "1")])
                #expect(r.status == .seeOther && r.location == "/settings/mail#import")
                #expect(try await b.get("/settings/mail").body.contains("Nothing was written (dry run)."))
                #expect(try await t.captured(today: day("2026-11-27")).touches.isEmpty)

                r = try await b.postFile("/settings/mail/import", file: ("file", "cards.vcf", Data("BEGIN:VCARD\r\nEND:VCARD\r\n".utf8)))
                #expect(r.status == .seeOther)
                #expect(try await b.get("/settings/mail").body.contains("not an mbox"))
                r = try await b.postFile("/settings/mail/import", file: ("file", "empty.mbox", Data()))
                #expect(r.location == "/settings/mail#import")
                #expect(try await b.get("/settings/mail").body.contains("Choose an mbox file to import."))

                // The script's way: the file as the body, the token in a header.
                func stream(token: String?, cookies: HTTPFields) async throws -> (HTTPResponse.Status, HTTPFields, String) {
                    var h = cookies
                    h[.contentType] = "application/mbox"
                    if let token { h[HTTPFields.Element.Name("X-CSRF-Token")!] = token }
                    let (status, headers, body) = try await b.send("/settings/mail/import?me=old@school.example", .post, h, ByteBuffer(bytes: mbox))
                    return (status, headers, String(buffer: body))
                }
                #expect(try await stream(token: "forged", cookies: b.cookieHeader).0 == .forbidden)
                #expect(try await stream(token: nil, cookies: b.cookieHeader).0 == .forbidden)
                var stranger = HTTPFields()
                stranger[.cookie] = "tend_csrf=abc"
                #expect(try await stream(token: "abc", cookies: stranger).1[.location] == "/login", "no session, no read")
                #expect(try await t.captured(today: day("2026-11-27")).touches.isEmpty)

                let (status, headers, body) = try await stream(token: b.cookies["tend_csrf"], cookies: b.cookieHeader)
                #expect(status == .ok && headers[.contentType] == "application/json" && body.contains("captured"), "\(status) \(body)")
                let flash = try #require(headers[values: .setCookie].first { $0.hasPrefix("tend_flash=") }, "the flash waits for the page the script opens")
                b.cookies["tend_flash"] = String(flash.split(separator: ";")[0].dropFirst("tend_flash=".count))
                #expect(try await t.captured(today: day("2026-11-27")).touches.count == 6)
                let captured = try await b.get("/captured").body
                #expect(captured.contains("Imported: ") && captured.contains("Review the proposed asks"))
            }
        }
    }
}
