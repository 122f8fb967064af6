import TendCore

/// Which person an operation is about: an id (every page, the API, the scheduler) or a name that
/// a person typed (the command line, the merge form), resolved by the services.
public enum PersonReference: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    case id(PersonID)
    /// An exact name or an unambiguous part of one.
    case name(String)

    /// What a person typed: digits are an id, anything else is a name.
    public init(typed text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let n = Int64(trimmed) { self = .id(PersonID(n)) } else { self = .name(trimmed) }
    }

    /// A name written in code (tests, the demo): `"Ana"`.
    public init(stringLiteral name: String) { self = .name(name) }

    public var description: String {
        switch self {
        case .id(let id): "\(id)"
        case .name(let name): name
        }
    }
}
