import ArgumentParser
import Foundation
import Logging
import TendCore
import TendDelivery
import TendMail
import TendServer
import TendServices
import TendSQLite

/// How Tend sends mail and where its links point: `tend serve` and `tend digest` take the same.
struct MailOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SMTP server digests go through (default: $TEND_SMTP_URL).",
        discussion: """
            smtp://user:password@host:587 uses STARTTLS; smtps://user:password@host:465 uses TLS from the start. \
            Options: ?tls=starttls|tls|none (none: a relay on this machine only), ?ca=/path/to/ca.pem (trust a private \
            certificate authority), ?timeout=SECONDS (each step; 30 by default). Percent-encode an @ or : in the user \
            or password (%40, %3A). The password is never printed or logged.
            """, valueName: "url"))
    var smtpURL: String?

    @Option(name: .long, help: ArgumentHelp("Who digests come from, as 'Tend <tend@example.org>' (default: $TEND_MAIL_FROM).", valueName: "address"))
    var mailFrom: String?

    @Option(name: .long, help: ArgumentHelp("The address Tend is reached at, for the links in a digest, such as https://tend.example.org (default: $TEND_PUBLIC_URL, else the address it listens on).",
                                            valueName: "url"))
    var publicURL: String?

    @OptionGroup var secrets: SecretKeyOptions

    @Flag(name: .long, help: "Let accounts send pushes and webhooks to addresses inside this server's network (the default when listening on loopback).")
    var allowPrivateTargets = false

    func secretBox(databaseLocation: String, isSQLite: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SecretBox? {
        try secrets.secretBox(databaseLocation: databaseLocation, isSQLite: isSQLite, environment: environment)
    }

    /// The mail set-up, or nil when neither the options nor the environment give one; a half or wrong one is an error.
    func mail(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailSetup? {
        let url = smtpURL ?? environment["TEND_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let from = mailFrom ?? environment["TEND_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 }
        switch (url, from) {
        case (nil, nil): return nil
        case (nil, _?): throw ValidationError("--mail-from needs --smtp-url (or TEND_SMTP_URL): the server to send through")
        case (_?, nil): throw ValidationError("--smtp-url needs --mail-from (or TEND_MAIL_FROM): who the digest comes from, as 'Tend <tend@example.org>'")
        case (let url?, let from?):
            let smtp: SMTPConfiguration
            do { smtp = try SMTPConfiguration(url: url) } catch { throw ValidationError(error.message) }
            guard let sender = MailAddress(parsing: from) else {
                throw ValidationError("--mail-from '\(from)' is not an address; write it as tend@example.org or 'Tend <tend@example.org>'")
            }
            return MailSetup(smtp: smtp, from: sender)
        }
    }

    /// The public address, checked: http or https, a host, no query.
    func publicAddress(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let text = publicURL ?? environment["TEND_PUBLIC_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = c.host, !host.isEmpty, c.query == nil, c.fragment == nil, c.user == nil else {
            throw ValidationError("--public-url '\(text)' is not an http:// or https:// address such as https://tend.example.org")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Show the daily digest, or send it now.",
        discussion: """
            With --print (the default) the digest is printed as its email's text (--html: its HTML). With --send it goes \
            out by email now, to the account's address or --to, through the SMTP server of --smtp-url or $TEND_SMTP_URL; \
            the delivery log in Settings records it as a test. Scheduled digests are sent by `tend serve`.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var mail: MailOptions
    @Flag(name: .long, help: "Print the digest (the default).") var print = false
    @Flag(name: .long, help: "With --print: the HTML part instead of the text.") var html = false
    @Flag(name: .long, help: "Send it by email now.") var send = false
    @Option(name: .long, help: ArgumentHelp("With --send: the address to send it to (default: the account's).", valueName: "address")) var to: String?

    func validate() throws {
        if print && send { throw ValidationError("--print and --send do not go together: choose one") }
        if html && send { throw ValidationError("--html is for --print; a sent digest has both parts") }
        if to != nil && !send { throw ValidationError("--to is for --send") }
        if let to, MailAddress(parsing: to) == nil { throw ValidationError("--to '\(to)' is not an email address") }
    }

    func run() async throws {
        let setup = try mail.mail()
        let publicURL = try mail.publicAddress()
        if send && setup == nil {
            throw ValidationError("--send needs mail set up: --smtp-url and --mail-from (or TEND_SMTP_URL and TEND_MAIL_FROM)")
        }
        try await Context.run(store) { c in
            let environment = ProcessInfo.processInfo.environment
            let now = Clock.now(environment)
            let day = day.resolve(c.settings)
            var configuration = ServerConfiguration(mail: setup, publicURL: publicURL)
            configuration.runsScheduler = false
            configuration.secretBox = try mail.secretBox(databaseLocation: (c.database as? SQLiteTendDatabase)?.path ?? "", isSQLite: c.database is SQLiteTendDatabase)
            let scheduler = buildScheduler(database: c.database, configuration: configuration, agendaCache: nil, now: { now },
                                           logger: Logger(label: "tend"))
            if send {
                let delivery = try await scheduler.sendTest(account: c.tending.account, channel: .email, day: day, now: now, to: to)
                guard delivery.status == .delivered else {
                    c.out.error("the digest was not sent: \(delivery.reason ?? "no reason given")")
                    throw ExitCode.failure
                }
                let recipient = try await scheduler.message(account: c.tending.account, day: day, key: delivery.key, isTest: true, now: now, to: to).recipient
                c.out.print("Sent the digest of \(day.spelledOut) to \(recipient ?? "the account's address") through \(setup.map { $0.smtp.address } ?? "?").")
                return
            }
            let message = try await scheduler.message(account: c.tending.account, day: day, key: "print", isTest: false, now: now)
            FileHandle.standardOutput.write(Data((html ? DigestRendering.html(message) + "\n" : DigestRendering.text(message)).utf8))
        }
    }
}

/// The key that seals stored secrets (ntfy tokens, webhook secrets, mailbox passwords).
struct SecretKeyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A file with the key that seals stored secrets (ntfy tokens, webhook secrets, mailbox passwords) (default: $TEND_SECRET_KEY, else, for SQLite, DATABASE.key beside the database, made on first use).",
        discussion: "With PostgreSQL, give every process the same key: TEND_SECRET_KEY=$(openssl rand -base64 32).", valueName: "path"))
    var secretKeyFile: String?

    /// The key that seals stored secrets: --secret-key-file, else $TEND_SECRET_KEY, else (SQLite) a key file beside
    /// the database, made with mode 0600 the first time; nil for PostgreSQL without one.
    func secretBox(databaseLocation: String, isSQLite: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SecretBox? {
        if let path = secretKeyFile {
            guard let data = FileManager.default.contents(atPath: path), let box = SecretBox(base64: String(decoding: data, as: UTF8.self)) else {
                throw ValidationError("--secret-key-file \(path) does not hold a key: 32 bytes in base64 (make one with `openssl rand -base64 32`)")
            }
            return box
        }
        if let text = environment["TEND_SECRET_KEY"], !text.isEmpty {
            guard let box = SecretBox(base64: text) else { throw ValidationError("TEND_SECRET_KEY is not 32 bytes in base64 (make one with `openssl rand -base64 32`)") }
            return box
        }
        guard isSQLite else { return nil }
        let path = databaseLocation + ".key"
        if let data = FileManager.default.contents(atPath: path) {
            guard let box = SecretBox(base64: String(decoding: data, as: UTF8.self)) else {
                throw ValidationError("\(path) does not hold a key: remove it to make a new one (stored ntfy tokens and webhook secrets are then entered again)")
            }
            return box
        }
        let key = SecretBox.newKey()
        guard FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600]),
              let box = SecretBox(base64: key) else {
            throw ValidationError("cannot write the secret key file \(path)")
        }
        return box
    }
}
