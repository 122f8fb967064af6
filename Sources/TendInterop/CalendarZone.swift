import Foundation

/// The zone of an iCalendar DATE-TIME: UTC, floating (the reader's own zone), a zone of the tz database (an Olson
/// name, or a Windows name as Outlook writes, mapped), or the rules of the file's own VTIMEZONE.
public enum CalendarZone: Sendable, Equatable {
    case utc
    case floating
    case system(TimeZone)
    case defined(DefinedZone)

    /// Seconds since the epoch of a wall-clock time in this zone; a floating time is read in `floating`. A time in
    /// the hour skipped in spring is read with the offset before the change (09:30 in a gap that starts at 09:00
    /// becomes 10:30), as RFC 5545 §3.3.5 says.
    public func instant(_ t: LocalDateTime, floating: TimeZone) -> Int64 {
        let wall = t.secondsAsUTC
        switch self {
        case .utc: return wall
        case .floating: return Self.instant(wall, in: floating)
        case .system(let zone): return Self.instant(wall, in: zone)
        case .defined(let rules): return rules.instant(wall)
        }
    }

    static func instant(_ wall: Int64, in zone: TimeZone) -> Int64 {
        resolve(wall) { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0)))) }
    }

    /// The instant of a wall-clock time given a zone's offset at any instant: of the offsets in force a day and a half
    /// either side, the one that gives the wall time back; both (the hour repeated in autumn): the earlier instant, as
    /// RFC 5545 says; neither (the hour skipped in spring): the offset from before the change.
    static func resolve(_ wall: Int64, offset: (Int64) -> Int64) -> Int64 {
        let before = offset(wall - 129_600), after = offset(wall + 129_600)
        if before == after { return wall - before }
        let early = wall - before, late = wall - after
        let earlyHolds = offset(early) == before, lateHolds = offset(late) == after
        switch (earlyHolds, lateHolds) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early
        }
    }

    /// The zone a TZID names: the file's VTIMEZONE of that id when the name is not one the tz database knows (an Olson
    /// name, possibly behind a vendor's prefix such as `/mozilla.org/20070129_1/`, or a Windows name); nil when neither.
    public static func resolve(_ tzid: String, defined: [String: DefinedZone]) -> CalendarZone? {
        let id = tzid.trimmingCharacters(in: .whitespaces)
        if let zone = system(id) { return .system(zone) }
        if let rules = defined[id] { return .defined(rules) }
        return nil
    }

    /// A tz database zone for an Olson name, a vendor-prefixed one, a Windows name or UTC's spellings.
    public static func system(_ id: String) -> TimeZone? {
        if ["UTC", "GMT", "Z", "Etc/UTC", "Etc/GMT", "Coordinated Universal Time", "UTC+00:00"].contains(id) { return TimeZone(identifier: "UTC") }
        if let olson = windowsZones[id], let zone = TimeZone(identifier: olson) { return zone }
        if isOlson(id), let zone = TimeZone(identifier: id) { return zone }
        // "/mozilla.org/20070129_1/Europe/Berlin", "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin".
        let parts = id.split(separator: "/")
        for n in [3, 2] where parts.count > n {
            let tail = parts.suffix(n).joined(separator: "/")
            if isOlson(tail), let zone = TimeZone(identifier: tail) { return zone }
        }
        return nil
    }

    /// "Area/City" with the tz database's areas (a bare "EST" or "CET" is left to the file's VTIMEZONE, if it has one).
    static func isOlson(_ id: String) -> Bool {
        guard let slash = id.firstIndex(of: "/") else { return false }
        let area = id[..<slash]
        return ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific", "Etc"].contains(String(area))
            && id.utf8.allSatisfy { $0 < 0x80 && $0 > 0x20 }
    }

    /// Windows time zone names (as Outlook and Exchange write them) → the tz database's zone for each, after CLDR's
    /// windowsZones.xml (territory 001).
    static let windowsZones: [String: String] = [
        "Dateline Standard Time": "Etc/GMT+12", "UTC-11": "Etc/GMT+11", "Aleutian Standard Time": "America/Adak",
        "Hawaiian Standard Time": "Pacific/Honolulu", "Marquesas Standard Time": "Pacific/Marquesas",
        "Alaskan Standard Time": "America/Anchorage", "UTC-09": "Etc/GMT+9", "Pacific Standard Time (Mexico)": "America/Tijuana",
        "UTC-08": "Etc/GMT+8", "Pacific Standard Time": "America/Los_Angeles", "US Mountain Standard Time": "America/Phoenix",
        "Mountain Standard Time (Mexico)": "America/Mazatlan", "Mountain Standard Time": "America/Denver",
        "Yukon Standard Time": "America/Whitehorse", "Central America Standard Time": "America/Guatemala",
        "Central Standard Time": "America/Chicago", "Easter Island Standard Time": "Pacific/Easter",
        "Central Standard Time (Mexico)": "America/Mexico_City", "Canada Central Standard Time": "America/Regina",
        "SA Pacific Standard Time": "America/Bogota", "Eastern Standard Time (Mexico)": "America/Cancun",
        "Eastern Standard Time": "America/New_York", "Haiti Standard Time": "America/Port-au-Prince",
        "Cuba Standard Time": "America/Havana", "US Eastern Standard Time": "America/Indianapolis",
        "Turks And Caicos Standard Time": "America/Grand_Turk", "Paraguay Standard Time": "America/Asuncion",
        "Atlantic Standard Time": "America/Halifax", "Venezuela Standard Time": "America/Caracas",
        "Central Brazilian Standard Time": "America/Cuiaba", "SA Western Standard Time": "America/La_Paz",
        "Pacific SA Standard Time": "America/Santiago", "Newfoundland Standard Time": "America/St_Johns",
        "Tocantins Standard Time": "America/Araguaina", "E. South America Standard Time": "America/Sao_Paulo",
        "SA Eastern Standard Time": "America/Cayenne", "Argentina Standard Time": "America/Buenos_Aires",
        "Greenland Standard Time": "America/Godthab", "Montevideo Standard Time": "America/Montevideo",
        "Magallanes Standard Time": "America/Punta_Arenas", "Saint Pierre Standard Time": "America/Miquelon",
        "Bahia Standard Time": "America/Bahia", "UTC-02": "Etc/GMT+2", "Mid-Atlantic Standard Time": "Etc/GMT+2",
        "Azores Standard Time": "Atlantic/Azores", "Cape Verde Standard Time": "Atlantic/Cape_Verde", "UTC": "Etc/UTC",
        "GMT Standard Time": "Europe/London", "Greenwich Standard Time": "Atlantic/Reykjavik",
        "Sao Tome Standard Time": "Africa/Sao_Tome", "Morocco Standard Time": "Africa/Casablanca",
        "W. Europe Standard Time": "Europe/Berlin", "Central Europe Standard Time": "Europe/Budapest",
        "Romance Standard Time": "Europe/Paris", "Central European Standard Time": "Europe/Warsaw",
        "W. Central Africa Standard Time": "Africa/Lagos", "Jordan Standard Time": "Asia/Amman",
        "GTB Standard Time": "Europe/Bucharest", "Middle East Standard Time": "Asia/Beirut", "Egypt Standard Time": "Africa/Cairo",
        "E. Europe Standard Time": "Europe/Chisinau", "Syria Standard Time": "Asia/Damascus", "West Bank Standard Time": "Asia/Hebron",
        "South Africa Standard Time": "Africa/Johannesburg", "FLE Standard Time": "Europe/Kiev", "Israel Standard Time": "Asia/Jerusalem",
        "South Sudan Standard Time": "Africa/Juba", "Kaliningrad Standard Time": "Europe/Kaliningrad",
        "Sudan Standard Time": "Africa/Khartoum", "Libya Standard Time": "Africa/Tripoli", "Namibia Standard Time": "Africa/Windhoek",
        "Arabic Standard Time": "Asia/Baghdad", "Turkey Standard Time": "Europe/Istanbul", "Arab Standard Time": "Asia/Riyadh",
        "Belarus Standard Time": "Europe/Minsk", "Russian Standard Time": "Europe/Moscow", "E. Africa Standard Time": "Africa/Nairobi",
        "Volgograd Standard Time": "Europe/Volgograd", "Iran Standard Time": "Asia/Tehran", "Arabian Standard Time": "Asia/Dubai",
        "Astrakhan Standard Time": "Europe/Astrakhan", "Azerbaijan Standard Time": "Asia/Baku", "Russia Time Zone 3": "Europe/Samara",
        "Mauritius Standard Time": "Indian/Mauritius", "Saratov Standard Time": "Europe/Saratov", "Georgian Standard Time": "Asia/Tbilisi",
        "Caucasus Standard Time": "Asia/Yerevan", "Afghanistan Standard Time": "Asia/Kabul", "West Asia Standard Time": "Asia/Tashkent",
        "Ekaterinburg Standard Time": "Asia/Yekaterinburg", "Pakistan Standard Time": "Asia/Karachi",
        "Qyzylorda Standard Time": "Asia/Qyzylorda", "India Standard Time": "Asia/Calcutta", "Sri Lanka Standard Time": "Asia/Colombo",
        "Nepal Standard Time": "Asia/Katmandu", "Central Asia Standard Time": "Asia/Almaty", "Bangladesh Standard Time": "Asia/Dhaka",
        "Omsk Standard Time": "Asia/Omsk", "Myanmar Standard Time": "Asia/Rangoon", "SE Asia Standard Time": "Asia/Bangkok",
        "Altai Standard Time": "Asia/Barnaul", "W. Mongolia Standard Time": "Asia/Hovd", "North Asia Standard Time": "Asia/Krasnoyarsk",
        "N. Central Asia Standard Time": "Asia/Novosibirsk", "Tomsk Standard Time": "Asia/Tomsk", "China Standard Time": "Asia/Shanghai",
        "North Asia East Standard Time": "Asia/Irkutsk", "Singapore Standard Time": "Asia/Singapore",
        "W. Australia Standard Time": "Australia/Perth", "Taipei Standard Time": "Asia/Taipei", "Ulaanbaatar Standard Time": "Asia/Ulaanbaatar",
        "Aus Central W. Standard Time": "Australia/Eucla", "Transbaikal Standard Time": "Asia/Chita", "Tokyo Standard Time": "Asia/Tokyo",
        "North Korea Standard Time": "Asia/Pyongyang", "Korea Standard Time": "Asia/Seoul", "Yakutsk Standard Time": "Asia/Yakutsk",
        "Cen. Australia Standard Time": "Australia/Adelaide", "AUS Central Standard Time": "Australia/Darwin",
        "E. Australia Standard Time": "Australia/Brisbane", "AUS Eastern Standard Time": "Australia/Sydney",
        "West Pacific Standard Time": "Pacific/Port_Moresby", "Tasmania Standard Time": "Australia/Hobart",
        "Vladivostok Standard Time": "Asia/Vladivostok", "Lord Howe Standard Time": "Australia/Lord_Howe",
        "Bougainville Standard Time": "Pacific/Bougainville", "Russia Time Zone 10": "Asia/Srednekolymsk",
        "Magadan Standard Time": "Asia/Magadan", "Norfolk Standard Time": "Pacific/Norfolk", "Sakhalin Standard Time": "Asia/Sakhalin",
        "Central Pacific Standard Time": "Pacific/Guadalcanal", "Russia Time Zone 11": "Asia/Kamchatka",
        "New Zealand Standard Time": "Pacific/Auckland", "UTC+12": "Etc/GMT-12", "Fiji Standard Time": "Pacific/Fiji",
        "Chatham Islands Standard Time": "Pacific/Chatham", "UTC+13": "Etc/GMT-13", "Tonga Standard Time": "Pacific/Tongatapu",
        "Samoa Standard Time": "Pacific/Apia", "Line Islands Standard Time": "Pacific/Kiritimati",
    ]
}

/// A zone as a file's VTIMEZONE defines it: its observances (STANDARD and DAYLIGHT), each from its DTSTART, repeated by
/// its RRULE or RDATEs, turned into transitions up to 2100.
public struct DefinedZone: Sendable, Equatable {
    /// Instants (seconds since the epoch) from which an offset holds, oldest first.
    public private(set) var transitions: [(at: Int64, offset: Int)] = []
    /// The offset before the first transition.
    public private(set) var initialOffset = 0

    public static func == (a: DefinedZone, b: DefinedZone) -> Bool {
        a.initialOffset == b.initialOffset && a.transitions.map(\.at) == b.transitions.map(\.at) && a.transitions.map(\.offset) == b.transitions.map(\.offset)
    }

    public struct Observance: Sendable {
        public var start: LocalDateTime
        public var offsetFrom: Int
        public var offsetTo: Int
        public var rule: RecurrenceRule?
        public var dates: [LocalDateTime]

        public init(start: LocalDateTime, offsetFrom: Int, offsetTo: Int, rule: RecurrenceRule?, dates: [LocalDateTime]) {
            (self.start, self.offsetFrom, self.offsetTo, self.rule, self.dates) = (start, offsetFrom, offsetTo, rule, dates)
        }
    }

    public init(_ observances: [Observance]) {
        var all: [(Int64, Int)] = []
        let end = LocalDateTime(year: 2100, month: 12, day: 31)
        for o in observances {
            // An onset is a wall-clock time in the offset before it.
            let onsets = (o.rule?.expand(from: o.start, through: end, instant: { $0.secondsAsUTC - Int64(o.offsetFrom) }, limit: 2000) ?? [o.start]) + o.dates
            for t in onsets { all.append((t.secondsAsUTC - Int64(o.offsetFrom), o.offsetTo)) }
        }
        all.sort { $0.0 < $1.0 }
        transitions = all.map { (at: $0.0, offset: $0.1) }
        // Before the first onset, the offset it changed from.
        let first = observances.min { $0.start < $1.start }
        initialOffset = first?.offsetFrom ?? 0
    }

    /// The offset in force at an instant.
    public func offset(at instant: Int64) -> Int {
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid].at <= instant { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : transitions[lo - 1].offset
    }

    /// The instant of a wall-clock time (seconds as if UTC) in this zone.
    public func instant(_ wall: Int64) -> Int64 {
        CalendarZone.resolve(wall) { Int64(offset(at: $0)) }
    }
}
