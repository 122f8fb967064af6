/// A closed list of words the user types and reads: tiers, intents, channels, moment kinds.
public protocol Vocabulary: CaseIterable, RawRepresentable, Hashable, Sendable, Codable
where RawValue == String {
    /// What the list is called in an error message ("tier", "channel").
    static var vocabularyName: String { get }
}

extension Vocabulary {
    /// Parses the user's word: case-insensitive, and `-`, `_` and spaces are the same.
    public static func parse(_ text: String) throws(VocabularyError) -> Self {
        let wanted = fold(text)
        if let match = allCases.first(where: { fold($0.rawValue) == wanted }) { return match }
        throw VocabularyError(kind: vocabularyName, value: text, expected: allCases.map(\.rawValue))
    }

    private static func fold(_ s: String) -> String {
        String(s.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
    }
}

/// A word that is not in its vocabulary.
public struct VocabularyError: Error, Equatable, CustomStringConvertible {
    public let kind: String
    public let value: String
    public let expected: [String]

    public var description: String {
        "unknown \(kind) '\(value)'; expected one of: \(expected.joined(separator: ", "))"
    }
}
