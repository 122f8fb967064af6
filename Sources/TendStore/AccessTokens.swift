import Foundation
import TendCore

/// The secrets that open an account without its password: the JSON API's personal access tokens
/// and the calendar feed's address. Stored apart from the accounts they open.
public protocol AccessTokenRepository: Sendable {
    /// The secret token of an account's calendar feed, if it has one.
    func calendarFeed(of account: AccountID) async throws -> String?
    /// Gives an account's calendar feed a new token (the old URL stops working), or turns it off with nil.
    func setCalendarFeed(of account: AccountID, token: String?) async throws
    /// The account whose calendar feed has this token.
    func account(calendarFeed token: String) async throws -> AccountID?

    /// Stores a personal access token by the hash of its secret (the secret itself is never stored).
    func createToken(for account: AccountID, name: String, hash: String, scope: TokenScope, at: Date) async throws -> APIToken
    /// An account's tokens, oldest first.
    func tokens(of account: AccountID) async throws -> [APIToken]
    /// Deletes one of the account's tokens; false when it has no such token.
    func revokeToken(_ id: Int64, of account: AccountID) async throws -> Bool
    /// The token with this hash and its account; notes when it was used, at most once a minute.
    func token(hash: String, usedAt: Date) async throws -> (account: AccountID, token: APIToken)?

    /// Stores an app password (for CardDAV clients) by the hash of its secret.
    func createAppPassword(for account: AccountID, name: String, hash: String, at: Date) async throws -> AppPassword
    /// An account's app passwords, oldest first.
    func appPasswords(of account: AccountID) async throws -> [AppPassword]
    /// Deletes one of the account's app passwords; false when it has no such password.
    func revokeAppPassword(_ id: Int64, of account: AccountID) async throws -> Bool
    /// The app password with this hash and its account; notes when it was used, at most once a minute.
    func appPassword(hash: String, usedAt: Date) async throws -> (account: AccountID, password: AppPassword)?
}

/// An app password as stored: a device's own password for the address book, everything but its secret.
public struct AppPassword: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// What a personal access token may do.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    case read, write
}

/// A personal access token as stored: everything but its secret.
public struct APIToken: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var scope: TokenScope
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, scope: TokenScope, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}
