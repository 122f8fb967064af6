import Foundation
import Hummingbird
import Mustache

/// Renders templates into the layout.
struct Renderer: Sendable {
    let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all { try library.register(text, named: name) }
        self.library = library
    }

    private struct Layout {
        var title: String
        var body: String
        var signedIn: Bool
        var email: String
        var csrf: String
        var flash: String?
        var onToday: Bool
        var onWeek: Bool
        var onNews: Bool
        var onCaptured: Bool
        var onPeople: Bool
        var onNetwork: Bool
        var onSettings: Bool
    }

    /// A full HTML page.
    func page<M: PageModel>(_ template: String, _ model: M, title: String, section: Section, context: TendRequestContext,
                            email: String?, status: HTTPResponse.Status = .ok) -> Response {
        var model = model
        model.csrf = context.csrfToken
        let body = library.render(model, withTemplate: template) ?? ""
        let layout = Layout(title: title, body: body, signedIn: email != nil, email: email ?? "", csrf: context.csrfToken,
                            flash: context.flash, onToday: section == .today, onWeek: section == .week, onNews: section == .news, onCaptured: section == .captured, onPeople: section == .people,
                            onNetwork: section == .network, onSettings: section == .settings)
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page for an HTTP error, with its `Retry-After`.
    func error(_ error: HTTPError, context: TendRequestContext) -> Response {
        let message = error.body ?? (error.status == .notFound ? "There is nothing at this address." : error.status.reasonPhrase)
        var response = self.error(error.status, message: message, context: context)
        if let retry = error.headers[.retryAfter] { response.headers[.retryAfter] = retry }
        return response
    }

    func error(_ status: HTTPResponse.Status, message: String, context: TendRequestContext) -> Response {
        let model = ErrorPage(status: status, message: message)
        return page("error", model, title: model.heading, section: .none, context: context, email: nil, status: status)
    }
}

/// Turns errors into pages: a missing or foreign record is a 404, never a 500 and never a leak.
/// Attached to the page routes only; the API answers its own errors with problem documents.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    let renderer: Renderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return renderer.error(error, context: context)
        } catch let error as WebNotFound {
            return renderer.error(.notFound, message: error.message, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            return renderer.error(.internalServerError, message: "Tend hit an unexpected error; it has been logged.", context: context)
        }
    }
}

/// A record that does not exist for this account.
struct WebNotFound: Error {
    var message = "There is nothing at this address."
}

extension Response {
    /// A redirect after a form, with a one-time message for the next page.
    static func see(_ location: String, flash: String? = nil) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        if let flash, let value = flash.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
            response.setCookie(Cookie(name: CookieName.flash, value: value, maxAge: 60, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
