import Foundation
import TendCore
import TendStore

/// App passwords: one per device that syncs the address book (a phone, a laptop's Contacts), created in
/// Settings and with `tend app-password`, shown once, stored only as a SHA-256 hash, revocable one by one.
/// They open CardDAV only, never the pages or the API, and are apart from the sign-in password.
///
/// A password is 20 random letters in groups of five (94 bits), easy to type on a phone; that is far past
/// guessing, so a fast hash is enough and a copy of the database opens nothing.
public struct AppPasswords: Sendable {
    let store: any AccessTokenRepository

    public init(store: any AccessTokenRepository) {
        self.store = store
    }

    /// A new app password, returned with its secret: the only time the secret is known.
    public func create(for account: AccountID, name: String, at now: Date) async throws -> (secret: String, password: AppPassword) {
        let name = name.trimmed
        guard !name.isEmpty else {
            throw TendError.invalid(ValidationError(field: "name", message: "name the app password after the device that will use it (\"Ana's iPhone\")"))
        }
        guard name.count <= 100 else {
            throw TendError.invalid(ValidationError(field: "name", message: "an app password's name is at most 100 characters"))
        }
        let secret = Self.generate()
        let password = try await store.createAppPassword(for: account, name: name, hash: Self.hash(secret), at: now)
        return (secret, password)
    }

    public func list(of account: AccountID) async throws -> [AppPassword] {
        try await store.appPasswords(of: account)
    }

    /// Revokes one of the account's app passwords: the device it was given to is signed out.
    public func revoke(_ id: Int64, of account: AccountID) async throws {
        guard try await store.revokeAppPassword(id, of: account) else { throw TendError.noSuchAppPassword(id) }
    }

    /// The account an app password opens, or nil for an unknown or revoked one. Case, spaces and dashes
    /// are forgiven (a phone capitalises the first letter), as they carry none of the secret.
    public func authenticate(_ secret: String, at now: Date) async throws -> AccountID? {
        guard let normal = Self.normalise(secret) else { return nil }
        return try await store.appPassword(hash: Self.hash(normal), usedAt: now)?.account
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz")

    /// `abcde-fghij-klmno-pqrst`.
    static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        let letters = (0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        return stride(from: 0, to: 20, by: 5).map { String(letters[$0..<$0 + 5]) }.joined(separator: "-")
    }

    /// The password as it was generated, from what a person typed; nil when it cannot be one.
    static func normalise(_ typed: String) -> String? {
        guard typed.utf8.count <= 64 else { return nil }
        let letters = typed.lowercased().filter { $0 != "-" && $0 != " " }
        guard letters.count == 20, letters.allSatisfy({ alphabet.contains($0) }) else { return nil }
        let a = Array(letters)
        return stride(from: 0, to: 20, by: 5).map { String(a[$0..<$0 + 5]) }.joined(separator: "-")
    }

    static func hash(_ secret: String) -> String { Secret.digest(secret) }
}
