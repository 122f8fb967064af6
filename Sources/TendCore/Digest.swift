import Foundation

/// When an account's daily digest goes out, and where: a local hour in the account's time zone on
/// every day, on weekdays, or on one day a week.
public struct DigestSchedule: Hashable, Sendable, Codable {
    public enum Frequency: String, Vocabulary {
        case off, daily, weekdays, weekly
        public static let vocabularyName = "digest frequency"
    }

    /// Where a digest is delivered.
    public enum Channel: String, Vocabulary {
        case email, ntfy, webhook
        public static let vocabularyName = "digest channel"
    }

    public var frequency: Frequency
    /// For a weekly digest: 1 is Monday, 7 is Sunday (ISO 8601).
    public var weekday: Int
    /// The local hour and minute it is sent at.
    public var hour: Int
    public var minute: Int
    /// Whether a day with nothing on it still gets a (short) digest.
    public var sendEmpty: Bool
    /// Whether it goes by email.
    public var email: Bool
    /// The address it goes to; nil is the account's own email.
    public var emailTo: String?
    /// A push notification through ntfy: the topic's URL (ntfy.sh or self-hosted), its priority (1 to 5), and
    /// the access token of a protected topic, sealed.
    public var ntfyURL: String?
    public var ntfyPriority: Int
    public var ntfyToken: SealedSecret?
    /// A JSON POST of the digest, signed with the sealed secret (HMAC-SHA256 over the body).
    public var webhookURL: String?
    public var webhookSecret: SealedSecret?

    public init(frequency: Frequency = .off, weekday: Int = 1, hour: Int = 7, minute: Int = 0, sendEmpty: Bool = true,
                email: Bool = true, emailTo: String? = nil, ntfyURL: String? = nil, ntfyPriority: Int = 3, ntfyToken: SealedSecret? = nil,
                webhookURL: String? = nil, webhookSecret: SealedSecret? = nil) {
        self.frequency = frequency
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.sendEmpty = sendEmpty
        self.email = email
        self.emailTo = emailTo
        self.ntfyURL = ntfyURL
        self.ntfyPriority = ntfyPriority
        self.ntfyToken = ntfyToken
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
    }

    /// The channels it is delivered on.
    public var channels: [Channel] {
        (email ? [.email] : []) + (ntfyURL != nil ? [.ntfy] : []) + (webhookURL != nil ? [.webhook] : [])
    }

    /// Whether a digest is due at all on `day`.
    public func occurs(on day: Day) -> Bool {
        switch frequency {
        case .off: false
        case .daily: true
        case .weekdays: day.isoWeekday <= 5
        case .weekly: day.isoWeekday == weekday
        }
    }

    /// The instant `day` at the schedule's hour is, in `zone`. A local time that a daylight-saving
    /// change skips is sent at the first minute after the gap; one that occurs twice, at the first.
    public func instant(on day: Day, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
        if let exact = calendar.date(from: parts), calendar.component(.hour, from: exact) == hour {
            // Of a repeated hour, Foundation may give the second; the first is an hour earlier.
            let earlier = exact.addingTimeInterval(-3600)
            if calendar.component(.hour, from: earlier) == hour, Day.containing(earlier, in: zone) == day { return earlier }
            return exact
        }
        // The hour does not exist that day: the first instant after the gap.
        let midnight = calendar.startOfDay(for: calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date(timeIntervalSince1970: 0))
        var probe = midnight
        while calendar.component(.hour, from: probe) < hour, Day.containing(probe, in: zone) == day {
            probe = probe.addingTimeInterval(60)
        }
        return probe
    }

    /// The next digest after `instant`: its day in `zone` and when it is sent; nil when the digest is off.
    public func next(after instant: Date, in zone: TimeZone) -> (day: Day, at: Date)? {
        guard frequency != .off else { return nil }
        let today = Day.containing(instant, in: zone)
        for offset in 0...8 {
            let day = today.adding(days: offset)
            guard occurs(on: day) else { continue }
            let at = self.instant(on: day, in: zone)
            if at > instant { return (day, at) }
        }
        return nil
    }

    /// Checks every value is in range.
    public func validated() throws(ValidationError) -> DigestSchedule {
        guard (0...23).contains(hour) else { throw ValidationError(field: "hour", message: "the hour is 0 to 23, not \(hour)") }
        guard (0...59).contains(minute) else { throw ValidationError(field: "minute", message: "the minute is 0 to 59, not \(minute)") }
        guard (1...7).contains(weekday) else {
            throw ValidationError(field: "weekday", message: "the weekday is 1 (Monday) to 7 (Sunday), not \(weekday)")
        }
        guard (1...5).contains(ntfyPriority) else {
            throw ValidationError(field: "ntfy-priority", message: "the ntfy priority is 1 (min) to 5 (max), not \(ntfyPriority)")
        }
        var checked = self
        for (field, name, path) in [("ntfy-url", "ntfy topic", \DigestSchedule.ntfyURL), ("webhook-url", "webhook", \DigestSchedule.webhookURL)] {
            guard let text = self[keyPath: path]?.trimmed, !text.isEmpty else {
                checked[keyPath: path] = nil
                continue
            }
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, text.utf8.count <= 2000 else {
                throw ValidationError(field: field, message: "the \(name) address is an http:// or https:// URL such as https://ntfy.sh/my-topic, not '\(text)'")
            }
            checked[keyPath: path] = text
        }
        if checked.ntfyURL == nil { checked.ntfyToken = nil }
        if checked.webhookURL == nil { checked.webhookSecret = nil }
        if let to = emailTo?.trimmed, !to.isEmpty {
            guard Self.isPlausibleAddress(to) else {
                throw ValidationError(field: "email-to", message: "'\(to)' is not an email address")
            }
            checked.emailTo = to
        } else {
            checked.emailTo = nil
        }
        return checked
    }

    /// One `@`, something on each side, no spaces or angle brackets, a dot in the domain: what a mail
    /// header can carry without quoting.
    public static func isPlausibleAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.count <= 254,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value != 127 && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    /// "Every day at 07:00", "Weekdays at 07:30", "Mondays at 08:00", "Off".
    public var summary: String {
        let time = String(format: "%02d:%02d", hour, minute)
        switch frequency {
        case .off: return "Off"
        case .daily: return "Every day at \(time)"
        case .weekdays: return "Weekdays at \(time)"
        case .weekly: return "\(Day.isoWeekdayNames[weekday - 1])s at \(time)"
        }
    }
}

/// A secret (an ntfy access token, a webhook's signing secret) as it is stored: sealed with the instance's
/// key (AES-GCM), never in the clear. Only the services open it, to use it.
public struct SealedSecret: Hashable, Sendable, Codable {
    public var sealed: String
    public init(sealed: String) { self.sealed = sealed }
}

extension Day {
    static let isoWeekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// 1 for Monday to 7 for Sunday. 1970-01-01 was a Thursday.
    public var isoWeekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    /// "Monday", for an ISO weekday (1 to 7).
    public static func weekdayName(iso: Int) -> String { isoWeekdayNames[(max(1, min(7, iso))) - 1] }
}

/// What a delivery that failed waits before trying again, and when it gives up.
public enum Backoff {
    /// 1, 5 and 30 minutes, then 2 hours: five attempts in all.
    public static let delays: [TimeInterval] = [60, 300, 1800, 7200]

    /// When to try again after `attempts` failed attempts, or nil when it is time to give up.
    public static func retry(after attempts: Int, at now: Date) -> Date? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        return now.addingTimeInterval(delays[attempts - 1])
    }
}

/// The daily digest: the day's agenda as Today shows it, the birthdays of the coming week, the wins
/// and struggles still open, and who is drifting.
public struct Digest: Hashable, Sendable {
    public struct Birthday: Hashable, Sendable {
        public var personID: PersonID
        public var name: String
        public var day: Day
        /// The age they turn, when the year is known.
        public var turning: Int?
        public var daysAway: Int
    }

    public struct OpenMoment: Hashable, Sendable {
        public var personID: PersonID
        public var name: String
        public var isWin: Bool
        /// "new job", "layoff (partner)".
        public var words: String
        public var on: Day
    }

    public var day: Day
    /// The suggestions shown, ranked.
    public var suggestions: [Suggestion]
    /// "and 12 more: 9 keep up, 3 deepen".
    public var restSummary: String?
    public var birthdays: [Birthday]
    public var openMoments: [OpenMoment]
    /// One line on who is drifting, or nil when nobody is.
    public var drifting: String?
    /// When the closest people fall behind at this capacity: what Today says about it, and what would fix it.
    public var coverage: String?

    /// Builds the digest for `agenda.day`.
    /// - Parameters:
    ///   - people: The account's people (archived ones are left out).
    ///   - moments: Moments; the open ones are listed.
    ///   - drifts: Who is past their cadence, most overdue first.
    public init(agenda: Agenda, people: [Person], moments: [Moment], drifts: [NetworkPicture.Drift]) {
        day = agenda.day
        suggestions = Array(agenda.shown)
        restSummary = agenda.restSummary
        let c = agenda.coverage
        coverage = !c.isCovered || c.lines.contains { $0.behind > 0 } ? c.note : nil
        let active = people.filter { !$0.archived }
        let names = Dictionary(active.map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        birthdays = active.compactMap { p -> Birthday? in
            guard let b = p.profile.birthday else { return nil }
            let next = b.nextCelebration(onOrAfter: agenda.day)
            let away = agenda.day.days(until: next)
            guard away <= 7 else { return nil }
            return Birthday(personID: p.id, name: p.displayName, day: next, turning: b.age(inYear: next.year), daysAway: away)
        }
        .sorted { ($0.day, $0.name, $0.personID) < ($1.day, $1.name, $1.personID) }
        openMoments = moments.compactMap { m -> OpenMoment? in
            guard m.state == .open, let name = names[m.personID] else { return nil }
            let about = m.about == .themself ? "" : " (\(m.about.rawValue))"
            return OpenMoment(personID: m.personID, name: name, isWin: m.kind.isWin, words: m.kind.words + about, on: m.on)
        }
        .sorted { ($0.on, $0.name) > ($1.on, $1.name) }
        drifting = Self.driftLine(drifts)
    }

    /// Nothing to do, nobody's birthday, nothing open.
    public var isEmpty: Bool { suggestions.isEmpty && birthdays.isEmpty && openMoments.isEmpty }

    /// "Drifting: Ana Lima (40 days past her 21-day cadence), Ben and 3 others."
    public static func driftLine(_ drifts: [NetworkPicture.Drift]) -> String? {
        guard let first = drifts.first else { return nil }
        let lead = "\(first.name) (\(first.overdue) \(first.overdue == 1 ? "day" : "days") past a \(first.cadence)-day cadence)"
        switch drifts.count {
        case 1: return "Drifting: \(lead)."
        case 2: return "Drifting: \(lead) and \(drifts[1].name)."
        default: return "Drifting: \(lead), \(drifts[1].name) and \(drifts.count - 2) \(drifts.count == 3 ? "other" : "others")."
        }
    }

    /// The subject line: "Tend: 3 people to reach out to today", or what the day holds instead.
    public var subject: String {
        let weekday = day.weekdayName
        if !suggestions.isEmpty {
            let n = suggestions.count
            let lead = suggestions.first.map { " — \($0.personName) first" } ?? ""
            return "\(weekday): \(n) \(n == 1 ? "person" : "people") to reach out to\(lead)"
        }
        if let b = birthdays.first { return "\(weekday): \(b.name)’s birthday \(b.daysAway == 0 ? "is today" : "is coming up")" }
        return "\(weekday): nothing on your agenda today"
    }
}
