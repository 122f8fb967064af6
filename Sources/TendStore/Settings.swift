import Foundation
import TendCore

/// The account's settings.
public protocol SettingsRepository: Sendable {
    func load() async throws -> Settings
    func save(_ settings: Settings) async throws
}
