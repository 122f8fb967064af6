import Foundation

/// Slows password guessing down without locking anyone out.
///
/// Each failure of a key (an account's email, a client's address, a known browser) makes the next
/// attempt with that key wait longer, counted from the last failure: the first `freeFailures` cost
/// nothing, then 1 s, 2 s, 4 s … up to `longestWait`. A guesser gets a few hundred tries a day at most;
/// the owner, who never waits longer than `longestWait`, is never refused for good, and a browser that
/// has signed in to the account before is judged by its own failures only, so strangers' guesses do
/// not slow its owner down at all.
public actor LoginLimiter {
    let freeFailures: Int
    let longestWait: TimeInterval
    /// Failures older than this after the last one are forgotten.
    let memory: TimeInterval
    private var records: [String: Record] = [:]

    private struct Record {
        var failures: Int
        var last: Date
    }

    public init(freeFailures: Int = 3, longestWait: TimeInterval = 60, memory: TimeInterval = 24 * 3600) {
        self.freeFailures = freeFailures
        self.longestWait = longestWait
        self.memory = memory
    }

    /// The keys an attempt is judged by.
    public static func keys(email: String, client: String, knownDevice: String?) -> [String] {
        let account = "account:" + email.lowercased().trimmingCharacters(in: .whitespaces)
        if let knownDevice { return ["device:" + knownDevice] }
        return [account, "client:" + client]
    }

    /// Seconds to wait before the next attempt with these keys, or nil when one may be made now.
    public func retryAfter(_ keys: [String], now: Date) -> Int? {
        let waits = keys.compactMap { key -> TimeInterval? in
            guard let record = live(key, now: now) else { return nil }
            let remaining = record.last.addingTimeInterval(wait(after: record.failures)).timeIntervalSince(now)
            return remaining > 0 ? remaining : nil
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    public func recordFailure(_ keys: [String], now: Date) {
        for key in keys {
            let failures = (live(key, now: now)?.failures ?? 0) + 1
            records[key] = Record(failures: failures, last: now)
        }
        // Guessing across many emails and addresses must not grow memory without bound.
        if records.count > 20_000 {
            records = records.filter { now.timeIntervalSince($0.value.last) < longestWait }
        }
    }

    public func recordSuccess(_ keys: [String]) {
        for key in keys where !key.hasPrefix("client:") { records[key] = nil }
    }

    /// How long to wait after `failures` failures in a row.
    func wait(after failures: Int) -> TimeInterval {
        let over = failures - freeFailures
        guard over > 0 else { return 0 }
        return min(longestWait, pow(2, Double(min(over - 1, 30))))
    }

    private func live(_ key: String, now: Date) -> Record? {
        guard let record = records[key] else { return nil }
        if now.timeIntervalSince(record.last) >= memory {
            records[key] = nil
            return nil
        }
        return record
    }
}
