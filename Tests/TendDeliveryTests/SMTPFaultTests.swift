import Foundation
import Testing
import TendCore
import TendMail
import TendServices
import TendStore
import TendTestSupport
@testable import TendDelivery

/// The SMTP server is down when the digest is due and back three minutes later (on the scheduler's clock):
/// the digest is delivered once, and the log shows the retry on the way.
@Suite(.enabled(if: MailServer.available, "needs Python's aiosmtpd (bash .ci/run installs it)"))
struct SMTPFaultTests {
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aDigestWaitsForTheMailServerToComeBack() async throws {
        // A port that was free a moment ago, with nothing listening on it now.
        let probe = try MailServer()
        let port = probe.port
        probe.stop()
        try await withDatabase { db in
            let account = try await db.accounts.create(email: "ana@example.org", passwordHash: "x")
            let tending = Tending(database: db, account: account)
            _ = try await tending.updateSettings { $0.timeZone = "UTC" }
            _ = try await tending.saveDigestSchedule(DigestSchedule(frequency: .daily, hour: 7))
            let sender = EmailSender(client: SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(port)?tls=none&timeout=5")),
                                     from: MailAddress(name: "Tend", address: "tend@example.org"), now: { Self.instant("2026-12-02T07:00:00Z") })
            let scheduler = Scheduler(database: db, senders: [sender], links: ActionLinkSource(database: db), publicURL: "https://tend.example",
                                      fallbackZone: .gmt)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            let first = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:00Z"))
            #expect(first.retried == 1)
            var log = try await tending.deliveryLog()
            #expect(log.first?.status == .retrying)
            #expect(log.first?.reason?.hasPrefix("127.0.0.1:\(port) refused the connection: no mail server listens there (attempt 1 of 5") == true)
            // 07:01: still down.
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:01:00Z"))
            // 07:03: the server is back; the next try, at 07:06, delivers.
            let server = try MailServer(port: port)
            defer { server.stop() }
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:03:00Z"))
            #expect(try server.messages().isEmpty)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:06:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T09:00:00Z"))
            #expect(try server.messages().count == 1)
            log = try await tending.deliveryLog()
            #expect(log.first?.status == .delivered && log.first?.attempts == 3)
        }
    }
}
