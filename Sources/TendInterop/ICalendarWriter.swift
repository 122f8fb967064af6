import TendCore

/// Writes an iCalendar file (RFC 5545): birthdays as yearly all-day events, and the dates
/// coming up for keeping in touch, so any calendar app can subscribe to them.
public enum ICalendarWriter {
    /// - Parameters:
    ///   - people: Everyone whose birthday goes in (archived people are left out).
    ///   - upcoming: Keep-up, deepen and follow-up dates.
    ///   - stamp: When the file was made, in UTC (`DTSTAMP`): `20261128T020000Z`.
    ///   - name: The calendar's name in the app.
    public static func write(people: [Person], upcoming: [Upcoming], stamp: String, name: String = "Tend") -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tend//Tend calendar feed//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + ContentLine.escape(name),
            // Ask subscribers to refresh twice a day.
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H",
        ]
        for p in people.sorted(by: { $0.id < $1.id }) where !p.archived {
            guard let b = p.profile.birthday else { continue }
            lines += birthday(p, b, stamp: stamp)
        }
        for u in upcoming {
            let what: String = switch u.kind {
            case .keepUp: "Keep up with \(u.personName)"
            case .deepen: "Get closer to \(u.personName)"
            case .followUp: "Follow up with \(u.personName)"
            }
            lines += [
                "BEGIN:VEVENT",
                "UID:\(u.kind.rawValue)-\(u.personID)-\(u.day.compact)@tend",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(u.day.compact)",
                "DTEND;VALUE=DATE:\(u.day.adding(days: 1).compact)",
                "SUMMARY:" + ContentLine.escape(what),
                "DESCRIPTION:" + ContentLine.escape(u.reason),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ContentLine.fold).joined()
    }

    /// A yearly all-day event. Feb 29 recurs on the last day of February, so common years
    /// celebrate on Feb 28, as the agenda does. A birthday without a year starts in 2000, a leap year.
    static func birthday(_ p: Person, _ b: Birthday, stamp: String) -> [String] {
        let startYear = b.year ?? 2000
        guard let start = Day(year: startYear, month: b.month, day: b.day) else { return [] }
        let rule = b.month == 2 && b.day == 29 ? "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" : "RRULE:FREQ=YEARLY"
        let summary = b.year.map { "\(p.displayName)'s birthday (born \($0))" } ?? "\(p.displayName)'s birthday"
        return [
            "BEGIN:VEVENT",
            "UID:birthday-\(p.id)@tend",
            "DTSTAMP:\(stamp)",
            "DTSTART;VALUE=DATE:\(start.compact)",
            "DTEND;VALUE=DATE:\(start.adding(days: 1).compact)",
            rule,
            "SUMMARY:" + ContentLine.escape(summary),
            "CATEGORIES:Birthday",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    }
}

extension Day {
    /// `20261128`, as iCalendar writes a date.
    var compact: String { description.replacingOccurrences(of: "-", with: "") }
}
