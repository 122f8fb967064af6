import ArgumentParser
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import TendCore
import TendDelivery
import TendServices
import TendSQLite
import TendStore

/// Feed polling at scale: many feeds on a loopback server, polled as `tend serve` polls them.
struct FeedScale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed-scale",
        abstract: "Poll many feeds from a loopback server as tend serve does, and print seconds per round, memory and what conditional GET saves.",
        discussion: """
            Serves --feeds RSS feeds of 20 posts each from a server in this process (each with an ETag), follows each from a \
            SQLite account of --people people at --feeds companies, then polls three rounds: the first fetch of every feed, \
            a round where nothing changed (answered 304), and a round where --changed feeds have a new launch post.
            """)

    @Option(help: "How many feeds.") var feeds = 5_000
    @Option(help: "How many feeds get a new post before the third round.") var changed = 10
    @Option(help: "How many feeds are fetched at once.") var width = 16

    func run() async throws {
        guard (1...100_000).contains(feeds), (0...feeds).contains(changed) else { throw ValidationError("--feeds is 1 to 100000, --changed 0 to --feeds") }
        let server = try FeedServer(feeds: feeds)
        defer { server.close() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
        let account = try await db.accounts.localAccount()
        let start = Date(timeIntervalSince1970: 1_796_112_000)
        try await db.write(account: account) { s in
            _ = try await s.people.add((0..<feeds).map { NewPerson(profile: Profile(displayName: "Person \($0)", company: "Company \($0)"), tier: .familiar) },
                                       on: Day("2026-11-01")!)
            for i in 0..<feeds {
                _ = try await s.feeds.add(owner: .company("Company \(i)"), url: "\(server.url)/feed/\(i).xml", title: nil, site: nil,
                                          on: Day("2026-11-01")!, nextCheckAt: start)
            }
        }
        let poller = FeedPoller(database: db, fetcher: HTTPFeedFetcher(allowPrivate: true), width: width)
        print("feeds: \(feeds), 20 posts each (\(server.bodySize) bytes), \(width) fetched at once, SQLite")
        var at = start
        for round in ["first fetch", "nothing changed", "\(changed) changed"] {
            if round.hasSuffix("changed"), changed > 0, !round.hasPrefix("nothing") { server.change(first: changed) }
            let before = server.counts
            let clock = ContinuousClock.now
            let pass = try await poller.pollDue(now: at)
            let seconds = Double((ContinuousClock.now - clock).components.attoseconds) / 1e18 + Double((ContinuousClock.now - clock).components.seconds)
            let after = server.counts
            print(String(format: "%@: %d polled in %.2f s (%.0f feeds/s): %d answered 200 (%.1f MB), %d answered 304; %d new posts, %d for News",
                         round as NSString, pass.polled, seconds, Double(pass.polled) / seconds, after.full - before.full,
                         Double(after.bytes - before.bytes) / 1e6, after.notModified - before.notModified, pass.newPosts, pass.proposed))
            at = at.addingTimeInterval(Tending.feedInterval + 1)
        }
        print("memory: peak resident \(DigestScale.peakResidentMB()) MB")
        try await db.close()
    }
}

/// A loopback server of numbered RSS feeds with ETags: `/feed/N.xml`.
final class FeedServer: Sendable {
    private let channel: any NIOCore.Channel
    private let state: NIOLockedValueBox<State>
    struct State { var version: [Int: Int] = [:]; var full = 0; var notModified = 0; var bytes = 0 }
    var url: String { "http://127.0.0.1:\(channel.localAddress?.port ?? 0)" }
    var counts: (full: Int, notModified: Int, bytes: Int) { state.withLockedValue { ($0.full, $0.notModified, $0.bytes) } }
    var bodySize: Int { Self.body(feed: 0, version: 0).count }

    init(feeds: Int) throws {
        let state = NIOLockedValueBox(State())
        self.state = state
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Handler(state: state)) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func close() { try? channel.close().wait() }
    func change(first n: Int) { state.withLockedValue { s in for i in 0..<n { s.version[i, default: 0] += 1 } } }

    static func body(feed: Int, version: Int) -> Data {
        var items = ""
        if version > 0 { items += "<item><title>Company \(feed) launches version \(version)</title><link>https://c\(feed).example/v\(version)</link><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item>" }
        for p in 0..<20 {
            items += "<item><title>Notes from the team, part \(p)</title><link>https://c\(feed).example/p\(p)</link><pubDate>Mon, 0\(1 + p % 9) Jun 2026 08:00:00 GMT</pubDate><description>A post about the work of the week, with a few words of summary.</description></item>"
        }
        return Data("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Company \(feed) news</title><link>https://c\(feed).example/</link>\(items)</channel></rss>".utf8)
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let state: NIOLockedValueBox<State>
        var head: HTTPRequestHead?
        init(state: NIOLockedValueBox<State>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h
            case .body: break
            case .end:
                guard let head else { return }
                let number = Int(head.uri.replacingOccurrences(of: "/feed/", with: "").replacingOccurrences(of: ".xml", with: "")) ?? -1
                let version = state.withLockedValue { $0.version[number] ?? 0 }
                let etag = "\"\(number)-\(version)\""
                var headers = HTTPHeaders()
                var body = Data()
                let status: HTTPResponseStatus
                if number < 0 { status = .notFound }
                else if head.headers.first(name: "If-None-Match") == etag {
                    status = .notModified
                    state.withLockedValue { $0.notModified += 1 }
                } else {
                    status = .ok
                    body = FeedServer.body(feed: number, version: version)
                    headers.add(name: "ETag", value: etag)
                    headers.add(name: "Content-Type", value: "application/rss+xml")
                    state.withLockedValue { $0.full += 1; $0.bytes += body.count }
                }
                headers.add(name: "Content-Length", value: String(body.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
