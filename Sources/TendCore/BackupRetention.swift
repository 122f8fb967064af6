/// Which daily backups to keep: the newest `daily` days', and beyond them the newest of each of the
/// `weekly` weeks (Monday to Sunday) that no kept day already falls in, so a mistake noticed weeks later
/// can still be undone.
public struct BackupRetention: Hashable, Sendable {
    public var daily: Int
    public var weekly: Int

    public init(daily: Int = 7, weekly: Int = 4) {
        self.daily = daily
        self.weekly = weekly
    }

    /// The days of `backups` to keep on `today`; every other one may be removed.
    public func keep(_ backups: [Day], today: Day) -> Set<Day> {
        let sorted = Set(backups).filter { $0 <= today }.sorted(by: >)
        var kept = Set(sorted.prefix(daily))
        var covered = Set(kept.map(\.weekIndex))
        var weeks = 0
        for day in sorted.dropFirst(daily) where weeks < weekly && !covered.contains(day.weekIndex) {
            covered.insert(day.weekIndex)
            kept.insert(day)
            weeks += 1
        }
        // A backup dated after today (a clock set back) is never removed by this rule.
        return kept.union(backups.filter { $0 > today })
    }
}

extension Day {
    /// The week this day falls in, counted in Mondays since 1970 (1970-01-01 was a Thursday).
    var weekIndex: Int {
        let shifted = ordinal + 3
        return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
    }
}
