import TendCore
import TendStore

extension Tending {
    /// A proposal in the News inbox, with the person it is about.
    public struct NewsItem: Sendable, Equatable {
        public var proposal: Proposal
        public var person: Person

        public init(proposal: Proposal, person: Person) {
            self.proposal = proposal
            self.person = person
        }
    }

    /// The News inbox: proposals in a state (pending by default), newest first, with their people.
    public func news(state: Proposal.State? = .pending, limit: Int = 200) async throws -> [NewsItem] {
        try await read { s in
            let proposals = try await s.proposals.proposals(state: state, limit: limit)
            var people: [PersonID: Person] = [:]
            for id in Set(proposals.map(\.personID)) { people[id] = try await s.people.personWithoutLists(id) }
            return proposals.compactMap { p in people[p.personID].map { NewsItem(proposal: p, person: $0) } }
        }
    }

    /// How many proposals wait for a decision.
    public func newsWaiting() async throws -> Int {
        try await read { try await $0.proposals.count(state: .pending) }
    }

    /// Confirms a proposal: it becomes a moment (of `kind` when given, else the proposed one) that the agenda
    /// celebrates or supports, and a job change is recorded on the person.
    public func confirmNews(_ id: ProposalID, as kind: Moment.Kind? = nil, on day: Day) async throws -> (proposal: Proposal, moment: Moment) {
        try await write { s in
            var p = try await Self.pending(id, in: s)
            if let kind { p.kind = kind }
            if let job = p.job, var person = try await s.people.person(p.personID) {
                person.profile.company = job.company ?? person.profile.company
                person.profile.title = job.title ?? person.profile.title
                try await s.people.update(person)
            }
            let moment = try await s.moments.record(NewMoment(personID: p.personID, kind: p.kind, about: p.about, on: p.on,
                                                              note: p.note))
            p.state = .confirmed
            p.decidedOn = day
            try await s.proposals.update(p)
            return (p, moment)
        }
    }

    /// Dismisses a proposal; the same news is never proposed again.
    public func dismissNews(_ id: ProposalID, on day: Day) async throws -> Proposal {
        try await write { s in
            var p = try await Self.pending(id, in: s)
            p.state = .dismissed
            p.decidedOn = day
            try await s.proposals.update(p)
            return p
        }
    }

    /// Changes what a waiting proposal would become.
    public func changeNewsKind(_ id: ProposalID, to kind: Moment.Kind) async throws -> Proposal {
        try await write { s in
            var p = try await Self.pending(id, in: s)
            p.kind = kind
            try await s.proposals.update(p)
            return p
        }
    }

    private static func pending(_ id: ProposalID, in s: any TendSession) async throws -> Proposal {
        guard let p = try await s.proposals.proposal(id) else { throw TendError.noSuchNews(id.rawValue) }
        guard p.state == .pending else { throw TendError.newsDecided(id.rawValue, p.state) }
        return p
    }
}
