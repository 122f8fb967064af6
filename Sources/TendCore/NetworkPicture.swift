/// The Network page's pictures, computed from plain facts: people per tier, need-free
/// touches per week, who is drifting, and asks against gives per month.
public struct NetworkPicture: Hashable, Sendable, Codable {
    public struct TierCount: Hashable, Sendable, Codable {
        public var tier: Tier
        public var people: Int
    }

    public struct Week: Hashable, Sendable, Codable {
        public var start: Day
        public var needFree: Int
    }

    public struct Drift: Hashable, Sendable, Codable {
        public var personID: PersonID
        public var name: String
        public var tier: Tier
        public var daysSince: Int
        public var cadence: Int

        public init(personID: PersonID, name: String, tier: Tier, daysSince: Int, cadence: Int) {
            self.personID = personID
            self.name = name
            self.tier = tier
            self.daysSince = daysSince
            self.cadence = cadence
        }

        /// Days past the cadence.
        public var overdue: Int { daysSince - cadence }
    }

    public struct Month: Hashable, Sendable, Codable {
        public var start: Day
        public var asks: Int
        public var gives: Int
    }

    public var tiers: [TierCount]
    public var weeks: [Week]
    public var drifting: [Drift]
    public var months: [Month]

    /// Builds the picture for the year up to `today`.
    /// - Parameters:
    ///   - entries: Active people with their touch summaries.
    ///   - activity: Touches per day and intent over at least the last 52 weeks.
    public init(today: Day, settings: Settings, entries: [Agenda.Entry], activity: [(day: Day, intent: Intent, count: Int)],
                driftLimit: Int = 10) {
        let active = entries.filter { !$0.person.archived }
        tiers = Tier.allCases.reversed().map { t in TierCount(tier: t, people: active.filter { $0.person.tier == t }.count) }

        // 52 weeks, the last one ending today.
        let firstWeek = today.adding(days: -(52 * 7) + 1)
        var weekly = Array(repeating: 0, count: 52)
        for a in activity where a.intent.isNeedFree && a.day >= firstWeek && a.day <= today {
            weekly[firstWeek.days(until: a.day) / 7] += a.count
        }
        weeks = weekly.enumerated().map { Week(start: firstWeek.adding(days: $0 * 7), needFree: $1) }

        drifting = active.compactMap { e -> Drift? in
            guard let cadence = settings.cadence(for: e.person) else { return nil }
            let since = (e.touches.lastNeedFree ?? e.person.addedOn).days(until: today)
            guard since > cadence else { return nil }
            return Drift(personID: e.person.id, name: e.person.displayName, tier: e.person.tier, daysSince: since, cadence: cadence)
        }
        .sorted { a, b in
            let ra = Double(a.overdue) / Double(a.cadence), rb = Double(b.overdue) / Double(b.cadence)
            if ra != rb { return ra > rb }
            return (a.name, a.personID) < (b.name, b.personID)
        }
        .prefix(driftLimit).map { $0 }

        // Twelve calendar months, the last one holding today.
        let starts = (0..<12).map { today.firstOfMonth(adding: $0 - 11) }
        var asks = Array(repeating: 0, count: 12), gives = Array(repeating: 0, count: 12)
        for a in activity where a.day >= starts[0] && a.day <= today {
            let i = (a.day.year - starts[0].year) * 12 + a.day.month - starts[0].month
            if a.intent.isAsk { asks[i] += a.count }
            if a.intent.isGive { gives[i] += a.count }
        }
        months = starts.indices.map { Month(start: starts[$0], asks: asks[$0], gives: gives[$0]) }
    }
}
