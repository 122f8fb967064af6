import Foundation
import TendCore
import TendServices

/// A synthetic world for the simulation: who is in the network, and what happens to them each day.
/// The same configuration and seed always give the same world.
public struct World: Sendable, Equatable {
    public struct Someone: Sendable, Equatable {
        public var name: String
        public var tier: Tier
        /// The tier the user means to move them up to.
        public var target: Tier?
        public var birthday: Birthday?
        /// Days before the first simulated day of their last need-free touch.
        public var lastTouchBefore: Int
    }

    public enum Happening: Sendable, Equatable {
        case win(Int, Moment.Win)
        case struggle(Int, Moment.Struggle)
        /// The user needs advice or a favour from this person today.
        case ask(Int)
    }

    public var config: SimulationConfig
    public var people: [Someone]
    /// What happens on each day, by day number from 0.
    public var happenings: [[Happening]]

    /// Yearly rates, per person, of the news a user hears about.
    static let winsPerYear = 1.0, strugglesPerYear = 0.4
    /// How often the user needs something from someone: once in so many days.
    static let daysBetweenAsks = 4

    public init(_ config: SimulationConfig) {
        self.config = config
        var rng = SeededGenerator(seed: config.seed)
        let settings = Settings()
        people = (0..<config.people).map { i in
            // Steib's pyramid: few meaningful, more intimate, most familiar or unfamiliar.
            let roll = rng.int(in: 1...100)
            let tier: Tier = roll <= 5 ? .meaningful : roll <= 20 ? .intimate : roll <= 60 ? .familiar : .unfamiliar
            var target: Tier?
            if tier == .familiar, rng.chance(0.15) { target = .intimate }
            if tier == .intimate, rng.chance(0.2) { target = .meaningful }
            if tier == .unfamiliar, rng.chance(0.05) { target = .familiar }
            let month = rng.int(in: 1...12)
            let day = rng.int(in: 1...Day.daysIn(month: month, year: 2000))
            let birthday = rng.chance(0.85) ? Birthday(month: month, day: day, year: rng.chance(0.6) ? rng.int(in: 1950...2002) : nil) : nil
            let cadence = settings.cadence[tier] ?? 365
            return Someone(name: String(format: "Person %04d", i + 1), tier: tier, target: target, birthday: birthday,
                           lastTouchBefore: rng.int(in: 0...(cadence * 3 / 2)))
        }
        let pWin = Self.winsPerYear / 365, pStruggle = Self.strugglesPerYear / 365
        happenings = (0..<config.days).map { _ in
            var today: [Happening] = []
            for i in 0..<config.people {
                if rng.chance(pWin) { today.append(.win(i, rng.pick(Self.wins))) }
                if rng.chance(pStruggle) { today.append(.struggle(i, rng.pick(Self.struggles))) }
            }
            return today
        }
        // The user's own needs go to the people they are closest to, as needs do.
        let close = people.indices.filter { people[$0].tier >= .familiar }
        if !close.isEmpty {
            for d in 0..<config.days where rng.int(in: 1...Self.daysBetweenAsks) == 1 {
                happenings[d].append(.ask(rng.pick(close)))
            }
        }
    }

    static let wins: [Moment.Win] = [.newJob, .promotion, .launch, .award, .graduation, .engagement, .newBaby, .newHome, .publication]
    static let struggles: [Moment.Struggle] = [.layoff, .passedOver, .setback, .illness, .loss, .breakup]

    public func day(_ n: Int) -> Day { config.start.adding(days: n) }
}

/// The size and seed of a simulated world.
public struct SimulationConfig: Sendable, Equatable {
    public var people: Int
    public var days: Int
    /// How many suggestions the simulated user acts on each day.
    public var capacity: Int
    public var seed: UInt64
    public var start: Day

    public init(people: Int = 500, days: Int = 365, capacity: Int = 5, seed: UInt64 = 2026, start: Day = Day(year: 2027, month: 1, day: 1)!) {
        self.people = people
        self.days = days
        self.capacity = capacity
        self.seed = seed
        self.start = start
    }
}
