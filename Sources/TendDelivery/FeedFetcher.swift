import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TendServices

/// Fetches feeds (and calendar subscriptions: `calendars`) over HTTP: conditional GET (ETag, Last-Modified), at most
/// five redirects, each hop's address checked against the instance's rule on private addresses (after DNS resolution,
/// on every hop), gzip, bodies up to 5 MB (a calendar's 25 MB), and time limits on connecting, reading and the whole fetch.
public struct HTTPFeedFetcher: FeedFetching {
    public static let maximumSize = 5 * 1024 * 1024
    /// Ten years of a busy calendar is a few megabytes; Google's largest exports stay well under this.
    public static let maximumCalendarSize = 25 * 1024 * 1024
    public static let maximumRedirects = 5

    let client: HTTPClient
    let guardrail: any DeliveryTargetGuard
    let deadline: TimeAmount
    let limit: Int
    let accept: String
    /// "a feed", "a calendar": in the message for a body over the limit.
    let what: String

    /// The clients live as long as the process.
    static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(15)),
        decompression: .enabled(limit: .size(maximumSize))))
    static let sharedForCalendars = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(30)),
        decompression: .enabled(limit: .size(maximumCalendarSize))))

    static let feedTypes = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"

    /// A fetcher for calendar subscriptions: `text/calendar`, bodies up to 25 MB, a minute in all.
    public static func calendars(guard: any DeliveryTargetGuard, deadline: TimeAmount = .seconds(60)) -> HTTPFeedFetcher {
        HTTPFeedFetcher(client: sharedForCalendars, guard: `guard`, deadline: deadline, limit: maximumCalendarSize,
                        accept: "text/calendar, application/calendar+xml;q=0.5, */*;q=0.3", what: "a calendar")
    }

    public static func calendars(allowPrivate: Bool, deadline: TimeAmount = .seconds(60)) -> HTTPFeedFetcher {
        calendars(guard: PrivateAddressGuard(allowPrivate: allowPrivate), deadline: deadline)
    }

    init(client: HTTPClient, guard: any DeliveryTargetGuard, deadline: TimeAmount, limit: Int, accept: String, what: String) {
        self.client = client
        guardrail = `guard`
        self.deadline = deadline
        self.limit = limit
        self.accept = accept
        self.what = what
    }

    /// - Parameters:
    ///   - allowPrivate: Fetch from loopback and private addresses too (`tend serve --allow-private-fetch`; tests).
    ///   - deadline: The longest one fetch may take, redirects included.
    public init(allowPrivate: Bool, deadline: TimeAmount = .seconds(30)) {
        self.init(guard: PrivateAddressGuard(allowPrivate: allowPrivate), deadline: deadline)
    }

    /// - Parameter guard: Which addresses may be fetched, checked on every hop (tests stand a loopback server in for a public one).
    public init(guard: any DeliveryTargetGuard, deadline: TimeAmount = .seconds(30)) {
        self.init(client: Self.shared, guard: `guard`, deadline: deadline, limit: Self.maximumSize, accept: Self.feedTypes, what: "a feed")
    }

    public func fetch(_ url: String, etag: String?, lastModified: String?) async throws(FeedFetchError) -> FetchedFeed {
        let started = NIODeadline.now()
        var current = url
        for _ in 0...Self.maximumRedirects {
            do { try await guardrail.check(current) } catch let e as DeliveryFailure {
                throw FeedFetchError(e.message.replacingOccurrences(of: "does not send there (start it with --allow-private-targets to allow it)",
                                                                  with: "does not fetch from there (start it with --allow-private-fetch to allow it)"),
                                     permanent: e.permanent)
            } catch { throw FeedFetchError("\(error)") }
            var request = HTTPClientRequest(url: current)
            request.headers.add(name: "User-Agent", value: what == "a feed" ? "Tend feed reader (+https://github.com/tend)" : "Tend calendar reader (+https://github.com/tend)")
            request.headers.add(name: "Accept", value: accept)
            request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
            if let etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
            let remaining = deadline - (NIODeadline.now() - started)
            guard remaining > .zero else { throw FeedFetchError("no answer in time") }
            let response: HTTPClientResponse
            do { response = try await client.execute(request, timeout: remaining) } catch {
                throw FeedFetchError("could not be fetched: \(PushClient.describe(error))")
            }
            let code = Int(response.status.code)
            switch code {
            case 200:
                let body: ByteBuffer
                do { body = try await response.body.collect(upTo: limit) } catch {
                    let text = String(describing: error)
                    if text.contains("tooMany") || text.contains("TooMany") || text.contains("limit") {
                        throw FeedFetchError("is larger than \(limit / 1024 / 1024) MB, more than \(what) needs")
                    }
                    throw FeedFetchError("stopped sending: \(PushClient.describe(error))")
                }
                return .fetched(Data(body.readableBytesView), url: current, etag: response.headers.first(name: "ETag"),
                                lastModified: response.headers.first(name: "Last-Modified"))
            case 304:
                return .notModified
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "Location"),
                      let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString else {
                    throw FeedFetchError("answered \(code) with no address to go to")
                }
                current = next
            case 410:
                throw FeedFetchError("answered 410 Gone: \(what == "a feed" ? "the feed" : "the calendar") was taken down", permanent: true)
            default:
                throw FeedFetchError("answered \(code) \(response.status.reasonPhrase)")
            }
        }
        throw FeedFetchError("redirected more than \(Self.maximumRedirects) times")
    }
}
