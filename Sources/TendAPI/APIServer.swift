import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import TendHTTP
import TendServices
import TendStore

/// The JSON API under `/api/v1`, its contract at `/api/openapi.yaml`, and a page listing it at `/api`.
public struct APIServer: Sendable {
    let database: any TendDatabase
    let now: @Sendable () -> Date
    let logger: Logger
    let agendaCache: AgendaCache?
    let scheduler: Scheduler
    let mailboxes: Mailboxes?
    let calendars: CalendarSubscriptions?
    let feedFetcher: any FeedFetching
    /// How long a request's body may take to arrive.
    let bodyTimeout: Duration

    public init(database: any TendDatabase, now: @escaping @Sendable () -> Date, logger: Logger, agendaCache: AgendaCache? = nil,
                scheduler: Scheduler, mailboxes: Mailboxes? = nil, calendars: CalendarSubscriptions? = nil, feedFetcher: any FeedFetching,
                bodyTimeout: Duration = .seconds(120)) {
        self.mailboxes = mailboxes
        self.calendars = calendars
        self.feedFetcher = feedFetcher
        self.bodyTimeout = bodyTimeout
        self.scheduler = scheduler
        self.database = database
        self.now = now
        self.logger = logger
        self.agendaCache = agendaCache
    }

    /// Where the operations live.
    public static let prefix = "/api/v1"

    /// The OpenAPI document, as it is in the repository.
    public static var document: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    /// Adds the API's routes to `router`.
    public func register<Context: ConnectionRequestContext>(on router: Router<Context>) throws {
        let api = router.group().add(middleware: APIGateMiddleware<Context>(tokens: APITokens(store: database.accessTokens), now: now,
                                                                            bodyTimeout: bodyTimeout))
        try APIHandler(database: database, now: now, agendaCache: agendaCache, scheduler: scheduler, mailboxes: mailboxes,
                       calendars: calendars, feedFetcher: feedFetcher).registerHandlers(
            on: api, serverURL: URL(string: Self.prefix)!,
            // Compact: a script reads it; `| jq` shows it to a person.
            configuration: Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            middlewares: [ProblemMiddleware(logger: logger), TokenMiddleware(), EmptyBodyMiddleware()])
        router.get("api/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
        }
        router.get("api") { request, _ in
            // The example names this server as the browser reached it.
            let origin = "http://" + (request.head.authority ?? "127.0.0.1:8080")
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: APIPage.html(Self.document, origin: origin))))
        }
    }

    /// A problem document for errors that happen before an operation is found (an unknown path, a
    /// method the path does not take), so every answer under `/api/` is JSON.
    public static func problem(_ status: HTTPResponse.Status, detail: String) -> Response {
        let problem = APIProblem(status: status, detail: detail)
        return Response(status: status, headers: [.contentType: "application/problem+json"],
                        body: .init(byteBuffer: ByteBuffer(data: problem.body())))
    }

    /// The problem document for an HTTP error no operation answered.
    public static func problem(_ error: HTTPError, method: HTTPRequest.Method) -> Response {
        let detail = error.status == .notFound ? "There is no such operation; /api/openapi.yaml lists them."
            : error.status == .methodNotAllowed ? "This path does not take \(method); /api/openapi.yaml lists what it does."
            : error.body ?? error.status.reasonPhrase
        var response = problem(error.status, detail: detail)
        if let retry = error.headers[.retryAfter] { response.headers[.retryAfter] = retry }
        return response
    }

    public static func isAPI(_ path: String) -> Bool {
        path == "/api" || path.hasPrefix("/api/")
    }
}

/// The door of every operation: the bearer token is checked first, then the body is read whole
/// (an import up to 64 MB, anything else up to 1 MB, within a deadline; an mbox streamed), so a stranger's upload never
/// reaches memory. The operation then runs as the token's caller.
struct APIGateMiddleware<Context: ConnectionRequestContext>: RouterMiddleware {
    let tokens: APITokens
    let now: @Sendable () -> Date
    let bodyTimeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Only the operations need a token: the contract and the page listing it are public.
        guard request.uri.path.hasPrefix(APIServer.prefix + "/") else { return try await next(request, context) }
        let caller: Caller
        switch try await authenticate(request) {
        case .success(let c): caller = c
        case .failure(let problem): return problem.response()
        }
        var request = request
        if request.method == .post && request.uri.path == APIServer.prefix + "/mail/import" {
            // An mbox is streamed whatever its size (Google Takeout's are gigabytes): read as it arrives, a batch per
            // transaction, with a limit on how long it may pause instead of a deadline on the whole.
            request = StreamedBody.streaming(request, connection: context.connection, idle: bodyTimeout / 4)
        } else if request.method != .get && request.method != .head {
            let isImport = request.uri.path == APIServer.prefix + "/import" || request.uri.path == APIServer.prefix + "/chats/import"
                || request.uri.path == APIServer.prefix + "/calendars/import"
            do {
                // Now that the body is here, its length is known; an empty body then reads as no body.
                let body = try await BodyDeadline.collect(&request, connection: context.connection,
                                                          upTo: isImport ? 64 * 1024 * 1024 : 1024 * 1024, within: bodyTimeout)
                var head = request.head
                head.headerFields[.contentLength] = String(body.readableBytes)
                request = Request(head: head, body: .init(buffer: body))
            } catch is NIOTooManyBytesError {
                return APIServer.problem(.contentTooLarge, detail: isImport
                    ? "The file is over 64 MB; split it, or import it with `tend import`."
                    : "The body is over 1 MB.")
            } catch let error as HTTPError where error.status == .requestTimeout {
                return APIServer.problem(.requestTimeout, detail: "The body took too long to arrive.")
            }
        }
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }

    private func authenticate(_ request: Request) async throws -> Result<Caller, APIProblem> {
        guard let header = request.headers[.authorization] else {
            return .failure(TokenMiddleware.unauthorized("This needs a personal access token: send `Authorization: Bearer tend_…` (create one in Settings or with `tend token create`)."))
        }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return .failure(TokenMiddleware.unauthorized("Send the token as `Authorization: Bearer tend_…`."))
        }
        guard let (account, scope) = try await tokens.authenticate(parts[1].trimmingCharacters(in: .whitespaces), at: now()) else {
            return .failure(TokenMiddleware.unauthorized("This token is not known: it was revoked, or mistyped."))
        }
        if scope == .read && request.method != .get && request.method != .head {
            return .failure(APIProblem(status: .forbidden, detail: "This token is read-only; create a read-write token to make changes."))
        }
        return .success(Caller(account: account, scope: scope))
    }
}

/// A POST with an empty body carries no body: operations whose body is optional (done, dismiss)
/// then take their defaults instead of failing to decode nothing as JSON.
struct EmptyBodyMiddleware: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?))
        async throws -> (HTTPResponse, HTTPBody?) {
        try await next(request, body?.length == .known(0) ? nil : body, metadata)
    }
}
