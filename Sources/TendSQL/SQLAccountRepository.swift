import SQLKit
import TendCore
import TendStore

/// Accounts over any SQL backend.
public struct SQLAccountRepository: AccountRepository {
    let transactor: any SQLTransactor

    public init(transactor: any SQLTransactor) { self.transactor = transactor }

    public func localAccount() async throws -> AccountID {
        try await transactor.transaction { db in
            if let id = try await db.raw("SELECT id FROM accounts WHERE is_local = \(bind: true)").first(decodingColumn: "id", as: Int64.self) {
                return AccountID(id)
            }
            guard let id = try await db.raw("INSERT INTO accounts (is_local) VALUES (\(bind: true)) RETURNING id")
                .first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("no local account") }
            return AccountID(id)
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
}
