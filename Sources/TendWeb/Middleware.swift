import Foundation
import Hummingbird
import NIOCore
import HummingbirdAuth
import TendCore
import TendForms
import TendHTTP
import TendServices
import TendStore

/// Cookie names, in one place.
enum CookieName {
    static let session = "tend_session"
    static let csrf = "tend_csrf"
    static let flash = "tend_flash"
    /// A browser that has signed in to an account before (see `LoginLimiter`).
    static let device = "tend_device"
}

/// Whether the browser talks to us over TLS: directly, or through a proxy we were told to trust.
struct TransportSecurity: Sendable {
    /// Trust `X-Forwarded-Proto` from a reverse proxy.
    var trustProxy: Bool
    /// Tend itself serves TLS.
    var tls: Bool

    func isSecure(_ request: Request) -> Bool {
        tls || (trustProxy && request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https")
    }
}

/// Double-submit CSRF protection for every state-changing request: the form's `_csrf` must equal
/// the browser's HttpOnly, SameSite cookie, and a cross-site `Origin` is refused outright.
/// Parses the form once for the routes after it.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    let security: TransportSecurity
    /// How long a form's body may take to arrive (an upload four times as long): a body sent a byte a
    /// second must not hold a connection for ever.
    var bodyTimeout: Duration = .seconds(30)

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        let existing = request.cookies[CookieName.csrf]?.value
        context.csrfToken = existing.map { String($0) } ?? Token.random()
        context.origin = (security.isSecure(request) ? "https://" : "http://") + (request.head.authority ?? "localhost")
        if request.method != .get && request.method != .head {
            // Everything that can be refused without the body is refused before it is read: a stranger's
            // upload must not reach memory.
            if let origin = request.headers[.origin], !Self.sameOrigin(origin, as: context.origin) {
                throw HTTPError(.forbidden, message: "This form came from another site.")
            }
            guard let existing else {
                throw HTTPError(.forbidden, message: "This form has expired. Go back, reload the page and try again.")
            }
            let contentType = request.headers[.contentType] ?? ""
            if request.uri.path == Self.mboxUpload && Self.isRawFile(contentType) {
                // Settings → Mail's script sends an mbox as it is, streamed whatever its size: the token comes in a header,
                // and the body is read by the route as it arrives, pausing at most as long as a form may take.
                guard context.sessions.session != nil else { return .see("/login") }
                guard let sent = request.headers[Self.csrfHeader], Token.equal(sent, String(existing)) else {
                    throw HTTPError(.forbidden, message: "This form has expired. Go back, reload the page and try again.")
                }
                request = StreamedBody.streaming(request, connection: context.connection, idle: bodyTimeout)
                return try await next(request, context)
            }
            if Multipart.isMultipart(contentType) {
                guard let boundary = Multipart.boundary(contentType) else {
                    throw HTTPError(.badRequest, message: "The form could not be read (its multipart boundary is missing or not allowed).")
                }
                // Only the import page takes files, and only from a signed-in browser; every other form stays small.
                let isImport = request.uri.path == "/import" || request.uri.path == Self.mboxUpload
                if isImport && context.sessions.session == nil { return .see("/login") }
                let limit = isImport ? TendRequestContext.maxFileUploadSize : context.maxUploadSize
                let body = try await Self.collect(&request, connection: context.connection, upTo: limit, within: isImport ? bodyTimeout * 4 : bodyTimeout, tooLarge: isImport
                    ? "That file is larger than 20 MB. Import it with `tend import` on the command line, or split it."
                    : "That is more than a form can hold (64 KB).")
                do { (context.form, context.upload) = try Multipart.parse(body, boundary: boundary) } catch {
                    throw HTTPError(.badRequest, message: error.message)
                }
            } else {
                let body = try await Self.collect(&request, connection: context.connection, upTo: context.maxUploadSize, within: bodyTimeout,
                                                  tooLarge: "That is more than a form can hold (64 KB).")
                context.form = Form(String(buffer: body))
            }
            guard let sent = context.form.raw("_csrf"), Token.equal(sent, String(existing)) else {
                throw HTTPError(.forbidden, message: "This form has expired. Go back, reload the page and try again.")
            }
        }
        var response = try await next(request, context)
        if existing == nil {
            response.setCookie(Cookie(name: CookieName.csrf, value: context.csrfToken, expires: nil, path: "/",
                                      secure: security.isSecure(request), httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

extension CSRFMiddleware {
    /// Where Settings → Mail takes an mbox file, as a form's upload or streamed by its script.
    static let mboxUpload = "/settings/mail/import"
    /// The header the script sends the form's token in.
    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

    /// A file sent as the whole body, not as a form.
    static func isRawFile(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";")[...].first.map { $0.trimmed.lowercased() } ?? ""
        return type == "application/mbox" || type == "application/octet-stream"
    }

    /// Whether an `Origin` header names this server: its host and port as the browser wrote them in
    /// `Host` (a default port is left out of both). The scheme is not compared: behind a TLS proxy the
    /// browser says https while the proxy speaks http to Tend.
    static func sameOrigin(_ origin: String, as ours: String) -> Bool {
        guard let theirs = URLComponents(string: origin), let mine = URLComponents(string: ours),
              let host = theirs.host, !host.isEmpty else { return false }
        return host.lowercased() == mine.host?.lowercased() && theirs.port == mine.port
    }

    /// The whole body, up to `limit` bytes and within `timeout`.
    static func collect(_ request: inout Request, connection: (any NIOCore.Channel)?, upTo limit: Int, within timeout: Duration, tooLarge: String) async throws -> ByteBuffer {
        do {
            return try await BodyDeadline.collect(&request, connection: connection, upTo: limit, within: timeout)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: tooLarge)
        }
    }
}

/// Random tokens and a comparison that takes the same time whatever matches.
typealias Token = Secret

/// Marks the session cookie Secure when the request came over TLS, and reads and clears the flash.
struct CookieMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    let security: TransportSecurity

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let flash = request.cookies[CookieName.flash]?.value
        context.flash = flash.flatMap { String($0).removingPercentEncoding }
        var response = try await next(request, context)
        if flash != nil, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(CookieName.flash + "=") }) {
            response.setCookie(Cookie(name: CookieName.flash, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        }
        if security.isSecure(request) {
            let cookies = response.headers[values: .setCookie].map { c in
                c.hasPrefix(CookieName.session + "=") && !c.contains("; Secure") ? c + "; Secure" : c
            }
            response.headers[values: .setCookie] = cookies
        }
        return response
    }
}

/// Resolves the session to an account; the pages behind it redirect to sign-in without one.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    let accounts: any AccountRepository
    let required: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let session = context.sessions.session, let account = try await accounts.account(AccountID(session.accountID)),
           Token.equal(session.credential, Accounts.credentialStamp(account.passwordHash)) {
            context.account = account.id
        }
        guard context.account != nil || !required else {
            let back = request.uri.path == "/" ? "" : "?next=" + (request.uri.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return .redirect(to: "/login" + back, type: .normal)
        }
        return try await next(request, context)
    }
}
