import Foundation
import Logging
import ServiceLifecycle
import TendStore

/// Scheduled work inside the server, never a cron job: hourly, expired sessions are swept, the
/// database's planner statistics refreshed, and (SQLite) the day's backup made if it is not there yet.
struct Housekeeping: Service {
    let database: any TendDatabase
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await database.keyValues.removeExpired(now: now())
                try await database.maintain()
            } catch {
                logger.warning("housekeeping failed: \(error)")
            }
            if let backups = database.automaticBackups {
                do {
                    if let made = try await backups.backUpIfDue(now: now(), timeZone: .current) {
                        logger.info("backed up the database to \(made.path) (\(made.bytes) bytes, checked)")
                    }
                } catch {
                    logger.error("the daily backup failed: \(error)")
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
