import Foundation
import TendCore

/// An account as stored: who may sign in, and whether the CLI works on it.
public struct StoredAccount: Hashable, Sendable {
    public var id: AccountID
    public var email: String?
    public var passwordHash: String?
    public var isLocal: Bool

    public init(id: AccountID, email: String?, passwordHash: String?, isLocal: Bool) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.isLocal = isLocal
    }
}

/// Accounts: the local one the CLI uses, and signed-up users of the web app.
public protocol AccountRepository: Sendable {
    /// The account the CLI works on: the local one; else the only account there is, which becomes
    /// the local one; else a new local account.
    func localAccount() async throws -> AccountID
    /// The local account if there is one, without creating it.
    func existingLocalAccount() async throws -> StoredAccount?
    /// Creates a signed-up account; the email must be new (case-insensitively).
    func create(email: String, passwordHash: String) async throws -> AccountID
    func account(_ id: AccountID) async throws -> StoredAccount?
    func account(email: String) async throws -> StoredAccount?
    /// Sets the email and password of an account (a local account claimed at sign-up, or a new password).
    func setCredentials(_ id: AccountID, email: String, passwordHash: String) async throws
    func count() async throws -> Int
    /// Every account, by id.
    func all() async throws -> [StoredAccount]
    /// Stores an account with its id, for restoring a copy into an empty database.
    func restore(_ account: StoredAccount) async throws
}
