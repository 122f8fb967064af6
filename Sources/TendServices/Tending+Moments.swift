import TendCore
import TendStore

extension Tending {
    /// Records a win or a struggle.
    public func recordMoment(_ reference: PersonReference, kind: Moment.Kind, about: Moment.Subject = .themself,
                             on day: Day, note: String = "") async throws -> Moment {
        try await write { s in
            let p = try await Self.resolve(reference, in: s)
            return try await s.moments.record(NewMoment(personID: p.id, kind: kind, about: about, on: day, note: note))
        }
    }

    /// A moment of this account, or nil.
    public func moment(_ id: MomentID) async throws -> Moment? {
        try await read { try await $0.moments.moment(id) }
    }

    /// Closes an open win or struggle without a touch; nil when it is not this account's.
    public func closeMoment(_ id: MomentID) async throws -> Moment? {
        try await write { s in
            guard var m = try await s.moments.moment(id) else { return nil }
            if m.state == .open {
                m.state = .dismissed
                try await s.moments.update(m)
            }
            return m
        }
    }

    /// One page of wins and struggles, newest first; with a person, only theirs.
    public func moments(_ query: ListQuery, state: Moment.State? = nil) async throws -> [Moment] {
        try await read { s in
            if let p = query.person, try await s.people.person(p) == nil { throw TendError.noSuchPerson(String(p.rawValue)) }
            return try await s.moments.moments(query, state: state)
        }
    }
}
