import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import TendAPI
import TendCapture
import TendCore
import TendDAV
import TendDelivery
import TendHTTP
import TendMail
import TendServices
import TendStore
import TendWeb

/// How to run `tend serve`.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Sign-up, proxy trust, the demo hint and bcrypt's cost, for the pages.
    public var web: WebPages.Configuration
    public var logLevel: Logger.Level
    /// How digests leave by email; nil when the instance has no mail set up.
    public var mail: MailSetup?
    /// The address the digest's links point to ("https://tend.example.org"); nil leaves links out.
    public var publicURL: String?
    /// The digest's ways out; nil makes them from `mail`. Tests give their own.
    public var digestSenders: [any DigestChannelSender]?
    /// Whether the scheduler runs in this process (tests drive it by hand).
    public var runsScheduler: Bool = true
    /// Seals the secrets accounts store (ntfy tokens, webhook secrets); nil stores none.
    public var secretBox: SecretBox?
    /// Whether an account's ntfy topic or webhook may be an address inside this server's network.
    public var allowPrivateTargets: Bool = true
    /// How long a process holds a job it claimed before another may take it.
    public var jobLease: TimeInterval = 300
    /// Whether CardDAV takes app passwords over plain HTTP from other machines, not only loopback (`--allow-plain-carddav`).
    public var allowPlainCardDAV: Bool = false
    /// Whether feeds may be fetched from loopback and private addresses (`--allow-private-fetch`).
    public var allowPrivateFetch: Bool = false
    /// How feeds are fetched; nil fetches over HTTP by `allowPrivateFetch`. Tests give their own.
    public var feedFetcher: (any FeedFetching)?
    /// The feed fetcher this configuration gives.
    public var fetcher: any FeedFetching { feedFetcher ?? HTTPFeedFetcher(allowPrivate: allowPrivateFetch) }
    /// How calendar subscriptions are fetched; nil fetches over HTTP by `allowPrivateFetch`. Tests give their own.
    public var calendarFetcher: (any FeedFetching)?
    /// The calendar subscriptions this configuration gives.
    public func calendars(_ database: any TendDatabase) -> CalendarSubscriptions {
        CalendarSubscriptions(database: database, fetcher: calendarFetcher ?? HTTPFeedFetcher.calendars(allowPrivate: allowPrivateFetch), box: secretBox)
    }
    /// A certificate authority IMAP servers are trusted by instead of the system's (`--imap-ca`).
    public var imapCA: String?
    /// How mailboxes are read; nil reads them over IMAP. Tests give their own.
    public var mailboxReader: (any MailboxReader)?
    /// The mailboxes this configuration gives.
    public func mailboxes(_ database: any TendDatabase) -> Mailboxes {
        Mailboxes(database: database, reader: mailboxReader ?? IMAPMailboxReader(trustedCAFile: imapCA), box: secretBox)
    }
    /// Where `/metrics` is served (Prometheus' text format), apart from the app so it is not public; nil serves none.
    /// The registry is the one the process's metrics were bootstrapped with.
    public var metrics: (host: String, port: Int, registry: PrometheusCollectorRegistry)?
    /// How long a form's body may take to arrive; the API's bodies (imports among them) get four times as long.
    public var bodyTimeout: Duration { web.bodyTimeout }

    public init(host: String = "127.0.0.1", port: Int = 8080, web: WebPages.Configuration = .init(), logLevel: Logger.Level = .info,
                mail: MailSetup? = nil, publicURL: String? = nil, runsScheduler: Bool = true) {
        self.host = host
        self.port = port
        self.web = web
        self.logLevel = logLevel
        self.mail = mail
        self.publicURL = publicURL
        self.runsScheduler = runsScheduler
    }
}

/// An instance's mail: the SMTP server and the sender's address.
public struct MailSetup: Sendable {
    public var smtp: SMTPConfiguration
    public var from: MailAddress

    public init(smtp: SMTPConfiguration, from: MailAddress) {
        self.smtp = smtp
        self.from = from
    }
}

/// The scheduler of an instance, with the senders its configuration gives.
public func buildScheduler(database: any TendDatabase, configuration: ServerConfiguration, agendaCache: AgendaCache?,
                           now: @escaping @Sendable () -> Date, logger: Logger) -> Scheduler {
    let email: [any DigestChannelSender] = configuration.mail.map { [EmailSender(client: SMTPClient(configuration: $0.smtp), from: $0.from, now: now)] } ?? []
    let senders = configuration.digestSenders ?? email + [NtfySender(), WebhookSender()]
    return Scheduler(database: database, senders: senders, links: ActionLinkSource(database: database), publicURL: configuration.publicURL,
                     lease: configuration.jobLease, agendaCache: agendaCache, housekeeping: Housekeeping.work(database: database, logger: logger),
                     report: { logger.warning("\($0)") }, box: configuration.secretBox,
                     targets: PrivateAddressGuard(allowPrivate: configuration.allowPrivateTargets))
}

/// Builds the whole server: the one place its parts are wired together.
/// - Parameters:
///   - database: The store every page and operation reads and writes.
///   - configuration: Address, sign-up policy and security settings.
///   - now: The clock; tests fix it.
///   - onRunning: Called with the address once the server listens.
public func buildApplication(database: any TendDatabase, configuration: ServerConfiguration,
                             now: @escaping @Sendable () -> Date = { Date() },
                             onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    var logger = Logger(label: "tend")
    logger.logLevel = configuration.logLevel
    let agendaCache = AgendaCache()
    let scheduler = buildScheduler(database: database, configuration: configuration, agendaCache: agendaCache, now: now, logger: logger)
    let router = try buildRouter(database: database, configuration: configuration, now: now, logger: logger,
                                 agendaCache: agendaCache, scheduler: scheduler)
    let report: @Sendable (String) -> Void = { [logger] in logger.notice("\($0)") }
    let mailboxPoller = MailboxPoller(mailboxes: configuration.mailboxes(database), report: report)
    let calendarPoller = CalendarPoller(calendars: configuration.calendars(database), report: report)
    return Application(
        router: router,
        // A connection that sends nothing for a minute is closed; a body that trickles is cut off by its deadline.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tend"),
        services: (configuration.runsScheduler
                   ? [SchedulerService(scheduler: scheduler,
                                       feeds: FeedPoller(database: database, fetcher: configuration.fetcher, lease: configuration.jobLease,
                                                         report: { [logger] in logger.notice("\($0)") }),
                                       now: now, logger: logger),
                      PollingService(what: "mailboxes", every: .seconds(30), pass: { try await mailboxPoller.pollDue(now: now) }, logger: logger),
                      PollingService(what: "calendars", every: .seconds(60), pass: { try await calendarPoller.pollDue(now: now) }, logger: logger)] as [any Service] : [])
            + (configuration.metrics.map { [metricsApplication($0, logger: logger)] } ?? []),
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            await onRunning("http://\(configuration.host):\(port)")
        },
        logger: logger)
}

/// `/metrics` on an address of its own: requests by route and status with their latency, jobs and deliveries.
func metricsApplication(_ metrics: (host: String, port: Int, registry: PrometheusCollectorRegistry), logger: Logger) -> any Service {
    let router = Router()
    let registry = metrics.registry
    router.get("metrics") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    return Application(router: router, configuration: .init(address: .hostname(metrics.host, port: metrics.port), serverName: "Tend metrics"),
                       onServerRunning: { channel in
                           let port = channel.localAddress?.port ?? metrics.port
                           FileHandle.standardOutput.write(Data("Metrics are at http://\(metrics.host):\(port)/metrics.\n".utf8))
                       }, logger: logger)
}

/// The router with the pages and the API, for the server and for tests.
public func buildRouter(database: any TendDatabase, configuration: ServerConfiguration,
                        now: @escaping @Sendable () -> Date, logger: Logger = Logger(label: "tend"),
                        agendaCache: AgendaCache = AgendaCache(), scheduler: Scheduler? = nil) throws -> Router<TendRequestContext> {
    // One cache for the pages and the API: both show the same agenda.
    let scheduler = scheduler ?? buildScheduler(database: database, configuration: configuration, agendaCache: agendaCache, now: now, logger: logger)
    let pages = try WebPages(database: database, configuration: configuration.web, agendaCache: agendaCache, scheduler: scheduler,
                             feedFetcher: configuration.fetcher, mailboxes: configuration.mailboxes(database),
                             calendars: configuration.calendars(database), now: now)

    let router = Router(context: TendRequestContext.self)
    // Requests by route and status, and their latency, for /metrics (nothing is kept unless the process serves it).
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: UnansweredMiddleware(pages: pages))

    router.get("health") { _, _ in "ok" }
    try APIServer(database: database, now: now, logger: logger, agendaCache: agendaCache, scheduler: scheduler,
                  mailboxes: configuration.mailboxes(database), calendars: configuration.calendars(database),
                  feedFetcher: configuration.fetcher, bodyTimeout: configuration.bodyTimeout * 4)
        .register(on: router)
    CardDAVServer<TendRequestContext>(database: database,
                                      configuration: .init(trustProxy: configuration.web.trustProxy, allowPlainHTTP: configuration.allowPlainCardDAV,
                                                           bodyTimeout: configuration.bodyTimeout),
                                      agendaCache: agendaCache, now: now).register(on: router)
    pages.register(on: router)
    return router
}

/// What no route answered, or an error that left a route: under `/api/` a problem document, anywhere
/// else an error page. The pages and the API each answer their own errors before this.
struct UnansweredMiddleware: RouterMiddleware {
    typealias Context = TendRequestContext
    let pages: WebPages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return APIServer.isAPI(request.uri.path) ? APIServer.problem(error, method: request.method) : pages.errorPage(error, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            let failed = HTTPError(.internalServerError, message: "Tend hit an unexpected error; it has been logged.")
            return APIServer.isAPI(request.uri.path) ? APIServer.problem(failed, method: request.method) : pages.errorPage(failed, context: context)
        }
    }
}
