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

/// Every operation runs as the caller `APIGateMiddleware` authenticated before the body was read;
/// an operation reached any other way is refused.
struct TokenMiddleware: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        guard Caller.current != nil else { throw Self.unauthorized("This needs a personal access token.") }
        return try await next(request, body, metadata)
    }

    static func unauthorized(_ detail: String) -> APIProblem {
        APIProblem(status: .unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer realm=\"tend\""])
    }
}
