import Foundation
import Logging
import ServiceLifecycle
import TendServices
import TendStore

/// The hourly housekeeping job: expired sessions swept, the database's planner statistics refreshed,
/// and (SQLite) the day's backup made if it is not there yet.
enum Housekeeping {
    static func work(database: any TendDatabase, logger: Logger) -> @Sendable (Date) async throws -> Void {
        { now in
            try await database.keyValues.removeExpired(now: now)
            try await database.maintain()
            if let backups = database.automaticBackups {
                do {
                    if let made = try await backups.backUpIfDue(now: now, timeZone: .current) {
                        logger.info("backed up the database to \(made.path) (\(made.bytes) bytes, checked)")
                    }
                } catch {
                    logger.error("the daily backup failed: \(error)")
                }
            }
        }
    }
}

/// The scheduler's loop inside `tend serve`: plans what is missing every ten minutes, runs what is due,
/// and sleeps until the next job is due (at most 30 seconds, so a job another process planned is not
/// left waiting). Stops at a graceful shutdown; a job it holds then is taken again when its lease ends.
struct SchedulerService: Service {
    let scheduler: Scheduler
    /// Feeds due for a poll, fetched in the same loop.
    let feeds: FeedPoller?
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        var planned = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let start = now()
            if start.timeIntervalSince(planned) >= 600 {
                do {
                    try await scheduler.plan(now: start)
                    planned = start
                } catch {
                    logger.warning("the scheduler could not plan: \(error)")
                }
            }
            do {
                let pass = try await scheduler.runDue(now: now())
                if pass.ran > 0 { logger.debug("the scheduler ran \(pass.ran) jobs (\(pass.retried) to retry, \(pass.failed) failed)") }
            } catch {
                logger.warning("the scheduler could not run its jobs: \(error)")
            }
            if let feeds {
                do {
                    let pass = try await feeds.pollDue(now: now())
                    if pass.polled > 0 {
                        logger.debug("polled \(pass.polled) feeds (\(pass.notModified) unchanged, \(pass.failed) failing): \(pass.newPosts) new posts, \(pass.proposed) news")
                    }
                } catch {
                    logger.warning("the feeds could not be polled: \(error)")
                }
            }
            let next = (try? await scheduler.database.jobs.nextDue()) ?? nil
            let wait = min(30, max(1, (next ?? now().addingTimeInterval(30)).timeIntervalSince(now())))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
        }
    }
}

/// A poller's loop inside `tend serve`, beside the scheduler's, not in it (a mailbox's first sync or a large calendar
/// can take minutes): every pass polls what is due (each item leased to one process, so several processes on one
/// database never read one twice), then it looks again after `every`. Mailboxes every 30 seconds, calendars every minute.
struct PollingService: Service {
    /// "mailboxes", "calendars": in the log.
    let what: String
    let every: Duration
    /// One pass: how many were polled.
    let pass: @Sendable () async throws -> Int
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let polled = try await pass()
                if polled > 0 { logger.debug("polled \(polled) \(what)") }
            } catch {
                logger.warning("the \(what) could not be polled: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
        }
    }
}
