import Foundation
import SQLKit
import TendCore
import TendSQL

/// What PostgreSQL does its own way (`SQLBackendFeatures`): date arithmetic, ids for batch inserts from
/// the sequences, and full-text search with tsvector: words are prefixes, all must match, names weigh most.
/// Text is folded (lower case, no accents) in Swift, so the `simple` configuration suffices everywhere.
struct PostgresFeatures: SQLBackendFeatures {

    func index(person: Person, account: AccountID, on db: any SQLDatabase) async throws {
        let (names, details) = Self.document(person.profile)
        try await db.raw("""
            INSERT INTO people_search (person_id, account_id, document)
            VALUES (\(bind: person.id.rawValue), \(bind: account.rawValue),
                    setweight(to_tsvector('simple', \(bind: names)), 'A') || setweight(to_tsvector('simple', \(bind: details)), 'B'))
            ON CONFLICT (person_id) DO UPDATE SET document = excluded.document
            """).run()
    }

    func unindex(person: PersonID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM people_search WHERE person_id = \(bind: person.rawValue)").run()
    }

    func search(_ text: String, account: AccountID, on db: any SQLDatabase) async throws -> [PersonID] {
        guard let query = Self.query(text) else { return [] }
        return try await db.raw("""
            SELECT p.id AS id FROM people_search s JOIN people p ON p.id = s.person_id
            WHERE s.account_id = \(bind: account.rawValue) AND s.document @@ to_tsquery('simple', \(bind: query))
            ORDER BY ts_rank(s.document, to_tsquery('simple', \(bind: query))) DESC, p.display_name, p.id
            LIMIT 500
            """).all(decodingColumn: "id", as: Int64.self).map(PersonID.init)
    }

    func addDays(_ day: SQLQueryString, _ days: SQLQueryString) -> SQLQueryString {
        "to_char((\(day))::date + (\(days))::integer, 'YYYY-MM-DD')"
    }

    func newIDs(_ table: String, count: Int, on db: any SQLDatabase) async throws -> [Int64] {
        try await db.raw("""
            SELECT nextval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id')) AS id FROM generate_series(1, \(literal: count))
            """).all(decodingColumn: "id", as: Int64.self)
    }

    /// See `SQLBackendFeatures`: a subplan per person costs more than one pass over the rows.
    let summarisesByProbingEachPerson = false
    let lockSkippingLocked = "FOR UPDATE SKIP LOCKED"
    var phoneTail: SQLQueryString { "right(digits, 9)" }
    func email(in addresses: [String]) -> SQLQueryString { "lower(email) IN (\(binds: addresses))" }

    func index(new people: [Person], account: AccountID, on db: any SQLDatabase) async throws {
        try await insertRows(db, "INSERT INTO people_search (person_id, account_id, document)", people.map { person in
            let (names, details) = Self.document(person.profile)
            return """
                (\(bind: person.id.rawValue), \(bind: account.rawValue),
                 setweight(to_tsvector('simple', \(bind: names)), 'A') || setweight(to_tsvector('simple', \(bind: details)), 'B'))
                """
        }, columns: 4)
    }

    /// What search looks in, folded: names, and everything else worth finding someone by.
    static func document(_ p: Profile) -> (names: String, details: String) {
        (fold([p.displayName, p.givenName, p.familyName, p.nickname].compactMap { $0 }.joined(separator: " ")),
         fold(([p.company, p.title, p.city, p.howWeMet, p.notes].compactMap { $0 } + p.tags + p.emails).joined(separator: " ")))
    }

    func resetIdentities(on db: any SQLDatabase) async throws {
        for table in ["accounts", "people", "tier_changes", "moments", "touches"] {
            try await db.raw("""
                SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), coalesce((SELECT max(id) FROM \(unsafeRaw: table)), 0) + 1, false)
                """).run()
        }
    }

    /// Each folded word as a prefix, all required: `ana acme` → `ana:* & acme:*`. Only letters and
    /// digits pass, so nothing in the text is read as query syntax.
    static func query(_ text: String) -> String? {
        let words = fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        return words.map { "\($0):*" }.joined(separator: " & ")
    }
}
