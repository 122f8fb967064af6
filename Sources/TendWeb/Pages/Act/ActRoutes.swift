import Foundation
import Hummingbird
import TendCore
import TendForms
import TendHTTP
import TendServices

/// The links of a digest, which work without a session. A GET only asks (mail scanners and link
/// previews open every link); the page's button POSTs with a confirmation value only that page carries,
/// and a cross-site `Origin` is refused. The one exception is RFC 8058's one-click unsubscribe: a POST
/// whose body is `List-Unsubscribe=One-Click`, which mail providers send from their servers.
struct ActRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("act/:token", use: ask)
        router.post("act/:token", use: act)
    }

    @Sendable func ask(_ request: Request, context: TendRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let links = try await app.scheduler.links.links()
        let link: ActionLinks.Link
        do throws(ActionLinks.Refusal) { link = try links.verify(token, now: app.now()) } catch {
            return page(ActPage(refused: error.description), context: context, status: error == .expired ? .gone : .badRequest)
        }
        var suggestion: Suggestion?
        if link.action != .unsubscribe {
            let tending = Tending(database: app.database, account: link.account, agendaCache: app.agendaCache)
            let (today, _) = try await tending.today(at: app.now())
            for day in [today, link.day] where suggestion == nil {
                suggestion = try await tending.agenda(for: day).suggestions.first { $0.key == link.suggestion }
            }
            guard suggestion != nil else {
                return page(ActPage(refused: "That suggestion is no longer on your agenda: it was done, snoozed or dismissed already."),
                            context: context, status: .gone)
            }
        }
        return page(ActPage(asking: link, suggestion: suggestion, token: token, confirmation: links.confirmation(for: token)), context: context)
    }

    @Sendable func act(_ request: Request, context: TendRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        var request = request
        if let origin = request.headers[.origin], origin != "null" {
            let ours = (app.security.isSecure(request) ? "https://" : "http://") + (request.head.authority ?? "localhost")
            guard CSRFMiddleware.sameOrigin(origin, as: ours) else {
                return page(ActPage(refused: "This came from another site."), context: context, status: .forbidden)
            }
        }
        let body = try await CSRFMiddleware.collect(&request, connection: context.connection, upTo: 4096, within: .seconds(10),
                                                    tooLarge: "That is more than this form sends.")
        // RFC 8058 allows the one-click POST as multipart/form-data too.
        let contentType = request.headers[.contentType] ?? ""
        var form = Form(String(buffer: body))
        if Multipart.isMultipart(contentType), let boundary = Multipart.boundary(contentType), let parsed = try? Multipart.parse(body, boundary: boundary) {
            form = parsed.0
        }
        let links = try await app.scheduler.links.links()
        let link: ActionLinks.Link
        do throws(ActionLinks.Refusal) { link = try links.verify(token, now: app.now()) } catch {
            return page(ActPage(refused: error.description), context: context, status: error == .expired ? .gone : .badRequest)
        }
        let oneClick = link.action == .unsubscribe && form["List-Unsubscribe"] == "One-Click"
        guard oneClick || links.isConfirmation(form.raw("confirm") ?? "", for: token) else {
            return page(ActPage(refused: "Open the link from the message again and press the button there."), context: context, status: .forbidden)
        }
        let tending = Tending(database: app.database, account: link.account, agendaCache: app.agendaCache)
        let (today, _) = try await tending.today(at: app.now())
        do {
            let outcome = try await tending.act(on: link, today: today)
            if oneClick { return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "Unsubscribed.\n"))) }
            return page(ActPage(done: outcome), context: context)
        } catch TendError.noSuchSuggestion {
            return page(ActPage(refused: "That suggestion is no longer on your agenda: it was done, snoozed or dismissed already."),
                        context: context, status: .gone)
        }
    }

    func page(_ model: ActPage, context: TendRequestContext, status: HTTPResponse.Status = .ok) -> Response {
        app.renderer.page("act", model, title: model.heading, section: .none, context: context, email: nil, status: status)
    }
}
