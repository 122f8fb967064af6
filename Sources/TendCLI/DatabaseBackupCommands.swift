import ArgumentParser
import Foundation
import TendCore
import TendPostgres
import TendSQLite
import TendStore

/// `tend backup`: a checked copy of the whole SQLite database, now.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Make a checked copy of the whole database now (tend serve also makes one every day).",
        discussion: """
            Copies the SQLite database with SQLite's own VACUUM INTO (safe while a server runs), then checks the copy with \
            PRAGMA integrity_check. Without --to it goes into the backups folder beside the database, next to the daily ones. \
            On PostgreSQL use pg_dump (see the README).
            """)

    @Option(help: "The file to write (it must not exist yet).") var to: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let out = Terminal()
        let path = try sqlitePath(store, doing: "tend backup", instead: "pg_dump -Fc")
        guard FileManager.default.fileExists(atPath: path) else {
            out.error("there is no database at \(path) yet")
            throw ExitCode.failure
        }
        // Opened once so that its schema is current, as every command does.
        do { try await SQLiteTendDatabase.open(path: path).close() } catch {
            out.error("cannot open the database at \(path): \(Terminal.describe(error))")
            throw ExitCode.failure
        }
        let target = to ?? {
            let now = Clock.now(ProcessInfo.processInfo.environment)
            let stamp = ISO8601DateFormatter.string(from: now, timeZone: .current, formatOptions: [.withFullDate, .withTime])
            return SQLiteBackups(source: path).folder + "/tend-\(stamp.replacingOccurrences(of: "T", with: "-")).sqlite"
        }()
        do {
            let made = try await SQLiteBackups.backUp(path, to: target)
            out.print("Backed up \(path) to \(made.path) (\(Self.size(made.bytes)), schema version \(made.schemaVersion), checked).")
        } catch {
            out.error(Terminal.describe(error))
            throw ExitCode.failure
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\((bytes + 999) / 1000) kB" : String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}

/// `tend restore FILE`: the database replaced by a backup, once the backup is checked.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup made by tend backup or tend serve, after checking it.",
        discussion: """
            The backup must pass SQLite's integrity check and hold a Tend schema this version can open. What the database \
            held before is kept beside it (tend.sqlite.before-restore-…), so a restore can be undone. Refused while a \
            tend serve runs on the database: stop it first. A JSON backup from tend export --json is restored with tend import.
            """)

    @Argument(help: "The backup file.") var file: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let out = Terminal()
        let path = try sqlitePath(store, doing: "tend restore", instead: "pg_restore")
        do {
            let lock = try ServerLock.exclusive(path)
            let (restored, kept) = try await SQLiteBackups.restore(file, over: path, now: Clock.now(ProcessInfo.processInfo.environment))
            // Brought up to this Tend's schema now, not at the next command.
            try await SQLiteTendDatabase.open(path: path).close()
            withExtendedLifetime(lock) {}
            out.print("Restored \(path) from \(restored.path) (schema version \(restored.schemaVersion)).")
            if let kept { out.print("What it held before is kept in \(kept).") }
        } catch {
            out.error(Terminal.describe(error))
            throw ExitCode.failure
        }
    }
}

/// The SQLite file a command works on, or a clear refusal for PostgreSQL.
private func sqlitePath(_ store: StoreOptions, doing what: String, instead tool: String) throws -> String {
    let location = store.location()
    guard !PostgresTendDatabase.isURL(location) else {
        Terminal().error("\(what) works on the embedded SQLite database; back up PostgreSQL with its own tools (\(tool))")
        throw ExitCode.failure
    }
    return location
}
