import Foundation
import Logging
import SQLiteKit
import TendCore
import TendSQL
import TendStore

/// Backups of a SQLite database file: made with `VACUUM INTO` on a connection of their own (a
/// consistent snapshot, never a copy of a live file, and the server's writes go on meanwhile), each
/// checked with `PRAGMA integrity_check` before it counts.
public struct SQLiteBackups: AutomaticBackups {
    /// The database file.
    public let source: String
    public let folder: String
    public let retention: BackupRetention
    private let outcome = OutcomeBox()

    public init(source: String, folder: String? = nil, retention: BackupRetention = BackupRetention()) {
        self.source = source
        self.folder = folder ?? URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("backups").path
        self.retention = retention
    }

    /// What went wrong with a backup or a file offered for restore.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// Writes a checked backup of the database to `path`, which must not exist yet.
    public static func backUp(_ source: String, to path: String) async throws -> BackupFile {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure("\(path) exists already; name a new file") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Written under a temporary name of this process's own and renamed once checked: a half-written
        // file never looks like a backup, and two servers on one file never write into each other's.
        let partial = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try await withConnection(source) { connection in
                _ = try await connection.query("VACUUM INTO ?", [.text(partial)])
            }
            let checked = try await check(partial)
            if rename(partial, path) != 0 {
                throw Failure("could not name the backup \(path) (\(String(cString: strerror(errno))))")
            }
            return BackupFile(path: path, bytes: checked.bytes, schemaVersion: checked.schemaVersion)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if error is Failure { throw error }
            throw Failure("the backup to \(path) failed: \(error)")
        }
    }

    /// Checks that `path` is a whole Tend database: SQLite's integrity check passes and it has a schema
    /// this Tend can open.
    public static func check(_ path: String) async throws -> BackupFile {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { throw Failure("\(path) does not exist") }
        let bytes = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard let head = FileHandle(forReadingAtPath: path).flatMap({ handle in defer { try? handle.close() }; return try? handle.read(upToCount: 16) }),
              head == Data("SQLite format 3\u{0}".utf8) else {
            throw Failure("\(path) is not a SQLite database")
        }
        let version: Int
        do {
            version = try await withConnection(path) { connection in
            let verdict = try await connection.query("PRAGMA integrity_check").compactMap { $0.column("integrity_check")?.string }
            guard verdict == ["ok"] else {
                throw Failure("\(path) is damaged: \(verdict.prefix(3).joined(separator: "; "))")
            }
            let tables = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
            guard !tables.isEmpty else { throw Failure("\(path) is a SQLite database, but not Tend's") }
            return try await connection.query("SELECT max(version) AS v FROM schema_migrations").first?.column("v")?.integer ?? 0
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure("\(path) is damaged: \(error)")
        }
        guard version <= SQLiteMigrations.all.count else {
            throw Failure("\(path) was written by a newer Tend (schema version \(version); this one knows \(SQLiteMigrations.all.count))")
        }
        return BackupFile(path: path, bytes: bytes, schemaVersion: version)
    }

    /// Replaces the database at `target` with the backup at `backup`, after checking it. What the
    /// database held before is kept beside it first (`…before-restore-…`), so a restore can be undone.
    /// The caller makes sure no server has the file open.
    /// - Returns: The checked backup, and where the previous database was kept.
    public static func restore(_ backup: String, over target: String, now: Date) async throws -> (BackupFile, kept: String?) {
        let checked = try await check(backup)
        var kept: String?
        if FileManager.default.fileExists(atPath: target) {
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            let aside = target + ".before-restore-" + stamp
            _ = try await backUp(target, to: aside)
            kept = aside
        }
        let incoming = target + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        try FileManager.default.copyItem(atPath: backup, toPath: incoming)
        // The old file's write-ahead log belongs to it alone; left beside the new file it would be replayed into it.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        if rename(incoming, target) != 0 {
            try? FileManager.default.removeItem(atPath: incoming)
            throw Failure("could not put the backup in place of \(target) (\(String(cString: strerror(errno))))")
        }
        return (checked, kept)
    }

    public func backUpIfDue(now: Date, timeZone: TimeZone) async throws -> BackupFile? {
        let today = Day.containing(now, in: timeZone)
        let path = Self.path(in: folder, for: today)
        do {
            var made: BackupFile?
            if !FileManager.default.fileExists(atPath: path) {
                made = try await Self.backUp(source, to: path)
            }
            let kept = try prune(today: today)
            if made != nil || outcome.value == nil {
                outcome.value = BackupOutcome(at: now, path: path, failure: nil, kept: kept)
            }
            return made
        } catch {
            let kept = (try? Self.list(folder).count) ?? 0
            outcome.value = BackupOutcome(at: now, path: nil, failure: "\(error)", kept: kept)
            throw error
        }
    }

    public func lastOutcome() async -> BackupOutcome? { outcome.value }

    /// The daily backups in `folder`, by day.
    public static func list(_ folder: String) throws -> [Day: String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [:] }
        var found: [Day: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasPrefix("tend-") && name.hasSuffix(".sqlite") {
            if let day = Day(String(name.dropFirst(5).dropLast(7))) { found[day] = (folder as NSString).appendingPathComponent(name) }
        }
        return found
    }

    static func path(in folder: String, for day: Day) -> String {
        (folder as NSString).appendingPathComponent("tend-\(day).sqlite")
    }

    /// Removes the backups the retention rule lets go; returns how many are kept.
    private func prune(today: Day) throws -> Int {
        // What a process killed in the middle of a backup left behind.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.contains(".sqlite.partial-") {
            let file = (folder as NSString).appendingPathComponent(name)
            if let made = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date,
               Date().timeIntervalSince(made) > 24 * 3600 {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        let all = try Self.list(folder)
        let keep = retention.keep(Array(all.keys), today: today)
        for (day, path) in all where !keep.contains(day) { try FileManager.default.removeItem(atPath: path) }
        return keep.count
    }

    private static func withConnection<T: Sendable>(_ path: String, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        var logger = Logger(label: "tend.sqlite.backup")
        logger.logLevel = .error
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// The last outcome, shared by copies of the value.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: BackupOutcome?
    var value: BackupOutcome? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
