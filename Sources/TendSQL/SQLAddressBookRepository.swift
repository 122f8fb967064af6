import Foundation
import SQLKit
import TendCore
import TendStore

private struct CardRow: Decodable {
    var href: String
    var uid: String
    var kind: String
    var person_id: Int64?
    var vcard: String?
    var base: String?
    var etag: String?
    var digest: String?
    var change: Int64
    var deleted: Bool
    var written: Bool?

    static let columns: SQLQueryString = "href, uid, kind, person_id, vcard, base, etag, digest, change, deleted"
    static let entryColumns: SQLQueryString = "href, uid, kind, person_id, NULL AS vcard, NULL AS base, etag, digest, change, deleted, (base IS NOT NULL) AS written"

    func card() throws -> StoredCard {
        StoredCard(href: href, uid: uid, kind: try cardKind(), person: person_id.map(PersonID.init), vcard: vcard, base: base,
                   etag: etag, digest: digest, change: change, deleted: deleted)
    }

    func entry() throws -> CardEntry {
        CardEntry(href: href, uid: uid, kind: try cardKind(), person: person_id.map(PersonID.init), etag: etag, digest: digest,
                  change: change, deleted: deleted, written: written ?? (base != nil))
    }

    func cardKind() throws -> StoredCard.Kind {
        guard let k = StoredCard.Kind(rawValue: kind) else { throw StoreError.corrupt("card kind '\(kind)'") }
        return k
    }
}

/// The address book over any SQL backend.
struct SQLAddressBookRepository: AddressBookRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct StateRow: Decodable {
        var counter: Int64
        var synced_revision: Int64
        var properties: String
        var epoch: String
    }

    func state() async throws -> AddressBookState {
        if let row = try await db.raw("""
            SELECT counter, synced_revision, properties, epoch FROM address_books WHERE account_id = \(bind: account.rawValue)
            """).first(decoding: StateRow.self) {
            let properties = (try? JSONDecoder().decode([String: String].self, from: Data(row.properties.utf8))) ?? [:]
            return AddressBookState(counter: row.counter, syncedRevision: row.synced_revision, properties: properties, epoch: row.epoch)
        }
        return AddressBookState()
    }

    /// The book's row, made the first time anything is written to it.
    private func ensure() async throws {
        try await db.raw("""
            INSERT INTO address_books (account_id, counter, synced_revision, properties, epoch)
            VALUES (\(bind: account.rawValue), 0, -1, '{}', \(bind: Self.newEpoch())) ON CONFLICT (account_id) DO NOTHING
            """).run()
    }

    /// Twelve random letters and digits.
    static func newEpoch() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }

    func nextChange() async throws -> Int64 {
        try await ensure()
        guard let n = try await db.raw("""
            UPDATE address_books SET counter = counter + 1 WHERE account_id = \(bind: account.rawValue) RETURNING counter
            """).first(decodingColumn: "counter", as: Int64.self) else { throw StoreError.notFound("address book") }
        return n
    }

    func setSyncedRevision(_ revision: Int64) async throws {
        try await ensure()
        try await db.raw("UPDATE address_books SET synced_revision = \(bind: revision) WHERE account_id = \(bind: account.rawValue)").run()
    }

    func setProperties(_ properties: [String: String]) async throws {
        try await ensure()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(properties), as: UTF8.self)
        try await db.raw("UPDATE address_books SET properties = \(bind: text) WHERE account_id = \(bind: account.rawValue)").run()
    }

    func entries() async throws -> [CardEntry] {
        try await db.raw("SELECT \(CardRow.entryColumns) FROM cards WHERE account_id = \(bind: account.rawValue) ORDER BY href")
            .all(decoding: CardRow.self).map { try $0.entry() }
    }

    func entries(changedAfter change: Int64) async throws -> [CardEntry] {
        try await db.raw("""
            SELECT \(CardRow.entryColumns) FROM cards WHERE account_id = \(bind: account.rawValue) AND change > \(bind: change) ORDER BY change
            """).all(decoding: CardRow.self).map { try $0.entry() }
    }

    func card(href: String) async throws -> StoredCard? {
        try await db.raw("SELECT \(CardRow.columns) FROM cards WHERE account_id = \(bind: account.rawValue) AND href = \(bind: href)")
            .first(decoding: CardRow.self)?.card()
    }

    func cards(hrefs: [String]) async throws -> [StoredCard] {
        guard !hrefs.isEmpty else { return [] }
        var out: [StoredCard] = []
        // In chunks, under every backend's limit on bound parameters.
        var start = 0
        while start < hrefs.count {
            let chunk = hrefs[start..<min(hrefs.count, start + 500)]
            out += try await db.raw("""
                SELECT \(CardRow.columns) FROM cards WHERE account_id = \(bind: account.rawValue) AND href IN (\(binds: Array(chunk)))
                """).all(decoding: CardRow.self).map { try $0.card() }
            start += 500
        }
        return out
    }

    func card(uid: String) async throws -> StoredCard? {
        try await db.raw("""
            SELECT \(CardRow.columns) FROM cards WHERE account_id = \(bind: account.rawValue) AND uid = \(bind: uid) AND deleted = \(bind: false)
            """).first(decoding: CardRow.self)?.card()
    }

    func card(person: PersonID) async throws -> StoredCard? {
        try await db.raw("""
            SELECT \(CardRow.columns) FROM cards WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: person.rawValue)
            """).first(decoding: CardRow.self)?.card()
    }

    func save(_ card: StoredCard) async throws {
        try await ensure()
        try await db.raw("""
            INSERT INTO cards (account_id, href, uid, kind, person_id, vcard, base, etag, digest, change, deleted)
            VALUES (\(bind: account.rawValue), \(bind: card.href), \(bind: card.uid), \(bind: card.kind.rawValue), \(bind: card.person?.rawValue),
                    \(bind: card.vcard), \(bind: card.base), \(bind: card.etag), \(bind: card.digest), \(bind: card.change), \(bind: card.deleted))
            ON CONFLICT (account_id, href) DO UPDATE SET uid = excluded.uid, kind = excluded.kind, person_id = excluded.person_id,
                vcard = excluded.vcard, base = excluded.base, etag = excluded.etag, digest = excluded.digest, change = excluded.change,
                deleted = excluded.deleted
            """).run()
    }
}
