import Foundation
import Hummingbird
import Mustache
import TendCore
import TendServices

extension WebApp {
    struct TodayModel: PageModel {
        var csrf = ""
        var dateLabel: String
        var summary: String
        var suggestions: [Item]
        var rest: String?
        var dateQuery: String

        struct Item: MustacheParent {
            /// Read without Mirror (see `Option`).
            func child(named name: String) -> Any? {
                switch name {
                case "rank": rank
                case "key": key
                case "kind": kind
                case "kindTitle": kindTitle
                case "personID": personID
                case "personName": personName
                case "reason": reason
                case "action": action
                case "draft": draft
                case "date": date
                case "channels": channels
                default: nil
                }
            }

            var rank: Int
            var key: String
            var kind: String
            var kindTitle: String
            var personID: Int64
            var personName: String
            var reason: String
            var action: String
            var draft: String
            var date: String
            var channels: [Option]
        }
    }

    func addTodayRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("today") { request, context in
            let tending = try tending(context)
            let (today, _) = try await self.today(tending)
            let day = try self.day(request.uri.queryParameters["date"].map(String.init), default: today)
            var agenda = try await tending.agenda(for: day)
            if let limit = request.uri.queryParameters["limit"].flatMap({ Int($0) }), (1...1000).contains(limit) { agenda.limit = limit }
            let items = agenda.shown.enumerated().map { i, s in
                TodayModel.Item(rank: i + 1, key: s.key, kind: s.kind.rawValue, kindTitle: s.kind.title, personID: s.personID.rawValue,
                                personName: s.personName, reason: s.reason.capitalizedFirst, action: s.action, draft: s.draft,
                                date: day.description, channels: Self.channelOptions())
            }
            let count = agenda.suggestions.count
            let model = TodayModel(
                dateLabel: "\(day.weekdayName) \(day.spelledOut)",
                summary: count == 0 ? "all caught up" : count == 1 ? "1 person to reach out to" : "\(count) people to reach out to",
                suggestions: items, rest: agenda.restSummary?.capitalizedFirst,
                dateQuery: day == today ? "" : "&date=\(day)")
            return try await page("today", model, title: "Today", section: .today, context: context)
        }

        router.post("today/done") { _, context in
            let tending = try tending(context)
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

        router.post("today/snooze") { _, context in
            let tending = try tending(context)
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

        router.post("today/dismiss") { _, context in
            let tending = try tending(context)
            let (key, day, back) = try await agendaForm(context, tending)
            do {
                let s = try await tending.dismiss(key, on: day)
                return Response.see(back, flash: "Dismissed \(s.kind.title.lowercased()) for \(s.personName).")
            } catch let error as TendError {
                return Response.see(back, flash: error.description.capitalizedFirst + ".")
            }
        }
    }

    /// The suggestion key, its day, and where to go back to.
    private func agendaForm(_ context: TendRequestContext, _ tending: Tending) async throws -> (String, Day, String) {
        guard let key = context.form["key"] else { throw HTTPError(.badRequest, message: "Which suggestion?") }
        let (today, _) = try await self.today(tending)
        let day = try self.day(context.form["date"], default: today)
        return (key, day, day == today ? "/today" : "/today?date=\(day)")
    }
}
