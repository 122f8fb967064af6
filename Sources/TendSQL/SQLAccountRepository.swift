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
}
