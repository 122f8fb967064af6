import Foundation
import TendCore
import TendStore

/// How to log in to a mailbox, as a person types it.
public struct MailboxLogin: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var security: Mailbox.Security
    public var username: String
    public var password: String

    public init(host: String, port: Int? = nil, security: Mailbox.Security = .tls, username: String, password: String) {
        self.host = host.trimmed.lowercased()
        self.security = security
        self.port = port ?? (security == .tls ? 993 : 143)
        self.username = username.trimmed
        self.password = password
    }

    /// Checks what can be checked without connecting.
    public func validated() throws(ValidationError) -> MailboxLogin {
        // A host name (in punycode when it is not ASCII) or an IP address: letters, digits, dots, hyphens, an IPv6 address's colons.
        guard !host.isEmpty, host.count <= 253, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:[]".contains($0)) }) else {
            throw ValidationError(field: "host", message: "the mail server's host name, like imap.fastmail.com")
        }
        guard (1...65535).contains(port) else { throw ValidationError(field: "port", message: "a port between 1 and 65535, not \(port)") }
        guard !username.isEmpty, username.count <= 320 else { throw ValidationError(field: "username", message: "the user name, usually your email address") }
        guard !password.isEmpty, password.utf8.count <= 1000 else { throw ValidationError(field: "password", message: "the password (an app password, for Gmail, Outlook and iCloud)") }
        return self
    }
}

/// What a test of a mailbox found.
public struct MailboxProbe: Sendable, Equatable {
    public struct Folder: Sendable, Equatable {
        public var name: String
        public var role: MailboxFolder.Role
        public var messages: Int
        public init(name: String, role: MailboxFolder.Role, messages: Int) {
            self.name = name
            self.role = role
            self.messages = messages
        }
    }

    /// The folders Tend would read.
    public var folders: [Folder]

    public init(folders: [Folder]) { self.folders = folders }

    /// "Sent: 4,211 messages; INBOX: 18,532".
    public var summary: String {
        folders.enumerated().map { i, f in "\(f.name): \(f.messages.formatted())\(i == 0 ? " message\(f.messages == 1 ? "" : "s")" : "")" }
            .joined(separator: "; ")
    }
}

/// A mail server, as the services see it: the IMAP client behind it is a boundary of its own.
public protocol MailboxReader: Sendable {
    /// Logs in and finds the folders to read; throws `MailboxFailure`.
    func probe(_ login: MailboxLogin, folders: [String]) async throws -> MailboxProbe
    /// Reads what is new in a mailbox into the account, a batch per transaction, saving how far it got with each.
    func sync(_ mailbox: Mailbox, password: String, capturer: MailCapturer, now: Date,
              progress: @escaping @Sendable (String) async -> Void) async throws -> CaptureReport
}

/// Why a mailbox could not be read, in words a person can act on.
public struct MailboxFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    /// Another read of the mailbox is under way (a poll, another process).
    public static let busy = MailboxFailure("this mailbox is being read right now; what it finds appears when that read ends")
}

/// The account's mailboxes: connect, test, sync, forget. Every front (Settings, the CLI, the API, the scheduler) goes
/// through here.
public struct Mailboxes: Sendable {
    public let database: any TendDatabase
    public let reader: any MailboxReader
    /// Seals and opens passwords; nil when the instance has no key, and then no mailbox can be connected.
    public let box: SecretBox?

    public init(database: any TendDatabase, reader: any MailboxReader, box: SecretBox?) {
        self.database = database
        self.reader = reader
        self.box = box
    }

    static let noKey = "this Tend has no key to keep mailbox passwords with: start it with TEND_SECRET_KEY (the same on every process; make one with `openssl rand -base64 32`)"

    func tending(_ account: AccountID) -> Tending { Tending(database: database, account: account) }

    /// Tests a login without saving anything.
    public func test(_ login: MailboxLogin, folders: [String] = []) async throws -> MailboxProbe {
        let checked: MailboxLogin
        do throws(ValidationError) { checked = try login.validated() } catch { throw TendError.invalid(error) }
        return try await reader.probe(checked, folders: folders)
    }

    /// Tests the login, then saves the mailbox (its password sealed); the scheduler reads it at once.
    public func connect(_ login: MailboxLogin, folders: [String] = [], account: AccountID, now: Date) async throws -> (Mailbox, MailboxProbe) {
        guard let box else { throw TendError.invalid(ValidationError(field: "password", message: Self.noKey)) }
        let folders = folders.map(\.trimmed).filter { !$0.isEmpty }
        let probe = try await test(login, folders: folders)
        let checked = try login.validated()
        let sealed = try box.seal(checked.password)
        let mailbox = try await tending(account).write { s in
            do {
                return try await s.capture.addMailbox(host: checked.host, port: checked.port, security: checked.security, username: checked.username,
                                                      password: sealed, folders: folders, now: now)
            } catch let e as StoreError {
                throw TendError.invalid(ValidationError(field: "username", message: e.description))
            }
        }
        return (mailbox, probe)
    }

    public func list(account: AccountID) async throws -> [(mailbox: Mailbox, folders: [MailboxFolder], messages: Int)] {
        try await tending(account).read { s in
            var out: [(mailbox: Mailbox, folders: [MailboxFolder], messages: Int)] = []
            for m in try await s.capture.mailboxes() {
                out.append((m, try await s.capture.folders(of: m.id), try await s.capture.count(source: m.source)))
            }
            return out
        }
    }

    public func mailbox(_ id: MailboxID, account: AccountID) async throws -> Mailbox {
        guard let m = try await tending(account).read({ try await $0.capture.mailbox(id) }) else { throw TendError.noSuchMailbox(id.rawValue) }
        return m
    }

    /// Removes a mailbox and every touch it made; how many touches went.
    public func forget(_ id: MailboxID, account: AccountID) async throws -> Int {
        try await tending(account).write { s in
            guard let m = try await s.capture.mailbox(id) else { throw TendError.noSuchMailbox(id.rawValue) }
            let removed = try await s.touches.removeCaptured(source: m.source)
            try await s.capture.forget(source: m.source)
            _ = try await s.capture.removeMailbox(id)
            return removed
        }
    }

    /// Reads a mailbox now, recording the outcome on it: its error and a retry with backoff, or its next poll.
    @discardableResult
    public func sync(_ id: MailboxID, account: AccountID, now: Date) async throws -> Result<CaptureReport, MailboxFailure> {
        let t = tending(account)
        let mailbox = try await mailbox(id, account: account)
        let settings = try await t.captureSettings()
        let outcome: Result<CaptureReport, MailboxFailure>
        do {
            guard let box else { throw MailboxFailure(Self.noKey) }
            let password: String
            do { password = try box.open(mailbox.password) } catch { throw MailboxFailure("\(error)") }
            // The mailbox's own user name is one of the user's addresses, when it is one.
            let own = MailCapture.isAddress(mailbox.username.lowercased()) ? [mailbox.username] : []
            let capturer = try await MailCapturer(tending: t, source: mailbox.source, extraAddresses: own, now: now)
            let report = try await reader.sync(mailbox, password: password, capturer: capturer, now: now) { text in
                _ = try? await t.write { s in
                    guard var m = try await s.capture.mailbox(id) else { return }
                    m.progress = String(text.prefix(2000))
                    try await s.capture.update(m)
                }
            }
            outcome = .success(report)
        } catch let f as MailboxFailure {
            outcome = .failure(f)
        } catch let e as TendError {
            outcome = .failure(MailboxFailure(e.description))
        }
        try await t.write { s in
            guard var m = try await s.capture.mailbox(id) else { return }
            m.lastPolledAt = now
            switch outcome {
            case .success(let report):
                m.failures = 0
                m.lastError = nil
                m.lastSuccessAt = now
                m.progress = report.summary
                m.nextPollAt = now.addingTimeInterval(TimeInterval(settings.pollMinutes * 60))
            case .failure(let f):
                m.failures += 1
                m.lastError = String(f.message.prefix(2000))
                m.nextPollAt = now.addingTimeInterval(Self.backoff(failures: m.failures, pollMinutes: settings.pollMinutes))
            }
            try await s.capture.update(m)
        }
        return outcome
    }

    /// Reads a mailbox now for a person who asked (Read now, `tend mail sync`, a new connection): leased like a poll, so
    /// that it never reads a mailbox another process is reading (on PostgreSQL the two would insert the same messages).
    public func readNow(_ id: MailboxID, account: AccountID, now: Date, lease: TimeInterval = 1800) async throws -> Result<CaptureReport, MailboxFailure> {
        _ = try await mailbox(id, account: account)
        let owner = "now:" + UUID().uuidString
        guard try await database.mailboxPolls.claim(id, owner: owner, now: now, leaseUntil: now.addingTimeInterval(lease)) else {
            return .failure(.busy)
        }
        do {
            let outcome = try await sync(id, account: account, now: now)
            try await database.mailboxPolls.release(id, owner: owner)
            return outcome
        } catch {
            try? await database.mailboxPolls.release(id, owner: owner)
            throw error
        }
    }

    /// After `failures` failed polls in a row: the poll interval doubled each time, at most six hours; never disabled.
    public static func backoff(failures: Int, pollMinutes: Int) -> TimeInterval {
        let minutes = Double(pollMinutes) * pow(2, Double(min(max(failures - 1, 0), 10)))
        return min(minutes, 360) * 60
    }
}

/// Polls the mailboxes that are due, for every account, from any number of processes (each mailbox leased to one).
public struct MailboxPoller: Sendable {
    public let mailboxes: Mailboxes
    public let owner: String
    public let lease: TimeInterval
    public let report: @Sendable (String) -> Void

    public init(mailboxes: Mailboxes, owner: String = UUID().uuidString, lease: TimeInterval = 1800,
                report: @escaping @Sendable (String) -> Void = { _ in }) {
        self.mailboxes = mailboxes
        self.owner = owner
        self.lease = lease
        self.report = report
    }

    /// Claims and reads every mailbox due by `now`, four at a time, until none is left; how many were read.
    public func pollDue(now: @escaping @Sendable () -> Date) async throws -> Int {
        try await Leases.drain(claim: {
            let at = now()
            return try await mailboxes.database.mailboxPolls.claimDue(now: at, owner: owner, leaseUntil: at.addingTimeInterval(lease), limit: 4)
        }, poll: { account, mailbox in
            do {
                if case .failure(let f) = try await mailboxes.sync(mailbox.id, account: account, now: now()) {
                    report("mailbox \(mailbox.id) (\(mailbox.username) at \(mailbox.host)): \(f.message)")
                }
                try await mailboxes.database.mailboxPolls.release(mailbox.id, owner: owner)
            } catch {
                // The database failed: the lease runs out and the mailbox is read again then.
                report("mailbox \(mailbox.id) could not be read: \(error)")
            }
        })
    }
}

/// What the pollers of leased work share.
enum Leases {
    /// Claims a batch (leased to this process) and polls its items at once, again until a claim finds nothing due;
    /// how many were polled. A poll that fails keeps its lease until it runs out, so it is not claimed again at once.
    static func drain<Item: Sendable>(claim: () async throws -> [Item], poll: @escaping @Sendable (Item) async -> Void) async throws -> Int {
        var polled = 0
        while true {
            let due = try await claim()
            if due.isEmpty { return polled }
            await withTaskGroup(of: Void.self) { group in
                for item in due { group.addTask { await poll(item) } }
            }
            polled += due.count
        }
    }
}
