import ArgumentParser
import Foundation
import TendCore
import TendInterop
import TendServices
import TendSQLite

/// A large calendar imported as `tend import` does: ten years of meetings (a quarter of them recurring: weekly one-to-ones,
/// monthly reviews, yearly dinners, with exceptions and moved instances), read, expanded and imported in one
/// transaction, then imported again (which adds nothing). The people are in Tend by email.
struct CalendarImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar-import",
        abstract: "Time importing a generated calendar (.ics) into a fresh SQLite database.")

    @Option(help: "Events (VEVENTs) in the calendar.") var events = 20_000
    @Option(help: "People in Tend, each with an address the events use.") var people = 500
    @Option(help: "Write the calendar to this file and stop (for a cross-check with another reader).") var write: String?

    func run() async throws {
        guard (1...1_000_000).contains(events), (1...100_000).contains(people) else { throw ValidationError("--events is 1 to 1000000, --people 1 to 100000") }
        let text = Self.calendar(events: events, people: people)
        if let write {
            try Data(text.utf8).write(to: URL(fileURLWithPath: write))
            return
        }
        print(String(format: "calendar: %d events (%d recurring), %.1f MB", events, events / 4, Double(text.utf8.count) / 1_048_576))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
        let tending = Tending(database: db, account: try await db.accounts.localAccount())
        _ = try await tending.updateSettings { $0.timeZone = "Europe/Lisbon" }
        for p in 0..<people {
            var profile = Profile(displayName: "Person \(p)")
            profile.emails = ["person\(p)@example.com"]
            _ = try await tending.addPerson(profile, tier: .intimate, on: Day("2015-01-01")!)
        }
        let now = ISO8601DateFormatter().date(from: "2026-12-01T08:00:00Z")!
        let options = CalendarImportOptions(me: ["sam@example.com"], since: Day("2016-12-01")!)

        var clock = ContinuousClock.now
        func lap() -> Double {
            let t = ContinuousClock.now
            defer { clock = t }
            let d = (t - clock).components
            return Double(d.seconds) + Double(d.attoseconds) / 1e18
        }
        let data = Data(text.utf8)
        guard case .calendar(let file, _) = try ImportFile.read(data, filename: "work.ics") else { throw ValidationError("not read as a calendar") }
        let read = lap()
        let expanded = try file.occurrences(from: 1_480_550_400, through: Int64(now.timeIntervalSince1970), zone: TimeZone(identifier: "Europe/Lisbon")!)
        let expand = lap()
        let readPeak = DigestScale.peakResidentMB()
        let report = try await tending.importCalendar(file, options: options, name: "Work", now: now)
        let write = lap()
        guard case .calendar(let second, _) = try ImportFile.read(data, filename: "work.ics") else { throw ValidationError("not read as a calendar") }
        let again = try await tending.importCalendar(second, options: options, name: "Work", now: now)
        let twice = lap()
        print(String(format: "read: %.2f s; expand: %.2f s (%d occurrences); import (expanded again inside): %.2f s (%d touches, %d skipped); again: %.2f s (%d added, %d read before)",
                     read, expand, expanded.count, write, report.added, report.skipped.values.reduce(0, +), twice, again.added, again.unchanged))
        print("memory: peak resident \(readPeak) MB after reading and expanding, \(DigestScale.peakResidentMB()) MB in all")
        try await db.close()
    }

    /// Ten years to 2026-12-01 in Lisbon time: single meetings with one to four people, a quarter of the events
    /// recurring (weekly with an EXDATE, monthly on a weekday, yearly), an override for some, all-day events, and some
    /// cancelled or declined.
    static func calendar(events: Int, people: Int) -> String {
        var out = """
            BEGIN:VCALENDAR\r
            PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
            VERSION:2.0\r
            X-WR-CALNAME:Work\r
            BEGIN:VTIMEZONE\r
            TZID:Europe/Lisbon\r
            BEGIN:STANDARD\r
            TZOFFSETFROM:+0100\r
            TZOFFSETTO:+0000\r
            DTSTART:19701025T020000\r
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
            END:STANDARD\r
            BEGIN:DAYLIGHT\r
            TZOFFSETFROM:+0000\r
            TZOFFSETTO:+0100\r
            DTSTART:19700329T010000\r
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
            END:DAYLIGHT\r
            END:VTIMEZONE\r

            """
        out.reserveCapacity(events * 700)
        let first = Day("2016-12-01")!.ordinal
        let span = Day("2026-12-01")!.ordinal - first
        func stamp(_ d: Day, _ h: Int, _ m: Int) -> String { String(format: "%04d%02d%02dT%02d%02d00", d.year, d.month, d.day, h, m) }
        for i in 0..<events {
            var rng = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 12345
            func next(_ n: Int) -> Int {
                rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
                return Int(rng % UInt64(n))
            }
            let day = Day(ordinal: first + next(span))
            let (h, m) = (8 + next(10), [0, 15, 30, 45][next(4)])
            let uid = "bench-\(i)@example.com"
            out += "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20261201T080000Z\r\n"
            let kind = i % 4 == 0 ? next(3) : -1
            if i % 29 == 0 {
                out += "DTSTART;VALUE=DATE:\(String(format: "%04d%02d%02d", day.year, day.month, day.day))\r\nSUMMARY:Person \(next(people)) visiting\r\n"
            } else {
                out += "DTSTART;TZID=Europe/Lisbon:\(stamp(day, h, m))\r\nDTEND;TZID=Europe/Lisbon:\(stamp(day, h + 1, m))\r\n"
                // Each rule is synchronised with its DTSTART, as RFC 5545 asks (an unsynchronised one is undefined).
                let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][((day.ordinal % 7) + 7 + 3) % 7]
                switch kind {
                case 0: out += "RRULE:FREQ=WEEKLY;BYDAY=\(weekday);COUNT=\(10 + next(40))\r\nEXDATE;TZID=Europe/Lisbon:\(stamp(day.adding(days: 14), h, m))\r\n"
                case 1: out += "RRULE:FREQ=MONTHLY;BYDAY=\((day.day - 1) / 7 + 1 == 5 ? -1 : (day.day - 1) / 7 + 1)\(weekday);UNTIL=\(String(format: "%04d1231T235959Z", min(day.year + 2, 2030)))\r\n"
                case 2: out += "RRULE:FREQ=YEARLY\r\n"
                default: break
                }
                out += "ORGANIZER;CN=Sam Rivera:mailto:sam@example.com\r\n"
                out += "ATTENDEE;PARTSTAT=\(i % 37 == 0 ? "DECLINED" : "ACCEPTED");CN=Sam Rivera:mailto:sam@example.com\r\n"
                for _ in 0..<(1 + next(4)) {
                    let p = next(people + people / 5)
                    out += "ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;CN=Person \(p):mailto:person\(p)@example.com\r\n"
                }
                if next(3) == 0 { out += "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\\nJoin by phone +1 415-555-0100\r\n" }
                out += "LOCATION:\(next(2) == 0 ? "Room \(next(20))" : "")\r\nSUMMARY:Meeting \(i)\r\n"
                if i % 41 == 0 { out += "STATUS:CANCELLED\r\n" }
            }
            out += "END:VEVENT\r\n"
            if kind == 0 && next(4) == 0 {
                // The second instance moved a day on.
                let original = day.adding(days: 7)
                out += "BEGIN:VEVENT\r\nUID:\(uid)\r\nRECURRENCE-ID;TZID=Europe/Lisbon:\(stamp(original, h, m))\r\n"
                out += "DTSTART;TZID=Europe/Lisbon:\(stamp(original.adding(days: 1), h, m))\r\nDTEND;TZID=Europe/Lisbon:\(stamp(original.adding(days: 1), h + 1, m))\r\n"
                out += "ORGANIZER:mailto:sam@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:person\(next(people))@example.com\r\nSUMMARY:Meeting \(i) (moved)\r\nEND:VEVENT\r\n"
            }
        }
        return out + "END:VCALENDAR\r\n"
    }
}
