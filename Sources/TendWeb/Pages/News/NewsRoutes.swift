import Hummingbird
import TendCore
import TendServices

/// The News inbox: the page, and confirming or dismissing one proposal.
struct NewsRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("news", use: show)
        router.post("news/:id/confirm", use: confirm)
        router.post("news/:id/dismiss", use: dismiss)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let news = try await tending.news()
        let all = try await tending.news(state: nil, limit: 1000).count
        return try await app.page("news", NewsPage(news: news, decided: all - news.count), title: "News", section: .news, context: context)
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let id = ProposalID(try app.id("id", context))
        var kind: Moment.Kind?
        if let text = context.form["kind"], !text.isEmpty {
            do { kind = try Moment.Kind.parse(text) } catch { throw HTTPError(.badRequest, message: error.description.capitalizedFirst + ".") }
        }
        let (today, _) = try await app.today(tending)
        do {
            let (p, moment) = try await tending.confirmNews(id, as: kind, on: today)
            let name = try await tending.person(id: p.personID)?.displayName ?? "them"
            let verb = moment.kind.isWin ? "celebrates" : "supports"
            let what = switch moment.kind {
            case .win(.other): "a win"
            case .struggle(.other): "a struggle"
            default: "the \(moment.kind.words)"
            }
            return Response.see("/news", flash: "Recorded \(what) for \(name); Today \(verb) it.")
        } catch let error as TendError {
            if error.isNotFound { throw WebNotFound(message: "There is no such news.") }
            return Response.see("/news", flash: error.description.capitalizedFirst + ".")
        }
    }

    @Sendable func dismiss(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let id = ProposalID(try app.id("id", context))
        let (today, _) = try await app.today(tending)
        do {
            _ = try await tending.dismissNews(id, on: today)
            return Response.see("/news", flash: "Dismissed; it will not be proposed again.")
        } catch let error as TendError {
            if error.isNotFound { throw WebNotFound(message: "There is no such news.") }
            return Response.see("/news", flash: error.description.capitalizedFirst + ".")
        }
    }
}
