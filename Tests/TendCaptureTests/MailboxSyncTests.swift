import Foundation
import Testing
import TendCapture
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// Mail capture against a real IMAP server (issue 16): Dovecot on loopback, once with implicit TLS and once with
/// STARTTLS, holding the fixtures' mail. Skipped where Dovecot is not installed.
@Suite(.serialized, .enabled(if: IMAPServer.available)) struct MailboxSyncTests {
    static let now = Date(timeIntervalSince1970: 1_796_126_400) // 2026-12-01 12:00 UTC
    static let today = Day("2026-12-01")!

    /// A database with the fixtures' people, the account's own address, and a Dovecot holding the fixtures' mail.
    struct Setup {
        let db: TestDatabase
        let account: AccountID
        let tending: Tending
        let server: IMAPServer
        let box = SecretBox(base64: SecretBox.newKey())!

        func mailboxes(batch: Int = 250, reader: (any MailboxReader)? = nil) -> Mailboxes {
            Mailboxes(database: db.database, reader: reader ?? IMAPMailboxReader(trustedCAFile: server.certificate.path, timeout: 10, batch: batch), box: box)
        }

        func login(_ security: Mailbox.Security, password: String? = nil) -> MailboxLogin {
            MailboxLogin(host: "127.0.0.1", port: security == .tls ? server.imapsPort : server.imapPort, security: security,
                         username: server.user, password: password ?? server.password)
        }
    }

    static func setUp(_ body: (Setup) async throws -> Void) async throws {
        let server = try IMAPServer(user: MailFixtures.me, password: "correct horse battery")
        for m in MailFixtures.messages { try server.deliver(m.raw, to: m.folder, at: m.date) }
        let db = try await Backend.chosen.open()
        do {
            let account = try await db.account()
            let t = Tending(database: db.database, account: account)
            _ = try await t.updateSettings { $0.timeZone = "UTC" }
            _ = try await t.saveCaptureSettings(CaptureSettings(addresses: [MailFixtures.me]))
            for p in MailFixtures.people {
                _ = try await t.addPerson(Profile(displayName: p.name, emails: [p.email]), tier: Tier(rawValue: p.tier)!, on: day("2026-10-01"))
            }
            try await body(Setup(db: db, account: account, tending: t, server: server))
            await db.close()
        } catch {
            await db.close()
            throw error
        }
    }

    /// What the fixtures' mail should become: a touch per person per day, the thread of replies one touch.
    static let expected: Set<String> = [
        "2026-11-20 Ana Lima check-in Dinner next week?",
        "2026-11-21 Ben Okafor+Cara Diaz check-in Photos from the weekend",
        "2026-11-23 Ben Okafor ask:help Quick question about your team",
        "2026-11-24 Dana Wu check-in Introducing you two",
        "2026-11-26 José Martínez celebrate Glückwunsch zum neuen Job!",
        "2026-11-27 Eva Stone thanks Thanks for the book",
    ]

    static func captured(_ t: Tending) async throws -> Set<String> {
        let found = try await t.captured(today: today, days: 60).touches
        let lines = found.map { c in "\(c.touch.on) \(c.names.sorted().joined(separator: "+")) \(c.touch.intent) \(c.touch.note)" }
        #expect(lines.count == Set(lines).count, "no touch twice: \(lines)")
        return Set(lines)
    }

    @Test(arguments: [Mailbox.Security.tls, .starttls])
    func aConnectedMailboxBecomesTouchesOnceAndOnlyOnce(_ security: Mailbox.Security) async throws {
        try await Self.setUp { s in
            let mailboxes = s.mailboxes()
            let (mailbox, probe) = try await mailboxes.connect(s.login(security), account: s.account, now: Self.now)
            #expect(probe.summary == "Sent: 14 messages; INBOX: 6")
            #expect(try await s.db.database.read(account: s.account) { try await $0.capture.mailbox(mailbox.id)?.password.sealed.contains("correct") } == false,
                    "the password is sealed")

            let first = try await mailboxes.sync(mailbox.id, account: s.account, now: Self.now).get()
            #expect(first.touches == 6 && first.asks == 1 && first.received == 2 && first.unknown == 3, "\(first.summary)")
            #expect(first.skipped == ["too many recipients": 1, "no-reply address": 2, "only to yourself": 1, "mailing list": 1,
                                      "automatic reply": 1, "bulk mail": 1], "\(first.skipped)")
            #expect(try await Self.captured(s.tending) == Self.expected)

            // Who to add, what they wrote, and the agenda's Reply.
            let review = try await s.tending.captured(today: Self.today)
            #expect(review.toAdd.map(\.address) == ["frank@example.net"] && review.toAdd.first?.name == "Frank Hale")
            #expect(review.unreviewed == 6)
            let ana = try await s.tending.person(.name("Ana Lima"))
            #expect(try await s.tending.received(of: ana.id).map(\.subject) == ["How are you holding up?"])
            let agenda = try await s.tending.agenda(for: Self.today)
            #expect(agenda.suggestions.first { $0.personID == ana.id }?.kind == .reply)
            let jose = try await s.tending.person(.name("José"))
            #expect(agenda.suggestions.first { $0.personID == jose.id }?.kind != .reply, "José was answered on the day he wrote")

            // Polling again reads nothing; a new UIDVALIDITY reads the folder again and adds nothing.
            let again = try await mailboxes.sync(mailbox.id, account: s.account, now: Self.now.addingTimeInterval(900)).get()
            #expect(again.messages == 0)
            try s.server.changeUIDValidity(of: "Sent", to: 4242)
            let reread = try await mailboxes.sync(mailbox.id, account: s.account, now: Self.now.addingTimeInterval(1800)).get()
            #expect(reread.messages == 14 && reread.touches == 0 && reread.alreadyRead == 11, "\(reread.summary)")
            #expect(try await s.tending.mailboxFolders(mailbox.id).first { $0.name == "Sent" }?.uidValidity == 4242)

            // A new message is found by the next poll.
            try s.server.deliver(MailFixtures.message("Sent", "2026-12-01 08:00", from: MailFixtures.me, to: "cara@example.org",
                                                      subject: "Could you review my draft?", id: "new1@example.com").raw,
                                 to: "Sent", at: MailFixtures.date("2026-12-01 08:00"))
            let poll = try await mailboxes.sync(mailbox.id, account: s.account, now: Self.now.addingTimeInterval(2700)).get()
            #expect(poll.messages == 1 && poll.touches == 1 && poll.asks == 1)
            #expect(try await Self.captured(s.tending).count == 7)

            // Forgetting the mailbox removes every touch it made.
            #expect(try await mailboxes.forget(mailbox.id, account: s.account) == 7)
            #expect(try await Self.captured(s.tending).isEmpty)
            #expect(try await s.tending.received(of: ana.id).isEmpty)
        }
    }

    /// Stops the server once the first batch is in: the sync fails there, and the next one reads the rest.
    struct StoppingReader: MailboxReader {
        let inner: IMAPMailboxReader
        let server: IMAPServer

        func probe(_ login: MailboxLogin, folders: [String]) async throws -> MailboxProbe { try await inner.probe(login, folders: folders) }

        func sync(_ mailbox: Mailbox, password: String, capturer: MailCapturer, now: Date,
                  progress: @escaping @Sendable (String) async -> Void) async throws -> CaptureReport {
            try await inner.sync(mailbox, password: password, capturer: capturer, now: now) { text in
                await progress(text)
                server.stop()
            }
        }
    }

    @Test func aServerStoppedInTheMiddleOfASyncLosesNothingAndDuplicatesNothing() async throws {
        try await Self.setUp { s in
            let reader = IMAPMailboxReader(trustedCAFile: s.server.certificate.path, timeout: 10, batch: 3)
            let (mailbox, _) = try await s.mailboxes(reader: reader).connect(s.login(.tls), account: s.account, now: Self.now)
            // Read now waits for nobody: while another process holds the mailbox, it says so and reads nothing.
            #expect(try await s.db.database.mailboxPolls.claimDue(now: Self.now, owner: "other", leaseUntil: Self.now.addingTimeInterval(600), limit: 10).count == 1)
            guard case .failure(let busy) = try await s.mailboxes().readNow(mailbox.id, account: s.account, now: Self.now) else {
                Issue.record("a mailbox another process reads was read again"); return
            }
            #expect(busy.message.contains("being read right now"))
            #expect(try await s.tending.mailboxFolders(mailbox.id).isEmpty, "nothing was read")
            try await s.db.database.mailboxPolls.release(mailbox.id, owner: "other")
            let stopping = s.mailboxes(reader: StoppingReader(inner: reader, server: s.server))
            let failed = try await stopping.sync(mailbox.id, account: s.account, now: Self.now)
            guard case .failure(let f) = failed else { Issue.record("the sync went on without its server"); return }
            #expect(f.message.contains("127.0.0.1:\(s.server.imapsPort)"), "\(f.message)")
            let stored = try await stopping.mailbox(mailbox.id, account: s.account)
            #expect(stored.failures == 1 && stored.lastError == f.message && stored.nextPollAt > Self.now, "retried later, not disabled")
            #expect(try await s.tending.mailboxFolders(mailbox.id).first?.lastUID == 3, "the first batch is in")

            try s.server.start()
            let rest = try await s.mailboxes(batch: 3).sync(mailbox.id, account: s.account, now: Self.now.addingTimeInterval(60)).get()
            #expect(rest.messages == 14 - 3 + 6)
            #expect(try await Self.captured(s.tending) == Self.expected)
            #expect(try await stopping.mailbox(mailbox.id, account: s.account).failures == 0)
        }
    }

    @Test func wrongPasswordsUntrustedCertificatesMissingFoldersAndSilentPortsSayWhatIsWrong() async throws {
        try await Self.setUp { s in
            let mailboxes = s.mailboxes()
            await #expect(throws: MailboxFailure.self) { try await mailboxes.test(s.login(.tls, password: "wrong")) }
            do { _ = try await mailboxes.test(s.login(.starttls, password: "wrong")) } catch let f as MailboxFailure {
                #expect(f.message.contains("refused the login of me@example.com"), "\(f.message)")
            }
            let untrusted = Mailboxes(database: s.db.database, reader: IMAPMailboxReader(timeout: 10), box: s.box)
            for security in [Mailbox.Security.tls, .starttls] {
                do { _ = try await untrusted.test(s.login(security)); Issue.record("an untrusted certificate was accepted") } catch let f as MailboxFailure {
                    #expect(f.message.contains("is not trusted"), "\(f.message)")
                }
            }
            do { _ = try await mailboxes.test(s.login(.tls), folders: ["Drafts"]); Issue.record("a missing folder was read") } catch let f as MailboxFailure {
                #expect(f.message.contains("the folder “Drafts” does not exist") && f.message.contains("Sent"), "\(f.message)")
            }
            let closed = try IMAPServer.freePort()
            do {
                _ = try await mailboxes.test(MailboxLogin(host: "127.0.0.1", port: closed, security: .tls, username: "x", password: "y"))
                Issue.record("a closed port answered")
            } catch let f as MailboxFailure {
                #expect(f.message.contains("refused the connection"), "\(f.message)")
            }
            // Nothing was saved by any of it.
            #expect(try await mailboxes.list(account: s.account).isEmpty)
            await #expect(throws: TendError.self) { try await mailboxes.connect(s.login(.tls, password: ""), account: s.account, now: Self.now) }
        }
    }
}
