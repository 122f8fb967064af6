import Foundation
import Hummingbird
import HummingbirdAuth
import TendCore
import TendHTTP
import TendServices

/// Signing in, signing up and signing out. Guessing is slowed down (`LoginLimiter`), never locked out.
struct SignInRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("login", use: showSignIn)
        router.post("login", use: signIn)
        router.get("signup", use: showSignUp)
        router.post("signup", use: signUp)
        router.post("logout", use: signOut)
    }

    @Sendable func showSignIn(_ request: Request, context: TendRequestContext) async throws -> Response {
        if context.account != nil { return Response.see("/today") }
        var model = SignInPage(next: request.uri.queryParameters["next"].map(String.init) ?? "",
                               signUpOpen: try await app.accounts.signUpOpen(app.signUpPolicy))
        model.problem = app.demoHint
        return app.renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil)
    }

    @Sendable func signIn(_ request: Request, context: TendRequestContext) async throws -> Response {
        let form = context.form
        let email = form["email"] ?? ""
        let next = WebApp.safeNext(form["next"])
        var model = SignInPage(email: email, next: next ?? "", signUpOpen: try await app.accounts.signUpOpen(app.signUpPolicy))
        let device = try await app.knownDevice(request, email: email)
        let keys = LoginLimiter.keys(email: email, client: app.clientAddress(request, context), knownDevice: device)
        if let wait = await app.limiter.retryAfter(keys, now: app.now()) {
            model.problem = "Too many attempts. Try again in \(WebApp.minutes(wait))."
            var response = app.renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil,
                                             status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        do {
            let account = try await app.accounts.signIn(email: email, password: form.raw("password") ?? "")
            await app.limiter.recordSuccess(keys)
            var response = Response.see(next ?? "/today")
            try await app.startSession(account, request: request, response: &response, context: context)
            try await app.rememberDevice(email: email, response: &response, request: request)
            return response
        } catch let failure as Accounts.Failure {
            await app.limiter.recordFailure(keys, now: app.now())
            model.problem = failure.description.capitalizedFirst + "."
            return app.renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil, status: .unauthorized)
        }
    }

    @Sendable func showSignUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard try await app.accounts.signUpOpen(app.signUpPolicy) else {
            return app.renderer.error(.forbidden, message: "Sign-up is closed on this server. Ask its owner for an account.", context: context)
        }
        return app.renderer.page("signup", SignInPage(), title: "Create account", section: .none, context: context, email: nil)
    }

    @Sendable func signUp(_ request: Request, context: TendRequestContext) async throws -> Response {
        let form = context.form
        // Sign-up says when an email is taken (there is no mail to confirm it by), so trying many
        // emails is slowed down like guessing passwords.
        let keys = ["signup:" + app.clientAddress(request, context)]
        if let wait = await app.limiter.retryAfter(keys, now: app.now()) {
            let model = SignInPage(problem: "Too many attempts. Try again in \(WebApp.minutes(wait)).", email: form["email"] ?? "")
            var response = app.renderer.page("signup", model, title: "Create account", section: .none, context: context, email: nil,
                                             status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        do {
            let account = try await app.accounts.signUp(email: form["email"] ?? "", password: form.raw("password") ?? "", policy: app.signUpPolicy)
            var response = Response.see("/today", flash: "Welcome to Tend! Add the first people you want to keep up with.")
            try await app.startSession(account, request: request, response: &response, context: context)
            try await app.rememberDevice(email: form["email"] ?? "", response: &response, request: request)
            return response
        } catch let failure as Accounts.Failure {
            await app.limiter.recordFailure(keys, now: app.now())
            let status: HTTPResponse.Status = failure == .signUpClosed ? .forbidden : .badRequest
            let model = SignInPage(problem: failure.description.capitalizedFirst + ".", email: form["email"] ?? "")
            return app.renderer.page("signup", model, title: "Create account", section: .none, context: context, email: nil, status: status)
        }
    }

    @Sendable func signOut(_ request: Request, context: TendRequestContext) async throws -> Response {
        context.sessions.clearSession()
        return Response.see("/login", flash: "You are signed out.")
    }
}
