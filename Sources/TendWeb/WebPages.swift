import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import TendHTTP
import TendServices
import TendStore

/// The server-rendered pages: sign-in, Today, People, a person, the network, settings, import and
/// export, and the calendar feed. The composition root (`TendServer`) mounts them beside the API.
public struct WebPages: Sendable {
    /// Who may create an account, what the sign-in page says, and how a browser is trusted.
    public struct Configuration: Sendable {
        public var signUpPolicy: Accounts.SignUpPolicy
        /// Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a reverse proxy.
        public var trustProxy: Bool
        /// Shown on the sign-in page of a demo server.
        public var demoHint: String?
        /// bcrypt's cost; tests lower it to stay fast.
        public var bcryptCost: UInt8
        /// How long a form's body may take to arrive (an upload four times as long).
        public var bodyTimeout: Duration

        public init(signUpPolicy: Accounts.SignUpPolicy = .first, trustProxy: Bool = false, demoHint: String? = nil,
                    bcryptCost: UInt8 = 12, bodyTimeout: Duration = .seconds(30)) {
            self.signUpPolicy = signUpPolicy
            self.trustProxy = trustProxy
            self.demoHint = demoHint
            self.bcryptCost = bcryptCost
            self.bodyTimeout = bodyTimeout
        }
    }

    let app: WebApp
    let configuration: Configuration

    /// - Parameter agendaCache: Shared with the API, so both show the same agenda.
    public init(database: any TendDatabase, configuration: Configuration, agendaCache: AgendaCache, scheduler: Scheduler,
                feedFetcher: any FeedFetching, mailboxes: Mailboxes? = nil, calendars: CalendarSubscriptions? = nil,
                now: @escaping @Sendable () -> Date) throws {
        let security = TransportSecurity(trustProxy: configuration.trustProxy, tls: false)
        self.configuration = configuration
        app = WebApp(database: database, renderer: try Renderer(),
                     accounts: Accounts(database: database, hasher: BcryptHasher(cost: configuration.bcryptCost)),
                     tokens: APITokens(store: database.accessTokens), agendaCache: agendaCache,
                     limiter: LoginLimiter(), signUpPolicy: configuration.signUpPolicy, security: security, now: now,
                     demoHint: configuration.demoHint, scheduler: scheduler, feedFetcher: feedFetcher, mailboxes: mailboxes,
                     calendars: calendars)
    }

    /// Adds every page, the stylesheet, the script and the calendar feed to `router`, each behind
    /// the error pages; the pages also behind cookies, sessions and CSRF protection.
    public func register(on router: Router<TendRequestContext>) {
        let renderer = app.renderer, security = app.security, database = app.database
        let assets = router.group().add(middleware: ErrorPageMiddleware(renderer: renderer))
        assets.get("assets/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Assets.css)))
        }
        assets.get("assets/app.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Assets.js)))
        }
        ExportRoutes(app: app).addFeed(to: assets)
        // A digest's links: no session, their own confirmation.
        ActRoutes(app: app).add(to: assets)

        let pages = router.group()
            .add(middleware: ErrorPageMiddleware(renderer: renderer))
            .add(middleware: CookieMiddleware(security: security))
            .add(middleware: SessionMiddleware(
                storage: SessionPersistDriver(store: database.keyValues, now: app.now),
                configuration: .init(sessionCookieParameters: .init(name: CookieName.session, path: "/", sameSite: .lax),
                                     keyPrefix: "session.", defaultSessionExpiration: .seconds(30 * 24 * 3600))))
            .add(middleware: CSRFMiddleware(security: security, bodyTimeout: configuration.bodyTimeout))

        let open = pages.group().add(middleware: AuthMiddleware(accounts: database.accounts, required: false))
        SignInRoutes(app: app).add(to: open)

        let signedIn = pages.group().add(middleware: AuthMiddleware(accounts: database.accounts, required: true))
        signedIn.get("/") { _, _ in Response.redirect(to: "/today", type: .normal) }
        let routes: [any PageRoutes] = [TodayRoutes(app: app), WeekRoutes(app: app), NewsRoutes(app: app), PeopleRoutes(app: app), PersonRoutes(app: app), CompanyRoutes(app: app), NetworkRoutes(app: app),
                                       SettingsRoutes(app: app), ImportRoutes(app: app), ExportRoutes(app: app),
                                       CapturedRoutes(app: app), CalendarRoutes(app: app)]
        for page in routes { page.add(to: signedIn) }
    }

    /// The page for an error no page route answered (an address nothing is at, a method a path
    /// does not take).
    public func errorPage(_ error: HTTPError, context: TendRequestContext) -> Response {
        app.renderer.error(error, context: context)
    }
}
