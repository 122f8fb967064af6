import Foundation
import TendCore
import TendInterop
import TendStore

/// Which people an export holds.
public struct ExportSelection: Sendable {
    public var tier: Tier?
    public var tag: String?
    /// People by id or name; empty means everyone the filters let through.
    public var people: [PersonReference]
    public var includeArchived: Bool

    public init(tier: Tier? = nil, tag: String? = nil, people: [PersonReference] = [], includeArchived: Bool = false) {
        self.tier = tier
        self.tag = tag
        self.people = people
        self.includeArchived = includeArchived
    }

    public static let everyone = ExportSelection(includeArchived: true)
}

extension Tending {
    /// vCards of the selected people, by id, with their relations to each other by name.
    public func vCards(_ selection: ExportSelection = .everyone, version: VCardWriter.Version = .v4) async throws -> (text: String, count: Int) {
        try await read { s in
            var people = try await s.people.people(PeopleFilter(tier: selection.tier, tag: selection.tag,
                                                                includeArchived: selection.includeArchived || !selection.people.isEmpty))
            if !selection.people.isEmpty {
                var wanted = Set<PersonID>()
                for ref in selection.people { wanted.insert(try await Self.resolve(ref, in: s).id) }
                people.removeAll { !wanted.contains($0.id) }
            }
            people.sort { $0.id < $1.id }
            let names = Dictionary(try await s.people.people(PeopleFilter(includeArchived: true, withLists: false)).map { ($0.id, $0.displayName) },
                                   uniquingKeysWith: { a, _ in a })
            var related: [PersonID: [(kind: Relation.Kind, name: String)]] = [:]
            for r in try await s.people.allRelations() {
                if let name = names[r.other] { related[r.person, default: []].append((r.kind, name)) }
            }
            let cards = people.map { VCardWriter.Card(person: $0, related: related[$0.id] ?? []) }
            return (VCardWriter.write(cards, version: version), cards.count)
        }
    }

    /// The calendar: everyone's birthdays as yearly events, and the keep-up, deepen and
    /// follow-up dates of the next `horizon` days.
    /// - Parameters:
    ///   - day: Today, in the account's time zone.
    ///   - now: The moment the file is made, for its time stamps.
    public func calendar(on day: Day, now: Date, horizon: Int = 60) async throws -> String {
        try await read { s in
            let settings = try await s.settings.load()
            let people = try await s.people.people(PeopleFilter(withLists: false))
            let summaries = try await s.touches.summaries(asOf: day)
            let input = Agenda.Input(
                today: day, settings: settings,
                people: people.map { Agenda.Entry(person: $0, touches: summaries[$0.id] ?? .none) },
                moments: try await s.moments.pending(since: day.adding(days: -365), asOf: day),
                meetings: try await s.calendars.nextMeetings(from: day))
            return ICalendarWriter.write(people: people, upcoming: Upcoming.dates(input, horizon: horizon),
                                         stamp: Self.icalStamp(now))
        }
    }

    static func icalStamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: date)
    }

    // MARK: The calendar feed

    /// The secret token of this account's calendar feed, if it is on.
    public func calendarFeed() async throws -> String? {
        try await database.accessTokens.calendarFeed(of: account)
    }

    /// Turns the calendar feed on with a new secret token; a URL given out before stops working.
    @discardableResult
    public func renewCalendarFeed() async throws -> String {
        let token = Secret.random()
        try await database.accessTokens.setCalendarFeed(of: account, token: token)
        return token
    }

    /// Turns the calendar feed off: its URL stops working.
    public func revokeCalendarFeed() async throws {
        try await database.accessTokens.setCalendarFeed(of: account, token: nil)
    }
}
