/// One line of the agenda: who, why, what to do, and a message to send.
public struct Suggestion: Hashable, Sendable, Codable {
    /// Stable for one occasion ("birthday:12:2026", "keep-up:12:2026-08-01"), so that
    /// done, snooze and dismiss apply to this occasion and not to the next one.
    public var key: String
    public var kind: Kind
    public var personID: PersonID
    public var personName: String
    public var momentID: MomentID?
    /// Why, in plain words: "last need-free touch 94 days ago; meaningful cadence is 21 days".
    public var reason: String
    /// What to do: "Send a note of congratulations".
    public var action: String
    /// A short message to send or adapt.
    public var draft: String
    /// Higher first; see `Agenda` for how it is computed.
    public var score: Int

    /// Where the draft can be sent in one tap; nil when the person has no email, usable phone or Telegram.
    public var contact: SendLink.Contact?

    /// The links that open an app with the draft filled in (none for a heads-up, it is not the day yet, nor before a
    /// meeting, which is said in person).
    public var sendLinks: [SendLink] {
        guard let contact, kind != .birthdayHeadsUp, kind != .beforeMeeting else { return [] }
        return contact.links(subject: kind.emailSubject, draft: draft)
    }

    /// The priority its score is in.
    public var priority: Agenda.Priority { Agenda.Priority(rawValue: min(6, max(1, score / 1000))) ?? .rest }

    public enum Kind: String, Vocabulary {
        case birthday
        case birthdayHeadsUp = "birthday-heads-up"
        case celebrate
        case support
        case followUp = "follow-up"
        case keepUp = "keep-up"
        case deepen
        case askForInput = "ask-for-input"
        /// An intimate or meaningful person wrote and has not had an answer.
        case reply
        /// The day before a meeting with someone whose news is open: mention it then.
        case beforeMeeting = "before-meeting"
        public static let vocabularyName = "suggestion kind"

        public var title: String {
            switch self {
            case .birthday: "Birthday"
            case .birthdayHeadsUp: "Birthday soon"
            case .celebrate: "Celebrate"
            case .support: "Support"
            case .followUp: "Follow up"
            case .keepUp: "Keep up"
            case .deepen: "Deepen"
            case .askForInput: "Ask their input"
            case .reply: "Reply"
            case .beforeMeeting: "Before you meet"
            }
        }

        /// The subject of an email sending the draft.
        public var emailSubject: String {
            switch self {
            case .birthday, .birthdayHeadsUp: "Happy birthday!"
            case .celebrate: "Congratulations!"
            case .support: "Thinking of you"
            case .followUp: "Checking in"
            case .keepUp, .deepen: "Catching up"
            case .askForInput: "A quick question"
            case .reply: "Getting back to you"
            case .beforeMeeting: "See you soon"
            }
        }

        /// The touch that marking it done logs; nil when done logs nothing (a heads-up).
        public var doneIntent: Intent? {
            switch self {
            case .birthday, .celebrate: .celebrate
            case .support: .support
            case .followUp, .keepUp, .deepen, .reply: .checkIn
            case .askForInput: .ask(.input)
            case .birthdayHeadsUp, .beforeMeeting: nil
            }
        }
    }
}

/// What the user did with a suggestion.
public enum SuggestionState: Hashable, Sendable, Codable {
    case done(on: Day)
    case dismissed(on: Day)
    case snoozed(until: Day)

    /// Whether the suggestion stays off the agenda on `day`.
    public func hides(on day: Day) -> Bool {
        switch self {
        case .done, .dismissed: true
        case .snoozed(let until): day < until
        }
    }
}
