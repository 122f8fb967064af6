import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import TendAPI
import ServiceLifecycle
import TendServices
import TendStore

/// How to run the web app.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var signUpPolicy: Accounts.SignUpPolicy
    /// Trust `X-Forwarded-Proto` from a reverse proxy (Secure cookies behind TLS termination).
    public var trustProxy: Bool
    /// Shown on the sign-in page of a demo server.
    public var demoHint: String?
    /// bcrypt's cost; tests lower it to stay fast.
    public var bcryptCost: UInt8
    public var logLevel: Logger.Level
    /// How long a form's body may take to arrive (an upload or an API body four times as long).
    public var bodyTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, signUpPolicy: Accounts.SignUpPolicy = .first, trustProxy: Bool = false,
                demoHint: String? = nil, bcryptCost: UInt8 = 12, logLevel: Logger.Level = .info, bodyTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.signUpPolicy = signUpPolicy
        self.trustProxy = trustProxy
        self.demoHint = demoHint
        self.bcryptCost = bcryptCost
        self.logLevel = logLevel
        self.bodyTimeout = bodyTimeout
    }
}

/// Builds the whole web application: the one place its parts are wired together.
/// - Parameters:
///   - database: The store every page reads and writes.
///   - configuration: Address, sign-up policy and security settings.
///   - now: The clock; tests fix it.
///   - onRunning: Called with the address once the server listens.
public func buildApplication(database: any TendDatabase, configuration: WebConfiguration,
                             now: @escaping @Sendable () -> Date = { Date() },
                             onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    var logger = Logger(label: "tend")
    logger.logLevel = configuration.logLevel
    let router = try buildRouter(database: database, configuration: configuration, now: now, logger: logger)
    return Application(
        router: router,
        // A connection that sends nothing for a minute is closed; a body that trickles is cut off by its deadline.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tend"),
        services: [Housekeeping(database: database, now: now, logger: logger)],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            await onRunning("http://\(configuration.host):\(port)")
        },
        logger: logger)
}

/// The router with every page, for the server and for tests.
func buildRouter(database: any TendDatabase, configuration: WebConfiguration,
                 now: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "tend")) throws -> Router<TendRequestContext> {
    let renderer = try Renderer()
    let security = TransportSecurity(trustProxy: configuration.trustProxy, tls: false)
    // One for the pages and the API: both show the same agenda.
    let agendaCache = AgendaCache()
    let app = WebApp(database: database, renderer: renderer,
                     accounts: Accounts(database: database, hasher: BcryptHasher(cost: configuration.bcryptCost)),
                     tokens: APITokens(accounts: database.accounts), agendaCache: agendaCache,
                     limiter: LoginLimiter(), signUpPolicy: configuration.signUpPolicy, security: security, now: now, demoHint: configuration.demoHint)

    let router = Router(context: TendRequestContext.self)
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: CookieMiddleware(security: security))
    router.add(middleware: SessionMiddleware(
        storage: SessionPersistDriver(store: database.keyValues, now: now),
        configuration: .init(sessionCookieParameters: .init(name: CookieName.session, path: "/", sameSite: .lax),
                             keyPrefix: "session.", defaultSessionExpiration: .seconds(30 * 24 * 3600))))
    router.add(middleware: CSRFMiddleware(security: security, bodyTimeout: configuration.bodyTimeout))

    router.get("health") { _, _ in "ok" }
    router.get("assets/app.css") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Assets.css)))
    }
    router.get("assets/app.js") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Assets.js)))
    }

    app.addFeedRoutes(to: router)
    try APIServer(database: database, now: now, logger: logger, agendaCache: agendaCache, bodyTimeout: configuration.bodyTimeout * 4)
        .register(on: router)

    let open = router.group().add(middleware: AuthMiddleware(accounts: database.accounts, required: false))
    app.addAuthRoutes(to: open)

    let signedIn = router.group().add(middleware: AuthMiddleware(accounts: database.accounts, required: true))
    signedIn.get("/") { _, _ in Response.redirect(to: "/today", type: .normal) }
    app.addTodayRoutes(to: signedIn)
    app.addPeopleRoutes(to: signedIn)
    app.addPersonRoutes(to: signedIn)
    app.addNetworkRoutes(to: signedIn)
    app.addSettingsRoutes(to: signedIn)
    app.addInteropRoutes(to: signedIn)
    return router
}

/// Scheduled work inside the server, never a cron job: hourly, expired sessions are swept, the
/// database's planner statistics refreshed, and (SQLite) the day's backup made if it is not there yet.
struct Housekeeping: Service {
    let database: any TendDatabase
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await database.keyValues.removeExpired(now: now())
                try await database.maintain()
            } catch {
                logger.warning("housekeeping failed: \(error)")
            }
            if let backups = database.automaticBackups {
                do {
                    if let made = try await backups.backUpIfDue(now: now(), timeZone: .current) {
                        logger.info("backed up the database to \(made.path) (\(made.bytes) bytes, checked)")
                    }
                } catch {
                    logger.error("the daily backup failed: \(error)")
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
