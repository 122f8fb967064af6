import Foundation

/// An `application/x-www-form-urlencoded` body: every value of every field, in order.
public struct Form: Sendable {
    private var fields: [String: [String]] = [:]

    public init() {}

    public init(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name, default: []].append(value)
        }
    }

    private static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value, trimmed; nil when missing or blank.
    public subscript(_ name: String) -> String? {
        guard let v = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    /// How many values the form holds.
    public var count: Int { fields.values.reduce(0) { $0 + $1.count } }

    /// The first value exactly as sent (passwords are not trimmed).
    public func raw(_ name: String) -> String? { fields[name]?.first }

    public func all(_ name: String) -> [String] { fields[name] ?? [] }

    /// A list typed as lines or commas: "a@x.org, b@y.org".
    public func list(_ name: String) -> [String] {
        (raw(name) ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public func has(_ name: String) -> Bool { fields[name] != nil }

    public mutating func add(_ name: String, _ value: String) { fields[name, default: []].append(value) }
}
