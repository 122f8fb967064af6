import TendCore

/// A proposal before it is stored.
public struct NewProposal: Hashable, Sendable {
    public var personID: PersonID
    public var kind: Moment.Kind
    public var about: Moment.Subject
    public var on: Day
    public var note: String
    public var source: String
    public var link: String?
    public var job: Position?
    public var key: String

    public init(personID: PersonID, kind: Moment.Kind, about: Moment.Subject = .themself, on: Day, note: String,
                source: String, link: String? = nil, job: Position? = nil, key: String) {
        self.personID = personID
        self.kind = kind
        self.about = about
        self.on = on
        self.note = note
        self.source = source
        self.link = link
        self.job = job
        self.key = key
    }
}

/// The News inbox: moments Tend noticed, waiting for the user's decision.
public protocol ProposalRepository: Sendable {
    /// Stores a pending proposal, unless the person already has one with its key in any state (so a
    /// dismissed one never comes back); nil then.
    func propose(_ proposal: NewProposal) async throws -> Proposal?
    /// Stores a proposal from a backup in the state it was decided into (nothing when its key is there already).
    func restore(_ proposal: NewProposal, state: Proposal.State, decidedOn: Day?) async throws
    func proposal(_ id: ProposalID) async throws -> Proposal?
    /// Whether the person has a proposal with this key, in any state.
    func has(_ person: PersonID, key: String) async throws -> Bool
    /// Proposals in a state (all when nil), newest first (by day, then id), at most `limit`.
    func proposals(state: Proposal.State?, limit: Int) async throws -> [Proposal]
    /// How many are in a state.
    func count(state: Proposal.State) async throws -> Int
    /// Saves the kind, state and day of decision of an existing proposal.
    func update(_ proposal: Proposal) async throws
    /// Moves a person's proposals to another (a merge); one the other already has by its key is dropped.
    func reassign(from: PersonID, to: PersonID) async throws
}
