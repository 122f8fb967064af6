import Foundation
import Hummingbird
import HummingbirdAuth
import TendCore
import TendServices

extension WebApp {
    struct AuthModel: PageModel {
        var csrf = ""
        var problem: String?
        var email = ""
        var next = ""
        var signUpOpen = false
    }

    func addAuthRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("login") { request, context in
            if context.account != nil { return Response.see("/today") }
            var model = AuthModel(next: request.uri.queryParameters["next"].map(String.init) ?? "",
                                  signUpOpen: try await accounts.signUpOpen(signUpPolicy))
            model.problem = demoHint
            return renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil)
        }

        router.post("login") { request, context in
            let form = context.form
            let email = form["email"] ?? ""
            let next = Self.safeNext(form["next"])
            var model = AuthModel(email: email, next: next ?? "", signUpOpen: try await accounts.signUpOpen(signUpPolicy))
            let device = try await knownDevice(request, email: email)
            let keys = LoginLimiter.keys(email: email, client: clientAddress(request, context), knownDevice: device)
            if let wait = await limiter.retryAfter(keys, now: now()) {
                model.problem = "Too many attempts. Try again in \(Self.minutes(wait))."
                var response = renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil,
                                             status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            do {
                let account = try await accounts.signIn(email: email, password: form.raw("password") ?? "")
                await limiter.recordSuccess(keys)
                var response = Response.see(next ?? "/today")
                try await startSession(account, request: request, response: &response, context: context)
                try await rememberDevice(email: email, response: &response, request: request)
                return response
            } catch let failure as Accounts.Failure {
                await limiter.recordFailure(keys, now: now())
                model.problem = failure.description.capitalizedFirst + "."
                return renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil, status: .unauthorized)
            }
        }

        router.get("signup") { _, context in
            guard try await accounts.signUpOpen(signUpPolicy) else {
                return renderer.error(.forbidden, message: "Sign-up is closed on this server. Ask its owner for an account.", context: context)
            }
            return renderer.page("signup", AuthModel(), title: "Create account", section: .none, context: context, email: nil)
        }

        router.post("signup") { request, context in
            let form = context.form
            // Sign-up says when an email is taken (there is no mail to confirm it by), so trying many
            // emails is slowed down like guessing passwords.
            let keys = ["signup:" + clientAddress(request, context)]
            if let wait = await limiter.retryAfter(keys, now: now()) {
                let model = AuthModel(problem: "Too many attempts. Try again in \(Self.minutes(wait)).", email: form["email"] ?? "")
                var response = renderer.page("signup", model, title: "Create account", section: .none, context: context, email: nil,
                                             status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            do {
                let account = try await accounts.signUp(email: form["email"] ?? "", password: form.raw("password") ?? "", policy: signUpPolicy)
                var response = Response.see("/today", flash: "Welcome to Tend! Add the first people you want to keep up with.")
                try await startSession(account, request: request, response: &response, context: context)
                try await rememberDevice(email: form["email"] ?? "", response: &response, request: request)
                return response
            } catch let failure as Accounts.Failure {
                await limiter.recordFailure(keys, now: now())
                let status: HTTPResponse.Status = failure == .signUpClosed ? .forbidden : .badRequest
                let model = AuthModel(problem: failure.description.capitalizedFirst + ".", email: form["email"] ?? "")
                return renderer.page("signup", model, title: "Create account", section: .none, context: context, email: nil, status: status)
            }
        }

        router.post("logout") { _, context in
            context.sessions.clearSession()
            return Response.see("/login", flash: "You are signed out.")
        }
    }

    /// Only a path on this site: never another host. A browser reads `/\t/evil.example` as
    /// `//evil.example`, so no control character or white space is let through, nor a backslash.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("://"),
              !next.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return nil
        }
        return next
    }

    /// Signs `account` in: a new session (a new id, never one a stranger could have planted) carrying the
    /// password's stamp, and a new CSRF token.
    func startSession(_ account: AccountID, request: Request, response: inout Response, context: TendRequestContext) async throws {
        let stamp = try await accounts.credentialStamp(of: account) ?? ""
        context.sessions.createSession(WebSession(accountID: account.rawValue, credential: stamp), expiresIn: .seconds(30 * 24 * 3600))
        response.setCookie(Cookie(name: CookieName.csrf, value: Token.random(), expires: nil, path: "/",
                                  secure: security.isSecure(request), httpOnly: true, sameSite: .lax))
    }

    /// The email this browser has signed in with before, when it carries a device cookie for it.
    func knownDevice(_ request: Request, email: String) async throws -> String? {
        guard let token = request.cookies[CookieName.device]?.value else { return nil }
        let digest = Token.digest(String(token))
        guard let stored = try await database.keyValues.get("device.\(digest)", now: now()),
              stored.value == email.lowercased().trimmingCharacters(in: .whitespaces) else { return nil }
        return digest
    }

    /// Marks this browser as one that signed in to `email`, for a year.
    func rememberDevice(email: String, response: inout Response, request: Request) async throws {
        let token = Token.random()
        try await database.keyValues.put("device.\(Token.digest(token))", value: email.lowercased().trimmingCharacters(in: .whitespaces),
                                         expiresAt: now().addingTimeInterval(365 * 24 * 3600), onlyIfNew: false)
        response.setCookie(Cookie(name: CookieName.device, value: token, expires: now().addingTimeInterval(365 * 24 * 3600), path: "/login",
                                  secure: security.isSecure(request), httpOnly: true, sameSite: .strict))
    }

    /// The client's address for rate limits: behind a trusted proxy, the address the proxy saw (the
    /// last entry of `X-Forwarded-For`, the one the proxy itself added).
    func clientAddress(_ request: Request, _ context: TendRequestContext) -> String {
        if security.trustProxy, let forwarded = request.headers[values: .init("X-Forwarded-For")!].last?
            .split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !forwarded.isEmpty {
            return forwarded
        }
        return context.clientAddress
    }

    static func minutes(_ seconds: Int) -> String {
        seconds < 90 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
    }
}
