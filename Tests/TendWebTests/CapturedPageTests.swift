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
}
