import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TendCore
import TendHTTP
import TendInterop
import TendServices
import TendStore

/// A CardDAV server (RFC 6352, with RFC 6578's sync-collection) for each account's one address book, at
/// `/dav/<account>/contacts/`, behind HTTP Basic with app passwords. The pages' sessions and CSRF play no
/// part: a phone is no browser. What real clients need is in `../shared/CARDDAV.md`.
public struct CardDAVServer<Context: ConnectionRequestContext & RemoteAddressRequestContext>: Sendable {
    let database: any TendDatabase
    let configuration: CardDAVConfiguration
    let agendaCache: AgendaCache?
    let now: @Sendable () -> Date
    let passwords: AppPasswords
    let limiter: LoginLimiter

    public init(database: any TendDatabase, configuration: CardDAVConfiguration, agendaCache: AgendaCache? = nil,
                limiter: LoginLimiter = LoginLimiter(), now: @escaping @Sendable () -> Date) {
        self.database = database
        self.configuration = configuration
        self.agendaCache = agendaCache
        self.now = now
        self.passwords = AppPasswords(store: database.accessTokens)
        self.limiter = limiter
    }

    static var propfind: HTTPRequest.Method { HTTPRequest.Method("PROPFIND")! }
    static var proppatch: HTTPRequest.Method { HTTPRequest.Method("PROPPATCH")! }
    static var report: HTTPRequest.Method { HTTPRequest.Method("REPORT")! }
    static var mkcol: HTTPRequest.Method { HTTPRequest.Method("MKCOL")! }
    static var methods: [HTTPRequest.Method] {
        [.options, .get, .head, .put, .delete, .post, propfind, proppatch, report, mkcol,
         HTTPRequest.Method("MOVE")!, HTTPRequest.Method("COPY")!, HTTPRequest.Method("LOCK")!, HTTPRequest.Method("UNLOCK")!]
    }

    /// Adds discovery (`/.well-known/carddav`, a PROPFIND of `/`) and everything under `/dav`.
    public func register(on router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head, Self.propfind, .options] {
            router.on(".well-known/carddav", method: method) { request, _ in
                // Without sign-in: Apple's clients come here first, and follow the redirect with their credentials.
                method == .options ? Self.options() : Response(status: .movedPermanently, headers: [.location: "/dav/"])
            }
        }
        router.on("/", method: Self.propfind) { request, context in try await handle(request, context: context) }
        for path in ["dav", "dav/**"] {
            for method in Self.methods {
                router.on(RouterPath(path), method: method) { request, context in try await handle(request, context: context) }
            }
        }
    }

    static func options() -> Response {
        Response(status: .ok, headers: [
            HTTPField.Name("DAV")!: "1, 3, addressbook",
            .allow: "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT",
            .contentLength: "0",
        ])
    }

    func handle(_ request: Request, context: Context) async throws -> Response {
        if request.method == .options { return Self.options() }
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var names: [String] = []
        for s in segments {
            guard let d = s.removingPercentEncoding, !d.isEmpty else { return davText(.badRequest, "That address is not valid.") }
            names.append(d)
        }
        guard secure(request, context: context) else {
            return davText(.forbidden, "CardDAV on this server needs HTTPS: put it behind a proxy that serves TLS (with --trust-proxy), "
                             + "or allow plain HTTP with --allow-plain-carddav.")
        }
        let account: StoredAccount
        switch try await authenticate(request, context: context) {
        case .success(let a): account = a
        case .failure(let response): return response
        }
        let resource: DAVResource
        let id = String(account.id.rawValue)
        switch names.count {
        case 0: resource = .root
        case 1 where names[0] == "dav": resource = .root
        case 2 where names[0] == "dav" && names[1] == id: resource = .principal
        case 3 where names[0] == "dav" && names[1] == id && names[2] == "contacts": resource = .book
        case 4 where names[0] == "dav" && names[1] == id && names[2] == "contacts": resource = .card(names[3])
        // A new address book anywhere in the account's home: refused as the book itself refuses it.
        case 3 where names[0] == "dav" && names[1] == id && request.method.rawValue == "MKCOL": resource = .book
        default: return davText(.notFound, "Nothing is at this address.")
        }
        let book = AddressBookFront<Context>(account: account, tending: Tending(database: database, account: account.id, agendaCache: agendaCache),
                                    configuration: configuration, now: now)
        do {
            return try await book.respond(to: request, resource: resource, context: context)
        } catch let e as CardError {
            return book.failure(e)
        } catch let e as TendError {
            return davText(.badRequest, e.description)
        } catch let e as HTTPError {
            return davText(e.status, e.body ?? "The request could not be answered.")
        }
    }

    /// Whether an app password may travel on this request: over TLS (a trusted proxy's), from loopback, or anywhere when allowed.
    func secure(_ request: Request, context: Context) -> Bool {
        if configuration.allowPlainHTTP { return true }
        if configuration.trustProxy, request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https" { return true }
        if configuration.trustProxy, request.headers[HTTPField.Name("X-Forwarded-For")!] != nil { return false }
        switch context.remoteAddress {
        case .v4(let a)?: return a.host.hasPrefix("127.")
        case .v6(let a)?: return a.host == "::1" || a.host.hasPrefix("::ffff:127.")
        case .unixDomainSocket?: return true
        case nil: return false
        }
    }

    enum Authentication {
        case success(StoredAccount)
        case failure(Response)
    }

    /// HTTP Basic: the account's email and one of its app passwords. Failures slow the next try as sign-in does.
    func authenticate(_ request: Request, context: Context) async throws -> Authentication {
        let challenge = Response(status: .unauthorized, headers: [
            .wwwAuthenticate: "Basic realm=\"Tend\", charset=\"UTF-8\"", .contentType: "text/plain; charset=utf-8",
        ], body: .init(byteBuffer: ByteBuffer(string: "Sign in with your email and an app password from Settings → Phones and address books.\n")))
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let credentials = String(data: decoded, encoding: .utf8), let colon = credentials.firstIndex(of: ":") else { return .failure(challenge) }
        let user = String(credentials[..<colon]).trimmingCharacters(in: .whitespaces)
        let password = String(credentials[credentials.index(after: colon)...])
        let address: String
        switch context.remoteAddress {
        case .v4(let a)?: address = a.host
        case .v6(let a)?: address = a.host
        default: address = "unknown"
        }
        let keys = ["carddav:" + user.lowercased(), "client:" + address]
        let at = now()
        if let wait = await limiter.retryAfter(keys, now: at) {
            return .failure(Response(status: .tooManyRequests, headers: [.retryAfter: String(wait), .contentType: "text/plain; charset=utf-8"],
                                     body: .init(byteBuffer: ByteBuffer(string: "Too many wrong passwords; try again in \(wait) s.\n"))))
        }
        if let id = try await passwords.authenticate(password, at: at), let account = try await database.accounts.account(id),
           // The user name is the account's email; an account without one (the command line's) takes any.
           account.email.map({ $0.lowercased() == user.lowercased() }) ?? true {
            await limiter.recordSuccess(keys)
            return .success(account)
        }
        await limiter.recordFailure(keys, now: at)
        return .failure(challenge)
    }

}

/// How the CardDAV server takes its clients.
public struct CardDAVConfiguration: Sendable {
    /// Trust `X-Forwarded-Proto` from a reverse proxy that serves TLS.
    public var trustProxy: Bool
    /// Take app passwords over plain HTTP from any address, not only loopback (`--allow-plain-carddav`).
    public var allowPlainHTTP: Bool
    /// How long a card's body may take to arrive.
    public var bodyTimeout: Duration

    public init(trustProxy: Bool = false, allowPlainHTTP: Bool = false, bodyTimeout: Duration = .seconds(30)) {
        self.trustProxy = trustProxy
        self.allowPlainHTTP = allowPlainHTTP
        self.bodyTimeout = bodyTimeout
    }
}

/// What a path under `/dav` names.
enum DAVResource: Equatable {
    case root
    case principal
    case book
    case card(String)
}

/// A short answer for people (and clients' logs).
func davText(_ status: HTTPResponse.Status, _ message: String) -> Response {
    Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
}
