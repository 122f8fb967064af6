import Crypto
import Foundation
import TendCore
import TendStore

/// Links in a digest that act without a session: each is signed, names one account, one suggestion
/// (or the digest itself) and one action, and expires. A link only opens a confirmation page; the
/// action happens when that page's button is pressed.
public struct ActionLinks: Sendable {
    public enum Action: String, Sendable, CaseIterable {
        case done, snooze, unsubscribe
    }

    /// What a valid link says.
    public struct Link: Hashable, Sendable {
        public var account: AccountID
        public var action: Action
        /// The suggestion's key; empty for unsubscribe.
        public var suggestion: String
        /// The digest's day.
        public var day: Day
        public var expires: Date

        public init(account: AccountID, action: Action, suggestion: String, day: Day, expires: Date) {
            self.account = account
            self.action = action
            self.suggestion = suggestion
            self.day = day
            self.expires = expires
        }
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case malformed, forged, expired

        public var description: String {
            switch self {
            case .malformed: "This link is not one of Tend's; copy the whole link from the message."
            case .forged: "This link's signature does not match: it was changed, or it comes from another Tend."
            case .expired: "This link has expired; open Tend to act on today's agenda."
            }
        }
    }

    let key: SymmetricKey

    /// How long a suggestion's links work, and the unsubscribe link.
    public static let suggestionLifetime: TimeInterval = 7 * 86_400
    public static let unsubscribeLifetime: TimeInterval = 90 * 86_400

    public init(key: SymmetricKey) { self.key = key }

    /// The instance's signing key: made once and kept in the database, so every process on it signs
    /// alike and links survive a restart.
    public static func load(from database: any TendDatabase) async throws -> ActionLinks {
        let name = "instance:action-link-key"
        let fresh = Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
        try await database.keyValues.put(name, value: fresh, expiresAt: nil, onlyIfNew: true)
        guard let stored = try await database.keyValues.get(name, now: Date()), let bytes = Data(base64Encoded: stored.value), bytes.count == 32 else {
            throw StoreError.corrupt("the action link key")
        }
        return ActionLinks(key: SymmetricKey(data: bytes))
    }

    /// A token for `link`: its fields, then the signature, URL-safe.
    public func token(_ link: Link) -> String {
        let body = [String(link.account.rawValue), link.action.rawValue, link.day.description,
                    String(Int64(link.expires.timeIntervalSince1970)), link.suggestion].joined(separator: "|")
        let encoded = Self.base64URL(Data(body.utf8))
        return encoded + "." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(encoded.utf8), using: key)))
    }

    /// The link a token stands for, once its signature and expiry are checked.
    public func verify(_ token: String, now: Date) throws(Refusal) -> Link {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 600, parts.count == 2, let signature = Self.data(base64URL: String(parts[1])) else { throw .malformed }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(parts[0].utf8), using: key) else { throw .forged }
        guard let raw = Self.data(base64URL: String(parts[0])), let body = String(data: raw, encoding: .utf8) else { throw .malformed }
        let fields = body.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, let account = Int64(fields[0]), let action = Action(rawValue: fields[1]), let day = Day(fields[2]),
              let expires = Int64(fields[3]) else { throw .malformed }
        let link = Link(account: AccountID(account), action: action, suggestion: fields[4], day: day,
                        expires: Date(timeIntervalSince1970: TimeInterval(expires)))
        guard now < link.expires else { throw .expired }
        return link
    }

    /// The value the confirmation page's form carries: a POST without it did not come from that page.
    public func confirmation(for token: String) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(("confirm|" + token).utf8), using: key)))
    }

    public func isConfirmation(_ value: String, for token: String) -> Bool {
        Secret.equal(value, confirmation(for: token))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}

/// The instance's action links, their key read from the database the first time they are needed.
public actor ActionLinkSource {
    let database: any TendDatabase
    private var loaded: ActionLinks?

    public init(database: any TendDatabase) { self.database = database }

    /// For tests: links with a key of their own.
    public init(database: any TendDatabase, links: ActionLinks) {
        self.database = database
        loaded = links
    }

    public func links() async throws -> ActionLinks {
        if let loaded { return loaded }
        let links = try await ActionLinks.load(from: database)
        loaded = links
        return links
    }
}

/// Seals secrets an account gives Tend to use later (an ntfy token, a webhook's signing secret) with the
/// instance's key: AES-GCM, so a copy of the database opens nothing without the key, and a changed value
/// is refused rather than used.
public struct SecretBox: Sendable {
    let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A key written as base64 (32 bytes), as `TEND_SECRET_KEY` holds it.
    public init?(base64: String) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else { return nil }
        key = SymmetricKey(data: bytes)
    }

    /// A new random key, as base64.
    public static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    public func seal(_ plain: String) throws -> SealedSecret {
        let box = try AES.GCM.seal(Data(plain.utf8), using: key)
        guard let combined = box.combined else { throw StoreError.corrupt("a sealed secret") }
        return SealedSecret(sealed: "v1:" + combined.base64EncodedString())
    }

    /// The secret, or an error when it was sealed with another key or changed.
    public func open(_ secret: SealedSecret) throws -> String {
        guard secret.sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(secret.sealed.dropFirst(3))) else {
            throw SealError()
        }
        do {
            let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key)
            guard let text = String(data: plain, encoding: .utf8) else { throw SealError() }
            return text
        } catch {
            throw SealError()
        }
    }

    public struct SealError: Error, CustomStringConvertible {
        public var description: String { "a stored secret cannot be opened with this Tend's key (was TEND_SECRET_KEY changed?): enter it again in Settings" }
    }
}
