import ArgumentParser
import Foundation
import TendCapture
import TendCore
import TendServices
import TendSQLite
import TendStore

/// How mailboxes are read: the key their passwords are sealed with, and a private certificate authority.
struct CaptureOptions: ParsableArguments {
    @OptionGroup var secrets: SecretKeyOptions
    @Option(name: .long, help: ArgumentHelp("Trust this certificate authority for IMAP servers instead of the system's (default: $TEND_IMAP_CA).", valueName: "pem"))
    var imapCA: String?

    func reader(environment: [String: String] = ProcessInfo.processInfo.environment) -> IMAPMailboxReader {
        IMAPMailboxReader(trustedCAFile: imapCA ?? environment["TEND_IMAP_CA"].flatMap { $0.isEmpty ? nil : $0 })
    }

    func mailboxes(_ c: Context) throws -> Mailboxes {
        let sqlite = c.database as? SQLiteTendDatabase
        return Mailboxes(database: c.database, reader: reader(),
                         box: try secrets.secretBox(databaseLocation: sqlite?.path ?? "", isSQLite: sqlite != nil))
    }
}

/// Mail capture: the mailboxes Tend reads, and its rules.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Connect IMAP mailboxes: the mail you send becomes touches, the mail you get shows who is waiting for a reply.",
        discussion: """
            Tend reads headers only (who, when, the subject), never a message's body. A message you sent to people in Tend \
            is a touch on its day (one per person per day); mailing lists, bulk mail, automatic replies, announcements \
            and no-reply addresses are skipped. A subject that reads as a request is proposed as an ask: review them with \
            `tend captured`. `tend serve` polls every mailbox every 15 minutes (see `tend mail settings`).
            The password (an app password, for Gmail, Outlook and iCloud) is sealed with the instance's key; it is read \
            from $TEND_IMAP_PASSWORD, else --password-stdin, else asked for.
            """,
        subcommands: [Connect.self, TestCommand.self, List.self, Sync.self, Forget.self, MailSettings.self])

    struct LoginOptions: ParsableArguments {
        @Option(help: "The IMAP server, like imap.fastmail.com.") var host: String
        @Option(help: "Its port (default: 993 with TLS, 143 with STARTTLS).") var port: Int?
        @Flag(help: "Connect in plain and upgrade with STARTTLS (port 143) instead of TLS from the start (port 993).") var starttls = false
        @Option(help: "The user name, usually your email address.") var user: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @Option(name: .customLong("folder"), help: "A folder to read (repeat for more; default: INBOX and the Sent folder).") var folders: [String] = []

        func login(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailboxLogin {
            var password = environment["TEND_IMAP_PASSWORD"] ?? ""
            if password.isEmpty && passwordStdin { password = readLine(strippingNewline: true) ?? "" }
            if password.isEmpty, isatty(STDIN_FILENO) == 1, let typed = getpass("Password for \(user) at \(host): ") { password = String(cString: typed) }
            guard !password.isEmpty else { throw ValidationError("no password: set TEND_IMAP_PASSWORD, or give --password-stdin") }
            return MailboxLogin(host: host, port: port, security: starttls ? .starttls : .tls, username: user, password: password)
        }
    }

    struct Connect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Test a mailbox's login, then save it and read it now.")
        @OptionGroup var login: LoginOptions
        @Flag(help: "Save it without reading it now (the server reads it on its next poll).") var noSync = false
        @OptionGroup var capture: CaptureOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let given = try login.login()
            try await Context.run(store) { c in
                let mailboxes = try capture.mailboxes(c)
                let now = Clock.now(ProcessInfo.processInfo.environment)
                let (mailbox, probe) = try await mailboxes.connect(given, folders: login.folders, account: c.tending.account, now: now)
                c.out.print("Connected mailbox \(mailbox.id): \(mailbox.username) at \(mailbox.host). \(probe.summary).")
                guard !noSync else { return }
                let bar = ProgressBar(label: "Reading")
                let outcome = try await mailboxes.readNow(mailbox.id, account: c.tending.account, now: now)
                bar?.finish()
                try MailCommand.show(outcome, c, json: output.json)
            }
        }
    }

    struct TestCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "test", abstract: "Log in to a mailbox and say what Tend would read; save nothing.")
        @OptionGroup var login: LoginOptions
        @OptionGroup var capture: CaptureOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let given = try login.login()
            try await Context.run(store) { c in
                let probe = try await capture.mailboxes(c).test(given, folders: login.folders)
                c.out.print("Logged in as \(given.username) at \(given.host): \(probe.summary).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connected mailboxes and how their last poll went.")
        @OptionGroup var capture: CaptureOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let all = try await capture.mailboxes(c).list(account: c.tending.account)
                if all.isEmpty { c.out.print("No mailboxes. Connect one with `tend mail connect --host HOST --user USER`."); return }
                let format = Date.ISO8601FormatStyle(timeZone: c.settings.resolvedTimeZone()).year().month().day().time(includingFractionalSeconds: false)
                for (m, folders, messages) in all {
                    c.out.print(c.out.bold("\(m.id)  \(m.username) at \(m.host):\(m.port) (\(m.security == .tls ? "TLS" : "STARTTLS"))"))
                    c.out.print("    \(messages.formatted()) messages read from \(folders.map(\.name).joined(separator: ", ").nonEmpty ?? "no folder yet")")
                    if let error = m.lastError {
                        c.out.print("    " + c.out.bold("failing") + " (\(m.failures) in a row): \(error); next try \(m.nextPollAt.formatted(format))")
                    } else if let at = m.lastSuccessAt {
                        c.out.print(c.out.dim("    last read \(at.formatted(format)): \(m.progress); next \(m.nextPollAt.formatted(format))"))
                    } else {
                        c.out.print(c.out.dim("    not read yet"))
                    }
                }
            }
        }
    }

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Read a mailbox now (or every one), whether it is due or not.")
        @Argument(help: "The mailbox's id, from `tend mail list` (default: every mailbox).") var id: Int64?
        @OptionGroup var capture: CaptureOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let mailboxes = try capture.mailboxes(c)
                var ids = id.map { [MailboxID($0)] } ?? []
                if id == nil { ids = try await mailboxes.list(account: c.tending.account).map(\.mailbox.id) }
                if ids.isEmpty { c.out.print("No mailboxes. Connect one with `tend mail connect --host HOST --user USER`."); return }
                var failed = false
                for id in ids {
                    _ = try await mailboxes.mailbox(id, account: c.tending.account)
                    let outcome = try await mailboxes.readNow(id, account: c.tending.account, now: Clock.now(ProcessInfo.processInfo.environment))
                    if case .failure = outcome { failed = true }
                    do { try MailCommand.show(outcome, c, json: output.json) } catch is ExitCode { failed = true }
                }
                if failed { throw ExitCode.failure }
            }
        }
    }

    struct Forget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disconnect a mailbox and remove every touch it made.")
        @Argument(help: "The mailbox's id, from `tend mail list`.") var id: Int64
        @OptionGroup var capture: CaptureOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let removed = try await capture.mailboxes(c).forget(MailboxID(id), account: c.tending.account)
                c.out.print("Forgot mailbox \(id) and the \(removed) touch\(removed == 1 ? "" : "es") it made.")
            }
        }
    }

    struct MailSettings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "settings", abstract: "Show or change how mail is read.")
        @Option(name: .customLong("me"), help: "Your own addresses besides the account's (repeat; replaces the list; --me '' clears it).") var me: [String] = []
        @Option(help: "A message to more people than this is an announcement, not a touch (default 20).") var maxRecipients: Int?
        @Option(help: "Days an intimate or meaningful person's message waits before the agenda suggests a reply (default 3).") var replyAfterDays: Int?
        @Option(help: "Keep subjects as the notes of captured touches: yes or no.", transform: Parse.yesNo) var keepSubjects: Bool?
        @Option(help: "How far back a mailbox's first sync reads, in days (default 365).") var windowDays: Int?
        @Option(help: "Minutes between polls of each mailbox (default 15).") var pollMinutes: Int?
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                var s = try await c.tending.captureSettings()
                if !me.isEmpty { s.addresses = me.flatMap { $0.split(separator: ",").map(String.init) } }
                if let maxRecipients { s.maxRecipients = maxRecipients }
                if let replyAfterDays { s.replyAfterDays = replyAfterDays }
                if let keepSubjects { s.keepSubjects = keepSubjects }
                if let windowDays { s.windowDays = windowDays }
                if let pollMinutes { s.pollMinutes = pollMinutes }
                s = try await c.tending.saveCaptureSettings(s)
                if output.json { try c.out.json(s); return }
                for (k, v) in [("me", s.addresses.joined(separator: ", ").nonEmpty ?? "(the account's address only)"),
                               ("max-recipients", "\(s.maxRecipients)"), ("reply-after-days", "\(s.replyAfterDays)"),
                               ("keep-subjects", s.keepSubjects ? "yes" : "no"), ("window-days", "\(s.windowDays)"),
                               ("poll-minutes", "\(s.pollMinutes)")] {
                    c.out.print("\(k): \(v)")
                }
            }
        }
    }

    static func show(_ outcome: Result<CaptureReport, MailboxFailure>, _ c: Context, json: Bool) throws {
        switch outcome {
        case .success(let report):
            if json { try c.out.json(report) } else { c.out.print(report.summary) }
        case .failure(let f):
            c.out.error(f.message + " (it is tried again later)")
            throw ExitCode.failure
        }
    }
}

/// The Captured review: what mail capture found lately, with its proposed intents.
struct CapturedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "captured",
        abstract: "Review the touches mail capture found in the last 30 days: confirm them, or change an intent.",
        discussion: """
            Until reviewed, a captured touch counts as its proposed intent: a check-in, or an ask when its subject reads as \
            a request. Examples: tend captured; tend captured --confirm; tend captured --touch 42 --intent ask:advice; \
            tend captured --add frank@example.net; tend captured --forget whatsapp (undoes every WhatsApp import); tend captured --forget 'calendar:Work'.
            """)

    @Flag(help: "Confirm every captured touch as proposed.") var confirm = false
    @Option(help: "A touch's id, to change its intent with --intent.") var touch: Int64?
    @Option(help: "The intent for --touch: \(Intent.allNames.joined(separator: ", ")).", transform: Parse.intent) var intent: Intent?
    @Option(help: "Add a correspondent as a familiar person, by address.") var add: String?
    @Option(help: "How many days back (default 30).") var days: Int = 30
    @Option(help: "Remove every touch an imported kind of file made, and what it read: whatsapp, telegram, mbox, or a calendar ('calendar:NAME').") var forget: String?
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Context.run(store) { c in
            let today = day.resolve(c.settings)
            if let forget {
                let n = try await c.tending.forgetImported(forget)
                c.out.print("Forgot what \(forget) imports brought in: \(n) touch\(n == 1 ? "" : "es") removed. Importing them again starts afresh.")
                return
            }
            if let touch {
                guard let intent else { throw ValidationError("--touch needs --intent") }
                let t = try await c.tending.reviewCaptured(TouchID(touch), intent: intent)
                c.out.print("Touch \(t.id) on \(t.on) is \(t.intent) now.")
                return
            }
            if let add {
                let p = try await c.tending.addCorrespondent(add, name: nil, on: today)
                c.out.print("Added \(p.displayName) (id \(p.id)) as \(p.tier.rawValue).")
                return
            }
            if confirm {
                let n = try await c.tending.confirmCaptured(today: today, days: days)
                c.out.print("Confirmed \(n) captured touch\(n == 1 ? "" : "es").")
                return
            }
            let found = try await c.tending.captured(today: today, days: days)
            if output.json {
                struct Shown: Encodable { var touches: [Tending.CapturedTouch]; var toAdd: [String] }
                try c.out.json(Shown(touches: found.touches, toAdd: found.toAdd.map { "\($0.name) <\($0.address)>" }))
                return
            }
            if found.touches.isEmpty { c.out.print("Nothing captured in the last \(days) days.") }
            for t in found.touches {
                let mark = t.touch.captured?.reviewed == true ? " " : "?"
                c.out.print("\(mark) \(t.touch.id)  \(t.touch.on)  \(t.names.joined(separator: ", "))  \(t.touch.intent)"
                            + (t.touch.note.isEmpty ? "" : c.out.dim("  “\(t.touch.note)”")))
            }
            if found.unreviewed > 0 { c.out.print(c.out.dim("\(found.unreviewed) to review (?): `tend captured --confirm`, or --touch ID --intent INTENT")) }
            if !found.toAdd.isEmpty {
                c.out.print(c.out.bold("People to add"))
                for p in found.toAdd { c.out.print("  \(p.name.isEmpty ? p.address : "\(p.name) <\(p.address)>")  " + c.out.dim("\(p.messages) messages; `tend captured --add \(p.address)`")) }
            }
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
