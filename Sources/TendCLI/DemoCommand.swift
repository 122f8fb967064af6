import ArgumentParser
import TendCore
import TendServices

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Seed a realistic demo network and show today's agenda.",
        discussion: "The same --seed and --date always give the same network. An existing database is left alone unless --replace is given.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @Option(help: "The seed of the network.") var seed: UInt64 = 2026
    @Option(help: "How many people (12 to 100000).") var people: Int = 60
    @Option(help: ArgumentHelp("The average number of touches in a person's history (1 to 500).",
                               discussion: "Left out, each history follows its tier's cadence: about 12 touches a person."))
    var touchesPerPerson: Int?
    @Flag(help: "Wipe the people already in the database first.") var replace = false

    func validate() throws {
        guard (12...100_000).contains(people) else { throw ValidationError("--people must be 12 to 100000") }
        if let touchesPerPerson, !(1...500).contains(touchesPerPerson) {
            throw ValidationError("--touches-per-person must be 1 to 500, not \(touchesPerPerson)")
        }
    }

    func run() async throws {
        try await Context.run(store) { c in
            let today = day.resolve(c.settings)
            let seeded = try await c.tending.seedDemo(seed: seed, size: people, on: today, replace: replace,
                                                          touchesPerPerson: touchesPerPerson)
            c.out.print("Seeded a demo network of \(seeded.people) people, \(seeded.touches) touches and \(seeded.moments) moments into \(c.location).")
            c.out.print()
            Today.render(try await c.tending.agenda(for: today), c.out)
        }
    }
}
