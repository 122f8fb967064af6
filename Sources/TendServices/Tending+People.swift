import TendCore
import TendStore

extension Tending {
    /// Adds a person after checking their profile.
    public func addPerson(_ profile: Profile, tier: Tier, targetTier: Tier? = nil, cadenceDays: Int? = nil,
                          on day: Day) async throws -> Person {
        let profile = try Self.check(profile)
        try Self.check(tier: tier, target: targetTier, cadenceDays: cadenceDays)
        return try await write { s in
            try await s.people.add(profile, tier: tier, targetTier: targetTier, cadenceDays: cadenceDays, on: day)
        }
    }

    /// Changes a person; a change of tier is kept in their history.
    public func editPerson(_ reference: PersonReference, on day: Day, reason: String? = nil,
                           _ change: @Sendable (inout Person) throws -> Void) async throws -> Person {
        try await write { s in
            let before = try await Self.resolve(reference, in: s)
            var after = before
            try change(&after)
            after.id = before.id
            after.profile = try Self.check(after.profile)
            // Reaching the target fulfils it; only a newly set target below the tier is a mistake.
            if after.targetTier == before.targetTier, let target = after.targetTier, target <= after.tier {
                after.targetTier = nil
            }
            try Self.check(tier: after.tier, target: after.targetTier, cadenceDays: after.cadenceDays)
            try await s.people.update(after)
            if after.tier != before.tier {
                try await s.people.recordTierChange(TierChange(from: before.tier, to: after.tier, on: day, reason: reason), of: after.id)
            }
            return after
        }
    }

    /// Moves a person to a tier, and optionally sets the tier you mean to move them up to.
    public func setTier(_ reference: PersonReference, to tier: Tier, target: Tier?? = .none, reason: String? = nil,
                        on day: Day) async throws -> Person {
        try await editPerson(reference, on: day, reason: reason) { p in
            p.tier = tier
            if case .some(let t) = target { p.targetTier = t }
        }
    }

    /// Records that `person`'s `kind` is `other`, and the inverse where it has a name.
    public func relate(_ person: PersonReference, _ kind: Relation.Kind, _ other: PersonReference) async throws -> (Person, Person) {
        try await write { s in
            let a = try await Self.resolve(person, in: s), b = try await Self.resolve(other, in: s)
            guard a.id != b.id else {
                throw TendError.invalid(ValidationError(field: "relation", message: "\(a.displayName) cannot be related to themself"))
            }
            try await s.people.relate(Relation(person: a.id, kind: kind, other: b.id))
            if let inverse = kind.inverse {
                try await s.people.relate(Relation(person: b.id, kind: inverse, other: a.id))
            }
            return (a, b)
        }
    }

    /// Removes a relation (and its inverse).
    public func unrelate(_ person: PersonReference, _ kind: Relation.Kind, _ other: PersonReference) async throws {
        try await write { s in
            let a = try await Self.resolve(person, in: s), b = try await Self.resolve(other, in: s)
            try await s.people.unrelate(Relation(person: a.id, kind: kind, other: b.id))
            if let inverse = kind.inverse {
                try await s.people.unrelate(Relation(person: b.id, kind: inverse, other: a.id))
            }
        }
    }

    static func check(_ profile: Profile) throws -> Profile {
        do { return try profile.validated() } catch { throw TendError.invalid(error) }
    }

    static func check(tier: Tier, target: Tier?, cadenceDays: Int?) throws {
        if let c = cadenceDays, !(1...3650).contains(c) {
            throw TendError.invalid(ValidationError(field: "cadence", message: "a cadence is 1 to 3650 days, not \(c)"))
        }
        if let t = target, t <= tier {
            throw TendError.invalid(ValidationError(field: "target", message: "the target tier must be above the current one (\(tier.rawValue))"))
        }
    }

    // MARK: Reading

    /// A person as `tend show` and the person page present them.
    public struct PersonDetail: Sendable, Codable {
        public var person: Person
        public var relations: [RelatedPerson]
        public var tierHistory: [TierChange]
        public var touches: [Touch]
        public var moments: [Moment]
        public var summary: TouchSummary
        public var cadenceDays: Int?
        /// When the next need-free touch is due; nil without a cadence.
        public var nextDue: Day?
        /// What they wrote to you lately (mail capture): on their timeline as "wrote to you".
        public var received: [ReceivedMessage] = []
        /// Their coming meetings on your calendars, soonest first.
        public var meetings: [UpcomingMeeting] = []

        /// "You're seeing Ana on Friday (Coffee at Lisboa)", for their next meeting.
        public func seeing(from today: Day) -> String? {
            guard let m = meetings.first else { return nil }
            let n = today.days(until: m.on)
            let when = n == 0 ? "today" : n == 1 ? "tomorrow" : n <= 6 ? "on \(m.on.weekdayName)" : "on \(m.on.weekdayName) \(m.on.day) \(m.on.monthName)"
            return "You're seeing \(person.profile.greetingName) \(when)" + (m.title.isEmpty ? "" : " (\(m.title))")
                + (meetings.count > 1 ? ", and \(meetings.count - 1) more time\(meetings.count == 2 ? "" : "s") after" : "") + "."
        }
    }

    public struct RelatedPerson: Sendable, Codable, Hashable {
        public var kind: Relation.Kind
        public var personID: PersonID
        public var name: String
        /// True when the other person is `kind` of this one ("her partner"); false for the inverse
        /// of a relation with no name for it ("introduced Sam").
        public var forward: Bool
    }

    public func detail(_ reference: PersonReference, asOf day: Day) async throws -> PersonDetail {
        try await read { s in
            let p = try await Self.resolve(reference, in: s)
            let settings = try await s.settings.load()
            let relations = try await s.people.relations(of: p.id)
            var related: [RelatedPerson] = []
            for r in relations {
                let forward = r.person == p.id
                let otherID = forward ? r.other : r.person
                // A named inverse is stored too; show each pair once.
                if !forward, r.kind.inverse != nil { continue }
                let name = try await s.people.person(otherID)?.displayName ?? "#\(otherID)"
                related.append(RelatedPerson(kind: r.kind, personID: otherID, name: name, forward: forward))
            }
            let summary = try await s.touches.summary(of: p.id, asOf: day)
            let cadence = settings.cadence(for: p)
            return PersonDetail(
                person: p, relations: related, tierHistory: try await s.people.tierHistory(of: p.id),
                touches: try await s.touches.touches(of: p.id, limit: nil), moments: try await s.moments.moments(of: p.id),
                summary: summary, cadenceDays: cadence,
                nextDue: cadence.map { (summary.lastNeedFree ?? p.addedOn).adding(days: $0) },
                received: try await s.capture.received(of: p.id, limit: 20),
                meetings: try await s.calendars.upcoming(of: p.id, from: day, limit: 10))
        }
    }

    /// A line of a people listing.
    public struct PersonLine: Sendable, Codable, Hashable {
        public var person: Person
        public var lastNeedFree: Day?
        public var nextDue: Day?
    }

    /// People with their last need-free touch and next due day; `dueOnly` keeps those due by `day`.
    public func list(_ filter: PeopleFilter, dueOnly: Bool = false, asOf day: Day) async throws -> [PersonLine] {
        try await read { s in
            let settings = try await s.settings.load()
            let summaries = try await s.touches.summaries(asOf: day)
            return try await s.people.people(filter).compactMap { p in
                let last = summaries[p.id]?.lastNeedFree
                let due = settings.cadence(for: p).map { (last ?? p.addedOn).adding(days: $0) }
                if dueOnly, !(due.map { $0 <= day } ?? false) { return nil }
                return PersonLine(person: p, lastNeedFree: last, nextDue: due)
            }
        }
    }

    /// The give/ask ledger over the 12 months up to `day`.
    public func ledger(asOf day: Day) async throws -> Reciprocity.Ledger {
        try await read { s in
            let summaries = try await s.touches.summaries(asOf: day)
            let people = try await s.people.people(PeopleFilter(includeArchived: true))
            return Reciprocity.Ledger(lines: people.compactMap { p in
                summaries[p.id].map { Reciprocity.Line(person: p, touches: $0) }
            })
        }
    }

    // MARK: Listing

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

    /// A person of this account by id, or nil.
    public func person(id: PersonID) async throws -> Person? {
        try await read { try await $0.people.person(id) }
    }

    /// A person's tier history, oldest first.
    public func tierHistory(of id: PersonID) async throws -> [TierChange] {
        try await read { try await $0.people.tierHistory(of: id) }
    }
}
