/// Mike Steib's four tiers of a network, from the outside in.
public enum Tier: String, Vocabulary, Comparable {
    case unfamiliar, familiar, intimate, meaningful

    public static let vocabularyName = "tier"

    /// 0 for unfamiliar up to 3 for meaningful.
    public var rank: Int { Tier.allCases.firstIndex(of: self)! }

    public static func < (a: Tier, b: Tier) -> Bool { a.rank < b.rank }

    /// The next rung up, if any.
    public var next: Tier? { rank < 3 ? Tier.allCases[rank + 1] : nil }

    public var title: String { rawValue.capitalized }
}

/// A recorded move between tiers.
public struct TierChange: Hashable, Sendable, Codable {
    public var from: Tier?
    public var to: Tier
    public var on: Day
    public var reason: String?

    public init(from: Tier?, to: Tier, on: Day, reason: String? = nil) {
        self.from = from
        self.to = to
        self.on = on
        self.reason = reason
    }
}

extension Tier: CodingKeyRepresentable {}
