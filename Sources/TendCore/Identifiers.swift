/// A typed database id, so a person's id is never passed where a touch's is expected.
public protocol Identifier: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByIntegerLiteral where IntegerLiteralType == Int64 {
    var rawValue: Int64 { get }
    init(_ rawValue: Int64)
}

extension Identifier {
    public init(integerLiteral value: Int64) { self.init(value) }
    public var description: String { String(rawValue) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Int64.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

public struct AccountID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
public struct PersonID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
public struct TouchID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
public struct MomentID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
public struct ProposalID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
public struct FeedID: Identifier { public let rawValue: Int64; public init(_ rawValue: Int64) { self.rawValue = rawValue } }
