import Foundation

/// Slows down password guessing: after too many failed sign-ins for one email, or from one
/// address, within a window, further attempts are refused until the window passes.
actor LoginLimiter {
    let maxFailures: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int = 5, window: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed now.
    func retryAfter(email: String, address: String, now: Date) -> Int? {
        let waits = [key(email: email), "ip:" + address].compactMap { k -> TimeInterval? in
            let recent = prune(k, now: now)
            guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(window).timeIntervalSince(now)
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    func recordFailure(email: String, address: String, now: Date) {
        for k in [key(email: email), "ip:" + address] {
            failures[k, default: []].append(now)
        }
        // Guessing across many emails and addresses must not grow memory without bound.
        if failures.count > 10_000 {
            failures = failures.filter { _, times in times.last.map { now.timeIntervalSince($0) < window } ?? false }
        }
    }

    func recordSuccess(email: String) {
        failures[key(email: email)] = nil
    }

    private func key(email: String) -> String { "email:" + email.lowercased().trimmingCharacters(in: .whitespaces) }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
