import SQLKit
import TendCore
import TendStore

struct SQLImportedRecordRepository: ImportedRecordRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct Row: Decodable {
        var source: String
        var external_id: String
        var kind: String
        var person_id: Int64?
        var touch_id: Int64?
        var moment_id: Int64?

        func entity() throws -> ImportedRecord.Entity {
            switch kind {
            case "person": .person(person_id.map(PersonID.init))
            case "touch": .touch(touch_id.map(TouchID.init))
            case "moment": .moment(moment_id.map(MomentID.init))
            default: throw StoreError.corrupt("imported record kind '\(kind)'")
            }
        }
    }

    func records(source: String) async throws -> [String: ImportedRecord.Entity] {
        var out: [String: ImportedRecord.Entity] = [:]
        for row in try await db.raw("""
            SELECT source, external_id, kind, person_id, touch_id, moment_id FROM imported_records
            WHERE account_id = \(bind: account.rawValue) AND source = \(bind: source)
            """).all(decoding: Row.self) {
            out[row.external_id] = try row.entity()
        }
        return out
    }

    func remember(_ records: [ImportedRecord]) async throws {
        guard !records.isEmpty else { return }
        let rows: [SQLQueryString] = records.map { r in
            var person: Int64?, touch: Int64?, moment: Int64?
            let kind: String
            switch r.entity {
            case .person(let id): kind = "person"; person = id?.rawValue
            case .touch(let id): kind = "touch"; touch = id?.rawValue
            case .moment(let id): kind = "moment"; moment = id?.rawValue
            }
            return "(\(bind: account.rawValue), \(bind: r.source), \(bind: r.externalID), \(bind: kind), \(bind: person), \(bind: touch), \(bind: moment))"
        }
        try await insertRows(db, "INSERT INTO imported_records (account_id, source, external_id, kind, person_id, touch_id, moment_id)", rows,
                             columns: 7, tail: " ON CONFLICT (account_id, source, external_id) DO NOTHING")
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        try await db.raw("""
            UPDATE imported_records SET person_id = \(bind: to.rawValue)
            WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)
            """).run()
    }

    func all() async throws -> [ImportedRecord] {
        try await db.raw("""
            SELECT source, external_id, kind, person_id, touch_id, moment_id FROM imported_records
            WHERE account_id = \(bind: account.rawValue) ORDER BY source, external_id
            """).all(decoding: Row.self).map { ImportedRecord(source: $0.source, externalID: $0.external_id, entity: try $0.entity()) }
    }
}
