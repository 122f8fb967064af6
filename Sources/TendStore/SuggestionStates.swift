import Foundation
import TendCore

/// What the user did with agenda suggestions, by suggestion key.
public protocol SuggestionStateRepository: Sendable {
    func states() async throws -> [String: SuggestionState]
    func set(_ state: SuggestionState, for key: String) async throws
}
