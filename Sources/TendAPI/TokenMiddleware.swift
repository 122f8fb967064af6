import Foundation
import Hummingbird
import OpenAPIRuntime
import TendCore
import TendServices
import TendStore

/// The account and scope of the token that made the request, for the operation's handler.
struct Caller: Sendable {
    var account: AccountID
    var scope: TokenScope

    @TaskLocal static var current: Caller?
}

/// Authenticates every operation by its `Authorization: Bearer` token; a read-only token may only
/// read (GET and HEAD).
struct TokenMiddleware: ServerMiddleware {
    let tokens: APITokens
    let now: @Sendable () -> Date

    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        guard let header = request.headerFields[.authorization] else {
            throw Self.unauthorized("This needs a personal access token: send `Authorization: Bearer tend_…` (create one in Settings or with `tend token create`).")
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized("Send the token as `Authorization: Bearer tend_…`.")
        }
        guard let (account, scope) = try await tokens.authenticate(parts[1].trimmingCharacters(in: .whitespaces), at: now()) else {
            throw Self.unauthorized("This token is not known: it was revoked, or mistyped.")
        }
        if scope == .read && request.method != .get && request.method != .head {
            throw APIProblem(status: .forbidden, detail: "This token is read-only; create a read-write token to make changes.")
        }
        return try await Caller.$current.withValue(Caller(account: account, scope: scope)) {
            try await next(request, body, metadata)
        }
    }

    static func unauthorized(_ detail: String) -> APIProblem {
        APIProblem(status: .unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"tend\""])
    }
}
