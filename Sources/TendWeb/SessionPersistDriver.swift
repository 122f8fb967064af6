import Foundation
import Hummingbird
import TendStore

/// Keeps web sessions in the database, so they survive a restart.
struct SessionPersistDriver: PersistDriver {
    let store: any KeyValueRepository
    let now: @Sendable () -> Date

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        guard try await store.put(key, value: try encode(value), expiresAt: expiry(expires), onlyIfNew: true) else {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await store.put(key, value: try encode(value), expiresAt: expiry(expires), onlyIfNew: false)
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let moment = now()
        guard let stored = try await store.get(key, now: moment) else { return nil }
        guard let object = try? JSONDecoder().decode(Object.self, from: Data(stored.value.utf8)) else { return nil }
        return (object, stored.expiresAt.map { .seconds($0.timeIntervalSince(moment)) })
    }

    func remove(key: String) async throws {
        try await store.remove(key)
    }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private func expiry(_ duration: Duration?) -> Date? {
        duration.map { now().addingTimeInterval(TimeInterval($0.components.seconds)) }
    }
}
