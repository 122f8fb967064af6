import TendCore

/// One person read from an import file, before it is matched against the network.
public struct ImportedContact: Hashable, Sendable {
    /// The line the record starts on, for messages.
    public var line: Int
    public var profile: Profile
    /// People this one names as relatives or colleagues; linked when they are in the network.
    public var related: [RelatedName]
    /// The file's own id for the record (a vCard UID), so RELATED can point at it.
    public var uid: String?

    public init(line: Int, profile: Profile, related: [RelatedName] = [], uid: String? = nil) {
        self.line = line
        self.profile = profile
        self.related = related
        self.uid = uid
    }
}

/// "Ben is Ana's partner", as a file says it: by name, or by another record's UID.
public struct RelatedName: Hashable, Sendable {
    public var kind: Relation.Kind
    public var name: String?
    public var uid: String?

    public init(kind: Relation.Kind, name: String? = nil, uid: String? = nil) {
        self.kind = kind
        self.name = name
        self.uid = uid
    }

    /// Relation words of vCard 4.0's RELATED types, Apple's labels and Google's, to Tend's kinds.
    public static func kind(_ word: String) -> Relation.Kind? {
        let w = word.lowercased().replacingOccurrences(of: "_$!<", with: "").replacingOccurrences(of: ">!$_", with: "")
            .trimmed
        switch w {
        case "spouse", "partner", "sweetheart", "husband", "wife", "domestic partner", "domestic_partner", "girlfriend", "boyfriend":
            return .partner
        case "child", "son", "daughter": return .child
        case "parent", "mother", "father", "mom", "dad": return .parent
        case "sibling", "brother", "sister": return .sibling
        case "co-worker", "coworker", "colleague", "manager", "assistant": return .colleague
        default: return nil
        }
    }
}

/// A record the file holds that cannot be imported, and why.
public struct ImportProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    /// The record's name when it has one.
    public var name: String?
    public var message: String

    public init(line: Int, name: String? = nil, message: String) {
        self.line = line
        self.name = name
        self.message = message
    }

    public var description: String {
        "line \(line)\(name.map { " (\($0))" } ?? ""): \(message)"
    }
}

/// What reading a file gave: the contacts, and the records that could not be read.
public struct ReadContacts: Sendable {
    public var contacts: [ImportedContact]
    public var problems: [ImportProblem]
    /// Records that are not people (a contact group), passed over on purpose.
    public var ignored: [ImportProblem]

    public init(contacts: [ImportedContact] = [], problems: [ImportProblem] = [], ignored: [ImportProblem] = []) {
        self.contacts = contacts
        self.problems = problems
        self.ignored = ignored
    }
}
