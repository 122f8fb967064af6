/// A birthday: month and day, with the year when it is known.
public struct Birthday: Hashable, Sendable {
    public let month: Int
    public let day: Int
    public let year: Int?

    /// Creates a birthday, or nil when no such date exists (Feb 29 is accepted without a year,
    /// and with a leap year only).
    public init?(month: Int, day: Int, year: Int? = nil) {
        guard (1...12).contains(month), day >= 1 else { return nil }
        if let year {
            guard Day(year: year, month: month, day: day) != nil else { return nil }
        } else {
            guard day <= Day.daysIn(month: month, year: 2000) else { return nil }
        }
        self.month = month
        self.day = day
        self.year = year
    }

    /// Parses `YYYY-MM-DD`, `MM-DD` or `--MM-DD`.
    public init?(_ text: String) {
        if let full = Day(text) {
            self.init(month: full.month, day: full.day, year: full.year)
            return
        }
        var rest = Substring(text)
        if rest.hasPrefix("--") { rest = rest.dropFirst(2) }
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(month: m, day: d)
    }

    /// The day it is celebrated in `year`. Feb 29 birthdays are celebrated on Feb 28 in common years.
    public func celebrated(inYear year: Int) -> Day {
        Day(computedYear: year, month: month, day: min(day, Day.daysIn(month: month, year: year)))
    }

    /// The next day it is celebrated, on or after `day`.
    public func nextCelebration(onOrAfter today: Day) -> Day {
        let thisYear = celebrated(inYear: today.year)
        return thisYear >= today ? thisYear : celebrated(inYear: today.year + 1)
    }

    /// The age reached on the birthday in `year`, when the birth year is known.
    public func age(inYear year: Int) -> Int? {
        self.year.map { year - $0 }
    }
}

extension Birthday: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (the vCard form).
    public var description: String {
        let md = (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
        if let year { return String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)-" + md }
        return "--" + md
    }
}

extension Birthday: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Birthday(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a birthday: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
