import Foundation
import TendCore

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
    /// Ids of people with one of these emails (any case), a phone number ending in one of these digit tails, or a
    /// LinkedIn link: the few a new record could be, found without loading everyone (a CardDAV PUT).
    func ids(emails: [String], phoneTails: [String], withLinkedIn: Bool) async throws -> [(id: PersonID, linkedIn: String?)]
    /// These people, in no particular order.
    func people(ids: [PersonID]) async throws -> [Person]
    /// The person each of these addresses belongs to (lowercased; the lowest id when two share one).
    func idsByEmail(_ emails: [String]) async throws -> [String: PersonID]
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
