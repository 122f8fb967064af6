import Foundation

/// Backups a database makes of itself (the embedded SQLite file); PostgreSQL is backed up by the
/// server's own tools (`pg_dump`), so its database has none.
public protocol AutomaticBackups: Sendable {
    /// Where the backups go.
    var folder: String { get }
    /// Makes today's backup unless it exists, checks it, and removes the ones the retention rule lets go.
    /// - Returns: The backup made now, or nil when today's was already there.
    func backUpIfDue(now: Date, timeZone: TimeZone) async throws -> BackupFile?
    /// The outcome of the last automatic backup, for Settings and the log.
    func lastOutcome() async -> BackupOutcome?
}

/// A backup file, checked.
public struct BackupFile: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var schemaVersion: Int

    public init(path: String, bytes: Int, schemaVersion: Int) {
        self.path = path
        self.bytes = bytes
        self.schemaVersion = schemaVersion
    }
}

/// What the last automatic backup did.
public struct BackupOutcome: Sendable, Equatable, Codable {
    public var at: Date
    /// The file made, when it worked.
    public var path: String?
    /// Why it failed, when it did.
    public var failure: String?
    /// How many backups the folder keeps now.
    public var kept: Int

    public init(at: Date, path: String?, failure: String?, kept: Int) {
        self.at = at
        self.path = path
        self.failure = failure
        self.kept = kept
    }
}

extension TendDatabase {
    /// The database's own backups, if it makes them.
    public var automaticBackups: (any AutomaticBackups)? { (self as? any BacksItselfUp)?.backups }
}

/// A database that makes automatic backups of itself.
public protocol BacksItselfUp: TendDatabase {
    var backups: any AutomaticBackups { get }
}
