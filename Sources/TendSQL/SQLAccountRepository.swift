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

    public func calendarFeed(of account: AccountID) async throws -> String? {
        try await transactor.transaction { db in
            try await db.raw("SELECT token FROM calendar_feeds WHERE account_id = \(bind: account.rawValue)")
                .first(decodingColumn: "token", as: String.self)
        }
    }

    public func setCalendarFeed(of account: AccountID, token: String?) async throws {
        try await transactor.transaction { db in
            try await db.raw("DELETE FROM calendar_feeds WHERE account_id = \(bind: account.rawValue)").run()
            if let token {
                try await db.raw("INSERT INTO calendar_feeds (account_id, token) VALUES (\(bind: account.rawValue), \(bind: token))").run()
            }
        }
    }

    public func account(calendarFeed token: String) async throws -> AccountID? {
        try await transactor.transaction { db in
            try await db.raw("SELECT account_id FROM calendar_feeds WHERE token = \(bind: token)")
                .first(decodingColumn: "account_id", as: Int64.self).map(AccountID.init)
        }
    }

    private struct TokenRow: Decodable {
        var id: Int64
        var account_id: Int64
        var name: String
        var scope: String
        var created_at: Double
        var last_used_at: Double?

        func token() throws -> APIToken {
            guard let scope = TokenScope(rawValue: scope) else { throw StoreError.corrupt("token scope '\(scope)'") }
            return APIToken(id: id, name: name, scope: scope, createdAt: Date(timeIntervalSince1970: created_at),
                            lastUsedAt: last_used_at.map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func createToken(for account: AccountID, name: String, hash: String, scope: TokenScope, at: Date) async throws -> APIToken {
        try await transactor.transaction { db in
            guard let id = try await db.raw("""
                INSERT INTO api_tokens (account_id, name, token_hash, scope, created_at)
                VALUES (\(bind: account.rawValue), \(bind: name), \(bind: hash), \(bind: scope.rawValue), \(bind: at.timeIntervalSince1970))
                RETURNING id
                """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the token was not stored") }
            return APIToken(id: id, name: name, scope: scope, createdAt: at)
        }
    }

    public func tokens(of account: AccountID) async throws -> [APIToken] {
        try await transactor.transaction { db in
            try await db.raw("""
                SELECT id, account_id, name, scope, created_at, last_used_at FROM api_tokens
                WHERE account_id = \(bind: account.rawValue) ORDER BY id
                """).all(decoding: TokenRow.self).map { try $0.token() }
        }
    }

    public func revokeToken(_ id: Int64, of account: AccountID) async throws -> Bool {
        try await transactor.transaction { db in
            try await !db.raw("""
                DELETE FROM api_tokens WHERE id = \(bind: id) AND account_id = \(bind: account.rawValue) RETURNING id
                """).all().isEmpty
        }
    }

    public func token(hash: String, usedAt: Date) async throws -> (account: AccountID, token: APIToken)? {
        guard let row = try await transactor.transaction({ db in
            try await db.raw("""
                SELECT id, account_id, name, scope, created_at, last_used_at FROM api_tokens WHERE token_hash = \(bind: hash)
                """).first(decoding: TokenRow.self)
        }) else { return nil }
        var token = try row.token()
        // Reading the API must not write on every request: the last use is kept to the minute.
        if token.lastUsedAt.map({ usedAt.timeIntervalSince($0) >= 60 }) ?? true {
            try await transactor.transaction { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: usedAt.timeIntervalSince1970) WHERE id = \(bind: row.id)").run()
            }
            token.lastUsedAt = usedAt
        }
        return (AccountID(row.account_id), token)
    }
}
