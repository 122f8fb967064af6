import ArgumentParser
import Foundation
import TendCore
import TendSimulation
import TendSQLite

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a year of following the agenda, beside a baseline of birthday reminders and fixed timers.",
        discussion: """
            A synthetic world (the same for a seed) where people have birthdays, wins and struggles, and a user \\
            acts each day on the top suggestions of Tend's agenda, as many as --capacity (3, 5 and 7 side by side \\
            unless given). The same world then runs under a baseline: birthday reminders plus a stay-in-touch timer \\
            that logged touches do not reset. Both are measured per tier and printed side by side, with the targets \\
            checked at each capacity. Runs in temporary databases; yours is not touched.
            """)

    @Option(help: "How many people (10 to 5000).") var people: Int = 500
    @Option(help: "How many days (7 to 1100).") var days: Int = 365
    @Option(parsing: .upToNextOption, help: "How many suggestions the user acts on each day (1 to 50); several are run side by side.")
    var capacity: [Int] = [3, 5, 7]
    @Option(help: "The capacity whose baseline is printed beside (5 when it is run, else the first).") var baselineCapacity: Int = 5
    @Option(help: "The seed of the world.") var seed: UInt64 = 2026

    func validate() throws {
        guard (10...5000).contains(people) else { throw ValidationError("--people must be 10 to 5000") }
        guard (7...1100).contains(days) else { throw ValidationError("--days must be 7 to 1100") }
        guard !capacity.isEmpty, capacity.allSatisfy({ (1...50).contains($0) }) else {
            throw ValidationError("--capacity must be 1 to 50")
        }
        guard capacity.count <= 5, Set(capacity).count == capacity.count else {
            throw ValidationError("--capacity takes at most 5 different values")
        }
    }

    func run() async throws {
        var runs: [SimulationReport.Run] = []
        do {
            for c in capacity {
                let config = SimulationConfig(people: people, days: days, capacity: c, seed: seed)
                let world = World(config)
                let agenda = try await Simulator.runAgenda(world) { try await SQLiteTendDatabase.open(path: $0) }
                let baseline = try await Simulator.run(world, policy: .baseline, database: nil)
                runs.append(.init(capacity: c, agenda: agenda, baseline: baseline))
            }
        } catch {
            Terminal().error(Terminal.describe(error))
            throw ExitCode.failure
        }
        let config = SimulationConfig(people: people, days: days, capacity: capacity[0], seed: seed)
        let baseline = capacity.contains(baselineCapacity) ? baselineCapacity : capacity[0]
        print(SimulationReport.comparison(runs, config: config, baseline: baseline), terminator: "")
    }
}
