import Foundation
import TendCore

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
