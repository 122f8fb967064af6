import Foundation
import TendCore
import TendStore

/// Personal access tokens for the JSON API: created and revoked in Settings and with `tend token`,
/// shown once, stored only as a SHA-256 hash, each scoped to its account.
///
/// A token carries 256 random bits, so a fast hash is enough: nobody can guess their way to one,
/// and a copy of the database does not reveal any.
public struct APITokens: Sendable {
    let store: any AccessTokenRepository

    public init(store: any AccessTokenRepository) {
        self.store = store
    }

    /// Every token starts with this, so a leaked one is easy to recognise (and to scan for).
    public static let prefix = "tend_"

    /// A new token, returned with its secret: the only time the secret is known.
    public func create(for account: AccountID, name: String, scope: TokenScope, at now: Date) async throws -> (secret: String, token: APIToken) {
        let name = name.trimmed
        guard !name.isEmpty else {
            throw TendError.invalid(ValidationError(field: "name", message: "name the token after what will use it (\"phone shortcut\")"))
        }
        guard name.count <= 100 else {
            throw TendError.invalid(ValidationError(field: "name", message: "a token's name is at most 100 characters"))
        }
        let secret = Self.prefix + Secret.random()
        let token = try await store.createToken(for: account, name: name, hash: Self.hash(secret), scope: scope, at: now)
        return (secret, token)
    }

    public func list(of account: AccountID) async throws -> [APIToken] {
        try await store.tokens(of: account)
    }

    /// Revokes one of the account's tokens: requests with it fail from now on.
    public func revoke(_ id: Int64, of account: AccountID) async throws {
        guard try await store.revokeToken(id, of: account) else { throw TendError.noSuchToken(id) }
    }

    /// The account and scope a token opens, or nil for an unknown or revoked token.
    public func authenticate(_ secret: String, at now: Date) async throws -> (account: AccountID, scope: TokenScope)? {
        guard secret.hasPrefix(Self.prefix), secret.utf8.count == Self.prefix.utf8.count + 43 else { return nil }
        return try await store.token(hash: Self.hash(secret), usedAt: now).map { ($0.account, $0.token.scope) }
    }

    static func hash(_ secret: String) -> String { Secret.digest(secret) }
}
