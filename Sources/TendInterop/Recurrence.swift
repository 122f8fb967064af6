import Foundation
import TendCore

/// A wall-clock date and time with no zone: what an iCalendar DATE-TIME says before its TZID is applied.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// Whether it names a real moment of the Gregorian calendar (year 1 to 9999; a leap second read as :59).
    public var isValid: Bool {
        (1...9999).contains(year) && (1...12).contains(month) && day >= 1 && day <= Day.daysIn(month: month, year: year)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    /// Days since 1970-01-01.
    public var dayOrdinal: Int { LocalDateTime.ordinal(year, month, day) }

    /// Seconds since 1970-01-01T00:00:00 as if it were UTC.
    public var secondsAsUTC: Int64 {
        Int64(dayOrdinal) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    }

    /// The wall-clock time `seconds` after the epoch in UTC (or at an offset already added).
    public init(secondsAsUTC seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - days * 86_400)
        let d = Day(ordinal: Int(days))
        self.init(year: d.year, month: d.month, day: d.day, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60)
    }

    public var date: Day { Day(ordinal: dayOrdinal) }

    /// The same time of day on another date.
    func on(_ year: Int, _ month: Int, _ day: Int) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    func on(ordinal: Int) -> LocalDateTime {
        let d = Day(ordinal: ordinal)
        return on(d.year, d.month, d.day)
    }

    /// 0 is Monday … 6 is Sunday.
    var weekday: Int { LocalDateTime.weekday(ordinal: dayOrdinal) }

    static func weekday(ordinal: Int) -> Int { ((ordinal % 7) + 7 + 3) % 7 }

    static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int { Day.ordinal(year: year, month: month, day: day) }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.secondsAsUTC < b.secondsAsUTC }

    /// "2026-12-01T09:30:00".
    public var description: String { stamp(separated: true) }

    /// `2026-12-01T09:30:00` (separated) or `20261201T093000`; the date alone without `time`. Written digit by digit:
    /// `String(format:)` was a tenth of a large calendar's import.
    public func stamp(separated: Bool, time: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(19)
        func put(_ n: Int, _ width: Int) {
            var digits = [UInt8](repeating: 0x30, count: width), v = n
            for i in stride(from: width - 1, through: 0, by: -1) { digits[i] = UInt8(0x30 + v % 10); v /= 10 }
            out += digits
        }
        put(year, 4); if separated { out.append(0x2D) }
        put(month, 2); if separated { out.append(0x2D) }
        put(day, 2)
        if time {
            out.append(0x54)
            put(hour, 2); if separated { out.append(0x3A) }
            put(minute, 2); if separated { out.append(0x3A) }
            put(second, 2)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An RRULE (RFC 5545 §3.3.10) with the parts calendars write for meetings: FREQ DAILY, WEEKLY, MONTHLY or YEARLY;
/// INTERVAL, COUNT, UNTIL, WKST, BYDAY (with ordinals), BYMONTHDAY, BYMONTH and BYSETPOS.
public struct RecurrenceRule: Hashable, Sendable {
    public enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY" }

    /// How UNTIL was written: a date (for all-day events), a UTC instant, or a local time (a floating event's).
    public enum Until: Hashable, Sendable {
        case date(Day)
        case utc(Int64)
        case local(LocalDateTime)
    }

    public struct WeekdayNumber: Hashable, Sendable {
        /// 0 is Monday … 6 is Sunday.
        public var weekday: Int
        /// 1 the first, -1 the last; nil every one.
        public var ordinal: Int?
    }

    public var frequency: Frequency
    public var interval = 1
    public var count: Int?
    public var until: Until?
    public var weekStart = 0
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPosition: [Int] = []

    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    /// Reads `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261231T235959Z`; a part it cannot read or does not expand is an error saying which.
    public static func parse(_ text: String) throws(Invalid) -> RecurrenceRule {
        var fields: [String: String] = [:]
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2 else { throw Invalid(message: "“\(part.prefix(40))” is not NAME=VALUE") }
            let name = kv[0].trimmingCharacters(in: .whitespaces).uppercased()
            guard fields[name] == nil else { throw Invalid(message: "\(name) is given twice") }
            fields[name] = kv[1].trimmingCharacters(in: .whitespaces)
        }
        guard let f = fields["FREQ"] else { throw Invalid(message: "it has no FREQ") }
        guard let frequency = Frequency(rawValue: f.uppercased()) else {
            if ["HOURLY", "MINUTELY", "SECONDLY"].contains(f.uppercased()) {
                throw Invalid(message: "FREQ=\(f.uppercased()) repeats within a day, which Tend does not expand")
            }
            throw Invalid(message: "FREQ=\(f.prefix(20)) is not a frequency")
        }
        var rule = RecurrenceRule(frequency: frequency)
        func integers(_ name: String, _ value: String, _ range: ClosedRange<Int>, signed: Bool) throws(Invalid) -> [Int] {
            var out: [Int] = []
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                // The magnitude, not abs(): abs(Int.min) traps, and "-9223372036854775808" reads as an Int.
                guard let n = Int(item.trimmingCharacters(in: .whitespaces)), n != 0 || range.lowerBound == 0,
                      signed || n > 0, n.magnitude >= UInt(range.lowerBound), n.magnitude <= UInt(range.upperBound) else {
                    throw Invalid(message: "\(name)=\(value.prefix(40)): “\(item.prefix(10))” is out of range")
                }
                out.append(n)
            }
            return out
        }
        for (name, value) in fields {
            switch name {
            case "FREQ": break
            case "INTERVAL":
                guard let n = Int(value), (1...1000).contains(n) else { throw Invalid(message: "INTERVAL=\(value.prefix(20)) is not a number from 1 to 1000") }
                rule.interval = n
            case "COUNT":
                guard let n = Int(value), (1...100_000).contains(n) else { throw Invalid(message: "COUNT=\(value.prefix(20)) is not a number from 1 to 100000") }
                rule.count = n
            case "UNTIL":
                guard let u = RecurrenceRule.until(value) else { throw Invalid(message: "UNTIL=\(value.prefix(30)) is not a date or date-time") }
                rule.until = u
            case "WKST":
                guard let w = weekdays.firstIndex(of: value.uppercased()) else { throw Invalid(message: "WKST=\(value.prefix(10)) is not a weekday") }
                rule.weekStart = w
            case "BYDAY":
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let t = item.trimmingCharacters(in: .whitespaces).uppercased()
                    guard t.count >= 2, let w = weekdays.firstIndex(of: String(t.suffix(2))) else {
                        throw Invalid(message: "BYDAY=\(value.prefix(40)): “\(t.prefix(10))” is not a weekday")
                    }
                    let head = String(t.dropLast(2))
                    var ordinal: Int?
                    if !head.isEmpty {
                        guard let n = Int(head), n != 0, n.magnitude <= 53 else { throw Invalid(message: "BYDAY=\(value.prefix(40)): “\(t.prefix(10))” has a bad ordinal") }
                        ordinal = n
                    }
                    rule.byDay.append(WeekdayNumber(weekday: w, ordinal: ordinal))
                }
            case "BYMONTHDAY": rule.byMonthDay = try integers(name, value, 1...31, signed: true)
            case "BYMONTH": rule.byMonth = try integers(name, value, 1...12, signed: false)
            case "BYSETPOS": rule.bySetPosition = try integers(name, value, 1...366, signed: true)
            case "BYHOUR", "BYMINUTE", "BYSECOND", "BYWEEKNO", "BYYEARDAY":
                throw Invalid(message: "\(name) is not a part Tend expands")
            default:
                if name.hasPrefix("X-") { continue }
                throw Invalid(message: "\(name.prefix(20)) is not a part of a recurrence rule")
            }
        }
        if rule.byDay.contains(where: { $0.ordinal != nil }) {
            guard frequency == .monthly || frequency == .yearly else {
                throw Invalid(message: "BYDAY with a number (such as 2MO) belongs to a monthly or yearly rule")
            }
        }
        return rule
    }

    static func until(_ value: String) -> Until? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.count == 8, let d = ICalendarValues.date(v) { return .date(d) }
        guard let (local, utc) = ICalendarValues.dateTime(v) else { return nil }
        return utc ? .utc(local.secondsAsUTC) : .local(local)
    }

    /// The starts of the occurrences from `start` (which always counts as the first) through `end`, oldest first.
    /// `instant` gives a local time's seconds since the epoch in the event's zone (for UNTIL in UTC); `limit` caps
    /// how many are made, so that no rule can run away.
    public func expand(from start: LocalDateTime, after windowStart: LocalDateTime? = nil, through end: LocalDateTime,
                       instant: (LocalDateTime) -> Int64, limit: Int = 20_000) -> [LocalDateTime] {
        var out: [LocalDateTime] = []
        var made = 0
        func beyondUntil(_ t: LocalDateTime) -> Bool {
            switch until {
            case nil: false
            case .date(let d): t.dayOrdinal > d.ordinal
            case .utc(let u): instant(t) > u
            case .local(let l): t > l
            }
        }
        func take(_ t: LocalDateTime) -> Bool {
            // false: stop.
            if beyondUntil(t) || t > end { return false }
            made += 1
            if let count, made > count { return false }
            if let windowStart, t < windowStart { return true }
            out.append(t)
            return out.count < limit
        }
        guard take(start) else { return out }
        // Period 0 is the start's own (its week, month or year), which may hold more occurrences after it.
        var period = -1
        // Without COUNT, the periods before the window's start need not be walked: the first one is jumped to.
        if count == nil, let windowStart, windowStart > start {
            let span: Int = switch frequency {
            case .daily: (windowStart.dayOrdinal - start.dayOrdinal) / interval
            case .weekly: (windowStart.dayOrdinal - start.dayOrdinal) / (7 * interval)
            case .monthly: ((windowStart.year - start.year) * 12 + windowStart.month - start.month) / interval
            case .yearly: (windowStart.year - start.year) / interval
            }
            period = max(-1, span - 2)
        }
        var empty = 0
        while period < 2_000_000 {
            period += 1
            let candidates: [LocalDateTime]
            switch frequency {
            case .daily:
                let ordinal = start.dayOrdinal + period * interval
                let t = start.on(ordinal: ordinal)
                if t.year > 9999 { return out }
                candidates = matchesLimits(t) ? [t] : []
            case .weekly:
                candidates = week(start, period)
            case .monthly:
                candidates = month(start, period)
            case .yearly:
                candidates = year(start, period)
            }
            guard let first = candidates.first else {
                empty += 1
                // A rule that can match nothing (BYMONTHDAY=30;BYMONTH=2) ends.
                if empty > 4000 { return out }
                if frequency == .daily || frequency == .weekly {
                    if start.on(ordinal: start.dayOrdinal + period * interval * (frequency == .weekly ? 7 : 1)) > end { return out }
                } else if periodStart(start, period) > end { return out }
                continue
            }
            empty = 0
            if first > end { return out }
            for t in setPositions(candidates) where t > start {
                if !take(t) { return out }
            }
        }
        return out
    }

    /// The first day of a monthly or yearly period, to know when the periods are past the end.
    private func periodStart(_ start: LocalDateTime, _ period: Int) -> LocalDateTime {
        if frequency == .yearly { return LocalDateTime(year: min(9999, start.year + period * interval), month: 1, day: 1) }
        let index = start.year * 12 + (start.month - 1) + period * interval
        return index / 12 > 9999 ? LocalDateTime(year: 9999, month: 12, day: 31) : LocalDateTime(year: index / 12, month: index % 12 + 1, day: 1)
    }

    private func setPositions(_ candidates: [LocalDateTime]) -> [LocalDateTime] {
        guard !bySetPosition.isEmpty else { return candidates }
        let sorted = candidates.sorted()
        var picked: [LocalDateTime] = []
        for p in bySetPosition {
            let i = p > 0 ? p - 1 : sorted.count + p
            if sorted.indices.contains(i) { picked.append(sorted[i]) }
        }
        return Array(Set(picked)).sorted()
    }

    private func matchesLimits(_ t: LocalDateTime) -> Bool {
        if !byMonth.isEmpty, !byMonth.contains(t.month) { return false }
        if !byMonthDay.isEmpty {
            let length = Day.daysIn(month: t.month, year: t.year)
            if !byMonthDay.contains(where: { ($0 > 0 ? $0 : length + $0 + 1) == t.day }) { return false }
        }
        if !byDay.isEmpty, !byDay.contains(where: { $0.weekday == t.weekday }) { return false }
        return true
    }

    private func week(_ start: LocalDateTime, _ period: Int) -> [LocalDateTime] {
        // The week (from WKST) that holds the start, `period * interval` weeks on.
        let startOrdinal = start.dayOrdinal
        let offset = (start.weekday - weekStart + 7) % 7
        let weekOrdinal = startOrdinal - offset + period * interval * 7
        if Day(ordinal: weekOrdinal).year > 9999 { return [] }
        let days = byDay.isEmpty ? [start.weekday] : byDay.map(\.weekday)
        var out: [LocalDateTime] = []
        for i in 0..<7 {
            let ordinal = weekOrdinal + i
            guard days.contains(LocalDateTime.weekday(ordinal: ordinal)) else { continue }
            let t = start.on(ordinal: ordinal)
            if byMonth.isEmpty || byMonth.contains(t.month) { out.append(t) }
        }
        return out
    }

    /// The days of one month that the rule's BYDAY and BYMONTHDAY name (or the start's day of the month).
    private func days(inMonth year: Int, _ month: Int, startDay: Int, dayRule: Bool) -> [Int] {
        let length = Day.daysIn(month: month, year: year)
        var monthDays: [Int]? = nil
        if !byMonthDay.isEmpty {
            monthDays = byMonthDay.map { $0 > 0 ? $0 : length + $0 + 1 }.filter { (1...length).contains($0) }
        }
        var weekDays: [Int]? = nil
        if dayRule, !byDay.isEmpty {
            let firstWeekday = LocalDateTime.weekday(ordinal: LocalDateTime.ordinal(year, month, 1))
            var found: [Int] = []
            for w in byDay {
                let all = Array(stride(from: 1 + (w.weekday - firstWeekday + 7) % 7, through: length, by: 7))
                if let n = w.ordinal {
                    let i = n > 0 ? n - 1 : all.count + n
                    if all.indices.contains(i) { found.append(all[i]) }
                } else {
                    found += all
                }
            }
            weekDays = found
        }
        switch (monthDays, weekDays) {
        case (let m?, let w?): return Array(Set(m).intersection(w)).sorted()
        case (let m?, nil): return Array(Set(m)).sorted()
        case (nil, let w?): return Array(Set(w)).sorted()
        case (nil, nil): return startDay <= length ? [startDay] : []
        }
    }

    private func month(_ start: LocalDateTime, _ period: Int) -> [LocalDateTime] {
        let index = start.year * 12 + (start.month - 1) + period * interval
        let (y, m) = (index / 12, index % 12 + 1)
        if y > 9999 { return [LocalDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)] }
        if !byMonth.isEmpty, !byMonth.contains(m) { return [] }
        return days(inMonth: y, m, startDay: start.day, dayRule: true).map { start.on(y, m, $0) }
    }

    private func year(_ start: LocalDateTime, _ period: Int) -> [LocalDateTime] {
        let y = start.year + period * interval
        if y > 9999 { return [LocalDateTime(year: 9999, month: 12, day: 31, hour: 23, minute: 59, second: 59)] }
        var out: [LocalDateTime] = []
        if byMonth.isEmpty && byMonthDay.isEmpty && !byDay.isEmpty {
            // BYDAY over the whole year: 20MO is the twentieth Monday of the year.
            let first = LocalDateTime.ordinal(y, 1, 1), length = Day.isLeap(y) ? 366 : 365
            let firstWeekday = LocalDateTime.weekday(ordinal: first)
            for w in byDay {
                let all = Array(stride(from: (w.weekday - firstWeekday + 7) % 7, to: length, by: 7))
                if let n = w.ordinal {
                    let i = n > 0 ? n - 1 : all.count + n
                    if all.indices.contains(i) { out.append(start.on(ordinal: first + all[i])) }
                } else {
                    out += all.map { start.on(ordinal: first + $0) }
                }
            }
            return Array(Set(out)).sorted()
        }
        let months = byMonth.isEmpty ? [start.month] : byMonth.sorted()
        let dayRule = !byDay.isEmpty
        for m in months {
            // YEARLY;BYMONTH=3 alone repeats the start's day of the month.
            out += days(inMonth: y, m, startDay: start.day, dayRule: dayRule).map { start.on(y, m, $0) }
        }
        return out.sorted()
    }
}

/// The value types of iCalendar, read from their text.
public enum ICalendarValues {
    /// `20261201`.
    public static func date(_ text: some StringProtocol) -> Day? {
        let b = Array(text.utf8)
        guard b.count == 8, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let n = b.map { Int($0 - 0x30) }
        let y = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3], m = n[4] * 10 + n[5], d = n[6] * 10 + n[7]
        guard (1...9999).contains(y) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// `20261201T093000` or `20261201T093000Z` (the flag says UTC).
    public static func dateTime(_ text: some StringProtocol) -> (LocalDateTime, utc: Bool)? {
        var b = Array(text.utf8)
        var utc = false
        if b.last == UInt8(ascii: "Z") || b.last == UInt8(ascii: "z") { utc = true; b.removeLast() }
        guard b.count == 15, b[8] == UInt8(ascii: "T") || b[8] == UInt8(ascii: "t") else { return nil }
        let digits = b[0..<8] + b[9..<15]
        guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let n = digits.map { Int($0 - 0x30) }
        let t = LocalDateTime(year: n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3], month: n[4] * 10 + n[5], day: n[6] * 10 + n[7],
                              hour: n[8] * 10 + n[9], minute: n[10] * 10 + n[11], second: n[12] * 10 + n[13])
        guard t.isValid else { return nil }
        return (t, utc)
    }

    /// `PT1H30M`, `P1D`, `-PT15M`, `P2W`: seconds.
    public static func duration(_ text: some StringProtocol) -> Int64? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
        var sign: Int64 = 1
        if s.first == "-" { sign = -1; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        guard s.first == "P" else { return nil }
        s = s.dropFirst()
        var total: Int64 = 0, number: Int64? = nil, inTime = false, any = false
        for c in s {
            if let d = c.wholeNumberValue, c.isASCII {
                number = (number ?? 0) * 10 + Int64(d)
                if number! > 100_000_000 { return nil }
                continue
            }
            if c == "T" { guard number == nil, !inTime else { return nil }; inTime = true; continue }
            guard let n = number else { return nil }
            switch (c, inTime) {
            case ("W", false): total += n * 604_800
            case ("D", false): total += n * 86_400
            case ("H", true): total += n * 3600
            case ("M", true): total += n * 60
            case ("S", true): total += n
            default: return nil
            }
            number = nil
            any = true
        }
        guard any, number == nil else { return nil }
        return sign * total
    }

    /// `+0100`, `-0500`, `+053000`: seconds east of UTC.
    public static func utcOffset(_ text: some StringProtocol) -> Int? {
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard b.count == 5 || b.count == 7, b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-"),
              b.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let n = b.dropFirst().map { Int($0 - 0x30) }
        let h = n[0] * 10 + n[1], m = n[2] * 10 + n[3], s = n.count == 6 ? n[4] * 10 + n[5] : 0
        guard h <= 23, m <= 59, s <= 59 else { return nil }
        return (b[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 3600 + m * 60 + s)
    }
}
