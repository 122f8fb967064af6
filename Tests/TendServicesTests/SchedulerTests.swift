import Foundation
import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// The scheduler with a clock the test moves: no sleeps, every instant chosen.
@Suite struct SchedulerTests {
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// An account in Lisbon with a daily digest at 07:00, and a scheduler over it.
    static func setUp(_ db: any TendDatabase, sender: RecordingSender, owner: String = "one", email: String = "ana@example.org",
                      schedule: DigestSchedule = DigestSchedule(frequency: .daily, hour: 7)) async throws -> (Scheduler, AccountID) {
        let account = try await db.accounts.create(email: email, passwordHash: "x")
        let tending = Tending(database: db, account: account)
        _ = try await tending.updateSettings { $0.timeZone = "Europe/Lisbon" }
        try await tending.add("Bea Costa", .meaningful, birthday: "1990-12-02")
        _ = try await tending.saveDigestSchedule(schedule)
        let scheduler = Scheduler(database: db, senders: [sender], links: ActionLinkSource(database: db), publicURL: "https://tend.example",
                                  owner: owner, fallbackZone: .gmt)
        return (scheduler, account)
    }

    @Test func theDigestGoesOnceAtItsHour() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            let next = try #require(try await scheduler.nextDigest(account: account))
            #expect(next.day == day("2026-12-02") && next.at == Self.instant("2026-12-02T07:00:00Z"))

            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T06:59:00Z"))
            #expect(sender.messages.isEmpty)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:05Z"))
            #expect(sender.messages.count == 1)
            let message = try #require(sender.messages.first)
            #expect(message.recipient == "ana@example.org" && message.digest.day == day("2026-12-02") && !message.isTest)
            #expect(message.digest.birthdays.map(\.name) == ["Bea Costa"])
            #expect(message.unsubscribe?.hasPrefix("https://tend.example/act/") == true)
            // Planning again and running again send nothing more.
            try await scheduler.plan(now: Self.instant("2026-12-02T07:10:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:10:00Z"))
            #expect(sender.messages.count == 1)
            #expect(try await scheduler.nextDigest(account: account)?.day == day("2026-12-03"))
            let log = try await Tending(database: db, account: account).deliveryLog()
            #expect(log.map(\.status) == [.delivered] && log.first?.key == "digest:\(account.rawValue):2026-12-02:email")
        }
    }

    @Test func aDigestMissedWhileDownIsSentIfItIsStillItsDayElseRecordedMissed() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            // Back at 15:00 the same day: sent once.
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T15:00:00Z"))
            #expect(sender.messages.count == 1)
            // Down from then until 5 December 10:00: the digests of the 3rd and 4th are missed, not sent five at once;
            // the 5th's (07:00) is still its day and goes.
            _ = try await scheduler.runDue(now: Self.instant("2026-12-05T10:00:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-05T10:00:01Z"))
            #expect(sender.messages.count == 1)
            let log = try await Tending(database: db, account: account).deliveryLog()
            #expect(log.filter { $0.status == .missed }.map(\.day) == [day("2026-12-03")])
            #expect(log.first { $0.status == .missed }?.reason?.contains("Tend was not running at 07:00 on 3 December 2026") == true)
            // After the missed one the next is planned from now: the 6th.
            #expect(try await scheduler.nextDigest(account: account)?.day == day("2026-12-06"))
        }
    }

    @Test func aFailedDeliveryIsRetriedWithBackoffAndDeliveredOnce() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            sender.fail(with: DeliveryFailure("127.0.0.1:2525 refused the connection: no mail server listens there"))
            let first = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:00Z"))
            #expect(first.retried == 1 && sender.messages.isEmpty)
            var log = try await Tending(database: db, account: account).deliveryLog()
            #expect(log.first?.status == .retrying)
            #expect(log.first?.reason == "127.0.0.1:2525 refused the connection: no mail server listens there (attempt 1 of 5; the next in 1 minute)")
            // One minute on: still down; the next wait is 5 minutes.
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:01:00Z"))
            #expect(try await Tending(database: db, account: account).deliveryLog().first?.reason?.hasSuffix("(attempt 2 of 5; the next in 5 minutes)") == true)
            // The server is back three minutes after the digest was due; the retry at 07:06 delivers it.
            sender.fail(with: nil)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:03:00Z"))
            #expect(sender.messages.isEmpty)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:06:00Z"))
            #expect(sender.messages.count == 1)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T09:00:00Z"))
            #expect(sender.messages.count == 1)
            log = try await Tending(database: db, account: account).deliveryLog()
            #expect(log.first?.status == .delivered && log.first?.attempts == 3)
        }
    }

    @Test func aDeliveryThatKeepsFailingIsGivenUpWithItsReason() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            sender.fail(with: DeliveryFailure("no answer from smtp.example.org:587 within 30 seconds"))
            var now = Self.instant("2026-12-02T07:00:00Z")
            for wait in [0, 60, 300, 1800, 7200] as [TimeInterval] {
                now = now.addingTimeInterval(wait)
                _ = try await scheduler.runDue(now: now)
            }
            let log = try await Tending(database: db, account: account).deliveryLog()
            #expect(log.first?.status == .failed && log.first?.reason == "no answer from smtp.example.org:587 within 30 seconds")
            // A refused recipient is not retried at all.
            let other = RecordingSender()
            other.fail(with: DeliveryFailure("recipient refused: ana@example.org: 550 no such user", permanent: true))
            let (second, account2) = try await Self.setUp(db, sender: other, owner: "two", email: "cy@example.org")
            try await second.plan(now: Self.instant("2026-12-02T20:00:00Z"))
            let pass = try await second.runDue(now: Self.instant("2026-12-03T07:00:00Z"))
            // Both accounts' digests of the 3rd went through this refusing sender: neither is retried.
            #expect(pass.failed == 2 && pass.retried == 0)
            let refused = try await Tending(database: db, account: account2).deliveryLog()
            #expect(refused.map(\.status) == [.failed] && refused.first?.attempts == 1)
        }
    }

    @Test func aChangedScheduleReplacesThePlannedDigest() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            let tending = Tending(database: db, account: account)
            _ = try await tending.saveDigestSchedule(DigestSchedule(frequency: .weekly, weekday: 5, hour: 9, minute: 30))
            try await scheduler.replan(account: account, now: Self.instant("2026-12-01T20:00:00Z"))
            let next = try #require(try await scheduler.nextDigest(account: account))
            #expect(next.day == day("2026-12-04") && next.at == Self.instant("2026-12-04T09:30:00Z"))
            _ = try await tending.saveDigestSchedule(DigestSchedule(frequency: .off))
            #expect(try await scheduler.replan(account: account, now: Self.instant("2026-12-01T20:00:00Z")) == false)
            #expect(try await scheduler.nextDigest(account: account) == nil)
            _ = try await scheduler.runDue(now: Self.instant("2026-12-10T09:30:00Z"))
            #expect(sender.messages.isEmpty)
        }
    }

    @Test func aDigestPlannedFromAnOldScheduleGoesAtTheNewTime() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            // Another process saved 09:00 without this one planning again.
            try await db.write(account: account) { try await $0.digestSchedule.save(DigestSchedule(frequency: .daily, hour: 9)) }
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:00Z"))
            #expect(sender.messages.isEmpty)
            #expect(try await scheduler.nextDigest(account: account)?.at == Self.instant("2026-12-02T09:00:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T09:00:00Z"))
            #expect(sender.messages.count == 1)
        }
    }

    @Test func aScheduleMovedLaterOnADayWhoseDigestWentWaitsForTomorrow() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:00Z"))
            #expect(sender.messages.count == 1)
            // At 08:00 the digest moves to 09:00: today's has gone, so the next is tomorrow's.
            _ = try await scheduler.saveSchedule(DigestSchedule(frequency: .daily, hour: 9), account: account, now: Self.instant("2026-12-02T08:00:00Z"))
            let next = try #require(try await scheduler.nextDigest(account: account))
            #expect(next.day == day("2026-12-03") && next.at == Self.instant("2026-12-03T09:00:00Z"))
            try await scheduler.plan(now: Self.instant("2026-12-02T08:10:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T09:00:00Z"))
            #expect(sender.messages.count == 1)
        }
    }

    @Test func anEmptyDayIsSkippedWhenTheAccountSaysSo() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let account = try await db.accounts.create(email: "ana@example.org", passwordHash: "x")
            _ = try await Tending(database: db, account: account).saveDigestSchedule(DigestSchedule(frequency: .daily, hour: 7, sendEmpty: false))
            let scheduler = Scheduler(database: db, senders: [sender], links: ActionLinkSource(database: db), publicURL: nil, fallbackZone: .gmt)
            try await scheduler.plan(now: Self.instant("2026-12-01T20:00:00Z"))
            _ = try await scheduler.runDue(now: Self.instant("2026-12-02T07:00:00Z"))
            #expect(sender.messages.isEmpty)
            #expect(try await scheduler.nextDigest(account: account)?.day == day("2026-12-03"))
        }
    }

    @Test func aTestIsSentNowAndLoggedAsATest() async throws {
        try await withDatabase { db in
            let sender = RecordingSender()
            let (scheduler, account) = try await Self.setUp(db, sender: sender)
            let delivery = try await scheduler.sendTest(account: account, channel: .email, day: day("2026-12-01"), now: Self.instant("2026-12-01T12:00:00Z"))
            #expect(delivery.status == .delivered && delivery.purpose == .test && sender.messages.first?.isTest == true)
            let unconfigured = Scheduler(database: db, senders: [], links: ActionLinkSource(database: db), publicURL: nil)
            let failed = try await unconfigured.sendTest(account: account, channel: .email, day: day("2026-12-01"), now: Self.instant("2026-12-01T12:00:00Z"))
            #expect(failed.status == .failed && failed.reason == "mail is not set up on this Tend: start it with --smtp-url and --mail-from")
        }
    }

    @Test func housekeepingRunsOnceAnHourWhateverTheProcesses() async throws {
        try await withDatabase { db in
            let runs = Counter()
            let make = { (owner: String) in
                Scheduler(database: db, senders: [], links: ActionLinkSource(database: db), publicURL: nil, owner: owner,
                          housekeeping: { _ in runs.add() })
            }
            let a = make("a"), b = make("b")
            let now = Self.instant("2026-12-01T10:15:00Z")
            try await a.plan(now: now)
            try await b.plan(now: now)
            async let x = a.runDue(now: now)
            async let y = b.runDue(now: now)
            _ = try await (x, y)
            #expect(runs.value == 1)
            _ = try await a.runDue(now: Self.instant("2026-12-01T10:59:00Z"))
            #expect(runs.value == 1)
            _ = try await b.runDue(now: Self.instant("2026-12-01T11:00:00Z"))
            #expect(runs.value == 2)
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    var value: Int { lock.withLock { n } }
    func add() { lock.withLock { n += 1 } }
}

/// The links a digest carries: signed, single-purpose, expiring.
@Suite struct ActionLinkTests {
    static let links = ActionLinks(key: .init(data: Data(repeating: 7, count: 32)))
    static let link = ActionLinks.Link(account: AccountID(4), action: .done, suggestion: "keep-up:12:2026-08-01", day: day("2026-12-01"),
                                       expires: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func aTokenSaysWhatItWasMadeFor() throws {
        let token = Self.links.token(Self.link)
        #expect(try Self.links.verify(token, now: Date(timeIntervalSince1970: 1_799_999_999)) == Self.link)
        let urlSafe = token.allSatisfy { (c: Character) -> Bool in c.isASCII && (c.isLetter || c.isNumber || "-_.".contains(c)) }
        #expect(urlSafe)
    }

    @Test func aChangedExpiredOrForeignTokenIsRefused() throws {
        let token = Self.links.token(Self.link)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(throws: ActionLinks.Refusal.expired) { try Self.links.verify(token, now: Date(timeIntervalSince1970: 1_800_000_000)) }
        var snoozing = Self.link
        snoozing.action = .snooze
        let other = Self.links.token(snoozing)
        // The snooze link's fields with the done link's signature.
        let spliced = String(other.split(separator: ".")[0]) + "." + String(token.split(separator: ".")[1])
        #expect(throws: ActionLinks.Refusal.forged) { try Self.links.verify(spliced, now: now) }
        let foreign = ActionLinks(key: .init(data: Data(repeating: 8, count: 32)))
        #expect(throws: ActionLinks.Refusal.forged) { try foreign.verify(token, now: now) }
        for junk in ["", ".", "abc", "a.b.c", String(repeating: "x", count: 700), "é.é"] {
            #expect(throws: ActionLinks.Refusal.self) { try Self.links.verify(junk, now: now) }
        }
    }

    @Test func theConfirmationBelongsToOneToken() {
        let token = Self.links.token(Self.link)
        #expect(Self.links.isConfirmation(Self.links.confirmation(for: token), for: token))
        #expect(!Self.links.isConfirmation(Self.links.confirmation(for: token + "x"), for: token))
        #expect(!Self.links.isConfirmation("", for: token))
    }

    @Test func theKeyIsMadeOnceAndSharedByEveryProcess() async throws {
        try await withDatabase { db in
            async let a = ActionLinks.load(from: db)
            async let b = ActionLinks.load(from: db)
            let (x, y) = try await (a, b)
            let token = x.token(Self.link)
            #expect(try y.verify(token, now: Date(timeIntervalSince1970: 1_700_000_000)) == Self.link)
        }
    }
}
