import Foundation
import SQLKit
import TendStore

/// Key-value storage with expiry, over any SQL backend. Expiry is kept in seconds since 1970 (UTC).
public struct SQLKeyValueRepository: KeyValueRepository {
    let transactor: any SQLTransactor

    public init(transactor: any SQLTransactor) { self.transactor = transactor }

    public func put(_ key: String, value: String, expiresAt: Date?, onlyIfNew: Bool) async throws -> Bool {
        let expires = expiresAt?.timeIntervalSince1970
        let now = Date().timeIntervalSince1970
        return try await transactor.transaction { db in
            let live = try await db.raw("""
                SELECT key FROM key_values WHERE key = \(bind: key) AND (expires_at IS NULL OR expires_at > \(bind: now))
                """).first() != nil
            if onlyIfNew && live { return false }
            try await db.raw("""
                INSERT INTO key_values (key, value, expires_at) VALUES (\(bind: key), \(bind: value), \(bind: expires))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                    expires_at = CASE WHEN excluded.expires_at IS NULL AND \(bind: live) THEN key_values.expires_at ELSE excluded.expires_at END
                """).run()
            return true
        }
    }

    public func get(_ key: String, now: Date) async throws -> (value: String, expiresAt: Date?)? {
        try await transactor.transaction { db in
            guard let row = try await db.raw("""
                SELECT value, expires_at FROM key_values
                WHERE key = \(bind: key) AND (expires_at IS NULL OR expires_at > \(bind: now.timeIntervalSince1970))
                """).first() else { return nil }
            return (try row.decode(column: "value", as: String.self),
                    try row.decode(column: "expires_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func remove(_ key: String) async throws {
        try await transactor.transaction { db in
            try await db.raw("DELETE FROM key_values WHERE key = \(bind: key)").run()
        }
    }

    public func removeExpired(now: Date) async throws {
        try await transactor.transaction { db in
            try await db.raw("DELETE FROM key_values WHERE expires_at IS NOT NULL AND expires_at <= \(bind: now.timeIntervalSince1970)").run()
        }
    }
}
