import SQLKit
import TendCore
import TendSQL
import TendStore

/// What SQLite does its own way (`SQLBackendFeatures`): date arithmetic, ids for batch inserts, and
/// full-text search with FTS5: words are prefixes, all must match, names weigh most.
struct SQLiteFeatures: SQLBackendFeatures {
    func index(person: Person, account: AccountID, on db: any SQLDatabase) async throws {
        let (names, details) = Self.document(person.profile)
        try await unindex(person: person.id, on: db)
        try await db.raw("INSERT INTO people_fts (rowid, names, details) VALUES (\(bind: person.id.rawValue), \(bind: names), \(bind: details))").run()
    }

    func unindex(person: PersonID, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM people_fts WHERE rowid = \(bind: person.rawValue)").run()
    }

    func search(_ text: String, account: AccountID, on db: any SQLDatabase) async throws -> [PersonID] {
        guard let query = Self.matchExpression(text) else { return [] }
        return try await db.raw("""
            SELECT p.id AS id FROM people_fts f JOIN people p ON p.id = f.rowid
            WHERE people_fts MATCH \(bind: query) AND p.account_id = \(bind: account.rawValue)
            ORDER BY bm25(people_fts, 10.0, 1.0), p.display_name, p.id
            LIMIT 500
            """).all(decodingColumn: "id", as: Int64.self).map(PersonID.init)
    }

    func addDays(_ day: SQLQueryString, _ days: SQLQueryString) -> SQLQueryString { "date(\(day), '+' || (\(days)) || ' days')" }

    /// SQLite gives a new row the next id after the largest: nothing to do.
    func resetIdentities(on db: any SQLDatabase) async throws {}

    /// SQLite gives a new row the largest id plus one; inside the write transaction nobody else writes.
    func newIDs(_ table: String, count: Int, on db: any SQLDatabase) async throws -> [Int64] {
        let last = try await db.raw("SELECT coalesce(max(id), 0) AS m FROM \(unsafeRaw: table)").first(decodingColumn: "m", as: Int64.self) ?? 0
        // Restores keep ids within JSON's exact integers (2⁵³), so this never nears Int64.max; if a
        // database still held such an id, refuse rather than overflow.
        guard last < (Int64(1) << 53) - Int64(count) else {
            throw StoreError.corrupt("\(table) holds an id (\(last)) too large to count on from")
        }
        return (0..<Int64(count)).map { last + 1 + $0 }
    }

    /// See `SQLBackendFeatures`: index searches are calls in this process.
    let summarisesByProbingEachPerson = true
    let lockSkippingLocked = ""
    var phoneTail: SQLQueryString { "substr(digits, -9)" }
    /// SQLite's lower() and NOCASE both fold ASCII only, so they agree; the index is NOCASE.
    func email(in addresses: [String]) -> SQLQueryString { "email COLLATE NOCASE IN (\(binds: addresses))" }

    func index(new people: [Person], account: AccountID, on db: any SQLDatabase) async throws {
        try await insertRows(db, "INSERT INTO people_fts (rowid, names, details)", people.map { person in
            let (names, details) = Self.document(person.profile)
            return "(\(bind: person.id.rawValue), \(bind: names), \(bind: details))"
        }, columns: 3)
    }

    /// What search looks in: names, and everything else worth finding someone by.
    static func document(_ p: Profile) -> (names: String, details: String) {
        let names = [p.displayName, p.givenName, p.familyName, p.nickname].compactMap { $0 }.joined(separator: " ")
        let details = ([p.company, p.title, p.city, p.howWeMet, p.notes].compactMap { $0 } + p.tags + p.emails).joined(separator: " ")
        return (names, details)
    }

    /// Each word of the user's text as a quoted prefix: `ana acme` → `"ana"* "acme"*`.
    /// Quoting keeps FTS5 syntax characters in the text from being read as operators.
    static func matchExpression(_ text: String) -> String? {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }
}
