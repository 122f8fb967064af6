import Foundation
import TendCore

/// A message mail capture has read, kept by its key so that reading it again (another poll, another folder,
/// the same mail from an mbox) adds nothing.
public struct CapturedMessage: Hashable, Sendable {
    public enum Direction: String, Sendable, CaseIterable, Codable { case sent, received }

    /// `MailHeader.key`.
    public var key: String
    public var source: String
    public var on: Day
    public var direction: Direction
    /// The touch it made or joined (a sent message to people in Tend).
    public var touchID: TouchID?
    /// Who wrote it (a received message).
    public var personID: PersonID?
    public var subject: String
    /// Its recipients who were not in Tend (a sent message), for "people to add".
    public var strangers: [MailParty]

    public init(key: String, source: String, on: Day, direction: Direction, touchID: TouchID? = nil, personID: PersonID? = nil,
                subject: String = "", strangers: [MailParty] = []) {
        self.key = key
        self.source = source
        self.on = on
        self.direction = direction
        self.touchID = touchID
        self.personID = personID
        self.subject = subject
        self.strangers = strangers
    }
}

/// A message a person wrote to the user: on their timeline as "wrote to you".
public struct ReceivedMessage: Hashable, Sendable, Codable {
    public var personID: PersonID
    public var on: Day
    public var subject: String

    public init(personID: PersonID, on: Day, subject: String) {
        self.personID = personID
        self.on = on
        self.subject = subject
    }
}

/// Someone the user wrote to who is not in Tend.
public struct Correspondent: Hashable, Sendable {
    public var address: String
    public var name: String
    public var messages: Int
    public var lastOn: Day

    public init(address: String, name: String, messages: Int, lastOn: Day) {
        self.address = address
        self.name = name
        self.messages = messages
        self.lastOn = lastOn
    }
}

public struct MailboxID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ value: Int64) { rawValue = value }
    public var description: String { String(rawValue) }
    public static func < (a: MailboxID, b: MailboxID) -> Bool { a.rawValue < b.rawValue }
}

/// An IMAP mailbox Tend reads the headers of.
public struct Mailbox: Hashable, Sendable {
    public enum Security: String, Sendable, CaseIterable, Codable {
        /// Implicit TLS, port 993.
        case tls
        /// STARTTLS on port 143.
        case starttls
    }

    public var id: MailboxID
    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    public var password: SealedSecret
    /// The folders chosen; empty reads INBOX and the folder marked `\\Sent`.
    public var folders: [String]
    public var createdAt: Date
    public var nextPollAt: Date
    /// Failed polls in a row; a failing mailbox is retried with backoff, never disabled.
    public var failures: Int
    public var lastError: String?
    public var lastPolledAt: Date?
    public var lastSuccessAt: Date?
    /// What the running or last sync did, in words ("Sent: 1,200 of 4,211").
    public var progress: String

    /// Its source name on the touches it creates.
    public var source: String { "mailbox:\(id)" }

    public init(id: MailboxID, host: String, port: Int, security: Security, username: String, password: SealedSecret,
                folders: [String] = [], createdAt: Date, nextPollAt: Date, failures: Int = 0, lastError: String? = nil,
                lastPolledAt: Date? = nil, lastSuccessAt: Date? = nil, progress: String = "") {
        self.id = id
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.folders = folders
        self.createdAt = createdAt
        self.nextPollAt = nextPollAt
        self.failures = failures
        self.lastError = lastError
        self.lastPolledAt = lastPolledAt
        self.lastSuccessAt = lastSuccessAt
        self.progress = progress
    }
}

/// How far a folder of a mailbox has been read.
public struct MailboxFolder: Hashable, Sendable {
    public enum Role: String, Sendable, CaseIterable { case sent, inbox, other }
    public var name: String
    public var role: Role
    /// When the server's UIDVALIDITY changes, the folder is read again from the start of the window.
    public var uidValidity: Int64
    /// The highest UID read.
    public var lastUID: Int64
    public var messages: Int

    public init(name: String, role: Role, uidValidity: Int64, lastUID: Int64, messages: Int) {
        self.name = name
        self.role = role
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.messages = messages
    }
}

/// One account's mail capture: its settings, the messages read, its mailboxes.
public protocol CaptureRepository: Sendable {
    func settings() async throws -> CaptureSettings
    func save(_ settings: CaptureSettings) async throws
    /// Which of these keys have been read already.
    func known(_ keys: [String]) async throws -> Set<String>
    /// What was recorded under these keys (an event's occurrences read before), by key.
    func recorded(_ keys: [String]) async throws -> [String: CapturedMessage]
    /// What a source recorded on the days from `from` through `through` (a subscribed calendar's, to find what vanished).
    func records(source: String, from: Day, through: Day) async throws -> [CapturedMessage]
    /// Forgets these keys (an occurrence moved, changed or cancelled is recorded afresh).
    func forget(keys: [String]) async throws
    /// The sources whose names start with `prefix` ("calendar:"), with how many keys each has recorded.
    func sources(prefix: String) async throws -> [(source: String, count: Int)]
    func record(_ messages: [CapturedMessage]) async throws
    /// The captured email touch each of these people has on `day`, when one exists.
    func capturedTouches(on day: Day, of people: [PersonID]) async throws -> [PersonID: TouchID]
    /// Each person's latest message to the user on or after `since` (and on or before `asOf`).
    func lastReceived(since: Day, asOf: Day) async throws -> [PersonID: Day]
    func received(of person: PersonID, limit: Int) async throws -> [ReceivedMessage]
    /// The recipients not in Tend of sent messages on or after `since`, by address, most written to first.
    func correspondents(since: Day) async throws -> [Correspondent]
    func dismissCorrespondent(_ address: String) async throws
    func dismissedCorrespondents() async throws -> Set<String>
    /// Forgets a source's messages (its touches are removed by the touch repository).
    func forget(source: String) async throws
    func reassign(from: PersonID, to: PersonID) async throws
    /// How many messages a source has read.
    func count(source: String) async throws -> Int
    /// Every message read, by key, for a backup.
    func messages() async throws -> [CapturedMessage]

    func addMailbox(host: String, port: Int, security: Mailbox.Security, username: String, password: SealedSecret,
                    folders: [String], now: Date) async throws -> Mailbox
    func mailboxes() async throws -> [Mailbox]
    func mailbox(_ id: MailboxID) async throws -> Mailbox?
    /// Saves a mailbox's settings and state (not its lease).
    func update(_ mailbox: Mailbox) async throws
    func removeMailbox(_ id: MailboxID) async throws -> Bool
    func folders(of mailbox: MailboxID) async throws -> [MailboxFolder]
    func save(_ folder: MailboxFolder, of mailbox: MailboxID) async throws
    func removeFolders(of mailbox: MailboxID) async throws
}

/// Mailboxes due for a poll, for every account.
public protocol MailboxPollRepository: Sendable {
    /// Leases up to `limit` mailboxes due by `now` to `owner` until `leaseUntil`; none is leased twice.
    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, mailbox: Mailbox)]
    /// Leases one mailbox to `owner` until `leaseUntil`, due or not, unless another holds it; false when another does.
    func claim(_ id: MailboxID, owner: String, now: Date, leaseUntil: Date) async throws -> Bool
    /// Gives a mailbox's lease back.
    func release(_ id: MailboxID, owner: String) async throws
}
