import TendCore

/// A Tend database: every backend (SQLite, later PostgreSQL) implements this contract.
///
/// All work on an account's data happens in a session scoped to that account, so no
/// query can reach another account's rows.
public protocol TendDatabase: Sendable {
    /// Runs `body` in one read-write transaction for `account`: committed when it returns,
    /// rolled back when it throws, so a command writes all or nothing.
    /// - Parameters:
    ///   - account: The account every query of the session is scoped to.
    ///   - body: The work; the session must not escape it.
    func write<T: Sendable>(account: AccountID, _ body: @Sendable (any TendSession) async throws -> T) async throws -> T

    /// Runs `body` in a read-only transaction for `account`, seeing one consistent snapshot.
    func read<T: Sendable>(account: AccountID, _ body: @Sendable (any TendSession) async throws -> T) async throws -> T

    /// Accounts are above any one account's session.
    var accounts: any AccountRepository { get }

    /// API tokens and calendar feeds: what opens an account without its password.
    var accessTokens: any AccessTokenRepository { get }

    /// Web sessions and other short-lived values.
    var keyValues: any KeyValueRepository { get }

    /// Scheduled work, shared by every process on the database.
    var jobs: any JobRepository { get }

    /// What was delivered where, for every account.
    var deliveries: any DeliveryRepository { get }

    /// Feeds due for a poll, for every account.
    var feedPolls: any FeedPollRepository { get }

    /// Mailboxes due for a poll, for every account.
    var mailboxPolls: any MailboxPollRepository { get }

    /// Calendar subscriptions due for a poll, for every account.
    var calendarPolls: any CalendarPollRepository { get }

    /// Periodic housekeeping (query planner statistics); the server runs it hourly.
    func maintain() async throws

    /// The newest migration applied.
    func schemaVersion() async throws -> Int

    /// Closes connections; the database is unusable afterwards.
    func close() async throws
}

/// One account's view of the database inside a transaction, one repository per aggregate.
public protocol TendSession: Sendable {
    var account: AccountID { get }
    var people: any PeopleRepository { get }
    var touches: any TouchRepository { get }
    var moments: any MomentRepository { get }
    var suggestionStates: any SuggestionStateRepository { get }
    var settings: any SettingsRepository { get }
    var digestSchedule: any DigestScheduleRepository { get }
    var proposals: any ProposalRepository { get }
    var feeds: any FeedRepository { get }
    var addressBook: any AddressBookRepository { get }
    var capture: any CaptureRepository { get }
    var importedRecords: any ImportedRecordRepository { get }
    var calendars: any CalendarRepository { get }

    /// After restoring rows with their ids: lets new rows get ids above them.
    func finishRestore() async throws

    /// Whether no account holds a person, moment or touch yet: a restore may then keep a backup's ids
    /// (and its export is the backup again); anywhere else its ids are given anew.
    func instanceIsEmpty() async throws -> Bool

    /// Ids for rows about to be restored under new ids, taken inside the write transaction.
    func freshIDs(people: Int, moments: Int, touches: Int) async throws -> (people: [Int64], moments: [Int64], touches: [Int64])

    /// A number that every committed write of the account raises: equal revisions mean equal data,
    /// so what was computed from one can be reused (the agenda).
    func revision() async throws -> Int64
}

/// What a store can refuse.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .conflict(let why): why
        case .corrupt(let why): "the database holds something unexpected: \(why)"
        }
    }
}
