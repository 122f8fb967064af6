import Foundation
import TendCore

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
