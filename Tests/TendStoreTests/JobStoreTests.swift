import Foundation
import Testing
import TendCore
import TendStore
import TendTestSupport

/// The jobs table and the delivery log, on every backend: one job per key, a lease that one process
/// holds at a time, and a lease that runs out.
@Suite struct JobStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    @Test(arguments: Backend.available)
    func aKeyMakesOneJobHoweverOftenItIsEnqueued(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let job = NewJob(kind: .digest, account: account, key: "digest:\(account.rawValue):2026-12-02", payload: "2026-12-02", dueAt: Self.t0)
            async let a = db.database.jobs.enqueue(job)
            async let b = db.database.jobs.enqueue(job)
            let added = try await [a, b]
            #expect(added.filter { $0 }.count == 1)
            #expect(try await db.database.jobs.pending(kind: .digest, account: account).count == 1)
            #expect(try await db.database.jobs.nextDue() == Self.t0)
        }
    }

    @Test(arguments: Backend.available)
    func processesClaimingAtOnceNeverShareAJob(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            for i in 0..<60 {
                try await db.database.jobs.enqueue(NewJob(kind: .delivery, account: account, key: "k\(i)", dueAt: Self.t0.addingTimeInterval(Double(i))))
            }
            let lease = Self.t0.addingTimeInterval(600)
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for owner in 0..<4 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let jobs = try await db.database.jobs.claim(now: Self.t0.addingTimeInterval(100), owner: "p\(owner)", leaseUntil: lease, limit: 5)
                            if jobs.isEmpty { return mine }
                            mine += jobs.map(\.id)
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 60 && Set(claimed).count == 60)
            // Nothing is left to claim while the leases hold.
            #expect(try await db.database.jobs.claim(now: Self.t0.addingTimeInterval(200), owner: "late", leaseUntil: lease, limit: 100).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func aLeaseThatRunsOutLetsAnotherProcessTakeTheJob(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let jobs = db.database.jobs
            try await jobs.enqueue(NewJob(kind: .delivery, account: account, key: "d", dueAt: Self.t0))
            let first = try await jobs.claim(now: Self.t0, owner: "killed", leaseUntil: Self.t0.addingTimeInterval(300), limit: 1)
            #expect(first.map(\.attempts) == [1])
            #expect(try await jobs.claim(now: Self.t0.addingTimeInterval(299), owner: "other", leaseUntil: Self.t0.addingTimeInterval(900), limit: 1).isEmpty)
            let second = try await jobs.claim(now: Self.t0.addingTimeInterval(300), owner: "other", leaseUntil: Self.t0.addingTimeInterval(900), limit: 1)
            #expect(second.map(\.attempts) == [2])
            // The process that lost its lease cannot end the job; the one holding it can.
            #expect(try await jobs.finish(first[0].id, owner: "killed", state: .done, error: nil, at: Self.t0) == false)
            #expect(try await jobs.finish(second[0].id, owner: "other", state: .done, error: nil, at: Self.t0) == true)
            #expect(try await jobs.job(key: "d")?.state == .done)
            try await jobs.removeEnded(before: Self.t0.addingTimeInterval(1))
            #expect(try await jobs.job(key: "d") == nil)
        }
    }

    @Test(arguments: Backend.available)
    func aRetryComesBackWhenItIsDue(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let jobs = db.database.jobs
            try await jobs.enqueue(NewJob(kind: .delivery, account: account, key: "r", dueAt: Self.t0))
            let job = try #require(try await jobs.claim(now: Self.t0, owner: "a", leaseUntil: Self.t0.addingTimeInterval(300), limit: 1).first)
            #expect(try await jobs.retry(job.id, owner: "a", dueAt: Self.t0.addingTimeInterval(60), error: "refused"))
            #expect(try await jobs.claim(now: Self.t0.addingTimeInterval(59), owner: "a", leaseUntil: Self.t0.addingTimeInterval(400), limit: 1).isEmpty)
            let again = try await jobs.claim(now: Self.t0.addingTimeInterval(60), owner: "b", leaseUntil: Self.t0.addingTimeInterval(400), limit: 1)
            #expect(again.first?.lastError == "refused" && again.first?.attempts == 2)
        }
    }

    @Test(arguments: Backend.available)
    func theDeliveryLogIsNewestFirstAndPerAccount(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let other = try await db.account("b@example.com")
            for i in 0..<3 {
                try await db.database.deliveries.record(Delivery(key: "k\(i)", account: account, channel: .email, purpose: .digest, day: day("2026-12-0\(i + 1)"),
                                                                 status: .sending, attempts: 0, reason: nil, updatedAt: Self.t0.addingTimeInterval(Double(i))))
            }
            try await db.database.deliveries.record(Delivery(key: "k0", account: account, channel: .email, purpose: .digest, day: day("2026-12-01"),
                                                             status: .delivered, attempts: 1, reason: nil, updatedAt: Self.t0.addingTimeInterval(10)))
            try await db.database.deliveries.record(Delivery(key: "x", account: other, channel: .email, purpose: .test, day: nil,
                                                             status: .failed, attempts: 1, reason: "refused", updatedAt: Self.t0))
            let log = try await db.database.deliveries.log(account: account, limit: 50)
            #expect(log.map(\.key) == ["k0", "k2", "k1"] && log[0].status == .delivered)
            #expect(try await db.database.deliveries.log(account: other, limit: 50).map(\.reason) == ["refused"])
        }
    }

    @Test(arguments: Backend.available)
    func theScheduleIsRefusedOutOfRangeByTheSchemaToo(backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            await #expect(throws: (any Error).self) {
                try await db.database.write(account: account) { try await $0.digestSchedule.save(DigestSchedule(frequency: .daily, hour: 25)) }
            }
            try await db.database.write(account: account) { try await $0.digestSchedule.save(DigestSchedule(frequency: .weekly, weekday: 3, hour: 6, minute: 45)) }
            #expect(try await db.database.read(account: account) { try await $0.digestSchedule.load() }
                    == DigestSchedule(frequency: .weekly, weekday: 3, hour: 6, minute: 45))
            #expect(try await db.database.jobs.accountsAwaitingDigest(limit: 10) == [account])
        }
    }
}
