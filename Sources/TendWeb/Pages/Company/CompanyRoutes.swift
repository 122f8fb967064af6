import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// A company's page (`/company?name=Quill`): its people in the network and its feeds, followed and stopped there.
struct CompanyRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("company", use: show)
        router.post("company/feeds", use: followFeed)
        router.post("company/feeds/:feed/remove", use: unfollowFeed)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await companyPage(request.uri.queryParameters["name"].map(String.init) ?? "", context: context)
    }

    /// Follows a feed of the company's: a newsroom, a blog, a releases feed.
    @Sendable func followFeed(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let company = try await self.company(context.form["name"] ?? "", tending)
        let address = context.form["address"] ?? ""
        do {
            let feed = try await tending.followFeed(address, of: .company(company.name), fetcher: app.feedFetcher, at: now())
            return Response.see(CompanyPage.path(company.name) + "#feeds-h",
                                flash: "Following \(feed.title ?? FeedPoller.shown(feed.url)). Its new posts that read as news will wait in News, for everyone at \(company.name).")
        } catch let error as TendError {
            return try await companyPage(company.name, context: context, problem: error.description.asSentence, address: address)
        }
    }

    @Sendable func unfollowFeed(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let id = FeedID(try id("feed", context))
        let name = context.form["name"] ?? ""
        // Only a feed of this company's is stopped here; a person's is stopped on their page.
        let line: FeedLine
        do { line = try await tending.feed(id, at: now(), posts: 1).feed } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such feed.")
        }
        guard case .company(let owner) = line.feed.owner, Feed.Owner.company(owner).key == Feed.Owner.company(name).key else {
            throw WebNotFound(message: "There is no such feed.")
        }
        try await tending.unfollowFeed(id)
        return Response.see(CompanyPage.path(owner) + "#feeds-h", flash: "Stopped following the feed. What it brought to News stays there.")
    }

    private func company(_ name: String, _ tending: Tending) async throws -> Tending.CompanyDetail {
        guard let company = try await tending.company(name, at: now()) else {
            throw WebNotFound(message: name.trimmed.isEmpty ? "Which company? Follow a company's name from a person's page."
                                                            : "No one in your network works at \(name.trimmed.prefix(200)), and it has no feed.")
        }
        return company
    }

    func companyPage(_ name: String, context: TendRequestContext, problem: String? = nil, address: String = "") async throws -> Response {
        let company = try await self.company(name, try tending(context))
        return try await page("company", CompanyPage(company: company, problem: problem, address: address), title: company.name,
                              section: .people, context: context, status: problem == nil ? .ok : .badRequest)
    }
}
