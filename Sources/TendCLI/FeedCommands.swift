import ArgumentParser
import Foundation
import TendCore
import TendDelivery
import TendInterop
import TendServices
import TendStore

/// Feeds on the command line: follow a person's or a company's, list them, poll them now, read a file as Tend would.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Follow the feeds of people and companies: their new posts that read as news come to `tend news`.",
        discussion: """
            A feed is RSS, Atom or JSON Feed; the address of a site that names its feed works too. `tend serve` polls every
            feed hourly (conditional GET, so an unchanged feed costs one small request). Examples:
              tend feed add https://ana.example/blog --person "Ana Lima"
              tend feed add https://quill.example/news --company Quill
              tend feed poll · tend feed list · tend feed remove 3 · tend feed read saved-feed.xml
            """,
        subcommands: [Add.self, List.self, Remove.self, Poll.self, Read.self])

    struct FetchOptions: ParsableArguments {
        @Flag(help: "Allow feeds on loopback and private addresses (refused by default).") var allowPrivateFetch = false
        var fetcher: any FeedFetching { HTTPFeedFetcher(allowPrivate: allowPrivateFetch) }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Follow a feed of a person (--person) or of a company (--company).")
        @Argument(help: "The feed's address, or a site's that names its feed.") var address: String
        @Option(help: "Whose feed it is: a name or an id.") var person: String?
        @Option(help: "The company whose feed it is, as people's profiles name it; its news is about everyone there.") var company: String?
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if (person == nil) == (company == nil) { throw ValidationError("say whose feed it is: --person NAME or --company NAME") }
        }

        func run() async throws {
            try await Context.run(store) { c in
                let owner: Feed.Owner
                if let person { owner = .person(try await c.tending.person(PersonReference(typed: person)).id) } else { owner = .company(company ?? "") }
                let feed = try await c.tending.followFeed(address, of: owner, fetcher: fetch.fetcher, at: Clock.now(ProcessInfo.processInfo.environment))
                if output.json { try c.out.json(feed); return }
                c.out.print(c.out.good("Following") + " \(feed.title ?? feed.url) (feed \(feed.id)): \(feed.url)")
                c.out.print(c.out.dim("Its posts so far are recorded as seen; new ones that read as news will wait in `tend news`."))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the feeds followed: whose, the address, how the last poll went.")
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let lines = try await c.tending.feeds(at: Clock.now(ProcessInfo.processInfo.environment))
                if output.json { try c.out.json(lines); return }
                if lines.isEmpty { c.out.print("No feeds. Follow one with `tend feed add URL --person NAME`."); return }
                for l in lines {
                    let status = l.feed.broken || l.feed.lastError != nil ? c.out.accent(l.status) : c.out.dim(l.status)
                    c.out.print("\(c.out.bold(l.feed.id.description))  \(l.ownerName)  \(l.feed.title ?? "")  \(l.feed.url)  \(status)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop following a feed; what it brought to News stays.")
        @Argument(help: "The feed's id (tend feed list).") var id: Int64
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                try await c.tending.unfollowFeed(FeedID(id))
                c.out.print(c.out.good("Stopped following") + " feed \(id).")
            }
        }
    }

    struct Poll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Poll every feed now, whether due or not, and say what came.")
        @OptionGroup var fetch: FetchOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let feeds = try await c.database.read(account: c.tending.account) { try await $0.feeds.feeds() }
                let poller = FeedPoller(database: c.database, fetcher: fetch.fetcher)
                let pass = try await poller.poll(feeds.map { (c.tending.account, $0) }, now: Clock.now(ProcessInfo.processInfo.environment))
                c.out.print("Polled \(pass.polled) \(pass.polled == 1 ? "feed" : "feeds"): \(pass.notModified) unchanged, \(pass.failed) failing, "
                            + "\(pass.newPosts) new \(pass.newPosts == 1 ? "post" : "posts"), \(pass.proposed) for News.")
                if pass.failed > 0 { c.out.warn("`tend feed list` shows what failed") }
            }
        }
    }

    struct Read: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a feed file as Tend reads feeds, and print its entries (nothing is stored).")
        @Argument(help: "A saved feed: RSS, Atom or JSON Feed.") var path: String
        @Option(help: "The address it came from, to make relative links absolute.") var url: String?
        @OptionGroup var output: JSONOption

        func run() async throws {
            let out = Terminal()
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                out.error("cannot read \(path): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            let feed: FeedDocument
            do { feed = try FeedReader.read(data, url: url) } catch {
                out.error("\(path): \(error.message)")
                throw ExitCode.failure
            }
            if output.json {
                struct Entry: Encodable { var id: String?; var title: String; var link: String?; var published: String?; var summary: String; var news: String? }
                struct Document: Encodable { var format: String; var title: String?; var link: String?; var entries: [Entry] }
                let iso = ISO8601DateFormatter()
                try out.json(Document(format: feed.format.rawValue, title: feed.title, link: feed.link, entries: feed.entries.map {
                    Entry(id: $0.id, title: $0.title, link: $0.link, published: $0.published.map { iso.string(from: $0) }, summary: $0.summary,
                          news: NewsReading.kind(title: $0.title, summary: $0.summary, about: .themself)?.description)
                }))
                return
            }
            out.print(out.bold(feed.title ?? path) + out.dim("  \(feed.format.rawValue)\(feed.link.map { ", \($0)" } ?? "")"))
            for e in feed.entries {
                let news = NewsReading.kind(title: e.title, summary: e.summary, about: .themself).map { "  " + out.accent($0.words.uppercased()) } ?? ""
                out.print("  \(e.published.map { Day.containing($0, in: .gmt).description } ?? "          ")  \(e.title)\(news)")
            }
        }
    }
}
