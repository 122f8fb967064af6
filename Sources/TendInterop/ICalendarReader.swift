import Foundation
import TendCore

/// A calendar file that cannot be read at all, or one event of it that cannot (`line` is where it starts).
public struct CalendarError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int?
    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// When an event starts: a date (an all-day event), or a wall-clock time in a zone (UTC, floating, a TZID's).
public enum EventTime: Sendable, Equatable {
    case date(Day)
    case time(LocalDateTime, CalendarZone)

    public var isDate: Bool { if case .date = self { true } else { false } }

    /// Seconds since the epoch (a date: its midnight in `floating`).
    public func instant(floating: TimeZone) -> Int64 {
        switch self {
        case .date(let d): CalendarZone.floating.instant(LocalDateTime(year: d.year, month: d.month, day: d.day), floating: floating)
        case .time(let t, let zone): zone.instant(t, floating: floating)
        }
    }

    var local: LocalDateTime {
        switch self {
        case .date(let d): LocalDateTime(year: d.year, month: d.month, day: d.day)
        case .time(let t, _): t
        }
    }

    func with(_ local: LocalDateTime) -> EventTime {
        switch self {
        case .date: .date(local.date)
        case .time(_, let zone): .time(local, zone)
        }
    }
}

/// Someone an event is with: an ATTENDEE or the ORGANIZER.
public struct CalendarParty: Sendable, Equatable {
    /// Lowercased, without `mailto:`; empty when the party has no email address.
    public var address: String
    /// Its CN.
    public var name: String
    /// NEEDS-ACTION, ACCEPTED, DECLINED, TENTATIVE, DELEGATED (upper case); empty when not given.
    public var status: String
    /// INDIVIDUAL, ROOM, RESOURCE, GROUP (upper case); empty when not given.
    public var kind: String

    public init(address: String, name: String = "", status: String = "", kind: String = "") {
        (self.address, self.name, self.status, self.kind) = (address, name, status, kind)
    }

    public var isPerson: Bool { kind.isEmpty || kind == "INDIVIDUAL" || kind == "UNKNOWN" }
}

/// One VEVENT, as written: a single event, a recurring series, or one occurrence's override (with its RECURRENCE-ID).
public struct CalendarEvent: Sendable {
    public var uid: String
    public var recurrenceID: EventTime?
    public var start: EventTime
    /// Seconds; nil when the event gives neither DTEND nor DURATION.
    public var length: Int64?
    public var summary = ""
    public var location = ""
    public var description = ""
    /// Its URL, CONFERENCE and the meeting links Google (X-GOOGLE-CONFERENCE) and Microsoft (X-MICROSOFT-…) add.
    public var links: [String] = []
    /// CONFIRMED, TENTATIVE, CANCELLED (upper case); empty when not given.
    public var status = ""
    public var organizer: CalendarParty?
    public var attendees: [CalendarParty] = []
    public var rule: RecurrenceRule?
    public var exceptions: [EventTime] = []
    public var extraDates: [EventTime] = []
    public var sequence = 0
    /// Where it starts in the file.
    public var line: Int

    public init(uid: String, start: EventTime, line: Int) {
        self.uid = uid
        self.start = start
        self.line = line
    }

    public var isCancelled: Bool { status == "CANCELLED" }
}

/// An event held once for all its occurrences.
final class SharedEvent: Sendable {
    let event: CalendarEvent
    init(_ event: CalendarEvent) { self.event = event }
}

/// An event's occurrence within a window: the series' instance (or its override) at one start.
public struct CalendarOccurrence: Sendable {
    /// Its event, shared by every occurrence of a series (an event is some hundred bytes; a large calendar has 100,000
    /// occurrences).
    public var event: CalendarEvent { _read { yield shared.event } }
    let shared: SharedEvent
    public var start: EventTime
    /// What identifies this occurrence wherever the calendar is read again: the UID, and for a recurring
    /// event the original start (its RECURRENCE-ID) in UTC, or as a date.
    public var key: String
    public var isRecurring: Bool
    /// When it starts, in seconds since the epoch (a floating time or a date read in the zone it was expanded in).
    public var instant: Int64

    /// The day it falls on in `zone` (an all-day event's own date).
    public func day(in zone: TimeZone) -> Day {
        switch start {
        case .date(let d): return d
        case .time:
            let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
            return LocalDateTime(secondsAsUTC: instant + Int64(offset)).date
        }
    }
}

/// An iCalendar file (RFC 5545) read for its events: VEVENTs with their times, zones (VTIMEZONE, Olson and Windows
/// names), recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), attendees and meeting links. VTODO, VJOURNAL,
/// VFREEBUSY and VALARM are passed over.
public struct CalendarFile: Sendable {
    /// X-WR-CALNAME, when it has one.
    public var name: String?
    /// PUBLISH, REQUEST, CANCEL (upper case); empty when not given.
    public var method: String
    public var events: [CalendarEvent]
    /// The events that could not be read, each with its line; the file's other events are read.
    public var problems: [CalendarError]

    /// How many VEVENTs a file may hold.
    public static let maximumEvents = 200_000
    /// How many occurrences an import may expand to (ten years of a busy calendar is about 100,000).
    public static let maximumOccurrences = 250_000

    /// Whether the bytes start like an iCalendar object (after a byte order mark and blank lines).
    public static func looksLikeCalendar(_ bytes: some Collection<UInt8>) -> Bool {
        let s = bytes.prefix(64).drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 == 0x20 || $0 == 0x0D || $0 == 0x0A || $0 == 0x09 }
        return String(decoding: s.prefix(15), as: UTF8.self).uppercased().hasPrefix("BEGIN:VCALENDAR")
    }

    public static func read(_ data: Data) throws(CalendarError) -> CalendarFile {
        try read([UInt8](data))
    }

    public static func read(_ bytes: [UInt8]) throws(CalendarError) -> CalendarFile {
        guard looksLikeCalendar(bytes) else {
            throw CalendarError("this is not an iCalendar file: it does not begin with BEGIN:VCALENDAR")
        }
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
        let lines = ContentLine.unfold(bytes: body)
        var file = CalendarFile(name: nil, method: "", events: [], problems: [])
        // The components open at this point, innermost last.
        var stack: [String] = []
        var eventLines: [ContentLine] = [], eventStart = 0
        var zones: [String: DefinedZone] = [:]
        var zoneID: String?, observances: [DefinedZone.Observance] = [], observance: [ContentLine] = []
        var pendingEvents: [(lines: [ContentLine], start: Int)] = []
        var closed = false
        for (text, number) in lines {
            guard let text else { throw CalendarError("this line is not UTF-8 text", line: number) }
            if text.isEmpty || text.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            if closed {
                // Some servers put several calendars in one file, one after another.
                if text.uppercased().hasPrefix("BEGIN:VCALENDAR") { closed = false; stack = ["VCALENDAR"]; continue }
                throw CalendarError("there is more after END:VCALENDAR", line: number)
            }
            guard let line = ContentLine.parse(text, line: number) else {
                throw CalendarError("“\(text.prefix(60))” is not a property (NAME:value)", line: number)
            }
            switch line.name {
            case "BEGIN":
                let component = line.rawValue.trimmed.uppercased()
                if stack.isEmpty, component != "VCALENDAR" { throw CalendarError("BEGIN:\(component.prefix(30)) outside BEGIN:VCALENDAR", line: number) }
                if stack.count > 10 { throw CalendarError("components are nested too deeply", line: number) }
                if component == "VEVENT", stack.last == "VCALENDAR" {
                    eventLines = []
                    eventStart = number
                    if file.events.count + pendingEvents.count >= maximumEvents {
                        throw CalendarError("the file holds more than \(maximumEvents) events", line: number)
                    }
                }
                if component == "VTIMEZONE" { zoneID = nil; observances = [] }
                if component == "STANDARD" || component == "DAYLIGHT", stack.last == "VTIMEZONE" { observance = [] }
                stack.append(component)
            case "END":
                let component = line.rawValue.trimmed.uppercased()
                guard stack.last == component else {
                    throw CalendarError("END:\(component.prefix(30)) where \(stack.last.map { "END:\($0)" } ?? "nothing") was due", line: number)
                }
                stack.removeLast()
                switch component {
                case "VEVENT" where stack.last == "VCALENDAR":
                    pendingEvents.append((eventLines, eventStart))
                case "STANDARD", "DAYLIGHT" where stack.last == "VTIMEZONE":
                    if let o = try? Self.observance(observance) { observances.append(o) }
                case "VTIMEZONE":
                    if let id = zoneID, !observances.isEmpty { zones[id] = DefinedZone(observances) }
                case "VCALENDAR":
                    closed = true
                default: break
                }
            default:
                switch stack.last {
                case "VEVENT" where stack.count == 2: eventLines.append(line)
                case "VTIMEZONE": if line.name == "TZID" { zoneID = line.text.trimmed }
                case "STANDARD", "DAYLIGHT": observance.append(line)
                case "VCALENDAR":
                    if line.name == "X-WR-CALNAME" { file.name = String(line.text.trimmed.prefix(200)) }
                    if line.name == "METHOD" { file.method = line.text.trimmed.uppercased() }
                case nil: throw CalendarError("\(line.name.prefix(30)) outside BEGIN:VCALENDAR", line: number)
                default: break
                }
            }
        }
        if let open = stack.last { throw CalendarError("the file ends inside BEGIN:\(open): it is cut short") }
        for (lines, start) in pendingEvents {
            do throws(CalendarError) { file.events.append(try event(lines, start: start, zones: zones)) } catch { file.problems.append(error) }
        }
        return file
    }

    static func observance(_ lines: [ContentLine]) throws(CalendarError) -> DefinedZone.Observance {
        var start: LocalDateTime?, from: Int?, to: Int?, rule: RecurrenceRule?, dates: [LocalDateTime] = []
        for l in lines {
            switch l.name {
            case "DTSTART": start = ICalendarValues.dateTime(l.rawValue.trimmed)?.0
            case "TZOFFSETFROM": from = ICalendarValues.utcOffset(l.rawValue)
            case "TZOFFSETTO": to = ICalendarValues.utcOffset(l.rawValue)
            case "RRULE": rule = try? RecurrenceRule.parse(l.rawValue)
            case "RDATE": dates += l.rawValue.split(separator: ",").compactMap { ICalendarValues.dateTime($0.trimmed)?.0 }
            default: break
            }
        }
        guard let start, let to else { throw CalendarError("an observance without DTSTART or TZOFFSETTO") }
        return DefinedZone.Observance(start: start, offsetFrom: from ?? to, offsetTo: to, rule: rule, dates: dates)
    }

    /// A DATE or DATE-TIME value with its parameters: VALUE=DATE, TZID.
    static func time(_ value: String, _ line: ContentLine, zones: [String: DefinedZone], what: String) throws(CalendarError) -> EventTime {
        let v = value.trimmed
        let isDate = line.values(of: "VALUE").first?.uppercased() == "DATE" || (v.count == 8 && !v.contains("T"))
        if isDate {
            // Some writers put a time on a VALUE=DATE: its date is what counts.
            guard let d = ICalendarValues.date(v.prefix(8)) else { throw CalendarError("\(what) “\(v.prefix(30))” is not a date (YYYYMMDD)", line: line.line) }
            return .date(d)
        }
        guard let (local, utc) = ICalendarValues.dateTime(v) else {
            throw CalendarError("\(what) “\(v.prefix(30))” is not a date-time (YYYYMMDDTHHMMSS)", line: line.line)
        }
        if utc { return .time(local, .utc) }
        guard let tzid = line.values(of: "TZID").first, !tzid.trimmed.isEmpty else { return .time(local, .floating) }
        guard let zone = CalendarZone.resolve(tzid, defined: zones) else {
            throw CalendarError("TZID “\(tzid.prefix(60))” is no time zone Tend knows and the file does not define it (VTIMEZONE)", line: line.line)
        }
        return .time(local, zone)
    }

    static func party(_ line: ContentLine) -> CalendarParty {
        var address = line.text.trimmed
        if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
        address = address.trimmed.lowercased()
        if !MailCapture.isAddress(address) {
            // Some writers leave the value empty or a URN and put the address in EMAIL=.
            let email = line.values(of: "EMAIL").first?.trimmed.lowercased() ?? ""
            address = MailCapture.isAddress(email) ? email : ""
        }
        return CalendarParty(address: String(address.prefix(320)), name: String((line.values(of: "CN").first ?? "").trimmed.prefix(200)),
                             status: (line.values(of: "PARTSTAT").first ?? "").trimmed.uppercased(),
                             kind: (line.values(of: "CUTYPE").first ?? "").trimmed.uppercased())
    }

    static func event(_ lines: [ContentLine], start line: Int, zones: [String: DefinedZone]) throws(CalendarError) -> CalendarEvent {
        var uid: String?, start: EventTime?, end: EventTime?, duration: Int64?
        var e = CalendarEvent(uid: "", start: .date(Day(ordinal: 0)), line: line)
        var linkLines: [String] = []
        for l in lines {
            switch l.name {
            case "UID": uid = l.text.trimmed
            case "DTSTART": start = try time(l.rawValue, l, zones: zones, what: "DTSTART")
            case "DTEND": end = try time(l.rawValue, l, zones: zones, what: "DTEND")
            case "DURATION":
                guard let d = ICalendarValues.duration(l.rawValue) else { throw CalendarError("DURATION “\(l.rawValue.prefix(30))” is not a duration (such as PT1H)", line: l.line) }
                duration = d
            case "SUMMARY": e.summary = String(l.text.trimmed.prefix(1000))
            case "LOCATION": e.location = String(l.text.trimmed.prefix(2000))
            case "DESCRIPTION": e.description = String(l.text.prefix(20_000))
            case "URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-MICROSOFT-ONLINEMEETINGCONFLINK",
                 "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK":
                linkLines.append(String(l.text.trimmed.prefix(2000)))
            case "STATUS": e.status = l.text.trimmed.uppercased()
            case "SEQUENCE": e.sequence = Int(l.rawValue.trimmed).map { max(0, min($0, 1_000_000)) } ?? 0
            case "ORGANIZER": e.organizer = party(l)
            case "ATTENDEE":
                if e.attendees.count < 5000 { e.attendees.append(party(l)) }
            case "RRULE":
                guard e.rule == nil else { throw CalendarError("it has two RRULEs, which Tend does not combine", line: l.line) }
                do throws(RecurrenceRule.Invalid) { e.rule = try RecurrenceRule.parse(l.rawValue) } catch {
                    throw CalendarError("RRULE \(error.message)", line: l.line)
                }
            case "EXDATE", "RDATE", "RECURRENCE-ID":
                let isPeriod = l.values(of: "VALUE").first?.uppercased() == "PERIOD"
                var times: [EventTime] = []
                for value in l.rawValue.split(separator: ",") {
                    // A PERIOD (start/end or start/duration) counts by its start.
                    let v = isPeriod || value.contains("/") ? String(value.split(separator: "/").first ?? "") : String(value)
                    times.append(try time(v, l, zones: zones, what: l.name))
                }
                if times.count > 10_000 { throw CalendarError("\(l.name) lists more than 10000 dates", line: l.line) }
                switch l.name {
                case "EXDATE": e.exceptions += times
                case "RDATE": e.extraDates += times
                default:
                    guard times.count == 1 else { throw CalendarError("RECURRENCE-ID holds more than one date", line: l.line) }
                    e.recurrenceID = times[0]
                }
            default: break
            }
        }
        guard let start else { throw CalendarError("the event\(e.summary.isEmpty ? "" : " “\(e.summary.prefix(60))”") has no DTSTART", line: line) }
        e.start = start
        if let end {
            if start.isDate != end.isDate, !start.isDate {
                throw CalendarError("DTSTART and DTEND are of different kinds (a date and a date-time)", line: line)
            }
            let utc = TimeZone.gmt
            e.length = max(0, end.instant(floating: utc) - start.instant(floating: utc))
        } else if let duration {
            e.length = max(0, duration)
        } else if start.isDate {
            e.length = 86_400
        }
        let id = uid ?? ""
        // RFC 5545 requires a UID; without one, the event is known by what it is.
        e.uid = id.isEmpty ? "no-uid:" + StableHash.hex("\(start)|\(e.summary)|\(e.location)") : String(id.prefix(500))
        e.links = linkLines.filter { !$0.isEmpty }
        return e
    }

    /// Every occurrence starting within `from...through` (seconds since the epoch), oldest first: each series expanded
    /// (RRULE and RDATE, less EXDATE), each override put in its instance's place (or added, when it was moved into the
    /// window), and the events that do not repeat. Floating times and dates are read in `zone`. A series makes at most
    /// `perSeries` occurrences, the whole file at most `limit`: a small file of daily events without end could otherwise
    /// ask for billions (more is an error that says to import a shorter span).
    public func occurrences(from: Int64, through: Int64, zone: TimeZone, perSeries: Int = 10_000,
                            limit: Int = CalendarFile.maximumOccurrences) throws(CalendarError) -> [CalendarOccurrence] {
        var overrides: [String: [String: CalendarEvent]] = [:]
        var series: [CalendarEvent] = []
        var byUID: [String: Int] = [:]
        for e in events {
            if let rid = e.recurrenceID {
                let key = Self.instanceKey(rid, floating: zone)
                // The highest SEQUENCE wins when an override is written twice.
                if let old = overrides[e.uid]?[key], old.sequence > e.sequence { continue }
                overrides[e.uid, default: [:]][key] = e
            } else if let i = byUID[e.uid] {
                // The same event twice (a calendar merged from two exports): the later SEQUENCE wins.
                if e.sequence >= series[i].sequence { series[i] = e }
            } else {
                byUID[e.uid] = series.count
                series.append(e)
            }
        }
        var out: [CalendarOccurrence] = []
        // Local bounds with a day's margin each side: every zone's wall clock is within 14 hours of UTC.
        let lower = LocalDateTime(secondsAsUTC: from - 86_400), upper = LocalDateTime(secondsAsUTC: through + 86_400)
        func add(_ e: SharedEvent, _ start: EventTime, key: String, recurring: Bool) {
            let t = start.instant(floating: zone)
            guard t >= from, t <= through else { return }
            out.append(CalendarOccurrence(shared: e, start: start, key: key, isRecurring: recurring, instant: t))
        }
        func full() -> CalendarError {
            let day = LocalDateTime(secondsAsUTC: from).date
            return CalendarError("the calendar has more than \(limit) occurrences from \(day) on: import a shorter span (a later --since)")
        }
        for e in series {
            if out.count > limit { throw full() }
            let mine = overrides[e.uid] ?? [:]
            guard e.rule != nil || !e.extraDates.isEmpty || !mine.isEmpty else {
                add(SharedEvent(e), e.start, key: e.uid, recurring: false)
                continue
            }
            var starts: [EventTime] = []
            if let rule = e.rule {
                let zoneOf = e.start
                starts = rule.expand(from: e.start.local, after: lower, through: upper,
                                     instant: { zoneOf.with($0).instant(floating: zone) }, limit: perSeries).map { e.start.with($0) }
            } else if e.start.local >= lower && e.start.local <= upper {
                starts = [e.start]
            }
            starts += e.extraDates.filter { $0.local >= lower && $0.local <= upper }
            let excluded = Set(e.exceptions.map { Self.instanceKey($0, floating: zone) })
            // An EXDATE written as a date removes a timed series' instance on that date.
            var excludedDates = Set<String>()
            if !e.start.isDate { for case .date(let d) in e.exceptions { excludedDates.insert(d.compact) } }
            var seen = Set<String>()
            let shared = SharedEvent(e)
            var overridden: [String: SharedEvent] = [:]
            func box(_ key: String, _ o: CalendarEvent) -> SharedEvent {
                if let b = overridden[key] { return b }
                let b = SharedEvent(o)
                overridden[key] = b
                return b
            }
            for s in starts {
                let key = Self.instanceKey(s, floating: zone)
                guard !excluded.contains(key), excludedDates.isEmpty || !excludedDates.contains(s.local.date.compact),
                      seen.insert(key).inserted else { continue }
                if let o = mine[key] {
                    add(box(key, o), o.start, key: e.uid + "|" + key, recurring: true)
                } else {
                    add(shared, s, key: e.uid + "|" + key, recurring: true)
                }
            }
            // Overrides of instances outside the window (or of none the rule makes) that were moved into it.
            for (key, o) in mine where !seen.contains(key) && !excluded.contains(key) {
                add(box(key, o), o.start, key: e.uid + "|" + key, recurring: true)
            }
        }
        // Overrides whose series is not in the file (an invitation to one occurrence).
        for (uid, list) in overrides where byUID[uid] == nil {
            for (key, o) in list { add(SharedEvent(o), o.start, key: uid + "|" + key, recurring: true) }
        }
        if out.count > limit { throw full() }
        // The indices are sorted, not the occurrences: each holds its event, and moving them was most of the sort.
        let order = out.indices.sorted { a, b in out[a].instant != out[b].instant ? out[a].instant < out[b].instant : out[a].key < out[b].key }
        return order.map { out[$0] }
    }

    /// An instance's identity: its start in UTC (`20261201T093000Z`), or its date (`20261201`).
    static func instanceKey(_ t: EventTime, floating: TimeZone) -> String {
        switch t {
        case .date(let d): return LocalDateTime(year: d.year, month: d.month, day: d.day).stamp(separated: false, time: false)
        case .time: return LocalDateTime(secondsAsUTC: t.instant(floating: floating)).stamp(separated: false) + "Z"
        }
    }
}
