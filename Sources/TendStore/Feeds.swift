import Foundation
import TendCore

/// A feed Tend polls: a person's (their blog) or a company's (its newsroom), with what the last poll found.
public struct Feed: Hashable, Sendable, Codable, Identifiable {
    public var id: FeedID
    public var owner: Owner
    public var url: String
    public var title: String?
    /// The site the feed is about.
    public var site: String?
    /// For conditional GET: what the server said last time.
    public var etag: String?
    public var lastModified: String?
    public var addedOn: Day
    public var checkedAt: Date?
    public var nextCheckAt: Date
    /// Failed polls in a row; a feed is broken after `Feed.brokenAfter`, and still retried once a day.
    public var failures: Int
    public var lastError: String?
    public var broken: Bool

    public static let brokenAfter = 5

    public enum Owner: Hashable, Sendable, Codable {
        case person(PersonID)
        /// A company by the name people's profiles give it.
        case company(String)

        /// One key per owner: `person:12`, `company:quill` (folded).
        public var key: String {
            switch self {
            case .person(let id): "person:\(id)"
            case .company(let name): "company:" + fold(name.trimmed)
            }
        }
    }

    public init(id: FeedID, owner: Owner, url: String, title: String? = nil, site: String? = nil, etag: String? = nil,
                lastModified: String? = nil, addedOn: Day, checkedAt: Date? = nil, nextCheckAt: Date, failures: Int = 0,
                lastError: String? = nil, broken: Bool = false) {
        self.id = id
        self.owner = owner
        self.url = url
        self.title = title
        self.site = site
        self.etag = etag
        self.lastModified = lastModified
        self.addedOn = addedOn
        self.checkedAt = checkedAt
        self.nextCheckAt = nextCheckAt
        self.failures = failures
        self.lastError = lastError
        self.broken = broken
    }
}

/// A post seen in a feed.
public struct FeedPost: Hashable, Sendable, Codable {
    public var feedID: FeedID
    public var key: String
    public var title: String
    public var link: String?
    public var publishedOn: Day?
    public var seenOn: Day
    /// What it read as, when it read as news.
    public var news: Moment.Kind?

    public init(feedID: FeedID, key: String, title: String, link: String?, publishedOn: Day?, seenOn: Day, news: Moment.Kind?) {
        self.feedID = feedID
        self.key = key
        self.title = title
        self.link = link
        self.publishedOn = publishedOn
        self.seenOn = seenOn
        self.news = news
    }
}

/// One account's feeds and the posts seen in them.
public protocol FeedRepository: Sendable {
    /// Adds a feed; `StoreError.conflict` when its owner has it already.
    func add(owner: Feed.Owner, url: String, title: String?, site: String?, on day: Day, nextCheckAt: Date) async throws -> Feed
    func feed(_ id: FeedID) async throws -> Feed?
    /// Every feed of the account, people's and companies', in the order they were added.
    func feeds() async throws -> [Feed]
    /// The feeds of these owners (a person, their company), in the order they were added.
    func feeds(of owners: [Feed.Owner]) async throws -> [Feed]
    func remove(_ id: FeedID) async throws -> Bool
    /// Saves what a poll found (title, site, validators, times, failures, error) and lets go of its lease.
    func saveState(_ feed: Feed) async throws
    /// Records posts not seen before in the feed; returns the keys of the ones that were new.
    func record(_ posts: [FeedPost]) async throws -> Set<String>
    /// The newest posts of these feeds (by day published, else seen), at most `limit`.
    func posts(of feeds: [FeedID], limit: Int) async throws -> [FeedPost]
    /// Moves a person's feeds to another (a merge); one the other has already is dropped.
    func reassign(from: PersonID, to: PersonID) async throws
}

/// Feeds due for a poll, across accounts, claimed by one process at a time.
public protocol FeedPollRepository: Sendable {
    /// Leases up to `limit` feeds due by `now` that no other process holds.
    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, feed: Feed)]
}
