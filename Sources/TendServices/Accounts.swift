import Crypto
import Foundation
import TendCore
import TendStore

/// Hashes and checks passwords; the web layer supplies bcrypt.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async throws -> String
    func verify(_ password: String, hash: String) async throws -> Bool
    /// A hash of nothing anyone types, made at the cost real passwords are hashed at, to verify against
    /// when an email is unknown.
    func decoyHash() async throws -> String
}

/// Who may sign up, sign in and change their password.
public struct Accounts: Sendable {
    public let database: any TendDatabase
    public let hasher: any PasswordHasher

    public enum SignUpPolicy: String, Sendable, CaseIterable {
        /// Anyone may sign up.
        case open
        /// Only the first account; after that sign-up is closed.
        case first
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalid(field: String, message: String)
        case emailTaken
        case signUpClosed
        case wrongCredentials

        public var description: String {
            switch self {
            case .invalid(_, let message): message
            case .emailTaken: "an account with this email exists already; sign in instead"
            case .signUpClosed: "sign-up is closed on this server"
            case .wrongCredentials: "that email and password do not match an account"
            }
        }
    }

    public init(database: any TendDatabase, hasher: any PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// Whether a new account may be created under `policy` now.
    public func signUpOpen(_ policy: SignUpPolicy) async throws -> Bool {
        switch policy {
        case .open: return true
        case .first:
            if try await database.accounts.count() == 0 { return true }
            return try await unclaimedLocalAccount() != nil
        }
    }

    /// Creates an account. The first sign-up on a database the CLI has used claims the CLI's
    /// account, so the same people show in both.
    public func signUp(email: String, password: String, policy: SignUpPolicy) async throws -> AccountID {
        let email = try Self.check(email: email)
        try Self.check(password: password)
        guard try await signUpOpen(policy) else { throw Failure.signUpClosed }
        if try await database.accounts.account(email: email) != nil { throw Failure.emailTaken }
        let hash = try await hasher.hash(password)
        if let local = try await unclaimedLocalAccount() {
            try await database.accounts.setCredentials(local, email: email, passwordHash: hash)
            return local
        }
        do {
            return try await database.accounts.create(email: email, passwordHash: hash)
        } catch StoreError.conflict {
            throw Failure.emailTaken
        }
    }

    /// The account for an email and password, or `wrongCredentials` (the same for an unknown email).
    public func signIn(email: String, password: String) async throws -> AccountID {
        let account = try await database.accounts.account(email: email.trimmingCharacters(in: .whitespaces))
        guard let account, let hash = account.passwordHash else {
            // Spend the same time as a real check, so timing does not reveal which emails exist.
            _ = try? await hasher.verify(password, hash: try await hasher.decoyHash())
            throw Failure.wrongCredentials
        }
        guard try await hasher.verify(password, hash: hash) else { throw Failure.wrongCredentials }
        return account.id
    }

    public func changePassword(_ id: AccountID, current: String, new: String) async throws {
        guard let account = try await database.accounts.account(id), let email = account.email, let hash = account.passwordHash,
              try await hasher.verify(current, hash: hash) else {
            throw Failure.invalid(field: "current", message: "the current password is not right")
        }
        try Self.check(password: new)
        try await database.accounts.setCredentials(id, email: email, passwordHash: try await hasher.hash(new))
    }

    /// What a web session of this account carries to stay valid: a digest of the password's hash, so
    /// a new password ends every session made with the old one.
    public func credentialStamp(of id: AccountID) async throws -> String? {
        try await database.accounts.account(id).map { Self.credentialStamp($0.passwordHash) }
    }

    public static func credentialStamp(_ passwordHash: String?) -> String {
        String(SHA256.hash(data: Data((passwordHash ?? "").utf8)).prefix(12).map { String(format: "%02x", $0) }.joined())
    }

    public func email(of id: AccountID) async throws -> String? {
        try await database.accounts.account(id)?.email
    }

    /// The CLI's account while nobody has signed up for it and it is the only one.
    private func unclaimedLocalAccount() async throws -> AccountID? {
        guard try await database.accounts.count() == 1, let local = try await database.accounts.existingLocalAccount(),
              local.email == nil else { return nil }
        return local.id
    }

    static func check(email: String) throws -> String {
        let e = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !e.contains(" "), e.count <= 254 else {
            throw Failure.invalid(field: "email", message: "'\(e)' is not an email address")
        }
        return e
    }

    static func check(password: String) throws {
        guard password.count >= 8 else {
            throw Failure.invalid(field: "password", message: "a password needs at least 8 characters")
        }
        // bcrypt reads at most 72 bytes: a longer password would be silently cut.
        guard password.utf8.count <= 72 else {
            throw Failure.invalid(field: "password", message: "a password can be at most 72 bytes long")
        }
    }
}

extension Accounts {
    /// The demo account of `tend serve --demo`: created and seeded with the demo network on first use.
    /// - Returns: The account, and whether it was new.
    public func demoAccount(email: String, password: String, on today: Day) async throws -> (AccountID, created: Bool) {
        if let existing = try await database.accounts.account(email: email) { return (existing.id, false) }
        let id = try await database.accounts.create(email: email, passwordHash: try await hasher.hash(password))
        _ = try await Tending(database: database, account: id).seedDemo(on: today)
        return (id, true)
    }
}
