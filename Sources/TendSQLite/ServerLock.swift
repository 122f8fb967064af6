import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells whether a `tend serve` has a SQLite file open: each server holds a shared lock on
/// `<file>.lock` for as long as it runs (the system lets go of it when the process ends, however it
/// ends), and `tend restore` needs the lock alone.
public final class ServerLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    static func lockPath(_ database: String) -> String { database + ".lock" }

    /// Holds the shared lock of a running server until this value is released.
    public static func serving(_ database: String) throws -> ServerLock {
        try take(database, LOCK_SH)
    }

    /// Holds the lock alone, or fails at once when a server has the file open.
    public static func exclusive(_ database: String) throws -> ServerLock {
        try take(database, LOCK_EX)
    }

    private static func take(_ database: String, _ kind: Int32) throws -> ServerLock {
        let fd = open(lockPath(database), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SQLiteBackups.Failure("cannot open \(lockPath(database)): \(String(cString: strerror(errno)))") }
        guard flock(fd, kind | LOCK_NB) == 0 else {
            close(fd)
            throw SQLiteBackups.Failure("a tend serve is running on \(database); stop it first")
        }
        return ServerLock(descriptor: fd)
    }
}
