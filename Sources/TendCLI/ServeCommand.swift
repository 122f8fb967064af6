import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import TendCore
import TendServices
import TendSQLite
import TendStore
import TendServer
import TendWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web app.",
        discussion: """
            Opens the database, applies its migrations and serves Tend until interrupted (Ctrl-C or SIGTERM).
            The first account to sign up on a database the CLI has used takes over the CLI's people.
            It also runs the scheduler: each account's daily digest at its hour (set in Settings), with retries,
            and the hourly housekeeping. Nothing else needs setting up (no cron); several processes on one
            PostgreSQL database share the work and send each digest once.
            """)

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @OptionGroup var store: StoreOptions
    @Option(help: "Who may sign up: 'first' (only the first account; the default) or 'open' (anyone; the default with --demo).",
            transform: { text in
                guard let policy = Accounts.SignUpPolicy(rawValue: text) else { throw ValidationError("--signup is 'first' or 'open', not '\(text)'") }
                return policy
            })
    var signup: Accounts.SignUpPolicy?
    @Flag(help: "Trust X-Forwarded-Proto from a reverse proxy that terminates TLS (marks cookies Secure).") var trustProxy = false
    @Flag(help: "Create a demo account with the demo network (demo@tend.example, password tend-demo).") var demo = false
    @Option(help: "bcrypt cost for new password hashes (4 to 16).") var bcryptCost: UInt8 = 12
    @Flag(help: "Let feeds be fetched from loopback and private addresses (refused by default: a hosted Tend must not reach into its own network).")
    var allowPrivateFetch = false
    @Flag(help: "Let CardDAV clients sign in over plain HTTP from other machines (by default only over TLS behind --trust-proxy, or from loopback).")
    var allowPlainCarddav = false
    @Option(name: .long, help: ArgumentHelp("Trust this certificate authority for IMAP servers instead of the system's (default: $TEND_IMAP_CA).", valueName: "pem"))
    var imapCA: String?
    @OptionGroup(title: "Reminders that arrive (the daily digest)") var mail: MailOptions
    @Option(help: ArgumentHelp("Serve Prometheus metrics at http://HOST:PORT/metrics, apart from the app (default: $TEND_METRICS_ADDRESS, else none). Keep it off the public network.",
                               valueName: "host:port"))
    var metricsAddress: String?

    /// `--metrics-address` or `TEND_METRICS_ADDRESS`, checked.
    func metricsEndpoint() throws -> (host: String, port: Int)? {
        guard let text = metricsAddress ?? ProcessInfo.processInfo.environment["TEND_METRICS_ADDRESS"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
              colon > text.startIndex else {
            throw ValidationError("--metrics-address is HOST:PORT, such as 127.0.0.1:9464, not '\(text)'")
        }
        return (String(text[..<colon]), port)
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        _ = try mail.mail()
        _ = try mail.publicAddress()
        _ = try metricsEndpoint()
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be 4 to 16") }
    }

    static let demoEmail = "demo@tend.example"
    static let demoPassword = "tend-demo"

    func run() async throws {
        let out = Terminal()
        let database: any TendDatabase
        do {
            (database, _) = try await store.open()
        } catch {
            out.error("cannot open the database at \(Context.shown(store.location())): \(Terminal.describe(error))")
            throw ExitCode.failure
        }
        // While it runs, `tend restore` leaves the file alone.
        var held: ServerLock?
        if let sqlite = database as? SQLiteTendDatabase {
            held = try? ServerLock.serving(sqlite.path)
        }
        defer { withExtendedLifetime(held) {} }
        var hint: String?
        // A demo server lets the visitor sign up beside the demo account.
        var configuration = ServerConfiguration(host: host, port: port, web: .init(signUpPolicy: signup ?? (demo ? .open : .first),
                                                                                 trustProxy: trustProxy, bcryptCost: bcryptCost),
                                                mail: try mail.mail(),
                                                publicURL: try mail.publicAddress() ?? "http://\(host == "0.0.0.0" || host == "::" ? "localhost" : host):\(port)")
        if demo {
            let accounts = Accounts(database: database, hasher: WebPasswords.hasher(cost: bcryptCost))
            let today = Day.containing(Clock.now(ProcessInfo.processInfo.environment), in: .current)
            _ = try await accounts.demoAccount(email: Self.demoEmail, password: Self.demoPassword, on: today)
            hint = "Demo: sign in as \(Self.demoEmail) with the password \(Self.demoPassword)."
            configuration.web.demoHint = hint
        }
        let demoLine = hint
        let environment = ProcessInfo.processInfo.environment
        do {
            configuration.secretBox = try mail.secretBox(databaseLocation: (database as? SQLiteTendDatabase)?.path ?? "", isSQLite: database is SQLiteTendDatabase)
            configuration.imapCA = imapCA ?? ProcessInfo.processInfo.environment["TEND_IMAP_CA"].flatMap { $0.isEmpty ? nil : $0 }
        } catch {
            out.error("\(error)")
            try? await database.close()
            throw ExitCode.failure
        }
        if let lease = environment["TEND_JOB_LEASE_SECONDS"].flatMap(Double.init), lease >= 1 { configuration.jobLease = lease }
        if let endpoint = try metricsEndpoint() {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            configuration.metrics = (endpoint.host, endpoint.port, registry)
        }
        configuration.allowPrivateTargets = mail.allowPrivateTargets || ["127.0.0.1", "::1", "localhost"].contains(host)
        configuration.allowPrivateFetch = allowPrivateFetch
        configuration.allowPlainCardDAV = allowPlainCarddav
        let mailLine = configuration.mail.map { "Digests are sent through \($0.smtp) from \($0.from)." }
            ?? "Mail is not set up, so digests cannot be emailed: see --smtp-url and --mail-from in tend serve --help."
        let app = try buildApplication(database: database, configuration: configuration, now: Clock.source(environment), onRunning: { url in
            var lines = "Tend is running at \(url) — open it in your browser. Stop it with Ctrl-C.\n"
            lines += mailLine + "\n"
            if let demoLine { lines += demoLine + "\n" }
            FileHandle.standardOutput.write(Data(lines.utf8))
        })
        do {
            try await app.runService()
        } catch {
            try? await database.close()
            out.error("the server stopped: \(Terminal.describe(error))")
            throw ExitCode.failure
        }
        try await database.close()
    }
}
