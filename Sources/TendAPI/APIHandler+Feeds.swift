import Foundation
import TendCore
import TendServices
import TendStore

/// Feeds through the API: a thin shell over `Tending`'s feeds, as a person's page and `tend feed` are.
extension APIHandler {
    func listFeeds(_ input: Operations.ListFeeds.Input) async throws -> Operations.ListFeeds.Output {
        let tending = try tending()
        let lines: [FeedLine]
        if let person = input.query.personId {
            try await requirePerson(PersonID(person), tending)
            lines = try await tending.feeds(of: PersonID(person), at: now(), posts: 1).feeds
        } else {
            lines = try await tending.feeds(at: now())
        }
        return .ok(.init(body: .json(.init(items: lines.map(Self.feed)))))
    }

    func followFeed(_ input: Operations.FollowFeed.Input) async throws -> Operations.FollowFeed.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the feed as JSON.") }
        let owner: Feed.Owner
        switch (body.personId, body.company) {
        case (let id?, nil):
            try await requirePerson(PersonID(id), tending, field: "personId")
            owner = .person(PersonID(id))
        case (nil, let company?):
            let name = company.trimmed
            guard !name.isEmpty, name.count <= 200 else {
                throw APIProblem.invalid("A company's name is 1 to 200 characters.", field: "company")
            }
            owner = .company(name)
        case (nil, nil): throw APIProblem.invalid("Say whose feed it is: personId or company.", field: "personId")
        case (_?, _?): throw APIProblem.invalid("A feed is a person's or a company's, not both: send personId or company.", field: "company")
        }
        let feed = try await tending.followFeed(body.address, of: owner, fetcher: feedFetcher, at: now())
        return .created(.init(body: .json(Self.feed(try await tending.feed(feed.id, at: now(), posts: 1).feed))))
    }

    func getFeed(_ input: Operations.GetFeed.Input) async throws -> Operations.GetFeed.Output {
        let tending = try tending()
        let (line, posts) = try await tending.feed(FeedID(input.path.feedId), at: now(), posts: try limit(input.query.limit))
        return .ok(.init(body: .json(.init(feed: Self.feed(line), posts: posts.map(Self.post)))))
    }

    func unfollowFeed(_ input: Operations.UnfollowFeed.Input) async throws -> Operations.UnfollowFeed.Output {
        try await tending().unfollowFeed(FeedID(input.path.feedId))
        return .noContent(.init())
    }

    static func feed(_ l: FeedLine) -> Components.Schemas.Feed {
        let f = l.feed
        var person: Int64?, company: String?
        switch f.owner {
        case .person(let id): person = id.rawValue
        case .company(let name): company = name
        }
        return .init(id: f.id.rawValue, personId: person, company: company, ownerName: l.ownerName, url: f.url, title: f.title, site: f.site,
                     addedOn: f.addedOn.description, checkedAt: f.checkedAt, nextCheckAt: f.nextCheckAt, failures: f.failures,
                     lastError: f.lastError, broken: f.broken, status: l.status)
    }

    static func post(_ p: FeedPost) -> Components.Schemas.FeedPost {
        .init(title: p.title, link: p.link, publishedOn: p.publishedOn?.description, seenOn: p.seenOn.description,
              news: p.news.flatMap { .init(rawValue: $0.description) })
    }
}
