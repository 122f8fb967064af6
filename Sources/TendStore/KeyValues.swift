import Foundation
import TendCore

/// Short-lived values above any one account, such as web sessions. Expired values are never returned.
public protocol KeyValueRepository: Sendable {
    /// Stores `value` under `key`. With `onlyIfNew`, an existing live key is left alone and false returned.
    /// A nil `expiresAt` on an existing key keeps its expiry.
    @discardableResult
    func put(_ key: String, value: String, expiresAt: Date?, onlyIfNew: Bool) async throws -> Bool
    func get(_ key: String, now: Date) async throws -> (value: String, expiresAt: Date?)?
    func remove(_ key: String) async throws
    func removeExpired(now: Date) async throws
}
