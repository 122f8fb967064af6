import Foundation
import SQLKit
import TendCore
import TendStore

struct FeedRow: Decodable {
    var id: Int64
    var account_id: Int64
    var person_id: Int64?
    var company: String?
    var url: String
    var title: String?
    var site: String?
    var etag: String?
    var last_modified: String?
    var added_on: String
    var checked_at: Double?
    var next_check_at: Double
    var failures: Int
    var last_error: String?
    var broken: Bool

    static let columns: SQLQueryString = """
        id, account_id, person_id, company, url, title, site, etag, last_modified, added_on, checked_at, next_check_at, failures, last_error, broken
        """

    func feed() throws -> Feed {
        let owner: Feed.Owner
        if let p = person_id { owner = .person(PersonID(p)) } else if let c = company { owner = .company(c) } else {
            throw StoreError.corrupt("feed \(id) has no owner")
        }
        return Feed(id: FeedID(id), owner: owner, url: url, title: title, site: site, etag: etag, lastModified: last_modified,
                    addedOn: try Column.day(added_on), checkedAt: checked_at.map(Date.init(timeIntervalSince1970:)),
                    nextCheckAt: Date(timeIntervalSince1970: next_check_at), failures: failures, lastError: last_error, broken: broken)
    }
}

struct SQLFeedRepository: FeedRepository {
    let account: AccountID
    let db: any SQLDatabase

    func add(owner: Feed.Owner, url: String, title: String?, site: String?, on day: Day, nextCheckAt: Date) async throws -> Feed {
        var person: Int64?, company: String?
        switch owner {
        case .person(let id): person = id.rawValue
        case .company(let name): company = name.trimmed
        }
        guard let id = try await db.raw("""
            INSERT INTO feeds (account_id, person_id, company, target, url, title, site, added_on, next_check_at, failures, broken)
            VALUES (\(bind: account.rawValue), \(bind: person), \(bind: company), \(bind: owner.key), \(bind: url), \(bind: title),
                    \(bind: site), \(bind: day.description), \(bind: nextCheckAt.timeIntervalSince1970), 0, \(bind: false))
            ON CONFLICT (account_id, target, url) DO NOTHING
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("that feed is followed already") }
        return Feed(id: FeedID(id), owner: owner, url: url, title: title, site: site, addedOn: day, nextCheckAt: nextCheckAt)
    }

    func feed(_ id: FeedID) async throws -> Feed? {
        try await db.raw("SELECT \(FeedRow.columns) FROM feeds WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue)")
            .first(decoding: FeedRow.self)?.feed()
    }

    func feeds() async throws -> [Feed] {
        try await db.raw("SELECT \(FeedRow.columns) FROM feeds WHERE account_id = \(bind: account.rawValue) ORDER BY id")
            .all(decoding: FeedRow.self).map { try $0.feed() }
    }

    func feeds(of owners: [Feed.Owner]) async throws -> [Feed] {
        guard !owners.isEmpty else { return [] }
        return try await db.raw("""
            SELECT \(FeedRow.columns) FROM feeds WHERE account_id = \(bind: account.rawValue) AND target IN (\(binds: owners.map(\.key))) ORDER BY id
            """).all(decoding: FeedRow.self).map { try $0.feed() }
    }

    func remove(_ id: FeedID) async throws -> Bool {
        try await db.raw("DELETE FROM feeds WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue) RETURNING id").first() != nil
    }

    func saveState(_ f: Feed) async throws {
        try await db.raw("""
            UPDATE feeds SET title = \(bind: f.title), site = \(bind: f.site), etag = \(bind: f.etag), last_modified = \(bind: f.lastModified),
                checked_at = \(bind: f.checkedAt?.timeIntervalSince1970), next_check_at = \(bind: f.nextCheckAt.timeIntervalSince1970),
                failures = \(bind: f.failures), last_error = \(bind: f.lastError), broken = \(bind: f.broken), url = \(bind: f.url),
                lease_owner = NULL, lease_until = NULL
            WHERE account_id = \(bind: account.rawValue) AND id = \(bind: f.id.rawValue)
            """).run()
    }

    /// One statement for a poll's posts (at most 100, 800 bound values): a row per post, the new ones returned.
    func record(_ posts: [FeedPost]) async throws -> Set<String> {
        var new = Set<String>()
        var start = 0
        while start < posts.count {
            let chunk = posts[start..<min(posts.count, start + 100)]
            start += 100
            let rows: [SQLQueryString] = chunk.map { p in
                "(\(bind: account.rawValue), \(bind: p.feedID.rawValue), \(bind: p.key), \(bind: p.title), \(bind: p.link), \(bind: p.publishedOn?.description), \(bind: p.seenOn.description), \(bind: p.news?.description))"
            }
            let inserted = try await db.raw("""
                INSERT INTO feed_posts (account_id, feed_id, key, title, link, published_on, seen_on, news)
                VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (feed_id, key) DO NOTHING RETURNING key
                """).all(decodingColumn: "key", as: String.self)
            new.formUnion(inserted)
        }
        return new
    }

    private struct PostRow: Decodable {
        var feed_id: Int64
        var key: String
        var title: String
        var link: String?
        var published_on: String?
        var seen_on: String
        var news: String?
    }

    func posts(of feeds: [FeedID], limit: Int) async throws -> [FeedPost] {
        guard !feeds.isEmpty else { return [] }
        let ids = SQLList(feeds.map { SQLBind($0.rawValue) })
        return try await db.raw("""
            SELECT feed_id, key, title, link, published_on, seen_on, news FROM feed_posts
            WHERE account_id = \(bind: account.rawValue) AND feed_id IN (\(ids))
            ORDER BY COALESCE(published_on, seen_on) DESC, id DESC LIMIT \(literal: max(1, limit))
            """).all(decoding: PostRow.self).map { r in
            FeedPost(feedID: FeedID(r.feed_id), key: r.key, title: r.title, link: r.link, publishedOn: try Column.day(r.published_on),
                     seenOn: try Column.day(r.seen_on), news: try r.news.map { try Column.momentKind($0) })
        }
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        try await db.raw("""
            DELETE FROM feeds WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)
              AND url IN (SELECT url FROM feeds WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: to.rawValue))
            """).run()
        try await db.raw("""
            UPDATE feeds SET person_id = \(bind: to.rawValue), target = \(bind: Feed.Owner.person(to).key)
            WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)
            """).run()
    }
}

struct SQLFeedPollRepository: FeedPollRepository {
    let transactor: any SQLTransactor
    let features: any SQLBackendFeatures

    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, feed: Feed)] {
        let lock = features.lockSkippingLocked
        return try await transactor.transaction { db in
            let t = now.timeIntervalSince1970
            let rows = try await db.raw("""
                UPDATE feeds SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970)
                WHERE id IN (
                    SELECT id FROM feeds
                    WHERE next_check_at <= \(bind: t) AND (lease_until IS NULL OR lease_until <= \(bind: t))
                    ORDER BY next_check_at, id LIMIT \(bind: limit) \(unsafeRaw: lock))
                RETURNING \(FeedRow.columns)
                """).all(decoding: FeedRow.self)
            return try rows.map { (AccountID($0.account_id), try $0.feed()) }
        }
    }
}
