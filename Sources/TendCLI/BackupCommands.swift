import ArgumentParser
import Foundation
import TendCore
import TendServices
import TendStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a complete backup of your network as JSON (every person, relation, tier change, touch, moment, setting and snooze).")

    @Flag(help: "Write the JSON backup (the one format so far).") var json = false
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard json else { throw ValidationError("say which format: --json") }
    }

    func run() async throws {
        try await Context.run(store) { c in
            let data = try await c.tending.backup().encoded() + Data("\n".utf8)
            if let output {
                do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                    throw TendError.invalid(ValidationError(field: "output", message: "cannot write \(output): \(error.localizedDescription)"))
                }
                FileHandle.standardError.write(Data("Wrote a backup to \(output).\n".utf8))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a JSON backup written by `tend export --json` into an empty database.")

    @Argument(help: "The backup file.") var file: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            Terminal().error("cannot read \(file): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        try await Context.run(store) { c in
            let backup = try Backup.decode(data)
            try await c.tending.restore(backup)
            c.out.print("Restored \(backup.people.count) people, \(backup.touches.count) touches and \(backup.moments.count) moments.")
        }
    }
}

struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole instance, every account and everything in it, into an empty database.",
        discussion: "For moving to hosted mode: tend copy --db ~/.local/share/tend/tend.sqlite --to postgres://tend@db.example/tend. Signed-in sessions are not copied; everyone signs in again.")

    @Option(help: "The database to copy into: a SQLite path or a postgres:// URL. It must be empty.") var to: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let out = Terminal()
        let destinationOptions = try StoreOptions.parse(["--database", to] + (store.poolSize.map { ["--pool-size", String($0)] } ?? []))
        try await Context.run(store) { c in
            let destination: any TendDatabase
            do {
                (destination, _) = try await destinationOptions.open()
            } catch {
                out.error("cannot open the database at \(Context.shown(to)): \(Terminal.describe(error))")
                throw ExitCode.failure
            }
            do {
                let s = try await InstanceCopy.copy(from: c.database, to: destination)
                try await destination.close()
                c.out.print("Copied \(s.accounts) \(s.accounts == 1 ? "account" : "accounts"): \(s.people) people, \(s.touches) touches and \(s.moments) moments, into \(Context.shown(to)).")
            } catch {
                try? await destination.close()
                throw error
            }
        }
    }
}
