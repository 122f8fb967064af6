import Foundation
import Testing
import TendCore
import TendPostgres
import TendServices
import TendStore
import TendTestSupport

/// Two `tend serve` processes on one PostgreSQL database, as behind a load balancer, with a real SMTP
/// server: twenty accounts' digests come due and each account gets exactly one; then one process is
/// killed (SIGKILL) in the middle of sending, and the other delivers what it held once its lease ran out.
@Suite(.serialized, .enabled(if: Backend.postgresServer != nil && MailServer.available, "needs TEND_TEST_POSTGRES_URL and aiosmtpd"))
struct SchedulerProcessTests {
    /// A fresh database with `count` accounts whose digest is due at 07:00 UTC every day.
    static func accounts(_ count: Int) async throws -> (url: String, drop: @Sendable () async -> Void) {
        let server = try #require(Backend.postgresServer)
        let name = "tend_sched_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let url = try await PostgresAdmin.createDatabase(String(name), serverURL: server)
        let db = try await PostgresTendDatabase.open(url: url, poolSize: 4)
        for i in 0..<count {
            let account = try await db.accounts.create(email: "user\(i)@example.org", passwordHash: "x")
            let tending = Tending(database: db, account: account)
            _ = try await tending.updateSettings { $0.timeZone = "UTC" }
            _ = try await tending.saveDigestSchedule(DigestSchedule(frequency: .daily, hour: 7))
        }
        try await db.close()
        return (url, { try? await PostgresAdmin.dropDatabase(String(name), serverURL: server) })
    }

    /// A `tend serve` on `url` whose clock starts at 06:59:57 on 1 December 2026.
    static func serve(_ url: String, mail: MailServer, lease: Int = 300) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--database", url, "--port", "0", "--smtp-url", "smtp://127.0.0.1:\(mail.port)?tls=none&timeout=20",
                             "--mail-from", "Tend <tend@example.org>", "--public-url", "https://tend.example"]
        process.environment = ["HOME": FileManager.default.temporaryDirectory.path, "TZ": "UTC", "TEND_CLOCK_FROM": "2026-12-01T06:59:57Z",
                               "TEND_JOB_LEASE_SECONDS": String(lease), "TEND_SECRET_KEY": SecretBox.newKey()]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `condition` holds, checking every tenth of a second, for at most `seconds`.
    static func waitFor(seconds: Double, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    /// Each recipient's number of messages.
    static func recipients(_ mail: MailServer) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for message in try mail.messages() {
            if let line = message.split(separator: "\r\n").first(where: { $0.hasPrefix("X-Envelope-To: ") }) {
                counts[String(line.dropFirst("X-Envelope-To: ".count)), default: 0] += 1
            }
        }
        return counts
    }

    @Test func twoProcessesSendEachDigestOnce() async throws {
        let (url, drop) = try await Self.accounts(20)
        let mail = try MailServer()
        let a = try Self.serve(url, mail: mail), b = try Self.serve(url, mail: mail)
        defer {
            for p in [a, b] where p.isRunning { p.terminate(); p.waitUntilExit() }
            mail.stop()
        }
        #expect(try await Self.waitFor(seconds: 60) { try mail.messages().count >= 20 })
        // Both processes have had time for another pass: nothing more arrives.
        try await Task.sleep(for: .seconds(2))
        let counts = try Self.recipients(mail)
        #expect(counts.count == 20 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")
        await drop()
    }

    @Test func aProcessKilledWhileSendingLeavesItsDigestsToTheOther() async throws {
        let (url, drop) = try await Self.accounts(20)
        // The first message is accepted at once, every later one after three seconds: the first process is killed while
        // it waits for those, so none of them is accepted in the moment before it dies.
        let mail = try MailServer(delay: 3)
        let a = try Self.serve(url, mail: mail, lease: 4)
        defer { mail.stop() }
        #expect(try await Self.waitFor(seconds: 60) { try mail.messages().count >= 1 })
        try await Task.sleep(for: .milliseconds(300))
        let b = try Self.serve(url, mail: mail, lease: 4)
        defer { if b.isRunning { b.terminate(); b.waitUntilExit() } }
        kill(a.processIdentifier, SIGKILL)
        let killedAt = Date()
        a.waitUntilExit()
        let sentByA = try mail.messages().count
        #expect(sentByA < 20, "the first process was killed before it had sent everything")
        #expect(try await Self.waitFor(seconds: 60) { try mail.messages().count >= 20 })
        try await Task.sleep(for: .seconds(5))
        let counts = try Self.recipients(mail)
        let arrivals = try mail.arrivals()
        #expect(counts.count == 20 && counts.values.allSatisfy { $0 == 1 }, "\(counts); killed at \(killedAt.timeIntervalSince1970); \(arrivals)")
        // What the killed process held was taken again by the other: a second attempt in the log.
        let db = try await PostgresTendDatabase.open(url: url, poolSize: 2)
        var retaken = 0
        for account in try await db.accounts.all() {
            retaken += try await db.deliveries.log(account: account.id, limit: 5).filter { $0.status == .delivered && $0.attempts >= 2 }.count
        }
        try await db.close()
        #expect(retaken >= 1, "\(retaken) retaken, \(sentByA) sent before the kill")
        await drop()
    }
}
