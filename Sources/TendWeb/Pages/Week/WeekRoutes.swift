import Hummingbird
import TendCore
import TendServices

/// The week's page; doing an item early posts to Today's "done" (`TodayRoutes`), which finds keys planned
/// later in the week.
struct WeekRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("week", use: show)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        let plan = try await tending.week(from: today)
        let agenda = try await tending.agenda(for: today)
        let page = WeekPage(plan: plan, today: today, capacity: agenda.limit, coverage: agenda.coverage.note)
        return try await app.page("week", page, title: "This week", section: .week, context: context)
    }
}
