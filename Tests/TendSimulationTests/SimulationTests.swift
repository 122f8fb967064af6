import Foundation
import Testing
import TendCore
import TendSQLite
@testable import TendSimulation
import TendTestSupport

@Suite struct SimulationTests {
    static let small = SimulationConfig(people: 60, days: 60, capacity: 5, seed: 11)

    func runAgenda(_ world: World) async throws -> SimulationReport {
        try await Simulator.runAgenda(world) { try await SQLiteTendDatabase.open(path: $0) }
    }

    @Test func theSameSeedGivesTheSameWorldAndReport() async throws {
        #expect(World(Self.small) == World(Self.small))
        var other = Self.small
        other.seed = 12
        #expect(World(Self.small) != World(other))
        let first = try await runAgenda(World(Self.small)), second = try await runAgenda(World(Self.small))
        #expect(first == second)
        let b1 = try await Simulator.run(World(Self.small), policy: .baseline, database: nil)
        let b2 = try await Simulator.run(World(Self.small), policy: .baseline, database: nil)
        #expect(b1 == b2)
        #expect(SimulationReport.table(agenda: first, baseline: b1, config: Self.small)
                == SimulationReport.table(agenda: second, baseline: b2, config: Self.small))
    }

    /// Issue 19: with less room than there is to do, the closest people are the ones kept.
    @Test func atASmallCapacityTheClosestPeopleComeFirst() async throws {
        let world = World(SimulationConfig(people: 150, days: 90, capacity: 2, seed: 4))
        let r = try await runAgenda(world)
        let close = r.tiers[.meaningful]! + r.tiers[.intimate]!, outer = r.tiers[.familiar]! + r.tiers[.unfamiliar]!
        #expect(close.birthdays.of > 0 && close.birthdays.hits == close.birthdays.of)
        #expect(close.winsCelebrated.of > 0 && close.winsCelebrated.hits == close.winsCelebrated.of)
        #expect(close.strugglesSupported.hits == close.strugglesSupported.of)
        #expect((close.winsCelebrated.ratio ?? 0) > (outer.winsCelebrated.ratio ?? 1), "an acquaintance's win waits, a close friend's does not")
        #expect(r.actions.values.reduce(0, +) == 2 * 90, "every action of the year is accounted for")
    }

    @Test func worldsHaveRealisticShape() {
        let world = World(SimulationConfig(people: 2000, days: 365, seed: 3))
        let counts = Dictionary(grouping: world.people, by: \.tier).mapValues(\.count)
        #expect((60...140).contains(counts[.meaningful] ?? 0))
        #expect((220...380).contains(counts[.intimate] ?? 0))
        #expect(world.people.filter { $0.birthday != nil }.count > 1600)
        let wins = world.happenings.joined().filter { if case .win = $0 { true } else { false } }.count
        #expect((1700...2300).contains(wins), "about one win a person a year")
    }

    /// The measures themselves, on a hand-made log.
    @Test func measuresCountWhatTheySay() {
        var config = SimulationConfig(people: 1, days: 30, capacity: 1, seed: 1)
        config.start = Day("2027-03-01")!
        var world = World(config)
        world.people = [World.Someone(name: "Ana", tier: .intimate, target: .meaningful, birthday: Birthday(month: 3, day: 5),
                                      lastTouchBefore: 10)]
        world.happenings = Array(repeating: [], count: 30)
        world.happenings[2] = [.win(0, .promotion)]
        world.happenings[6] = [.struggle(0, .layoff)]
        world.happenings[20] = [.ask(0)]
        let log = [LoggedContact(day: -10, person: 0, needFree: true), LoggedContact(day: 4, person: 0, needFree: true),
                   LoggedContact(day: 8, person: 0, needFree: true), LoggedContact(day: 20, person: 0, needFree: false)]
        let r = SimulationReport.measure(world, policy: .baseline, log: log, movedUp: [])
        let line = r.tiers[.intimate]!
        #expect(line.birthdays == .init(hits: 1, of: 1))          // 5 March is day 4
        #expect(line.winsCelebrated == .init(hits: 1, of: 1))     // day 2, touched day 4
        #expect(line.strugglesSupported == .init(hits: 1, of: 1)) // day 6, touched day 8
        #expect(line.followedUp == .init(hits: 0, of: 0))         // day 8 + 14 is past the 30 days
        #expect(line.asksAfterNeedFree == .init(hits: 1, of: 1))
        #expect(line.movedUp == .init(hits: 0, of: 1))
        #expect(line.daysWithinCadence == .init(hits: 30, of: 30)) // intimate cadence is 45 days
    }

    @Test func theBaselineTimerIgnoresContactAndBirthdaysComeFirst() {
        var world = World(SimulationConfig(people: 2, days: 200, seed: 5))
        world.people = [World.Someone(name: "Mo", tier: .meaningful, target: nil, birthday: nil, lastTouchBefore: 0),
                        World.Someone(name: "Bo", tier: .unfamiliar, target: nil, birthday: Birthday(month: 1, day: 8), lastTouchBefore: 0)]
        let tiers = world.people.map(\.tier)
        let days = (0..<200).map { Simulator.baselineReminders(world, day: $0, tiers: tiers, settings: Settings()) }
        let fired = days.indices.filter { days[$0].contains(0) }
        // Every 21 days from when Mo was added, whatever contact there was.
        #expect(fired.count >= 9)
        #expect(zip(fired, fired.dropFirst()).allSatisfy { $1 - $0 == 21 })
        // Bo has no timer (unfamiliar) but a birthday on 8 January, day 7.
        #expect(days.indices.filter { days[$0].contains(1) } == [7])
    }
}
