import Foundation

/// A calendar date with no time of day: a birthday, the day of a touch, "today".
///
/// Arithmetic is done on a proleptic Gregorian day count, so it needs no `Calendar`
/// and gives the same answer in every time zone.
public struct Day: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or nil when the date does not exist (2026-02-30, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A day worked out from another (a birthday next year, the first of a month): arithmetic never
    /// fails, even past the years a date can be written in (a day asked about near 9999-12-31).
    init(computedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, rejecting impossible dates.
    public init?(_ text: String) {
        // Byte by byte: the agenda parses one or more dates per person, and splitting strings
        // into Characters took 15% of a 10,000-person agenda.
        let utf8 = text.utf8
        guard utf8.count == 10 else { return nil }
        var y = 0, m = 0, d = 0
        for (i, b) in utf8.enumerated() {
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            let v = Int(b - UInt8(ascii: "0"))
            if i < 4 { y = y * 10 + v } else if i < 7 { m = m * 10 + v } else { d = d * 10 + v }
        }
        self.init(year: y, month: m, day: d)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before it).
    public var ordinal: Int { Day.ordinal(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a date given by its numbers, which are not checked (a calendar's wall-clock times use it).
    public static func ordinal(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day with the given ordinal (days since 1970-01-01).
    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(until other: Day) -> Int { other.ordinal - ordinal }

    /// The same month and day in another year; Feb 29 becomes Feb 28 in a common year.
    public func sameDate(inYear year: Int) -> Day {
        Day(computedYear: year, month: month, day: min(day, Day.daysIn(month: month, year: year)))
    }

    /// The first day of the month `months` after this day's month (before it when negative).
    public func firstOfMonth(adding months: Int) -> Day {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        return Day(computedYear: y, month: index - y * 12 + 1, day: 1)
    }

    /// The day it is at `instant` in `timeZone`: "today" for a user, wherever the server is.
    public static func containing(_ instant: Date, in timeZone: TimeZone) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        return Day(computedYear: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    public var monthName: String { Day.monthNames[month - 1] }

    /// "12 March 2024".
    public var spelledOut: String { "\(day) \(monthName) \(year)" }
}

extension Day: CustomStringConvertible, LosslessStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String {
        // Written digit by digit: `String(format:)` goes through Foundation and was 7% of a large import.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        func digits(_ n: Int, _ width: Int) {
            var n = n, out = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            for i in stride(from: width - 1, through: 0, by: -1) where n > 0 {
                out[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
            bytes += out
        }
        guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, day) }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Day {
    private static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// "Friday". 1970-01-01 was a Thursday.
    public var weekdayName: String {
        Day.weekdayNames[((ordinal % 7) + 7 + 4) % 7]
    }
}
