import Foundation
import TendCore
import TendStore

/// Everything one account holds, with its ids: a lossless backup, and the unit `tend copy` moves.
/// Written as JSON with sorted keys, so the same data always gives the same file.
public struct Backup: Codable, Sendable, Equatable {
    public static let currentFormat = "tend-backup-1"

    public var format: String
    public var settings: Settings
    public var people: [PersonRecord]
    public var relations: [Relation]
    public var moments: [Moment]
    public var touches: [Touch]
    public var suggestionStates: [StateRecord]

    public struct PersonRecord: Codable, Sendable, Equatable {
        public var person: Person
        public var tierHistory: [TierChange]
    }

    public struct StateRecord: Codable, Sendable, Equatable {
        public var key: String
        public var state: SuggestionState
    }

    /// The JSON form.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a backup, or says why the data is not one.
    public static func decode(_ data: Data) throws -> Backup {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let format = object["format"] as? String else {
            throw TendError.invalid(ValidationError(field: "file", message: "this is not a Tend backup (no \"format\" field in a JSON object)"))
        }
        guard format == currentFormat else {
            throw TendError.invalid(ValidationError(field: "file", message: "unknown backup format '\(format)'; this Tend reads \(currentFormat)"))
        }
        do {
            return try JSONDecoder().decode(Backup.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup is damaged at \(Self.path(context.codingPath)): \(context.debugDescription)"))
        } catch let DecodingError.keyNotFound(key, context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup lacks '\(key.stringValue)' at \(Self.path(context.codingPath))"))
        } catch let DecodingError.typeMismatch(_, context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup has a wrong value at \(Self.path(context.codingPath))"))
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

extension Tending {
    /// A complete, lossless backup of this account.
    public func backup() async throws -> Backup {
        try await read { s in
            var people: [Backup.PersonRecord] = []
            for p in try await s.people.people(PeopleFilter(includeArchived: true)).sorted(by: { $0.id < $1.id }) {
                people.append(.init(person: p, tierHistory: try await s.people.tierHistory(of: p.id)))
            }
            return Backup(
                format: Backup.currentFormat, settings: try await s.settings.load(), people: people,
                relations: try await s.people.allRelations(), moments: try await s.moments.all(), touches: try await s.touches.all(),
                suggestionStates: try await s.suggestionStates.states().sorted { $0.key < $1.key }.map { .init(key: $0.key, state: $0.value) })
        }
    }

    /// Throws unless a backup could be restored here now (the account holds nobody), for a dry run.
    public func checkRestorable() async throws {
        try await read { try await Self.checkRestorable(in: $0) }
    }

    static func checkRestorable(in s: any TendSession) async throws {
        let existing = try await s.people.count()
        guard existing == 0 else { throw TendError.restoreNeedsEmpty(people: existing) }
    }

    /// Restores a backup into this account, which must hold nobody yet. All or nothing.
    ///
    /// Into an instance that holds nobody at all, the backup's ids are kept, so exporting gives the
    /// backup back (and `tend copy` moves ids as they are); anywhere else every person, moment and touch
    /// gets a new id, so a backup can neither collide with nor probe another account's rows.
    /// - Parameter keepingIDs: Keep the ids even in an instance that holds others (`tend copy`, whose
    ///   destination holds only what it copied).
    public func restore(_ backup: Backup, keepingIDs: Bool = false) async throws {
        try backup.check()
        try await write { s in
            try await Self.checkRestorable(in: s)
            let keep = try await keepingIDs ? true : s.instanceIsEmpty()
            let restored = keep ? backup : try await backup.renumbered(in: s)
            try await s.settings.save(restored.settings)
            for record in restored.people {
                _ = try Self.check(record.person.profile)
                try await s.people.restore(record.person, history: record.tierHistory)
            }
            for relation in restored.relations { try await s.people.relate(relation) }
            for moment in restored.moments { try await s.moments.restore(moment) }
            for touch in restored.touches { try await s.touches.restore(touch) }
            for record in restored.suggestionStates { try await s.suggestionStates.set(record.state, for: record.key) }
            try await s.finishRestore()
        }
    }
}

extension Backup {
    /// The largest id a backup may hold: JSON clients read numbers as doubles, exact up to 2⁵³.
    public static let largestID = (Int64(1) << 53) - 1

    /// Throws unless every id is positive, within `largestID` and unique, and every reference points at
    /// a person or moment of this same backup.
    public func check() throws {
        func fail(_ message: String) -> TendError { .invalid(ValidationError(field: "file", message: "the backup is damaged: " + message)) }
        func unique<ID: Hashable>(_ ids: [ID], _ raw: (ID) -> Int64, _ what: String) throws -> Set<ID> {
            var seen = Set<ID>()
            for id in ids {
                guard (1...Self.largestID).contains(raw(id)) else { throw fail("\(what) id \(raw(id)) is not between 1 and 2^53 - 1") }
                guard seen.insert(id).inserted else { throw fail("\(what) id \(raw(id)) appears twice") }
            }
            return seen
        }
        let people = try unique(people.map(\.person.id), \.rawValue, "person")
        let moments = try unique(moments.map(\.id), \.rawValue, "moment")
        _ = try unique(touches.map(\.id), \.rawValue, "touch")
        for r in relations where !people.contains(r.person) || !people.contains(r.other) {
            throw fail("a relation names person \(people.contains(r.person) ? r.other : r.person), who is not in it")
        }
        for m in self.moments where !people.contains(m.personID) {
            throw fail("moment \(m.id) is about person \(m.personID), who is not in it")
        }
        for t in touches {
            if let p = t.people.first(where: { !people.contains($0) }) { throw fail("touch \(t.id) names person \(p), who is not in it") }
            if let m = t.momentID, !moments.contains(m) { throw fail("touch \(t.id) answers moment \(m), which is not in it") }
        }
    }

    /// The same backup with fresh ids for every person, moment and touch, and every reference and
    /// snooze key following them.
    func renumbered(in s: any TendSession) async throws -> Backup {
        let fresh = try await s.freshIDs(people: people.count, moments: moments.count, touches: touches.count)
        let personIDs = Dictionary(uniqueKeysWithValues: zip(people.map(\.person.id), fresh.people.map(PersonID.init)))
        let momentIDs = Dictionary(uniqueKeysWithValues: zip(moments.map(\.id), fresh.moments.map(MomentID.init)))
        // `check()` has made sure every reference is in the maps.
        func person(_ id: PersonID) -> PersonID { personIDs[id] ?? id }
        func moment(_ id: MomentID) -> MomentID { momentIDs[id] ?? id }
        var copy = self
        for i in copy.people.indices { copy.people[i].person.id = person(copy.people[i].person.id) }
        for i in copy.relations.indices {
            copy.relations[i].person = person(copy.relations[i].person)
            copy.relations[i].other = person(copy.relations[i].other)
        }
        for i in copy.moments.indices {
            copy.moments[i].id = moment(copy.moments[i].id)
            copy.moments[i].personID = person(copy.moments[i].personID)
        }
        for (i, id) in zip(copy.touches.indices, fresh.touches) {
            copy.touches[i].id = TouchID(id)
            copy.touches[i].people = copy.touches[i].people.map(person)
            copy.touches[i].momentID = copy.touches[i].momentID.map(moment)
        }
        // A snooze or dismissal is keyed by kind, then the person's or the moment's id.
        copy.suggestionStates = suggestionStates.compactMap { record in
            var parts = record.key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, let old = Int64(parts[1]) else { return nil }
            switch parts[0] {
            case "celebrate", "support", "follow-up":
                guard let new = momentIDs[MomentID(old)] else { return nil }
                parts[1] = String(new.rawValue)
            default:
                guard let new = personIDs[PersonID(old)] else { return nil }
                parts[1] = String(new.rawValue)
            }
            return StateRecord(key: parts.joined(separator: ":"), state: record.state)
        }
        return copy
    }
}

/// Moves a whole instance, every account and everything in it, into an empty database:
/// from SQLite to PostgreSQL when a personal instance becomes a hosted one.
public enum InstanceCopy {
    public struct Summary: Sendable {
        public var accounts = 0
        public var people = 0
        public var touches = 0
        public var moments = 0
    }

    public static func copy(from source: any TendDatabase, to destination: any TendDatabase) async throws -> Summary {
        guard try await destination.accounts.count() == 0 else {
            throw TendError.invalid(ValidationError(field: "to", message: "the destination already has accounts; copy into an empty database"))
        }
        var summary = Summary()
        for account in try await source.accounts.all() {
            let backup = try await Tending(database: source, account: account.id).backup()
            try await destination.accounts.restore(account)
            try await Tending(database: destination, account: account.id).restore(backup, keepingIDs: true)
            summary.accounts += 1
            summary.people += backup.people.count
            summary.touches += backup.touches.count
            summary.moments += backup.moments.count
        }
        return summary
    }
}
