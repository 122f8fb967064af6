import Foundation
import Hummingbird
import HummingbirdAuth
import TendCore
import TendServices

/// Sessions, trusted browsers and client addresses: shared by signing in, signing up and changing a password.
extension WebApp {
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
