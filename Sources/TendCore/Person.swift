/// Someone in the user's network.
public struct Person: Hashable, Sendable, Codable, Identifiable {
    public var id: PersonID
    public var profile: Profile
    public var tier: Tier
    /// The tier the user means to move this person up to.
    public var targetTier: Tier?
    /// Days between need-free touches; nil uses the tier's default.
    public var cadenceDays: Int?
    public var archived: Bool
    /// The day the person was added: a cadence with no touch yet counts from here.
    public var addedOn: Day

    public init(id: PersonID, profile: Profile, tier: Tier = .familiar, targetTier: Tier? = nil,
                cadenceDays: Int? = nil, archived: Bool = false, addedOn: Day) {
        self.id = id
        self.profile = profile
        self.tier = tier
        self.targetTier = targetTier
        self.cadenceDays = cadenceDays
        self.archived = archived
        self.addedOn = addedOn
    }

    public var displayName: String { profile.displayName }
}

/// What the user knows about a person: everything but their place in the network.
public struct Profile: Hashable, Sendable, Codable {
    public var displayName: String
    public var givenName: String?
    public var familyName: String?
    public var nickname: String?
    public var emails: [String]
    public var phones: [String]
    public var company: String?
    public var title: String?
    public var city: String?
    /// How and where you met ("at PyCon, through Sam").
    public var howWeMet: String?
    public var metOn: Day?
    public var birthday: Birthday?
    /// A wedding or other yearly date they keep.
    public var anniversary: Birthday?
    public var notes: String
    public var tags: [String]
    public var links: [Link]
    /// vCard properties Tend has no field for (a photo, an address, an instant-messaging handle),
    /// kept as written so an export gives them back.
    public var cardExtras: [String]

    public init(displayName: String, givenName: String? = nil, familyName: String? = nil,
                nickname: String? = nil, emails: [String] = [], phones: [String] = [],
                company: String? = nil, title: String? = nil, city: String? = nil,
                howWeMet: String? = nil, metOn: Day? = nil, birthday: Birthday? = nil, anniversary: Birthday? = nil,
                notes: String = "", tags: [String] = [], links: [Link] = [], cardExtras: [String] = []) {
        self.displayName = displayName
        self.givenName = givenName
        self.familyName = familyName
        self.nickname = nickname
        self.emails = emails
        self.phones = phones
        self.company = company
        self.title = title
        self.city = city
        self.howWeMet = howWeMet
        self.metOn = metOn
        self.birthday = birthday
        self.anniversary = anniversary
        self.notes = notes
        self.tags = tags
        self.links = links
        self.cardExtras = cardExtras
    }

    private enum CodingKeys: String, CodingKey {
        case displayName, givenName, familyName, nickname, emails, phones, company, title, city, howWeMet, metOn
        case birthday, anniversary, notes, tags, links, cardExtras
    }

    /// Backups written before a field existed still read: a missing list is empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            displayName: try c.decode(String.self, forKey: .displayName),
            givenName: try c.decodeIfPresent(String.self, forKey: .givenName),
            familyName: try c.decodeIfPresent(String.self, forKey: .familyName),
            nickname: try c.decodeIfPresent(String.self, forKey: .nickname),
            emails: try c.decodeIfPresent([String].self, forKey: .emails) ?? [],
            phones: try c.decodeIfPresent([String].self, forKey: .phones) ?? [],
            company: try c.decodeIfPresent(String.self, forKey: .company),
            title: try c.decodeIfPresent(String.self, forKey: .title),
            city: try c.decodeIfPresent(String.self, forKey: .city),
            howWeMet: try c.decodeIfPresent(String.self, forKey: .howWeMet),
            metOn: try c.decodeIfPresent(Day.self, forKey: .metOn),
            birthday: try c.decodeIfPresent(Birthday.self, forKey: .birthday),
            anniversary: try c.decodeIfPresent(Birthday.self, forKey: .anniversary),
            notes: try c.decodeIfPresent(String.self, forKey: .notes) ?? "",
            tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [],
            links: try c.decodeIfPresent([Link].self, forKey: .links) ?? [],
            cardExtras: try c.decodeIfPresent([String].self, forKey: .cardExtras) ?? [])
    }

    /// The name to greet them by in a draft: nickname, given name, else the first word.
    public var greetingName: String {
        if let n = nickname, !n.isEmpty { return n }
        if let g = givenName, !g.isEmpty { return g }
        return displayName.split(separator: " ").first.map(String.init) ?? displayName
    }

    /// Checks what the schema cannot say in words: a name, plausible emails, sane tags.
    public func validated() throws(ValidationError) -> Profile {
        var p = self
        p.displayName = displayName.trimmed
        guard !p.displayName.isEmpty else { throw ValidationError(field: "name", message: "a person needs a name") }
        p.emails = emails.map { $0.trimmed }.filter { !$0.isEmpty }
        for e in p.emails where !e.utf8.contains(UInt8(ascii: "@")) || e.utf8.contains(UInt8(ascii: " ")) {
            throw ValidationError(field: "email", message: "'\(e)' is not an email address")
        }
        p.phones = phones.map { $0.trimmed }.filter { !$0.isEmpty }
        var seen = Set<String>()
        // Tags are a set, kept in alphabetical order.
        p.tags = tags.map { $0.trimmed.lowercased() }
            .filter { !$0.isEmpty && seen.insert($0).inserted }.sorted()
        for field in [\Profile.givenName, \.familyName, \.nickname, \.company, \.title, \.city, \.howWeMet] {
            if let v = p[keyPath: field]?.trimmed {
                p[keyPath: field] = v.isEmpty ? nil : v
            }
        }
        return p
    }
}

/// A labelled web address: a LinkedIn profile, a blog.
public struct Link: Hashable, Sendable, Codable {
    public var label: String
    public var url: String

    public init(label: String, url: String) {
        self.label = label
        self.url = url
    }
}

/// Input that breaks a rule, named by the field it is about.
public struct ValidationError: Error, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

/// How two people are related: `person`'s `kind` is `other` ("Ana's partner is Ben").
public struct Relation: Hashable, Sendable, Codable {
    public var person: PersonID
    public var kind: Kind
    public var other: PersonID

    public init(person: PersonID, kind: Kind, other: PersonID) {
        self.person = person
        self.kind = kind
        self.other = other
    }

    public enum Kind: String, Vocabulary {
        case partner, child, parent, sibling, colleague
        case introducedBy = "introduced-by"
        public static let vocabularyName = "relation"

        /// The same relation seen from the other side, when it has a name.
        public var inverse: Kind? {
            switch self {
            case .partner: .partner
            case .sibling: .sibling
            case .colleague: .colleague
            case .child: .parent
            case .parent: .child
            case .introducedBy: nil
            }
        }

        public var words: String {
            switch self {
            case .introducedBy: "introduced by"
            default: rawValue
            }
        }
    }
}
