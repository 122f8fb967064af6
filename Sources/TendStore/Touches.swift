import Foundation
import TendCore

/// A touch before it is stored.
public struct NewTouch: Hashable, Sendable {
    public var on: Day
    public var people: [PersonID]
    public var channel: Channel
    public var intent: Intent
    public var note: String
    public var momentID: MomentID?
    public var captured: Touch.Capture?

    public init(on: Day, people: [PersonID], channel: Channel, intent: Intent, note: String = "", momentID: MomentID? = nil,
                captured: Touch.Capture? = nil) {
        self.on = on
        self.people = people
        self.channel = channel
        self.intent = intent
        self.note = note
        self.momentID = momentID
        self.captured = captured
    }
}

/// Logged touches and what they add up to.
public protocol TouchRepository: Sendable {
    func log(_ touch: NewTouch) async throws -> Touch
    /// Logs many touches in a few statements (a demo network's history), in order.
    func log(_ touches: [NewTouch]) async throws -> [Touch]
    func touch(_ id: TouchID) async throws -> Touch?
    /// These touches (those that exist), in no particular order.
    func touches(ids: [TouchID]) async throws -> [Touch]
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
    /// The note of each of these people's last need-free touch on or before `day`, when it has one (for drafts).
    func lastNeedFreeNotes(of ids: [PersonID], asOf day: Day) async throws -> [PersonID: String]
    func count() async throws -> Int
    /// Moves `from`'s touches onto `to`; a touch with both keeps one of them (for a merge).
    func reassign(from: PersonID, to: PersonID) async throws
    /// Every touch of the account, by id.
    func all() async throws -> [Touch]
    /// Stores a touch with its id, for restoring a copy.
    func restore(_ touch: Touch) async throws
    /// Changes a touch's intent (a captured touch reviewed), with its need-free and give marks.
    func setIntent(_ id: TouchID, _ intent: Intent, reviewed: Bool) async throws
    /// Captured touches on or after `since`, newest first.
    func captured(since: Day) async throws -> [Touch]
    /// Marks these captured touches reviewed.
    func markReviewed(_ ids: [TouchID]) async throws
    /// Removes every touch a source created; how many.
    func removeCaptured(source: String) async throws -> Int
    /// Removes these captured touches (a cancelled event's); how many there were.
    func removeCaptured(_ ids: [TouchID]) async throws -> Int
    /// Moves a captured touch to another day, with these people and this channel and note (a moved or changed event's).
    func reschedule(_ id: TouchID, on day: Day, people: [PersonID], channel: Channel, note: String) async throws
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
