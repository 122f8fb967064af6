import Foundation
import SQLKit
import TendCore
import TendStore

/// Accounts over any SQL backend.
public struct SQLAccountRepository: AccountRepository {
    let transactor: any SQLTransactor

    public init(transactor: any SQLTransactor) { self.transactor = transactor }

    private struct Row: Decodable {
        var id: Int64
        var email: String?
        var password_hash: String?
        var is_local: Bool

        var account: StoredAccount {
            StoredAccount(id: AccountID(id), email: email, passwordHash: password_hash, isLocal: is_local)
        }
    }

    public func localAccount() async throws -> AccountID {
        do {
            return try await findOrCreateLocalAccount()
        } catch {
            // Two processes creating it at once on PostgreSQL: the one that lost finds the other's.
            if let existing = try await existingLocalAccount() { return existing.id }
            throw error
        }
    }

    private func findOrCreateLocalAccount() async throws -> AccountID {
        try await transactor.transaction { db in
            if let id = try await db.raw("SELECT id FROM accounts WHERE is_local = \(bind: true)").first(decodingColumn: "id", as: Int64.self) {
                return AccountID(id)
            }
            let all = try await db.raw("SELECT id FROM accounts ORDER BY id LIMIT 2").all(decodingColumn: "id", as: Int64.self)
            if all.count == 1 {
                try await db.raw("UPDATE accounts SET is_local = \(bind: true) WHERE id = \(bind: all[0])").run()
                return AccountID(all[0])
            }
            guard let id = try await db.raw("INSERT INTO accounts (is_local) VALUES (\(bind: true)) RETURNING id")
                .first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("no local account") }
            return AccountID(id)
        }
    }

    public func existingLocalAccount() async throws -> StoredAccount? {
        try await transactor.transaction { db in
            try await db.raw("SELECT id, email, password_hash, is_local FROM accounts WHERE is_local = \(bind: true)")
                .first(decoding: Row.self)?.account
        }
    }

    public func create(email: String, passwordHash: String) async throws -> AccountID {
        try await transactor.transaction { db in
            if try await db.raw("SELECT id FROM accounts WHERE lower(email) = lower(\(bind: email))").first() != nil {
                throw StoreError.conflict("an account with \(email) exists already")
            }
            guard let id = try await db.raw("""
                INSERT INTO accounts (email, password_hash, is_local) VALUES (\(bind: email), \(bind: passwordHash), \(bind: false))
                RETURNING id
                """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the account was not stored") }
            return AccountID(id)
        }
    }

    public func account(_ id: AccountID) async throws -> StoredAccount? {
        try await transactor.transaction { db in
            try await db.raw("SELECT id, email, password_hash, is_local FROM accounts WHERE id = \(bind: id.rawValue)")
                .first(decoding: Row.self)?.account
        }
    }

    public func account(email: String) async throws -> StoredAccount? {
        try await transactor.transaction { db in
            try await db.raw("SELECT id, email, password_hash, is_local FROM accounts WHERE lower(email) = lower(\(bind: email))")
                .first(decoding: Row.self)?.account
        }
    }

    public func setCredentials(_ id: AccountID, email: String, passwordHash: String) async throws {
        try await transactor.transaction { db in
            if let other = try await db.raw("SELECT id FROM accounts WHERE lower(email) = lower(\(bind: email)) AND id <> \(bind: id.rawValue)")
                .first(decodingColumn: "id", as: Int64.self) {
                throw StoreError.conflict("an account with \(email) exists already (\(other))")
            }
            let rows = try await db.raw("""
                UPDATE accounts SET email = \(bind: email), password_hash = \(bind: passwordHash) WHERE id = \(bind: id.rawValue) RETURNING id
                """).all()
            guard !rows.isEmpty else { throw StoreError.notFound("account \(id)") }
        }
    }

    public func count() async throws -> Int {
        try await transactor.transaction { db in
            try await db.raw("SELECT count(*) AS n FROM accounts").first(decodingColumn: "n", as: Int.self) ?? 0
        }
    }

    public func all() async throws -> [StoredAccount] {
        try await transactor.transaction { db in
            try await db.raw("SELECT id, email, password_hash, is_local FROM accounts ORDER BY id").all(decoding: Row.self).map(\.account)
        }
    }

    public func restore(_ a: StoredAccount) async throws {
        try await transactor.transaction { db in
            try await db.raw("""
                INSERT INTO accounts (id, email, password_hash, is_local)
                VALUES (\(bind: a.id.rawValue), \(bind: a.email), \(bind: a.passwordHash), \(bind: a.isLocal))
                """).run()
        }
    }
}
