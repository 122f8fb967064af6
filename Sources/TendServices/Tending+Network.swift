import TendCore
import TendStore

extension Tending {
    /// The Network page's pictures for the year up to `day`.
    public func network(asOf day: Day) async throws -> NetworkPicture {
        try await read { s in
            let settings = try await s.settings.load()
            let people = try await s.people.people(PeopleFilter())
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
    public enum PeopleSort: String, Sendable, CaseIterable {
        case name, tier, lastTouch = "last", nextDue = "due"
    }

    /// One page of people, filtered, searched and sorted, with the total count.
    public func peoplePage(_ filter: PeopleFilter, search: String? = nil, sort: PeopleSort = .name, descending: Bool = false,
                           page: Int = 1, pageSize: Int = 50, asOf day: Day) async throws -> (lines: [PersonLine], total: Int) {
        try await read { s in
            let settings = try await s.settings.load()
            let summaries = try await s.touches.summaries(asOf: day)
            var people: [Person]
            if let q = search?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
                people = try await s.people.search(q).filter { p in
                    (filter.includeArchived || !p.archived) && (filter.tier.map { p.tier == $0 } ?? true)
                        && (filter.tag.map { p.profile.tags.contains($0.lowercased()) } ?? true)
                }
            } else {
                people = try await s.people.people(filter)
            }
            var lines = people.map { p in
                let last = summaries[p.id]?.lastNeedFree
                return PersonLine(person: p, lastNeedFree: last, nextDue: settings.cadence(for: p).map { (last ?? p.addedOn).adding(days: $0) })
            }
            let far = Day(year: 9999, month: 12, day: 31)!, never = Day(year: 1, month: 1, day: 1)!
            func key(_ l: PersonLine) -> (Int, String) {
                switch sort {
                case .name: (0, l.person.displayName.lowercased())
                case .tier: (3 - l.person.tier.rank, l.person.displayName.lowercased())
                case .lastTouch: ((l.lastNeedFree ?? never).ordinal, l.person.displayName.lowercased())
                case .nextDue: ((l.nextDue ?? far).ordinal, l.person.displayName.lowercased())
                }
            }
            lines.sort { a, b in
                let ka = key(a), kb = key(b)
                if ka != kb { return descending ? ka > kb : ka < kb }
                return a.person.id < b.person.id
            }
            let size = max(1, pageSize)
            let start = min(max(0, (page - 1) * size), lines.count)
            return (Array(lines[start..<min(start + size, lines.count)]), lines.count)
        }
    }

    /// The tags in use, for filters.
    public func tags() async throws -> [String] {
        try await read { s in
            Array(Set(try await s.people.people(PeopleFilter(includeArchived: true)).flatMap(\.profile.tags))).sorted()
        }
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
