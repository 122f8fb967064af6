import TendCore

/// What a simulated year did to the relationships, per tier (the tier each person started in).
public struct SimulationReport: Sendable, Equatable {
    /// A share: how many of how many.
    public struct Share: Sendable, Equatable {
        public var hits = 0
        public var of = 0
        public var ratio: Double? { of == 0 ? nil : Double(hits) / Double(of) }

        mutating func count(_ hit: Bool) {
            of += 1
            if hit { hits += 1 }
        }

        static func + (a: Share, b: Share) -> Share { Share(hits: a.hits + b.hits, of: a.of + b.of) }
    }

    public struct Line: Sendable, Equatable {
        public var birthdays = Share()
        public var winsCelebrated = Share()
        public var strugglesSupported = Share()
        public var followedUp = Share()
        /// Person-days within the tier's cadence (intimate and meaningful only).
        public var daysWithinCadence = Share()
        public var asksAfterNeedFree = Share()
        public var movedUp = Share()

        static func + (a: Line, b: Line) -> Line {
            Line(birthdays: a.birthdays + b.birthdays, winsCelebrated: a.winsCelebrated + b.winsCelebrated,
                 strugglesSupported: a.strugglesSupported + b.strugglesSupported, followedUp: a.followedUp + b.followedUp,
                 daysWithinCadence: a.daysWithinCadence + b.daysWithinCadence, asksAfterNeedFree: a.asksAfterNeedFree + b.asksAfterNeedFree,
                 movedUp: a.movedUp + b.movedUp)
        }
    }

    public var policy: Policy
    public var tiers: [Tier: Line]
    public var all: Line { tiers.values.reduce(Line(), +) }

    /// The measures, from the world and every touch of the year.
    /// - A birthday is acknowledged when a need-free touch falls on the day.
    /// - A win is celebrated when a need-free touch comes within 2 days; a struggle is supported within 3.
    /// - A supported struggle is followed up when another need-free touch comes 14 to 42 days after the support
    ///   (counted when those days fall inside the simulation).
    /// - An ask comes after a recent need-free touch when one came in the 90 days before it.
    static func measure(_ world: World, policy: Policy, log: [LoggedContact], movedUp: Set<Int>) -> SimulationReport {
        let settings = Settings()
        var needFree = [[Int]](repeating: [], count: world.people.count)
        for c in log where c.needFree { needFree[c.person].append(c.day) }
        for i in needFree.indices { needFree[i].sort() }
        func touched(_ i: Int, from: Int, through: Int) -> Int? { needFree[i].first { $0 >= from && $0 <= through } }

        var lines: [Tier: Line] = [:]
        for tier in Tier.allCases { lines[tier] = Line() }
        for (i, p) in world.people.enumerated() {
            var line = lines[p.tier]!
            if let b = p.birthday {
                for d in 0..<world.config.days where b.celebrated(inYear: world.day(d).year) == world.day(d) {
                    line.birthdays.count(touched(i, from: d, through: d) != nil)
                }
            }
            if let target = p.target, target > p.tier { line.movedUp.count(movedUp.contains(i)) }
            if p.tier >= .intimate, let cadence = settings.cadence[p.tier] {
                var last = Int.min, k = 0
                for d in 0..<world.config.days {
                    while k < needFree[i].count, needFree[i][k] <= d { last = needFree[i][k]; k += 1 }
                    line.daysWithinCadence.count(d - last <= cadence)
                }
            }
            lines[p.tier] = line
        }
        for (d, happenings) in world.happenings.enumerated() {
            for h in happenings {
                switch h {
                case .win(let i, _):
                    lines[world.people[i].tier]!.winsCelebrated.count(touched(i, from: d, through: d + 2) != nil)
                case .struggle(let i, _):
                    let support = touched(i, from: d, through: d + 3)
                    lines[world.people[i].tier]!.strugglesSupported.count(support != nil)
                    if let s = support, s + 42 < world.config.days {
                        lines[world.people[i].tier]!.followedUp.count(touched(i, from: s + 14, through: s + 42) != nil)
                    }
                case .ask(let i):
                    lines[world.people[i].tier]!.asksAfterNeedFree.count(touched(i, from: d - 90, through: d) != nil)
                }
            }
        }
        return SimulationReport(policy: policy, tiers: lines)
    }
}

extension SimulationReport {
    /// The two policies side by side, per measure and tier, with the issue's targets checked.
    public static func table(agenda: SimulationReport, baseline: SimulationReport, config: SimulationConfig) -> String {
        var out = "Simulated \(config.days) days with \(config.people) people, \(config.capacity) actions a day, seed \(config.seed).\n\n"
        let measures: [(String, KeyPath<Line, Share>, [Tier])] = [
            ("Birthdays acknowledged on the day", \.birthdays, Tier.allCases.reversed()),
            ("Wins celebrated within 2 days", \.winsCelebrated, Tier.allCases.reversed()),
            ("Struggles supported within 3 days", \.strugglesSupported, Tier.allCases.reversed()),
            ("Supported struggles followed up (14-42 days later)", \.followedUp, Tier.allCases.reversed()),
            ("Days within cadence (intimate and meaningful)", \.daysWithinCadence, [.meaningful, .intimate]),
            ("Asks after a need-free touch in the 90 days before", \.asksAfterNeedFree, Tier.allCases.reversed()),
            ("Moved up to their target tier", \.movedUp, Tier.allCases.reversed()),
        ]
        func cell(_ s: Share) -> String {
            guard let r = s.ratio else { return "—" }
            let pct = String(Int((r * 1000).rounded()) / 10) + "." + String(Int((r * 1000).rounded()) % 10) + "%"
            return "\(pct) (\(s.hits)/\(s.of))"
        }
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
        out += pad("", 44) + pad("Tend agenda", 22) + "Baseline\n"
        var worse: [String] = [], better = 0, equal = 0
        for (title, path, tiers) in measures {
            out += title + "\n"
            var rows: [(String, Share, Share)] = tiers.map { ($0.rawValue, agenda.tiers[$0]![keyPath: path], baseline.tiers[$0]![keyPath: path]) }
            if tiers.count > 1 { rows.append(("all", agenda.all[keyPath: path], baseline.all[keyPath: path])) }
            for (label, a, b) in rows where a.of > 0 || b.of > 0 {
                out += "  " + pad(label, 42) + pad(cell(a), 22) + cell(b) + "\n"
                guard let x = a.ratio, let y = b.ratio else { continue }
                if x > y { better += 1 } else if x == y { equal += 1 } else { worse.append("\(title.lowercased()) (\(label))") }
            }
        }
        let closeBirthdays = agenda.tiers[.meaningful]!.birthdays + agenda.tiers[.intimate]!.birthdays
        let wins = agenda.all.winsCelebrated.ratio ?? 1
        out += "\nTargets\n"
        out += "  every intimate and meaningful birthday acknowledged on the day: \(closeBirthdays.hits == closeBirthdays.of ? "yes" : "no") (\(closeBirthdays.hits)/\(closeBirthdays.of))\n"
        out += "  at least 95% of wins celebrated within 2 days: \(wins >= 0.95 ? "yes" : "no") (\(cell(agenda.all.winsCelebrated)))\n"
        out += "  better than the baseline on every line: \(worse.isEmpty && equal == 0 ? "yes" : worse.isEmpty ? "no line worse; \(equal) equal (both at the same share)" : "no — worse on " + worse.joined(separator: "; ")) (better on \(better), equal on \(equal), worse on \(worse.count))\n"
        return out
    }
}
