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

    /// A touch of this account, or nil.
    public func touch(_ id: TouchID) async throws -> Touch? {
        try await read { try await $0.touches.touch(id) }
    }

    /// A moment of this account, or nil.
    public func moment(_ id: MomentID) async throws -> Moment? {
        try await read { try await $0.moments.moment(id) }
    }

    /// How a people listing is sorted.
    public typealias PeopleSort = PeoplePageRequest.Order

    /// One page of people, filtered, searched and sorted in the database, with the total count:
    /// a page costs the same with 100 people or 100,000.
    public func peoplePage(_ filter: PeopleFilter, search: String? = nil, sort: PeopleSort = .name, descending: Bool = false,
                           page: Int = 1, pageSize: Int = 50, asOf day: Day) async throws -> (lines: [PersonLine], total: Int) {
        try await read { s in
            let settings = try await s.settings.load()
            let query = search?.trimmingCharacters(in: .whitespaces) ?? ""
            let among = query.isEmpty ? nil : try await s.people.searchIDs(query)
            let size = min(max(1, pageSize), Self.largestPageSize)
            // A page number is the user's: far past the last page it is simply empty, never an overflow.
            let offset = (min(max(1, page), Self.lastPageNumber(size: size)) - 1) * size
            let (ids, total) = try await s.people.page(PeoplePageRequest(
                filter: filter, among: among, order: sort, descending: descending, offset: offset,
                limit: size, asOf: day, cadence: settings.cadence))
            let people = Dictionary(uniqueKeysWithValues: try await s.people.people(ids: ids).map { ($0.id, $0) })
            let summaries = try await s.touches.summaries(of: ids, asOf: day)
            let lines = ids.compactMap { id in
                people[id].map { p in
                    let last = summaries[p.id]?.lastNeedFree
                    return PersonLine(person: p, lastNeedFree: last, nextDue: settings.cadence(for: p).map { (last ?? p.addedOn).adding(days: $0) })
                }
            }
            return (lines, total)
        }
    }

    /// The most people one page holds.
    public static let largestPageSize = 1000

    /// The highest page number worth reading: its first person is past any network's last.
    static func lastPageNumber(size: Int) -> Int { Int(Int32.max) / size }

    /// The tags in use, for filters.
    public func tags() async throws -> [String] {
        try await read { try await $0.people.tags() }
    }
}

extension Tending {
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
}

extension Tending {
    /// One page of touches, newest first; with a person, only theirs (an unknown person is an error).
    public func touches(_ query: ListQuery) async throws -> [Touch] {
        try await read { s in
            if let p = query.person, try await s.people.person(p) == nil { throw TendError.noSuchPerson(String(p.rawValue)) }
            return try await s.touches.touches(query)
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
