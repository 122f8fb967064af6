import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// Settings → Calendars (`calendars.mustache`): the calendar subscriptions with how their last poll went, and the
/// form that adds one.
struct CalendarsPage: PageModel {
    var csrf = ""
    var subscriptions: [Line]
    var canSubscribe: Bool
    var problem: String?
    var address: String
    var name: String
    var maxRecipients: Int

    struct Line {
        var id: Int64
        var name: String
        var address: String
        var read: String
        var status: String
        var error: String?
    }
}

struct CalendarRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("settings/calendars", use: show)
        router.post("settings/calendars/subscribe", use: subscribe)
        router.post("settings/calendars/:id/poll", use: poll)
        router.post("settings/calendars/:id/unsubscribe", use: unsubscribe)
    }

    func calendars() throws -> CalendarSubscriptions {
        guard let calendars = app.calendars else { throw HTTPError(.notFound, message: "Calendar subscriptions are not set up on this server.") }
        return calendars
    }

    func page(_ tending: Tending, context: TendRequestContext, problem: String? = nil, address: String = "", name: String = "",
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let calendars = try calendars()
        let lines = try await calendars.list(account: tending.account, now: app.now())
        let model = CalendarsPage(
            subscriptions: lines.map { l in
                CalendarsPage.Line(id: l.subscription.id.rawValue, name: l.subscription.name, address: l.subscription.shownURL,
                                   read: "\(l.read.formatted()) occurrence\(l.read == 1 ? "" : "s") read",
                                   status: l.status.capitalizedFirst + (l.status.hasSuffix(".") ? "" : "."), error: l.subscription.lastError)
            },
            canSubscribe: calendars.box != nil, problem: problem, address: address, name: name,
            maxRecipients: try await tending.captureSettings().maxRecipients)
        var response = try await app.page("calendars", model, title: "Calendars", section: .settings, context: context)
        response.status = status
        return response
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await page(try app.tending(context), context: context)
    }

    @Sendable func subscribe(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let calendars = try calendars()
        // The address is a secret: it is not put back in the form (nor anywhere else) once subscribed.
        let address = context.form["address"] ?? "", name = context.form["name"] ?? ""
        do {
            let (sub, report) = try await calendars.subscribe(address, name: name.trimmed.isEmpty ? nil : name, account: tending.account, now: app.now())
            return Response.see(report.added + report.moved > 0 ? "/captured" : "/settings/calendars#c\(sub.id)",
                                flash: "Subscribed to “\(sub.name)”. \(report.summary)")
        } catch let e as TendError {
            // A message that starts with the address keeps it as it is written.
            let text = e.description.hasPrefix("http") ? e.description : e.description.capitalizedFirst
            return try await page(tending, context: context, problem: text + ".", address: address, name: name,
                                  status: .badRequest)
        }
    }

    @Sendable func poll(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let id = CalendarSubscriptionID(try app.id("id", context))
        do {
            switch try await calendars().pollNow(id, account: tending.account, now: app.now()) {
            case .success(let report?): return Response.see("/settings/calendars#c\(id)", flash: "Read: \(report.summary)")
            case .success(nil): return Response.see("/settings/calendars#c\(id)", flash: "Not changed since it was last read.")
            case .failure(let f): return Response.see("/settings/calendars#c\(id)", flash: f.message.capitalizedFirst + " (tried again later).")
            }
        } catch TendError.noSuchCalendar {
            throw WebNotFound(message: "There is no such calendar subscription.")
        }
    }

    @Sendable func unsubscribe(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        do {
            let n = try await calendars().unsubscribe(CalendarSubscriptionID(try app.id("id", context)), account: tending.account)
            return Response.see("/settings/calendars", flash: "Unsubscribed, and removed the \(n) touch\(n == 1 ? "" : "es") it made.")
        } catch TendError.noSuchCalendar {
            throw WebNotFound(message: "There is no such calendar subscription.")
        }
    }
}
