/// A life event worth answering: a win to celebrate or a struggle to support.
public struct Moment: Hashable, Sendable, Codable, Identifiable {
    public var id: MomentID
    public var personID: PersonID
    public var kind: Kind
    /// Whose event it is: the person's own, their partner's or their company's.
    public var about: Subject
    public var on: Day
    public var note: String
    public var state: State
    /// When a touch answered it (the first congratulation or support).
    public var answeredOn: Day?
    /// For a struggle: when the follow-up check-in after the first support happened.
    public var followedUpOn: Day?

    public init(id: MomentID, personID: PersonID, kind: Kind, about: Subject = .themself, on: Day,
                note: String = "", state: State = .open, answeredOn: Day? = nil, followedUpOn: Day? = nil) {
        self.id = id
        self.personID = personID
        self.kind = kind
        self.about = about
        self.on = on
        self.note = note
        self.state = state
        self.answeredOn = answeredOn
        self.followedUpOn = followedUpOn
    }

    public enum Subject: String, Vocabulary {
        case themself = "self", partner, company
        public static let vocabularyName = "subject"
    }

    public enum State: String, Vocabulary {
        case open, answered, dismissed
        public static let vocabularyName = "moment state"
    }

    public enum Win: String, Vocabulary {
        case newJob = "new-job", promotion, launch, funding, award, graduation, engagement, wedding
        case newBaby = "new-baby", newHome = "new-home", publication, other
        public static let vocabularyName = "kind of win"
        public var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
    }

    public enum Struggle: String, Vocabulary {
        case layoff, passedOver = "passed-over", setback, illness, loss, breakup
        case companyTrouble = "company-trouble", other
        public static let vocabularyName = "kind of struggle"
        public var words: String {
            switch self {
            case .setback: "setback or failure"
            default: rawValue.replacingOccurrences(of: "-", with: " ")
            }
        }
    }

    public enum Kind: Hashable, Sendable, Codable, CustomStringConvertible {
        case win(Win)
        case struggle(Struggle)

        public var isWin: Bool { if case .win = self { true } else { false } }

        /// `win:promotion`, `struggle:layoff`.
        public var description: String {
            switch self {
            case .win(let w): "win:\(w.rawValue)"
            case .struggle(let s): "struggle:\(s.rawValue)"
            }
        }

        /// Plain words: "promotion", "setback or failure".
        public var words: String {
            switch self {
            case .win(let w): w.words
            case .struggle(let s): s.words
            }
        }

        /// Parses a polarity (`win` or `struggle`) and a kind (`promotion`).
        public static func parse(polarity: String, kind: String) throws(VocabularyError) -> Kind {
            switch polarity.lowercased() {
            case "win": return .win(try Win.parse(kind))
            case "struggle": return .struggle(try Struggle.parse(kind))
            default: throw VocabularyError(kind: "moment", value: polarity, expected: ["win", "struggle"])
            }
        }

        public static func parse(_ text: String) throws(VocabularyError) -> Kind {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw VocabularyError(kind: "moment", value: text, expected: ["win:KIND", "struggle:KIND"])
            }
            return try parse(polarity: parts[0], kind: parts[1])
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            do { self = try Kind.parse(text) } catch {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(description)
        }
    }
}
