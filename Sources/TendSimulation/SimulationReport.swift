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
    /// What the agenda policy's actions went to: "celebrate, familiar or unfamiliar" → how many.
    public var actions: [String: Int] = [:]
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
    /// One capacity's year under both policies.
    public struct Run: Sendable {
        public var capacity: Int
        public var agenda: SimulationReport
        public var baseline: SimulationReport
        public init(capacity: Int, agenda: SimulationReport, baseline: SimulationReport) {
            self.capacity = capacity
            self.agenda = agenda
            self.baseline = baseline
        }
    }

    static var measures: [(String, KeyPath<Line, Share>, [Tier])] { [
        ("Birthdays acknowledged on the day", \.birthdays, Tier.allCases.reversed()),
        ("Wins celebrated within 2 days", \.winsCelebrated, Tier.allCases.reversed()),
        ("Struggles supported within 3 days", \.strugglesSupported, Tier.allCases.reversed()),
        ("Supported struggles followed up (14-42 days later)", \.followedUp, Tier.allCases.reversed()),
        ("Days within cadence (intimate and meaningful)", \.daysWithinCadence, [.meaningful, .intimate]),
        ("Asks after a need-free touch in the 90 days before", \.asksAfterNeedFree, Tier.allCases.reversed()),
        ("Moved up to their target tier", \.movedUp, Tier.allCases.reversed()),
    ] }

    static func cell(_ s: Share) -> String {
        guard let r = s.ratio else { return "—" }
        let tenths = Int((r * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)% (\(s.hits)/\(s.of))"
    }

    static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }

    /// The agenda at each capacity beside the baseline at the `baseline` capacity, per measure and tier, then
    /// issue 19's targets checked at each capacity (against the baseline at the same capacity).
    public static func comparison(_ runs: [Run], config: SimulationConfig, baseline: Int) -> String {
        guard let focus = runs.first(where: { $0.capacity == baseline }) ?? runs.first else { return "" }
        var out = "Simulated \(config.days) days with \(config.people) people, seed \(config.seed); "
            + runs.map { "\($0.capacity)" }.joined(separator: ", ") + " actions a day.\n\n"
        out += pad("", 44) + runs.map { pad("Tend, \($0.capacity) a day", 22) }.joined() + "Baseline, \(focus.capacity) a day\n"
        for (title, path, tiers) in measures {
            out += title + "\n"
            var rows: [(String, [Share], Share)] = tiers.map { t in
                (t.rawValue, runs.map { $0.agenda.tiers[t]![keyPath: path] }, focus.baseline.tiers[t]![keyPath: path])
            }
            if tiers.count > 1 { rows.append(("all", runs.map { $0.agenda.all[keyPath: path] }, focus.baseline.all[keyPath: path])) }
            for (label, agenda, baseline) in rows where agenda.contains(where: { $0.of > 0 }) || baseline.of > 0 {
                out += "  " + pad(label, 42) + agenda.map { pad(cell($0), 22) }.joined() + cell(baseline) + "\n"
            }
        }
        out += "\nWhat the actions went to (close: meaningful and intimate; outer: familiar and unfamiliar)\n"
        let kinds = Set(runs.flatMap { $0.agenda.actions.keys }).sorted { a, b in
            let x = runs.map { $0.agenda.actions[a] ?? 0 }.reduce(0, +), y = runs.map { $0.agenda.actions[b] ?? 0 }.reduce(0, +)
            return x != y ? x > y : a < b
        }
        for k in kinds {
            out += "  " + pad(k, 42) + runs.map { pad(String($0.agenda.actions[k] ?? 0), 22) }.joined() + "\n"
        }
        out += "  " + pad("all", 42) + runs.map { pad(String($0.agenda.actions.values.reduce(0, +)), 22) }.joined() + "\n"
        for run in runs { out += "\n" + targets(run) }
        return out
    }

    /// Issue 19's targets for one capacity, each with its figure.
    static func targets(_ run: Run) -> String {
        let a = run.agenda
        let close = a.tiers[.meaningful]! + a.tiers[.intimate]!
        func all(_ s: Share) -> String { s.hits == s.of ? "yes" : "no" }
        func atLeast(_ s: Share, _ r: Double) -> String { (s.ratio ?? 1) >= r ? "yes" : "no" }
        var worse: [String] = []
        var better = 0, equal = 0
        for (title, path, tiers) in measures {
            var rows = tiers.map { ($0.rawValue, a.tiers[$0]![keyPath: path], run.baseline.tiers[$0]![keyPath: path]) }
            if tiers.count > 1 { rows.append(("all", a.all[keyPath: path], run.baseline.all[keyPath: path])) }
            for (label, x, y) in rows {
                guard let rx = x.ratio, let ry = y.ratio else { continue }
                if rx > ry { better += 1 } else if rx == ry { equal += 1 } else { worse.append("\(title.lowercased()) (\(label))") }
            }
        }
        let m = a.tiers[.meaningful]!.daysWithinCadence, i = a.tiers[.intimate]!.daysWithinCadence
        var out = "Targets at \(run.capacity) a day\n"
        out += "  meaningful and intimate: every birthday on the day: \(all(close.birthdays)) (\(cell(close.birthdays)))\n"
        out += "  meaningful and intimate: every win celebrated within 2 days: \(all(close.winsCelebrated)) (\(cell(close.winsCelebrated)))\n"
        out += "  meaningful and intimate: every struggle supported within 3 days: \(all(close.strugglesSupported)) (\(cell(close.strugglesSupported)))\n"
        out += "  meaningful and intimate: every supported struggle followed up: \(all(close.followedUp)) (\(cell(close.followedUp)))\n"
        out += "  at least 90% of days within cadence, meaningful: \(atLeast(m, 0.9)) (\(cell(m))); intimate: \(atLeast(i, 0.9)) (\(cell(i)))\n"
        out += "  at least 85% of all wins celebrated within 2 days: \(atLeast(a.all.winsCelebrated, 0.85)) (\(cell(a.all.winsCelebrated)))\n"
        out += "  at least 60% of people moved up to their target tier: \(atLeast(a.all.movedUp, 0.6)) (\(cell(a.all.movedUp)))\n"
        out += "  no line worse than the baseline: \(worse.isEmpty ? "yes" : "no — worse on " + worse.joined(separator: "; ")) "
            + "(better on \(better), equal on \(equal), worse on \(worse.count))\n"
        return out
    }

    /// One capacity: the agenda beside the baseline.
    public static func table(agenda: SimulationReport, baseline: SimulationReport, config: SimulationConfig) -> String {
        comparison([Run(capacity: config.capacity, agenda: agenda, baseline: baseline)], config: config, baseline: config.capacity)
    }
}
