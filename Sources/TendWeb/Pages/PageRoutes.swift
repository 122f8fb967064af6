import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// A page's routes: a small type whose named methods answer its paths (`add(to:)` lists them), with
/// what every page handler shares from `WebApp` at hand.
protocol PageRoutes: Sendable {
    var app: WebApp { get }
    func add(to router: RouterGroup<TendRequestContext>)
}

extension PageRoutes {
    var database: any TendDatabase { app.database }
    var now: @Sendable () -> Date { app.now }

    func tending(_ context: TendRequestContext) throws -> Tending { try app.tending(context) }
    func today(_ tending: Tending) async throws -> (Day, Settings) { try await app.today(tending) }
    func id(_ name: String, _ context: TendRequestContext) throws -> Int64 { try app.id(name, context) }
    func day(_ text: String?, default today: Day) throws -> Day { try app.day(text, default: today) }
    func person(_ id: Int64, _ tending: Tending) async throws -> Person { try await app.person(id, tending) }

    func page<M: PageModel>(_ template: String, _ model: M, title: String, section: Section, context: TendRequestContext,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        try await app.page(template, model, title: title, section: section, context: context, status: status)
    }
}
