import Foundation

/// An account's tending preferences.
public struct Settings: Hashable, Sendable, Codable {
    /// Days between need-free touches per tier; a missing tier has no cadence.
    public var cadence: [Tier: Int]
    /// How many days ahead intimate and meaningful birthdays are announced.
    public var birthdayHeadsUpDays: Int
    /// How long a win stays worth celebrating.
    public var winFreshDays: Int
    /// How long a struggle stays on the agenda before a first support.
    public var struggleFreshDays: Int
    /// Days after the first support to check in again.
    public var followUpDays: Int
    /// How long to leave between asks for someone's input.
    public var askForInputDays: Int
    /// How many people the user reaches out to in a day: the agenda's length, and the capacity it plans with.
    public var agendaLength: Int
    /// The user's time zone identifier; nil uses the system's.
    public var timeZone: String?
    /// The country national phone numbers are in (ISO 3166-1 alpha-2, "DE"), for the send links.
    public var defaultCountry: String?

    public static let defaultCadence: [Tier: Int] = [.meaningful: 21, .intimate: 45, .familiar: 120]

    public init(cadence: [Tier: Int] = Settings.defaultCadence, birthdayHeadsUpDays: Int = 3,
                winFreshDays: Int = 14, struggleFreshDays: Int = 21, followUpDays: Int = 21,
                askForInputDays: Int = 120, agendaLength: Int = 7, timeZone: String? = nil, defaultCountry: String? = nil) {
        self.cadence = cadence
        self.birthdayHeadsUpDays = birthdayHeadsUpDays
        self.winFreshDays = winFreshDays
        self.struggleFreshDays = struggleFreshDays
        self.followUpDays = followUpDays
        self.askForInputDays = askForInputDays
        self.agendaLength = agendaLength
        self.timeZone = timeZone
        self.defaultCountry = defaultCountry
    }

    private enum CodingKeys: String, CodingKey {
        case cadence, birthdayHeadsUpDays, winFreshDays, struggleFreshDays, followUpDays, askForInputDays, agendaLength
        case timeZone, defaultCountry
    }

    /// Backups written before a setting existed still read: it takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Settings()
        self.init(cadence: try c.decodeIfPresent([Tier: Int].self, forKey: .cadence) ?? d.cadence,
                  birthdayHeadsUpDays: try c.decodeIfPresent(Int.self, forKey: .birthdayHeadsUpDays) ?? d.birthdayHeadsUpDays,
                  winFreshDays: try c.decodeIfPresent(Int.self, forKey: .winFreshDays) ?? d.winFreshDays,
                  struggleFreshDays: try c.decodeIfPresent(Int.self, forKey: .struggleFreshDays) ?? d.struggleFreshDays,
                  followUpDays: try c.decodeIfPresent(Int.self, forKey: .followUpDays) ?? d.followUpDays,
                  askForInputDays: try c.decodeIfPresent(Int.self, forKey: .askForInputDays) ?? d.askForInputDays,
                  agendaLength: try c.decodeIfPresent(Int.self, forKey: .agendaLength) ?? d.agendaLength,
                  timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone),
                  defaultCountry: try c.decodeIfPresent(String.self, forKey: .defaultCountry))
    }

    /// The cadence in days for a person: their own, else their tier's.
    public func cadence(for person: Person) -> Int? {
        person.cadenceDays ?? cadence[person.tier]
    }

    /// The configured time zone, else the given fallback (the system's).
    public func resolvedTimeZone(fallback: TimeZone = .current) -> TimeZone {
        timeZone.flatMap(TimeZone.init(identifier:)) ?? fallback
    }

    /// Checks every value is in range.
    public func validated() throws(ValidationError) -> Settings {
        for (tier, days) in cadence where !(1...3650).contains(days) {
            throw ValidationError(field: "cadence.\(tier.rawValue)", message: "a cadence is 1 to 3650 days, not \(days)")
        }
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("birthday-heads-up", birthdayHeadsUpDays, 0...30), ("win-fresh", winFreshDays, 1...90),
            ("struggle-fresh", struggleFreshDays, 1...180), ("follow-up", followUpDays, 1...180),
            ("ask-for-input", askForInputDays, 7...3650), ("agenda-length", agendaLength, 1...100),
        ]
        for (name, value, range) in ranges where !range.contains(value) {
            throw ValidationError(field: name, message: "\(name) must be \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
        if let tz = timeZone, TimeZone(identifier: tz) == nil {
            throw ValidationError(field: "time-zone", message: "unknown time zone '\(tz)'")
        }
        var s = self
        if let country = defaultCountry?.trimmed {
            guard !country.isEmpty else { s.defaultCountry = nil; return s }
            guard PhoneNumber.isKnown(country: country) else {
                throw ValidationError(field: "default-country", message: "'\(country)' is not a country Tend knows; use a two-letter code such as DE, GB or US")
            }
            s.defaultCountry = country.uppercased()
        }
        return s
    }
}
