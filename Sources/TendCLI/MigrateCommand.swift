import ArgumentParser
import TendStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database's schema up to date (every command and `tend serve` also do this when they open it).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Context.run(store) { c in
            c.out.print("The database at \(c.location) is up to date: schema version \(try await c.database.schemaVersion()).")
        }
    }
}
