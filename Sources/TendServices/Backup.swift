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

    /// Restores a backup into this account, which must hold nobody yet; ids are kept, so the database
    /// must not hold them already (restore into a new database). All or nothing.
    public func restore(_ backup: Backup) async throws {
        try await write { s in
            try await Self.checkRestorable(in: s)
            try await s.settings.save(backup.settings)
            for record in backup.people {
                _ = try Self.check(record.person.profile)
                try await s.people.restore(record.person, history: record.tierHistory)
            }
            for relation in backup.relations { try await s.people.relate(relation) }
            for moment in backup.moments { try await s.moments.restore(moment) }
            for touch in backup.touches { try await s.touches.restore(touch) }
            for record in backup.suggestionStates { try await s.suggestionStates.set(record.state, for: record.key) }
            try await s.finishRestore()
        }
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
            try await Tending(database: destination, account: account.id).restore(backup)
            summary.accounts += 1
            summary.people += backup.people.count
            summary.touches += backup.touches.count
            summary.moments += backup.moments.count
        }
        return summary
    }
}
