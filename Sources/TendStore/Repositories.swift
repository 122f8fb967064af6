import Foundation
import TendCore

/// An account as stored: who may sign in, and whether the CLI works on it.
public struct StoredAccount: Hashable, Sendable {
    public var id: AccountID
    public var email: String?
    public var passwordHash: String?
    public var isLocal: Bool

    public init(id: AccountID, email: String?, passwordHash: String?, isLocal: Bool) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.isLocal = isLocal
    }
}

/// Accounts: the local one the CLI uses, and signed-up users of the web app.
public protocol AccountRepository: Sendable {
    /// The account the CLI works on: the local one; else the only account there is, which becomes
    /// the local one; else a new local account.
    func localAccount() async throws -> AccountID
    /// The local account if there is one, without creating it.
    func existingLocalAccount() async throws -> StoredAccount?
    /// Creates a signed-up account; the email must be new (case-insensitively).
    func create(email: String, passwordHash: String) async throws -> AccountID
    func account(_ id: AccountID) async throws -> StoredAccount?
    func account(email: String) async throws -> StoredAccount?
    /// Sets the email and password of an account (a local account claimed at sign-up, or a new password).
    func setCredentials(_ id: AccountID, email: String, passwordHash: String) async throws
    func count() async throws -> Int
    /// Every account, by id.
    func all() async throws -> [StoredAccount]
    /// Stores an account with its id, for restoring a copy into an empty database.
    func restore(_ account: StoredAccount) async throws

    /// The secret token of an account's calendar feed, if it has one.
    func calendarFeed(of account: AccountID) async throws -> String?
    /// Gives an account's calendar feed a new token (the old URL stops working), or turns it off with nil.
    func setCalendarFeed(of account: AccountID, token: String?) async throws
    /// The account whose calendar feed has this token.
    func account(calendarFeed token: String) async throws -> AccountID?

    /// Stores a personal access token by the hash of its secret (the secret itself is never stored).
    func createToken(for account: AccountID, name: String, hash: String, scope: TokenScope, at: Date) async throws -> APIToken
    /// An account's tokens, oldest first.
    func tokens(of account: AccountID) async throws -> [APIToken]
    /// Deletes one of the account's tokens; false when it has no such token.
    func revokeToken(_ id: Int64, of account: AccountID) async throws -> Bool
    /// The token with this hash and its account; notes when it was used, at most once a minute.
    func token(hash: String, usedAt: Date) async throws -> (account: AccountID, token: APIToken)?
}

/// What a personal access token may do.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    case read, write
}

/// A personal access token as stored: everything but its secret.
public struct APIToken: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var scope: TokenScope
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, scope: TokenScope, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Short-lived values above any one account, such as web sessions. Expired values are never returned.
public protocol KeyValueRepository: Sendable {
    /// Stores `value` under `key`. With `onlyIfNew`, an existing live key is left alone and false returned.
    /// A nil `expiresAt` on an existing key keeps its expiry.
    @discardableResult
    func put(_ key: String, value: String, expiresAt: Date?, onlyIfNew: Bool) async throws -> Bool
    func get(_ key: String, now: Date) async throws -> (value: String, expiresAt: Date?)?
    func remove(_ key: String) async throws
    func removeExpired(now: Date) async throws
}

/// Which people a listing shows.
public struct PeopleFilter: Hashable, Sendable {
    public var tier: Tier?
    public var tag: String?
    public var includeArchived: Bool
    /// Load emails, phones, tags and links too; the agenda needs none of them.
    public var withLists: Bool

    public init(tier: Tier? = nil, tag: String? = nil, includeArchived: Bool = false, withLists: Bool = true) {
        self.tier = tier
        self.tag = tag
        self.includeArchived = includeArchived
        self.withLists = withLists
    }
}

/// One page of a people listing, ordered in the database so a page costs the same however many people there are.
public struct PeoplePageRequest: Hashable, Sendable {
    public enum Order: String, Sendable, CaseIterable {
        case name, tier, lastTouch = "last", nextDue = "due"
    }

    public var filter: PeopleFilter
    /// When searching: the matching ids (best first); the page keeps only these.
    public var among: [PersonID]?
    public var order: Order
    public var descending: Bool
    public var offset: Int
    public var limit: Int
    /// Touches after this day are ignored.
    public var asOf: Day
    /// The account's cadence per tier, for ordering by next due day.
    public var cadence: [Tier: Int]

    public init(filter: PeopleFilter, among: [PersonID]? = nil, order: Order, descending: Bool, offset: Int, limit: Int,
                asOf: Day, cadence: [Tier: Int]) {
        self.filter = filter
        self.among = among
        self.order = order
        self.descending = descending
        self.offset = offset
        self.limit = limit
        self.asOf = asOf
        self.cadence = cadence
    }
}

/// People, with their relations and tier history.
public protocol PeopleRepository: Sendable {
    /// Adds a person and records their first tier as history.
    func add(_ profile: Profile, tier: Tier, targetTier: Tier?, cadenceDays: Int?, on day: Day) async throws -> Person
    /// Adds many people in a few statements (an import, a demo network): the same as `add` for each, in order.
    func add(_ people: [NewPerson], on day: Day) async throws -> [Person]
    /// Saves every field of an existing person (not their tier history).
    func update(_ person: Person) async throws
    func person(_ id: PersonID) async throws -> Person?
    /// A person without their emails, phones, tags, links and kept vCard lines: one query instead of six,
    /// for work that needs only their name, tier and cadence (logging a touch).
    func personWithoutLists(_ id: PersonID) async throws -> Person?
    func people(_ filter: PeopleFilter) async throws -> [Person]
    /// People whose name (display, given, family or nickname) contains `fragment`,
    /// ignoring case and accents.
    func named(_ fragment: String) async throws -> [Person]
    /// People matching every word of `text` in their names, company, title, city, notes or tags,
    /// ignoring case and accents; best matches first.
    func search(_ text: String) async throws -> [Person]
    /// The ids of one page, in order, and how many people match in all.
    func page(_ request: PeoplePageRequest) async throws -> (ids: [PersonID], total: Int)
    /// Ids of people matching `text`, best first (at most 500).
    func searchIDs(_ text: String) async throws -> [PersonID]
    /// These people, in no particular order.
    func people(ids: [PersonID]) async throws -> [Person]
    /// Every tag in use, alphabetically.
    func tags() async throws -> [String]
    func count() async throws -> Int
    func delete(_ id: PersonID) async throws

    func relations(of id: PersonID) async throws -> [Relation]
    func relate(_ relation: Relation) async throws
    func unrelate(_ relation: Relation) async throws
    /// Each person's partner's name to greet them by (nickname, given or display name), for drafts.
    func partnerNames() async throws -> [PersonID: String]

    func tierHistory(of id: PersonID) async throws -> [TierChange]
    func recordTierChange(_ change: TierChange, of id: PersonID) async throws

    /// Moves relations and tier history of `from` onto `to` (for a merge).
    func reassign(from: PersonID, to: PersonID) async throws

    /// Every relation of the account.
    func allRelations() async throws -> [Relation]
    /// Stores a person with their id and tier history, for restoring a copy into an empty database.
    func restore(_ person: Person, history: [TierChange]) async throws
}

/// A page of touches or moments, newest first (by day, then id), continuing after the last one of the
/// page before: the next page costs the same however deep the listing goes.
public struct ListQuery: Hashable, Sendable {
    /// Where a page ended: its last item's day and id.
    public struct Position: Hashable, Sendable {
        public var day: Day
        public var id: Int64
        public init(day: Day, id: Int64) {
            self.day = day
            self.id = id
        }
    }

    public var person: PersonID?
    public var since: Day?
    public var until: Day?
    public var after: Position?
    public var limit: Int

    public init(person: PersonID? = nil, since: Day? = nil, until: Day? = nil, after: Position? = nil, limit: Int = 50) {
        self.person = person
        self.since = since
        self.until = until
        self.after = after
        self.limit = limit
    }
}

/// A person before they are stored.
public struct NewPerson: Hashable, Sendable {
    public var profile: Profile
    public var tier: Tier
    public var targetTier: Tier?
    public var cadenceDays: Int?
    /// The day they were added, when it is not the day of the whole batch (a demo network's history).
    public var addedOn: Day?

    public init(profile: Profile, tier: Tier, targetTier: Tier? = nil, cadenceDays: Int? = nil, addedOn: Day? = nil) {
        self.profile = profile
        self.tier = tier
        self.targetTier = targetTier
        self.cadenceDays = cadenceDays
        self.addedOn = addedOn
    }
}

/// A touch before it is stored.
public struct NewTouch: Hashable, Sendable {
    public var on: Day
    public var people: [PersonID]
    public var channel: Channel
    public var intent: Intent
    public var note: String
    public var momentID: MomentID?

    public init(on: Day, people: [PersonID], channel: Channel, intent: Intent, note: String = "", momentID: MomentID? = nil) {
        self.on = on
        self.people = people
        self.channel = channel
        self.intent = intent
        self.note = note
        self.momentID = momentID
    }
}

/// Logged touches and what they add up to.
public protocol TouchRepository: Sendable {
    func log(_ touch: NewTouch) async throws -> Touch
    /// Logs many touches in a few statements (a demo network's history), in order.
    func log(_ touches: [NewTouch]) async throws -> [Touch]
    func touch(_ id: TouchID) async throws -> Touch?
    /// How many touches of each intent happened each day in `range`.
    func activity(in range: ClosedRange<Day>) async throws -> [DailyActivity]
    /// A person's touches, newest first.
    func touches(of id: PersonID, limit: Int?) async throws -> [Touch]
    /// One page of the account's touches, newest first.
    func touches(_ query: ListQuery) async throws -> [Touch]
    /// Every person's touch summary as of `day` (touches after it are ignored).
    func summaries(asOf day: Day) async throws -> [PersonID: TouchSummary]
    func summary(of id: PersonID, asOf day: Day) async throws -> TouchSummary
    /// The summaries of these people only.
    func summaries(of ids: [PersonID], asOf day: Day) async throws -> [PersonID: TouchSummary]
    func count() async throws -> Int
    /// Moves `from`'s touches onto `to`; a touch with both keeps one of them (for a merge).
    func reassign(from: PersonID, to: PersonID) async throws
    /// Every touch of the account, by id.
    func all() async throws -> [Touch]
    /// Stores a touch with its id, for restoring a copy.
    func restore(_ touch: Touch) async throws
}

/// A moment before it is stored.
public struct NewMoment: Hashable, Sendable {
    public var personID: PersonID
    public var kind: Moment.Kind
    public var about: Moment.Subject
    public var on: Day
    public var note: String

    public init(personID: PersonID, kind: Moment.Kind, about: Moment.Subject = .themself, on: Day, note: String = "") {
        self.personID = personID
        self.kind = kind
        self.about = about
        self.on = on
        self.note = note
    }
}

/// Wins and struggles.
public protocol MomentRepository: Sendable {
    func record(_ moment: NewMoment) async throws -> Moment
    func moment(_ id: MomentID) async throws -> Moment?
    /// A person's moments, newest first.
    func moments(of id: PersonID) async throws -> [Moment]
    /// One page of the account's moments, newest first.
    func moments(_ query: ListQuery, state: Moment.State?) async throws -> [Moment]
    /// Moments that may still call for action: open, or answered struggles not yet followed up,
    /// dated between `since` and `day`.
    func pending(since: Day, asOf day: Day) async throws -> [Moment]
    /// Saves state, answer and follow-up of an existing moment.
    func update(_ moment: Moment) async throws
    func reassign(from: PersonID, to: PersonID) async throws
    /// Every moment of the account, by id.
    func all() async throws -> [Moment]
    /// Stores a moment with its id and state, for restoring a copy.
    func restore(_ moment: Moment) async throws
}

/// What the user did with agenda suggestions, by suggestion key.
public protocol SuggestionStateRepository: Sendable {
    func states() async throws -> [String: SuggestionState]
    func set(_ state: SuggestionState, for key: String) async throws
}

/// The account's settings.
public protocol SettingsRepository: Sendable {
    func load() async throws -> Settings
    func save(_ settings: Settings) async throws
}

/// The touches of one intent on one day.
public struct DailyActivity: Hashable, Sendable {
    public var day: Day
    public var intent: Intent
    public var count: Int

    public init(day: Day, intent: Intent, count: Int) {
        self.day = day
        self.intent = intent
        self.count = count
    }
}
