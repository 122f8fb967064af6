/// How a touch happened.
public enum Channel: String, Vocabulary {
    case inPerson = "in-person", call, video, message, email, social, letter, gift

    public static let vocabularyName = "channel"
}

/// Why a touch happened. Every intent but `ask` is need-free: it keeps a relationship up.
public enum Intent: Hashable, Sendable {
    case checkIn
    case celebrate
    case support
    case give(Give)
    case ask(Ask)
    case thanks

    public enum Give: String, Vocabulary {
        case help, introduction, referral, recommendation
        public static let vocabularyName = "kind of giving"
    }

    public enum Ask: String, Vocabulary {
        case help, advice, input, favour
        public static let vocabularyName = "kind of ask"
    }

    /// True for everything but an ask: only need-free touches reset a cadence.
    public var isNeedFree: Bool {
        if case .ask = self { return false }
        return true
    }

    public var isAsk: Bool { !isNeedFree }

    public var isGive: Bool {
        if case .give = self { return true }
        return false
    }

    /// The user's words for every intent, for help texts and errors.
    public static let allNames: [String] =
        ["check-in", "celebrate", "support"] + Give.allCases.map { "give:\($0.rawValue)" }
        + Ask.allCases.map { "ask:\($0.rawValue)" } + ["thanks"]

    /// Parses `check-in`, `celebrate`, `support`, `give[:kind]`, `ask[:kind]` or `thanks`.
    /// A bare `give` or `ask` means help.
    public static func parse(_ text: String) throws(VocabularyError) -> Intent {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let parts = lowered.split(separator: ":", maxSplits: 1).map(String.init)
        let head = parts.first?.filter { $0 != "-" && $0 != "_" && $0 != " " } ?? ""
        let failure = VocabularyError(kind: "intent", value: text, expected: allNames)
        switch (head, parts.count) {
        case ("checkin", 1): return .checkIn
        case ("celebrate", 1), ("congratulate", 1): return .celebrate
        case ("support", 1): return .support
        case ("thanks", 1), ("thank", 1): return .thanks
        case ("give", 1): return .give(.help)
        case ("ask", 1): return .ask(.help)
        case ("give", 2):
            do { return .give(try Give.parse(parts[1])) } catch { throw failure }
        case ("ask", 2):
            do { return .ask(try Ask.parse(parts[1])) } catch { throw failure }
        default: throw failure
        }
    }
}

extension Intent: CustomStringConvertible, Codable {
    /// The stored and displayed form: `check-in`, `give:introduction`, `ask:advice`.
    public var description: String {
        switch self {
        case .checkIn: "check-in"
        case .celebrate: "celebrate"
        case .support: "support"
        case .give(let g): "give:\(g.rawValue)"
        case .ask(let a): "ask:\(a.rawValue)"
        case .thanks: "thanks"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Intent.parse(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A logged interaction with one or more people.
public struct Touch: Hashable, Sendable, Codable, Identifiable {
    public var id: TouchID
    public var on: Day
    public var people: [PersonID]
    public var channel: Channel
    public var intent: Intent
    public var note: String
    /// The moment this touch answers, when there is one.
    public var momentID: MomentID?
    /// Where a touch found in mail came from, and whether its intent was reviewed; nil for one logged by hand.
    public var captured: Capture?

    /// A touch Tend found itself (a sent email): until the user reviews it, it counts as its proposed intent.
    public struct Capture: Hashable, Sendable, Codable {
        /// `mailbox:3`, `mbox`.
        public var source: String
        public var reviewed: Bool

        public init(source: String, reviewed: Bool = false) {
            self.source = source
            self.reviewed = reviewed
        }
    }

    public init(id: TouchID, on: Day, people: [PersonID], channel: Channel, intent: Intent,
                note: String = "", momentID: MomentID? = nil, captured: Capture? = nil) {
        self.id = id
        self.on = on
        self.people = people
        self.channel = channel
        self.intent = intent
        self.note = note
        self.momentID = momentID
        self.captured = captured
    }
}
