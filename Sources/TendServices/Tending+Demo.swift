import TendCore
import TendStore

extension Tending {
    /// What seeding the demo wrote.
    public struct DemoSeed: Sendable, Codable {
        public var people: Int
        public var touches: Int
        public var moments: Int
    }

    /// Seeds the demo network. Refuses a database that holds people unless `replace` is set,
    /// in which case the account's people (and with them everything about them) are removed first.
    /// - Parameter touchesPerPerson: The average history a person should have (see `DemoNetwork.generate`).
    public func seedDemo(seed: UInt64 = 2026, size: Int = 60, on today: Day, replace: Bool = false,
                         touchesPerPerson: Int? = nil) async throws -> DemoSeed {
        let net = DemoNetwork.generate(seed: seed, size: size, today: today, touchesPerPerson: touchesPerPerson)
        return try await write { s in
            let existing = try await s.people.count()
            if existing > 0 {
                guard replace else { throw TendError.databaseNotEmpty(people: existing) }
                for p in try await s.people.people(PeopleFilter(includeArchived: true)) { try await s.people.delete(p.id) }
            }
            // In few statements: 100,000 people and their years of touches seed in seconds, not minutes.
            let ids = try await s.people.add(net.members.map {
                NewPerson(profile: $0.profile, tier: $0.tier, targetTier: $0.target, addedOn: $0.addedOn)
            }, on: today).map(\.id)
            for (a, kind, b) in net.relations {
                try await s.people.relate(Relation(person: ids[a], kind: kind, other: ids[b]))
                if let inverse = kind.inverse { try await s.people.relate(Relation(person: ids[b], kind: inverse, other: ids[a])) }
            }
            // A slice at a time: millions of touches are never all held twice.
            for start in stride(from: 0, to: net.touches.count, by: 20_000) {
                _ = try await s.touches.log(net.touches[start..<min(start + 20_000, net.touches.count)].map { t in
                    NewTouch(on: t.on, people: t.members.map { ids[$0] }, channel: t.channel, intent: t.intent, note: t.note)
                })
            }
            for m in net.moments {
                var moment = try await s.moments.record(NewMoment(personID: ids[m.member], kind: m.kind, about: m.about, on: m.on, note: m.note))
                if let answered = m.answeredOn {
                    moment.state = .answered
                    moment.answeredOn = answered
                    moment.followedUpOn = m.followedUpOn
                    try await s.moments.update(moment)
                }
            }
            return DemoSeed(people: net.members.count, touches: net.touches.count, moments: net.moments.count)
        }
    }
}
