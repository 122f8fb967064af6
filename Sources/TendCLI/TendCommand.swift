import ArgumentParser
import Foundation
import TendCore
import TendPostgres
import TendServices
import TendSQLite
import TendStore

/// `tend`: the command line over the same services as the web app.
public struct TendCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tend",
        abstract: "Tend your network before you need it: who to reach out to today, and why.",
        discussion: """
            The database is --db PATH, else $TEND_DB, else tend.sqlite under $XDG_DATA_HOME/tend \
            (~/.local/share/tend). It is created on first use.
            A person is named by id or by an unambiguous part of their name.
            """,
        subcommands: [
            Today.self, Week.self, Done.self, Snooze.self, Dismiss.self,
            Add.self, Edit.self, Show.self, List.self, Search.self,
            Log.self, MomentCommand.self, NewsCommand.self, FeedCommand.self, TierCommand.self, Relate.self, Unrelate.self,
            Ledger.self, Merge.self, Demo.self, SettingsCommand.self, Serve.self, Migrate.self,
            DigestCommand.self, Export.self, Import.self, BackupCommand.self, RestoreCommand.self, Copy.self, Simulate.self, TokenCommand.self, AppPasswordCommand.self,
            MailCommand.self, CapturedCommand.self, CalendarCommand.self,
        ],
        defaultSubcommand: Today.self)

    public init() {}
}

/// Options every command that opens the database shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The database: a SQLite file, or postgres://user:password@host/db for hosted mode (default: $TEND_DATABASE_URL, else $TEND_DB, else under the data directory).")
    var database: String?

    @Option(name: .long, help: "A SQLite database file (the same as --database PATH).")
    var db: String?

    @Option(name: .long, help: "The most PostgreSQL connections to keep open (default: $TEND_DATABASE_POOL, else 10).")
    var poolSize: Int?

    /// Where the database is: --database, else --db, else $TEND_DATABASE_URL, else $TEND_DB,
    /// else $XDG_DATA_HOME/tend/tend.sqlite, else ~/.local/share/tend/tend.sqlite.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for candidate in [database, db, environment["TEND_DATABASE_URL"], environment["TEND_DB"]] {
            if let c = candidate, !c.isEmpty { return c }
        }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/tend/tend.sqlite" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/tend/tend.sqlite"
    }

    /// Opens the database at `location()`, applying its migrations: PostgreSQL for a postgres:// URL,
    /// SQLite for anything else.
    func open(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> (any TendDatabase, String) {
        let where_ = location(environment: environment)
        if PostgresTendDatabase.isURL(where_) {
            let pool = poolSize ?? environment["TEND_DATABASE_POOL"].flatMap(Int.init) ?? 10
            let db = try await PostgresTendDatabase.open(url: where_, poolSize: pool)
            return (db, db.displayURL)
        }
        return (try await SQLiteTendDatabase.open(path: where_), where_)
    }

    func validate() throws {
        if let poolSize, !(1...500).contains(poolSize) { throw ValidationError("--pool-size must be 1 to 500") }
    }
}

/// `--date`, for commands that act on a day; defaults to today in the configured time zone.
struct DayOption: ParsableArguments {
    @Option(name: .long, help: "The day to act on, YYYY-MM-DD (default: today in your time zone).",
            transform: Parse.day)
    var date: Day?

    func resolve(_ settings: Settings, environment: [String: String] = ProcessInfo.processInfo.environment) -> Day {
        date ?? Tending.today(at: Clock.now(environment), in: settings)
    }
}

/// `--json`, for every listing.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}

/// Runs the command line with the process's arguments.
///
/// Mistakes get one line on standard error and a non-zero exit; help and version print as usual.
public func run() async {
    do {
        var command = try await TendCommand.asyncParseAsRoot(nil)
        if var asyncCommand = command as? any AsyncParsableCommand {
            try await asyncCommand.run()
        } else {
            try command.run()
        }
    } catch let exit as ExitCode {
        // The command already said what went wrong.
        TendCommand.exit(withError: exit)
    } catch {
        let code = TendCommand.exitCode(for: error)
        guard code != .success else { TendCommand.exit(withError: error) }
        let message = TendCommand.message(for: error).replacingOccurrences(of: "Error: ", with: "")
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        FileHandle.standardError.write(Data("tend: error: \(message) (see tend help)\n".utf8))
        exitProcess(code.rawValue)
    }
}

private func exitProcess(_ code: Int32) -> Never {
    exit(code)
}

/// The one place the command line reads the time. `TEND_NOW` (an ISO 8601 instant) fixes it,
/// so that a run can be reproduced and tested at any moment, midnight included.
enum Clock {
    static func now(_ environment: [String: String]) -> Date {
        if let text = environment["TEND_NOW"], let fixed = ISO8601DateFormatter().date(from: text) { return fixed }
        return Date()
    }

    /// The clock of a long-running server: `TEND_NOW` read once, not parsed on every request; `TEND_CLOCK_FROM`
    /// starts a running clock at that instant (tests of the scheduler across processes).
    static func source(_ environment: [String: String]) -> @Sendable () -> Date {
        if let text = environment["TEND_NOW"], let fixed = ISO8601DateFormatter().date(from: text) { return { fixed } }
        if let text = environment["TEND_CLOCK_FROM"], let start = ISO8601DateFormatter().date(from: text) {
            let launched = Date()
            return { start.addingTimeInterval(Date().timeIntervalSince(launched)) }
        }
        return { Date() }
    }
}
