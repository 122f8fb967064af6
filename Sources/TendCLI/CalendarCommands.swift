import ArgumentParser
import Foundation
import TendCore
import TendDelivery
import TendServices
import TendSQLite
import TendStore

/// Calendar subscriptions: the secret iCal address of a calendar, polled by `tend serve`.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Subscribe to a calendar's secret address: its past events with people in Tend become touches, its coming ones shape the agenda.",
        discussion: """
            Google Calendar: Settings → your calendar → Integrate calendar → Secret address in iCal format. Outlook: \
            Settings → Calendar → Shared calendars → Publish a calendar → ICS. Fastmail: Settings → Calendars → Export / \
            share → a read-only iCal link. Apple iCloud: share the calendar publicly and use its webcal:// address.
            The address is a secret (anyone with it reads the calendar): it is sealed with the instance's key and shown \
            only by its host. `tend serve` polls each subscription hourly (conditional GET), and an event that is moved, \
            cancelled or deleted moves or removes its touch. A file instead: `tend import calendar.ics`.
            """,
        subcommands: [Subscribe.self, List.self, Poll.self, Unsubscribe.self])

    struct FetchOptions: ParsableArguments {
        @Flag(help: "Allow addresses on loopback and private networks (refused by default).") var allowPrivateFetch = false
        @OptionGroup var secrets: SecretKeyOptions

        func calendars(_ c: Context) throws -> CalendarSubscriptions {
            let sqlite = c.database as? SQLiteTendDatabase
            return CalendarSubscriptions(database: c.database, fetcher: HTTPFeedFetcher.calendars(allowPrivate: allowPrivateFetch),
                                         box: try secrets.secretBox(databaseLocation: sqlite?.path ?? "", isSQLite: sqlite != nil))
        }
    }

    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to a calendar's address and read it now.")
        @Argument(help: "The calendar's secret address (https:// or webcal://).") var address: String
        @Option(help: "Its name in Tend (default: the calendar's own).") var name: String?
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let (sub, report) = try await fetch.calendars(c).subscribe(address, name: name, account: c.tending.account,
                                                                           now: Clock.now(ProcessInfo.processInfo.environment))
                if output.json { try c.out.json(report); return }
                Import.render(report, c.out)
                c.out.print("Subscribed to “\(sub.name)” (\(sub.shownURL)) as calendar \(sub.id); `tend serve` reads it hourly.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the calendar subscriptions and how their last poll went.")
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let all = try await fetch.calendars(c).list(account: c.tending.account, now: Clock.now(ProcessInfo.processInfo.environment))
                if all.isEmpty { c.out.print("No calendar subscriptions. Add one with `tend calendar subscribe ADDRESS`."); return }
                for line in all {
                    let s = line.subscription
                    c.out.print(c.out.bold("\(s.id)  \(s.name)") + "  " + c.out.dim(s.shownURL))
                    c.out.print("    " + (s.lastError != nil ? c.out.bold(line.status) : line.status))
                    c.out.print(c.out.dim("    \(line.read.formatted()) occurrence\(line.read == 1 ? "" : "s") read"))
                }
            }
        }
    }

    struct Poll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a subscribed calendar now (or every one), whether it is due or not.")
        @Argument(help: "The subscription's id, from `tend calendar list` (default: every one).") var id: Int64?
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let calendars = try fetch.calendars(c)
                let now = Clock.now(ProcessInfo.processInfo.environment)
                var ids = id.map { [CalendarSubscriptionID($0)] } ?? []
                if id == nil { ids = try await calendars.list(account: c.tending.account, now: now).map(\.subscription.id) }
                if ids.isEmpty { c.out.print("No calendar subscriptions. Add one with `tend calendar subscribe ADDRESS`."); return }
                var failed = false
                for id in ids {
                    let sub = try await calendars.subscription(id, account: c.tending.account)
                    switch try await calendars.pollNow(id, account: c.tending.account, now: now) {
                    case .success(let report?):
                        if output.json { try c.out.json(report) } else { Import.render(report, c.out) }
                    case .success(nil):
                        if output.json { try c.out.json(["calendar": sub.name, "status": "not modified"]) } else {
                            c.out.print("\(sub.name): not changed since it was last read.")
                        }
                    case .failure(let f):
                        failed = true
                        c.out.error("\(sub.name) (\(sub.shownURL)): \(f.message)")
                    }
                }
                if failed { throw ExitCode.failure }
            }
        }
    }

    struct Unsubscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe from a calendar and remove every touch it made.")
        @Argument(help: "The subscription's id, from `tend calendar list`.") var id: Int64
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let calendars = try fetch.calendars(c)
                let sub = try await calendars.subscription(CalendarSubscriptionID(id), account: c.tending.account)
                let removed = try await calendars.unsubscribe(sub.id, account: c.tending.account)
                c.out.print("Unsubscribed from “\(sub.name)” and removed the \(removed) touch\(removed == 1 ? "" : "es") it made.")
            }
        }
    }
}
