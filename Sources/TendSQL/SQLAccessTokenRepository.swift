import Foundation
import SQLKit
import TendCore
import TendStore

/// API tokens and calendar feed tokens over any SQL backend.
public struct SQLAccessTokenRepository: AccessTokenRepository {
    let transactor: any SQLTransactor

    public init(transactor: any SQLTransactor) { self.transactor = transactor }

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

    private struct AppPasswordRow: Decodable {
        var id: Int64
        var account_id: Int64
        var name: String
        var created_at: Double
        var last_used_at: Double?

        var password: AppPassword {
            AppPassword(id: id, name: name, createdAt: Date(timeIntervalSince1970: created_at),
                        lastUsedAt: last_used_at.map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func createAppPassword(for account: AccountID, name: String, hash: String, at: Date) async throws -> AppPassword {
        try await transactor.transaction { db in
            guard let id = try await db.raw("""
                INSERT INTO app_passwords (account_id, name, password_hash, created_at)
                VALUES (\(bind: account.rawValue), \(bind: name), \(bind: hash), \(bind: at.timeIntervalSince1970))
                RETURNING id
                """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the app password was not stored") }
            return AppPassword(id: id, name: name, createdAt: at)
        }
    }

    public func appPasswords(of account: AccountID) async throws -> [AppPassword] {
        try await transactor.transaction { db in
            try await db.raw("""
                SELECT id, account_id, name, created_at, last_used_at FROM app_passwords
                WHERE account_id = \(bind: account.rawValue) ORDER BY id
                """).all(decoding: AppPasswordRow.self).map(\.password)
        }
    }

    public func revokeAppPassword(_ id: Int64, of account: AccountID) async throws -> Bool {
        try await transactor.transaction { db in
            try await !db.raw("""
                DELETE FROM app_passwords WHERE id = \(bind: id) AND account_id = \(bind: account.rawValue) RETURNING id
                """).all().isEmpty
        }
    }

    public func appPassword(hash: String, usedAt: Date) async throws -> (account: AccountID, password: AppPassword)? {
        guard let row = try await transactor.transaction({ db in
            try await db.raw("""
                SELECT id, account_id, name, created_at, last_used_at FROM app_passwords WHERE password_hash = \(bind: hash)
                """).first(decoding: AppPasswordRow.self)
        }) else { return nil }
        var password = row.password
        // A sync must not write on every request: the last use is kept to the minute.
        if password.lastUsedAt.map({ usedAt.timeIntervalSince($0) >= 60 }) ?? true {
            try await transactor.transaction { db in
                try await db.raw("UPDATE app_passwords SET last_used_at = \(bind: usedAt.timeIntervalSince1970) WHERE id = \(bind: row.id)").run()
            }
            password.lastUsedAt = usedAt
        }
        return (AccountID(row.account_id), password)
    }
}
