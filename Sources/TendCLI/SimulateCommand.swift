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
            acts each day on the top --capacity suggestions of Tend's agenda. The same world then runs under a \\
            baseline: birthday reminders plus a stay-in-touch timer that logged touches do not reset. Both are \\
            measured per tier and printed side by side. Runs in a temporary database; yours is not touched.
            """)

    @Option(help: "How many people (10 to 5000).") var people: Int = 500
    @Option(help: "How many days (7 to 1100).") var days: Int = 365
    @Option(help: "How many suggestions the user acts on each day (1 to 50).") var capacity: Int = 5
    @Option(help: "The seed of the world.") var seed: UInt64 = 2026

    func validate() throws {
        guard (10...5000).contains(people) else { throw ValidationError("--people must be 10 to 5000") }
        guard (7...1100).contains(days) else { throw ValidationError("--days must be 7 to 1100") }
        guard (1...50).contains(capacity) else { throw ValidationError("--capacity must be 1 to 50") }
    }

    func run() async throws {
        let config = SimulationConfig(people: people, days: days, capacity: capacity, seed: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-simulate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("world.sqlite").path)
            let world = World(config)
            let agenda: SimulationReport
            do { agenda = try await Simulator.run(world, policy: .agenda, database: db) } catch {
                try? await db.close()
                throw error
            }
            try await db.close()
            let baseline = try await Simulator.run(world, policy: .baseline, database: nil)
            print(SimulationReport.table(agenda: agenda, baseline: baseline, config: config), terminator: "")
        } catch {
            Terminal().error(Terminal.describe(error))
            throw ExitCode.failure
        }
    }
}
