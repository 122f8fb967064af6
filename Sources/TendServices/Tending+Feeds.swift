import Foundation
import TendCore
import TendInterop
import TendStore

/// What a fetch of a feed's address gave.
public enum FetchedFeed: Sendable, Equatable {
    /// The server said nothing changed since the validators sent (304).
    case notModified
    /// The body, the address it came from in the end (after redirects), and the validators for next time.
    case fetched(Data, url: String, etag: String?, lastModified: String?)
}

/// A fetch that failed, in words for Settings. `permanent` when asking again will not help (410 Gone).
public struct FeedFetchError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var permanent: Bool
    public init(_ message: String, permanent: Bool = false) {
        self.message = message
        self.permanent = permanent
    }
    public var description: String { message }
}

/// The boundary to the web for feeds: conditional GET, redirects, size and time limits, and the instance's rule
/// on private addresses (`HTTPFeedFetcher` in TendDelivery).
public protocol FeedFetching: Sendable {
    func fetch(_ url: String, etag: String?, lastModified: String?) async throws(FeedFetchError) -> FetchedFeed
}

/// What a feed looks like on a page, in the CLI and the API.
public struct FeedLine: Sendable, Equatable, Codable {
    public var feed: Feed
    /// The person's name, or the company's.
    public var ownerName: String
    /// "checked 2 hours ago", "broken: answered 404 Not Found".
    public var status: String
}

extension Tending {
    /// How often a healthy feed is polled.
    public static let feedInterval: TimeInterval = 3600

    /// Follows a feed of a person or a company. `address` may be the feed or a site that names its feed in a
    /// `<link rel="alternate">`; it is fetched and read now, and the posts already there are recorded as seen (they
    /// are not news). Throws `TendError.invalid` (field `feed`) with the reason when it is no feed Tend can read.
    public func followFeed(_ address: String, of owner: Feed.Owner, fetcher: any FeedFetching, at now: Date) async throws -> Feed {
        let url = try Self.checkedFeedAddress(address)
        if case .person(let id) = owner { _ = try await person(.id(id)) }
        if case .company(let name) = owner, name.trimmed.isEmpty {
            throw TendError.invalid(ValidationError(field: "company", message: "a company feed needs the company's name"))
        }
        func invalid(_ message: String) -> TendError { .invalid(ValidationError(field: "feed", message: message)) }
        func get(_ u: String) async throws -> (Data, String, String?, String?) {
            let fetched: FetchedFeed
            do { fetched = try await fetcher.fetch(u, etag: nil, lastModified: nil) } catch { throw invalid("\(FeedPoller.shown(u)): \(error.message)") }
            guard case .fetched(let b, let final, let e, let l) = fetched else { throw invalid("\(FeedPoller.shown(u)) answered 304 to a first request") }
            return (b, final, e, l)
        }
        var (body, finalURL, etag, lastModified) = try await get(url)
        let document: FeedDocument
        do throws(FeedError) {
            document = try FeedReader.read(body, url: finalURL)
        } catch where error.message == "this is a web page, not a feed" {
            // A site: its page names its feeds.
            guard let found = FeedReader.discover(html: body, url: finalURL).first else {
                throw invalid("\(FeedPoller.shown(finalURL)) is a web page that names no feed")
            }
            (body, finalURL, etag, lastModified) = try await get(found)
            do throws(FeedError) { document = try FeedReader.read(body, url: finalURL) } catch {
                throw invalid("\(FeedPoller.shown(finalURL)): \(error.message)")
            }
        } catch {
            throw invalid("\(FeedPoller.shown(finalURL)): \(error.message)")
        }
        let (found, tag, modified) = (finalURL, etag, lastModified)
        return try await write { s in
            let day = Self.today(at: now, in: try await s.settings.load())
            var feed: Feed
            do {
                feed = try await s.feeds.add(owner: owner, url: found, title: document.title.map { String($0.prefix(500)) },
                                             site: document.link, on: day, nextCheckAt: now.addingTimeInterval(Self.feedInterval))
            } catch StoreError.conflict(let why) {
                throw TendError.invalid(ValidationError(field: "feed", message: why))
            }
            _ = try await s.feeds.record(Self.posts(document, feed: feed, day: day))
            feed.etag = tag
            feed.lastModified = modified
            feed.checkedAt = now
            try await s.feeds.saveState(feed)
            return feed
        }
    }

    /// An address a user typed, checked: http(s) only, a host, at most 2,000 characters.
    static func checkedFeedAddress(_ text: String) throws -> String {
        var t = text.trimmed
        if !t.contains("://") { t = "https://" + t }
        guard t.count <= 2000, let c = URLComponents(string: t), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = c.host, !host.isEmpty else {
            throw TendError.invalid(ValidationError(field: "feed", message: "'\(text.trimmed.prefix(100))' is not an http:// or https:// address"))
        }
        return t
    }

    /// Stops following a feed; what it proposed stays in News.
    public func unfollowFeed(_ id: FeedID) async throws {
        let removed = try await write { try await $0.feeds.remove(id) }
        guard removed else { throw TendError.noSuchFeed(id.rawValue) }
    }

    /// Every feed of the account, with whose it is and how it is doing.
    public func feeds(at now: Date) async throws -> [FeedLine] {
        try await read { s in
            let feeds = try await s.feeds.feeds()
            var names: [PersonID: String] = [:]
            for f in feeds { if case .person(let id) = f.owner, names[id] == nil { names[id] = try await s.people.personWithoutLists(id)?.displayName } }
            return feeds.map { f in
                let owner: String = switch f.owner {
                case .person(let id): names[id] ?? "someone"
                case .company(let name): name
                }
                return FeedLine(feed: f, ownerName: owner, status: Self.status(f, now: now))
            }
        }
    }

    /// A person's feeds and their company's, with the newest posts of both.
    public func feeds(of id: PersonID, at now: Date, posts limit: Int = 10) async throws -> (feeds: [FeedLine], posts: [FeedPost]) {
        let person = try await person(.id(id))
        // Only theirs and their company's, by the owners' index: a person page does not read the account's every feed.
        let company = person.profile.company.flatMap { $0.trimmed.isEmpty ? nil : Feed.Owner.company($0) }
        let owners: [Feed.Owner] = [.person(id)] + (company.map { [$0] } ?? [])
        return try await read { s in
            let feeds = try await s.feeds.feeds(of: owners)
            let lines = feeds.map { f in
                let owner: String = switch f.owner {
                case .person: person.displayName
                case .company(let name): name
                }
                return FeedLine(feed: f, ownerName: owner, status: Self.status(f, now: now))
            }
            return (lines, try await s.feeds.posts(of: feeds.map(\.id), limit: limit))
        }
    }

    /// A company as Tend knows it: the people who work there (by the name on their profiles, folded), its feeds, and
    /// their newest posts.
    public struct CompanyDetail: Sendable {
        /// The name as most of its people write it (or as its feed was followed).
        public var name: String
        public var people: [Person]
        public var feeds: [FeedLine]
        public var posts: [FeedPost]
    }

    /// The company of this name; nil when no one (not archived) works there and it has no feed.
    public func company(_ name: String, at now: Date, posts limit: Int = 20) async throws -> CompanyDetail? {
        let asked = name.trimmed
        guard !asked.isEmpty, asked.count <= 200 else { return nil }
        let owner = Feed.Owner.company(asked)
        return try await read { s in
            let people = try await s.people.people(PeopleFilter(withLists: false))
                .filter { p in p.profile.company.map { Feed.Owner.company($0).key == owner.key } ?? false }
                // The closest first, then by name.
                .sorted { $0.tier != $1.tier ? $0.tier.rank > $1.tier.rank : $0.displayName.localizedStandardCompare($1.displayName) == .orderedAscending }
            let feeds = try await s.feeds.feeds(of: [owner])
            guard !people.isEmpty || !feeds.isEmpty else { return nil }
            // The spelling most of its people use; a feed's when no one works there.
            let spellings = Dictionary(grouping: people.compactMap { $0.profile.company?.trimmed }, by: { $0 })
            let shown = spellings.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key
                ?? feeds.first.map { if case .company(let n) = $0.owner { n } else { asked } } ?? asked
            return CompanyDetail(name: shown, people: people,
                                 feeds: feeds.map { FeedLine(feed: $0, ownerName: shown, status: Self.status($0, now: now)) },
                                 posts: try await s.feeds.posts(of: feeds.map(\.id), limit: limit))
        }
    }

    /// One feed, with whose it is and how it is doing, and its newest posts. Throws `TendError.noSuchFeed`.
    public func feed(_ id: FeedID, at now: Date, posts limit: Int = 50) async throws -> (feed: FeedLine, posts: [FeedPost]) {
        try await read { s in
            guard let f = try await s.feeds.feed(id) else { throw TendError.noSuchFeed(id.rawValue) }
            let owner: String = switch f.owner {
            case .person(let person): try await s.people.personWithoutLists(person)?.displayName ?? "someone"
            case .company(let name): name
            }
            return (FeedLine(feed: f, ownerName: owner, status: Self.status(f, now: now)), try await s.feeds.posts(of: [id], limit: limit))
        }
    }

    static func status(_ f: Feed, now: Date) -> String {
        if f.broken { return "broken: \(f.lastError ?? "it keeps failing"); tried again daily" }
        if let e = f.lastError { return "failing (\(f.failures) in a row): \(e)" }
        guard let checked = f.checkedAt else { return "not checked yet" }
        let minutes = Int(now.timeIntervalSince(checked) / 60)
        let ago = minutes < 1 ? "just now" : minutes < 60 ? "\(minutes) min ago" : minutes < 48 * 60 ? "\(minutes / 60) h ago" : "\(minutes / 1440) days ago"
        return "checked \(ago)"
    }

    /// A feed's entries as posts, each read as news or not.
    static func posts(_ document: FeedDocument, feed: Feed, day: Day) -> [FeedPost] {
        let about: Moment.Subject = if case .company = feed.owner { .company } else { .themself }
        return document.entries.prefix(100).map { e in
            FeedPost(feedID: feed.id, key: String(e.key.prefix(2000)), title: String((e.title.isEmpty ? "(untitled)" : e.title).prefix(1000)),
                     link: e.link.flatMap { $0.count <= 2000 ? $0 : nil }, publishedOn: e.published.map { Day.containing($0, in: .gmt) },
                     seenOn: day, news: NewsReading.kind(title: e.title, summary: e.summary, about: about))
        }
    }
}

/// Polls the feeds that are due, for every account, from any number of processes (each feed leased to one).
public struct FeedPoller: Sendable {
    public let database: any TendDatabase
    public let fetcher: any FeedFetching
    public let owner: String
    public let lease: TimeInterval
    public let report: @Sendable (String) -> Void
    /// How many feeds are fetched at once.
    public let width: Int

    public init(database: any TendDatabase, fetcher: any FeedFetching, owner: String = UUID().uuidString, lease: TimeInterval = 300,
                width: Int = 16, report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.database = database
        self.fetcher = fetcher
        self.owner = owner
        self.lease = lease
        self.width = width
        self.report = report
    }

    /// What one pass did.
    public struct Pass: Equatable, Sendable {
        public var polled = 0
        public var notModified = 0
        public var failed = 0
        public var newPosts = 0
        public var proposed = 0

        public init(polled: Int = 0, notModified: Int = 0, failed: Int = 0, newPosts: Int = 0, proposed: Int = 0) {
            self.polled = polled
            self.notModified = notModified
            self.failed = failed
            self.newPosts = newPosts
            self.proposed = proposed
        }
    }

    /// Posts newer than this (by their date) can be news; older ones found late are only recorded.
    public static let newsWindowDays = 30

    /// Claims and polls every feed due by `now`, in batches, until none is left.
    public func pollDue(now: Date, batch: Int = 100) async throws -> Pass {
        var pass = Pass()
        while true {
            let due = try await database.feedPolls.claimDue(now: now, owner: owner, leaseUntil: now.addingTimeInterval(lease), limit: batch)
            if due.isEmpty { return pass }
            try await poll(due, now: now, into: &pass)
        }
    }

    /// Polls these feeds now, whether due or not (`tend feed poll`).
    public func poll(_ feeds: [(account: AccountID, feed: Feed)], now: Date) async throws -> Pass {
        var pass = Pass()
        try await poll(feeds, now: now, into: &pass)
        return pass
    }

    private func poll(_ feeds: [(account: AccountID, feed: Feed)], now: Date, into pass: inout Pass) async throws {
        var index = 0
        while index < feeds.count {
            let chunk = feeds[index..<min(feeds.count, index + width)]
            index += width
            // Each result is put back in its feed's place: the fetches finish in any order.
            var fetched = [Result<FetchedFeed, FeedFetchError>?](repeating: nil, count: chunk.count)
            await withTaskGroup(of: (offset: Int, result: Result<FetchedFeed, FeedFetchError>).self) { group in
                for (offset, item) in chunk.enumerated() {
                    let feed = item.feed
                    group.addTask { (offset, await self.fetch(feed)) }
                }
                for await done in group { fetched[done.offset] = done.result }
            }
            // Each feed is read outside any transaction; then one transaction per account records what its feeds of
            // this chunk gave (most polls only move the next check: a transaction each was most of a 304 round).
            let readings = zip(chunk, fetched).map { item, result in
                (item: item, read: self.read(result ?? .failure(FeedFetchError("not fetched")), of: item.feed))
            }
            var accounts: [AccountID] = []
            for r in readings where !accounts.contains(r.item.account) { accounts.append(r.item.account) }
            for account in accounts {
                let mine = readings.filter { $0.item.account == account }
                let outcomes = try await database.write(account: account) { s in
                    var outcomes: [Outcome] = []
                    for r in mine { outcomes.append(try await record(r.read, to: r.item.feed, now: now, in: s)) }
                    return outcomes
                }
                for outcome in outcomes {
                    pass.polled += 1
                    pass.notModified += outcome.notModified ? 1 : 0
                    pass.failed += outcome.failed ? 1 : 0
                    pass.newPosts += outcome.newPosts
                    pass.proposed += outcome.proposed
                }
            }
        }
    }

    private func fetch(_ feed: Feed) async -> Result<FetchedFeed, FeedFetchError> {
        do { return .success(try await fetcher.fetch(feed.url, etag: feed.etag, lastModified: feed.lastModified)) } catch { return .failure(error) }
    }

    struct Outcome { var notModified = false, failed = false, newPosts = 0, proposed = 0 }

    /// A fetch, read: the feed's document and its validators, or why it failed.
    struct Read: Sendable {
        var document: FeedDocument?
        var failure: String?
        var permanent = false
        var validators: (url: String, etag: String?, lastModified: String?)?
    }

    /// Reads what a fetch gave (parsing happens here, outside any transaction); a failure is reported.
    func read(_ result: Result<FetchedFeed, FeedFetchError>, of feed: Feed) -> Read {
        var r = Read()
        switch result {
        case .success(.notModified): break
        case .success(.fetched(let body, let url, let etag, let lastModified)):
            do {
                r.document = try FeedReader.read(body, url: url)
                r.validators = (url, etag, lastModified)
            } catch { r.failure = error.message }
        case .failure(let e):
            r.failure = e.message
            r.permanent = e.permanent
        }
        if let failure = r.failure { report("feed \(feed.id) (\(FeedPoller.shown(feed.url))): \(failure)") }
        return r
    }

    /// Records a feed's poll inside its account's transaction: new posts, proposals for the ones that read as news,
    /// the feed's validators and schedule; a failure counts towards broken, never drops the feed.
    func record(_ r: Read, to feed: Feed, now: Date, in s: any TendSession) async throws -> Outcome {
        let (doc, problem, gone, valid) = (r.document, r.failure, r.permanent, r.validators)
        guard var f = try await s.feeds.feed(feed.id) else { return Outcome() } // removed meanwhile
        var outcome = Outcome()
        f.checkedAt = now
        if let problem {
            f.failures += 1
            f.lastError = String(problem.prefix(1000))
            f.broken = gone || f.failures >= Feed.brokenAfter
            let backoff = min(86_400, 900 * pow(2, Double(f.failures - 1)))
            f.nextCheckAt = now.addingTimeInterval(f.broken ? 86_400 : backoff)
            try await s.feeds.saveState(f)
            outcome.failed = true
            return outcome
        }
        f.failures = 0
        f.lastError = nil
        f.broken = false
        f.nextCheckAt = now.addingTimeInterval(Tending.feedInterval)
        guard let doc, let valid else {
            outcome.notModified = true
            try await s.feeds.saveState(f)
            return outcome
        }
        f.etag = valid.etag.map { String($0.prefix(500)) }
        f.lastModified = valid.lastModified.map { String($0.prefix(100)) }
        f.title = doc.title.map { String($0.prefix(500)) } ?? f.title
        f.site = doc.link ?? f.site
        let day = Tending.today(at: now, in: try await s.settings.load())
        let posts = Tending.posts(doc, feed: f, day: day)
        let new = try await s.feeds.record(posts)
        outcome.newPosts = new.count
        let recent = day.adding(days: -Self.newsWindowDays)
        let news = posts.filter { new.contains($0.key) && $0.news != nil && ($0.publishedOn.map { $0 >= recent } ?? true) }
        if !news.isEmpty {
            let people = try await Self.people(of: f.owner, in: s)
            let about: Moment.Subject = if case .company = f.owner { .company } else { .themself }
            let source = f.title ?? FeedPoller.shown(f.url)
            for post in news {
                guard let kind = post.news else { continue }
                for person in people {
                    let proposal = NewProposal(personID: person, kind: kind, about: about, on: min(post.publishedOn ?? day, day),
                                               note: String(post.title.prefix(1500)), source: String(source.prefix(500)),
                                               link: post.link.flatMap { $0.count >= 8 ? $0 : nil }, key: "post:" + String((post.link ?? post.key).prefix(990)))
                    if try await s.proposals.propose(proposal) != nil { outcome.proposed += 1 }
                }
            }
        }
        try await s.feeds.saveState(f)
        return outcome
    }

    /// Who a feed's news is about: its person, or everyone (not archived) at its company.
    static func people(of owner: Feed.Owner, in s: any TendSession) async throws -> [PersonID] {
        switch owner {
        case .person(let id):
            guard let p = try await s.people.personWithoutLists(id), !p.archived else { return [] }
            return [id]
        case .company:
            let key = owner.key
            return try await s.people.people(PeopleFilter(withLists: false))
                .filter { p in p.profile.company.map { Feed.Owner.company($0).key == key } ?? false }.map(\.id)
        }
    }

    /// An address without its query or credentials, for logs and pages.
    public static func shown(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "the address" }
        c.query = nil
        c.user = nil
        c.password = nil
        return c.string ?? "the address"
    }
}
