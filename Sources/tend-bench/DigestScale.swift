import ArgumentParser
import Foundation
import TendCore
import TendDelivery
import TendMail
import TendServices
import TendSQLite
import TendStore

/// The scheduler at hosted scale: every account's digest due at one minute, rendered and sent to an SMTP
/// server, as `tend serve` does it.
struct DigestScale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest-scale",
        abstract: "Render and send the daily digest of many accounts through an SMTP server, and print messages per second and memory.",
        discussion: """
            Makes a SQLite database with --accounts accounts of --people people each (birthdays, a win and a struggle among them), \
            every digest due at 07:00 UTC, then runs the scheduler at 07:00 as `tend serve` would: plan, claim, render, send. \
            Start an SMTP server first, such as `python3 Tests/mail/smtpd.py --out /tmp/inbox --port 2525`.
            """)

    @Option(help: "How many accounts.") var accounts = 10_000
    @Option(help: "People per account.") var people = 20
    @Option(help: "The SMTP server, as for tend serve.") var smtpURL = "smtp://127.0.0.1:2525?tls=none"
    @Option(help: "How many jobs the scheduler claims at once.") var batch = 20

    func run() async throws {
        guard (1...100_000).contains(accounts), (1...500).contains(people) else { throw ValidationError("--accounts is 1 to 100000, --people 1 to 500") }
        let smtp: SMTPConfiguration
        do { smtp = try SMTPConfiguration(url: smtpURL) } catch { throw ValidationError(error.message) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
        let today = Day("2026-12-01")!
        var started = ContinuousClock.now
        for a in 0..<accounts {
            let account = try await db.accounts.create(email: "user\(a)@example.org", passwordHash: "x")
            let batch = (0..<people).map { i in
                NewPerson(profile: Profile(displayName: "Person \(a)-\(i)", birthday: Birthday(month: 12, day: 1 + (a + i) % 7, year: 1980 + i % 30)),
                          tier: Tier.allCases[i % 4], addedOn: Day("2026-01-01")!)
            }
            try await db.write(account: account) { s in
                let added = try await s.people.add(batch, on: today)
                _ = try await s.moments.record(NewMoment(personID: added[0].id, kind: .win(.promotion), on: today.adding(days: -2), note: "Now leading the team"))
                _ = try await s.moments.record(NewMoment(personID: added[1].id, kind: .struggle(.layoff), on: today.adding(days: -3), note: ""))
                var settings = try await s.settings.load()
                settings.timeZone = "UTC"
                try await s.settings.save(settings)
                try await s.digestSchedule.save(DigestSchedule(frequency: .daily, hour: 7))
            }
        }
        try await db.maintain()
        print(String(format: "%d accounts, %d people each, made in %.1f s", accounts, people, Timing.milliseconds(ContinuousClock.now - started) / 1000))

        let due = ISO8601DateFormatter().date(from: "2026-12-01T07:00:00Z")!
        let sender = EmailSender(client: SMTPClient(configuration: smtp), from: MailAddress(name: "Tend", address: "tend@example.org"), now: { due })
        let scheduler = Scheduler(database: db, senders: [sender], links: ActionLinkSource(database: db), publicURL: "https://tend.example",
                                  fallbackZone: .gmt)
        // Rendering alone: the message of every tenth account, as the delivery builds it.
        started = ContinuousClock.now
        let sample = max(1, accounts / 10)
        var bytes = 0
        for a in 0..<sample {
            let message = try await scheduler.message(account: AccountID(Int64(a + 1)), day: today, key: "bench:\(a)", isTest: false, now: due)
            bytes += sender.mail(message).rendered().utf8.count
        }
        let renderSeconds = Timing.milliseconds(ContinuousClock.now - started) / 1000
        print(String(format: "rendering: %d messages in %.1f s, %.0f messages/s, %.1f KB each", sample, renderSeconds, Double(sample) / renderSeconds,
                     Double(bytes) / Double(sample) / 1024))

        try await scheduler.plan(now: due.addingTimeInterval(-60))
        started = ContinuousClock.now
        let pass = try await scheduler.runDue(now: due, batch: batch)
        let seconds = Timing.milliseconds(ContinuousClock.now - started) / 1000
        var delivered = 0
        for a in 0..<accounts {
            delivered += try await db.deliveries.log(account: AccountID(Int64(a + 1)), limit: 5).filter { $0.status == .delivered }.count
        }
        print(String(format: "scheduler: %d jobs (%d digests), %d delivered, %d to retry, %d failed, in %.1f s: %.0f messages/s",
                     pass.ran, pass.kinds[.digest] ?? 0, delivered, pass.retried, pass.failed, seconds, Double(delivered) / seconds))
        print("memory: peak resident \(Self.peakResidentMB()) MB")
        try await db.close()
    }

    /// VmHWM from /proc/self/status.
    static func peakResidentMB() -> String {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return "?" }
        return String(format: "%.0f", kb / 1024)
    }
}
