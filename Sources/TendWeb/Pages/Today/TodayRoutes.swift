import Hummingbird
import TendCore
import TendServices

/// Today's routes: the page, and marking a suggestion done, snoozed or dismissed.
struct TodayRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("today", use: show)
        router.post("today/done", use: done)
        router.post("today/snooze", use: snooze)
        router.post("today/dismiss", use: dismiss)
    }

    /// `?date=` shows another day's agenda; `?limit=` more of it than the settings' length.
    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        let day = try app.day(request.uri.queryParameters["date"].map(String.init), default: today)
        var agenda = try await tending.agenda(for: day)
        if let limit = request.uri.queryParameters["limit"].flatMap({ Int($0) }), (1...1000).contains(limit) { agenda.limit = limit }
        let news = try await tending.newsWaiting()
        return try await app.page("today", TodayPage(agenda: agenda, day: day, today: today, newsWaiting: news), title: "Today", section: .today, context: context)
    }

    @Sendable func done(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (key, day, back) = try await agendaForm(context, tending)
        let channel = context.form["channel"].flatMap { Channel(rawValue: $0) }
        do {
            let done = try await tending.complete(key, on: day, channel: channel)
            let what = done.logged.map { "Logged a \($0.touch.intent) with \(done.suggestion.personName)." }
                ?? "Marked done for \(done.suggestion.personName)."
            return Response.see(back, flash: ([what] + (done.logged?.warnings ?? [])).joined(separator: " "))
        } catch let error as TendError {
            return Response.see(back, flash: error.description.capitalizedFirst + ".")
        }
    }

    @Sendable func snooze(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (key, day, back) = try await agendaForm(context, tending)
        guard let days = context.form["days"].flatMap(Int.init), (1...365).contains(days) else {
            throw HTTPError(.badRequest, message: "Snooze for 1 to 365 days.")
        }
        do {
            let s = try await tending.snooze(key, on: day, until: day.adding(days: days))
            return Response.see(back, flash: "Snoozed \(s.personName) until \(day.adding(days: days).spelledOut).")
        } catch let error as TendError {
            return Response.see(back, flash: error.description.capitalizedFirst + ".")
        }
    }

    @Sendable func dismiss(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (key, day, back) = try await agendaForm(context, tending)
        do {
            let s = try await tending.dismiss(key, on: day)
            return Response.see(back, flash: "Dismissed \(s.kind.title.lowercased()) for \(s.personName).")
        } catch let error as TendError {
            return Response.see(back, flash: error.description.capitalizedFirst + ".")
        }
    }

    /// The suggestion key, its day, and where to go back to.
    private func agendaForm(_ context: TendRequestContext, _ tending: Tending) async throws -> (String, Day, String) {
        guard let key = context.form["key"] else { throw HTTPError(.badRequest, message: "Which suggestion?") }
        let (today, _) = try await app.today(tending)
        let day = try app.day(context.form["date"], default: today)
        if context.form["back"] == "week" { return (key, day, "/week") }
        return (key, day, day == today ? "/today" : "/today?date=\(day)")
    }
}
