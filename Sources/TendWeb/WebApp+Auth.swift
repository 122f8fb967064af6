import Foundation
import Hummingbird
import HummingbirdAuth
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
            if let wait = await limiter.retryAfter(email: email, address: context.clientAddress, now: now()) {
                model.problem = "Too many attempts. Try again in \(Self.minutes(wait))."
                var response = renderer.page("login", model, title: "Sign in", section: .none, context: context, email: nil,
                                             status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            do {
                let account = try await accounts.signIn(email: email, password: form.raw("password") ?? "")
                await limiter.recordSuccess(email: email)
                context.sessions.createSession(WebSession(accountID: account.rawValue), expiresIn: .seconds(30 * 24 * 3600))
                return Response.see(next ?? "/today")
            } catch let failure as Accounts.Failure {
                await limiter.recordFailure(email: email, address: context.clientAddress, now: now())
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

        router.post("signup") { _, context in
            let form = context.form
            do {
                let account = try await accounts.signUp(email: form["email"] ?? "", password: form.raw("password") ?? "", policy: signUpPolicy)
                context.sessions.createSession(WebSession(accountID: account.rawValue), expiresIn: .seconds(30 * 24 * 3600))
                return Response.see("/today", flash: "Welcome to Tend! Add the first people you want to keep up with.")
            } catch let failure as Accounts.Failure {
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

    /// Only a path on this site: never another host.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://") else { return nil }
        return next
    }

    static func minutes(_ seconds: Int) -> String {
        seconds < 90 ? "\(seconds) seconds" : "\((seconds + 59) / 60) minutes"
    }
}
