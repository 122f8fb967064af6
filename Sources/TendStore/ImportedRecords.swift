import TendCore

/// What an imported record became in Tend, kept by the record's id in its source (a Monica uuid), so that
/// importing a later export again updates the same person and adds no touch or moment twice. A record whose
/// person, touch or moment was deleted in Tend stays known with no entity: it is not brought back.
public struct ImportedRecord: Hashable, Sendable, Codable {
    public enum Entity: Hashable, Sendable, Codable {
        case person(PersonID?)
        case touch(TouchID?)
        case moment(MomentID?)
    }

    /// "monica".
    public var source: String
    /// "contact:<uuid>", "activity:<uuid>", …
    public var externalID: String
    public var entity: Entity

    public init(source: String, externalID: String, entity: Entity) {
        self.source = source
        self.externalID = externalID
        self.entity = entity
    }
}

public protocol ImportedRecordRepository: Sendable {
    /// Every record imported from `source`, by its external id.
    func records(source: String) async throws -> [String: ImportedRecord.Entity]
    /// Remembers records; one already known keeps what it was.
    func remember(_ records: [ImportedRecord]) async throws
    /// Points the records of a person merged into another at the one who stays.
    func reassign(from: PersonID, to: PersonID) async throws
    /// All of them, for a backup.
    func all() async throws -> [ImportedRecord]
}
