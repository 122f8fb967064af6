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

extension Moment {
    /// This moment after a need-free touch on `day`, or nil when the touch does not respond to it.
    /// A touch that names the moment answers it; one that does not answers what it plainly responds
    /// to: a celebration an open win, support or a give an open struggle. A later touch follows up an
    /// answered struggle: a week after the first support, or a day after when it names the struggle.
    /// An ask responds to nothing, and nothing answers a moment before it happened.
    public func responded(to intent: Intent, on day: Day, naming named: Bool) -> Moment? {
        guard intent.isNeedFree, on <= day else { return nil }
        var m = self
        switch (kind, state) {
        case (.win, .open) where named || intent == .celebrate:
            m.state = .answered
            m.answeredOn = day
        case (.struggle, .open) where named || intent == .support || intent.isGive:
            m.state = .answered
            m.answeredOn = day
        case (.struggle, .answered) where followedUpOn == nil:
            guard let first = answeredOn, first.days(until: day) >= (named ? 1 : 7) else { return nil }
            m.followedUpOn = day
        default:
            return nil
        }
        return m
    }
}
