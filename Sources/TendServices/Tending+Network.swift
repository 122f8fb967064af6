import TendCore
import TendStore

extension Tending {
    /// The Network page's pictures for the year up to `day`.
    public func network(asOf day: Day) async throws -> NetworkPicture {
        try await read { s in
            let settings = try await s.settings.load()
            let people = try await s.people.people(PeopleFilter(withLists: false))
            let summaries = try await s.touches.summaries(asOf: day)
            let activity = try await s.touches.activity(in: day.adding(days: -366)...day)
            return NetworkPicture(today: day, settings: settings,
                                  entries: people.map { Agenda.Entry(person: $0, touches: summaries[$0.id] ?? .none) },
                                  activity: activity.map { ($0.day, $0.intent, $0.count) })
        }
    }
}
