import TendCore
import TendStore

extension Tending {
    /// What a merge kept.
    public struct Merge: Sendable, Codable {
        public var person: Person
        public var removed: Person
        public var touchesMoved: Int
        public var momentsMoved: Int
    }

    /// Merges `duplicate` into `keep`: every touch, moment, relation and tier change moves over,
    /// fields `keep` lacks come from `duplicate`, lists are joined, and `duplicate` is removed.
    public func merge(_ keepReference: PersonReference, _ duplicateReference: PersonReference, on day: Day) async throws -> Merge {
        try await write { s in
            let keep = try await Self.resolve(keepReference, in: s)
            let dup = try await Self.resolve(duplicateReference, in: s)
            guard keep.id != dup.id else { throw TendError.mergeWithSelf(keep.displayName) }
            let touchesMoved = try await s.touches.touches(of: dup.id, limit: nil).count
            let momentsMoved = try await s.moments.moments(of: dup.id).count

            let merged = Self.merged(keep, dup)
            try await s.touches.reassign(from: dup.id, to: keep.id)
            try await s.moments.reassign(from: dup.id, to: keep.id)
            try await s.proposals.reassign(from: dup.id, to: keep.id)
            try await s.feeds.reassign(from: dup.id, to: keep.id)
            try await s.capture.reassign(from: dup.id, to: keep.id)
            try await s.calendars.reassign(from: dup.id, to: keep.id)
            try await s.importedRecords.reassign(from: dup.id, to: keep.id)
            try await s.people.reassign(from: dup.id, to: keep.id)
            try await s.people.delete(dup.id)
            try await s.people.update(merged)
            if merged.tier != keep.tier {
                try await s.people.recordTierChange(
                    TierChange(from: keep.tier, to: merged.tier, on: day, reason: "merged with \(dup.displayName)"), of: keep.id)
            }
            return Merge(person: merged, removed: dup, touchesMoved: touchesMoved, momentsMoved: momentsMoved)
        }
    }

    /// The union of two records of one person; `a` wins where both have a value.
    static func merged(_ a: Person, _ b: Person) -> Person {
        var m = a
        let p = a.profile.filled(from: b.profile)
        m.profile = p
        m.tier = max(a.tier, b.tier)
        m.targetTier = [a.targetTier, b.targetTier].compactMap { $0 }.max().flatMap { $0 > m.tier ? $0 : nil }
        m.cadenceDays = a.cadenceDays ?? b.cadenceDays
        m.archived = a.archived && b.archived
        m.addedOn = min(a.addedOn, b.addedOn)
        return m
    }
}
