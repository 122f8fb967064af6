import Foundation
import Testing
import TendCore
@testable import TendInterop

/// iCalendar files read for their events (issue 17): zones, recurrences, overrides, and what cannot be read.
@Suite struct CalendarReaderTests {
    static func fixture(_ name: String) throws -> CalendarFile {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/calendars/" + name)
        return try CalendarFile.read(try Data(contentsOf: url))
    }

    static let utc = TimeZone(identifier: "UTC")!

    static func seconds(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    /// The starts of one event's occurrences in the window, in UTC ("1997-09-02T13:00:00Z") or as dates.
    static func starts(_ file: CalendarFile, uid: String, from: String = "1990-01-01T00:00:00Z", through: String = "2030-01-01T00:00:00Z",
                       zone: TimeZone = utc) -> [String] {
        (try! file.occurrences(from: seconds(from), through: seconds(through), zone: zone)).filter { $0.event.uid == uid }.map { o in
            switch o.start {
            case .date(let d): d.description
            case .time:
                ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(o.start.instant(floating: zone))))
            }
        }
    }

    @Test func rfc5545sExamplesExpandAsTheRFCLists() throws {
        let file = try Self.fixture("rfc5545.ics")
        #expect(file.problems.isEmpty && file.events.count == 31)
        func local(_ i: Int) -> [String] {
            // Back in New York time, as the RFC lists them.
            let ny = TimeZone(identifier: "America/New_York")!
            return Self.starts(file, uid: "rfc5545-\(i)@example.com").map { s in
                let instant = ISO8601DateFormatter().date(from: s)!
                var c = Calendar(identifier: .gregorian)
                c.timeZone = ny
                let d = c.dateComponents([.year, .month, .day, .hour], from: instant)
                return String(format: "%04d-%02d-%02d %02d", d.year!, d.month!, d.day!, d.hour!)
            }
        }
        // Daily for 10: September 2–11, at 9:00 in New York whatever the offset.
        #expect(local(0) == (2...11).map { String(format: "1997-09-%02d 09", $0) })
        #expect(local(1).count == 113 && local(1).last == "1997-12-23 09", "daily until December 24")
        // Every 10 days, 5 occurrences: Sep 2, 12, 22; Oct 2, 12.
        #expect(local(3) == ["1997-09-02 09", "1997-09-12 09", "1997-09-22 09", "1997-10-02 09", "1997-10-12 09"])
        #expect(local(4).count == 93, "every day in January, 1998 to 2000")
        // Weekly on Tuesday and Thursday for five weeks: 10 occurrences.
        #expect(local(7).count == 10 && local(7).last == "1997-10-02 09")
        // Monthly on the first Friday: Sep 5, Oct 3, Nov 7, Dec 5, Jan 2, ...
        #expect(Array(local(10).prefix(5)) == ["1997-09-05 09", "1997-10-03 09", "1997-11-07 09", "1997-12-05 09", "1998-01-02 09"])
        // Every other month on the first and last Sunday: Sep 7, 28; Nov 2, 30; ...
        #expect(Array(local(11).prefix(4)) == ["1997-09-07 09", "1997-09-28 09", "1997-11-02 09", "1997-11-30 09"])
        // The second-to-last Monday: Sep 22, Oct 20, Nov 17, Dec 22, Jan 19, Feb 16.
        #expect(local(12) == ["1997-09-22 09", "1997-10-20 09", "1997-11-17 09", "1997-12-22 09", "1998-01-19 09", "1998-02-16 09"])
        // The third-to-the-last day: Sep 28, Oct 29, Nov 28, Dec 29, ...
        #expect(Array(local(13).prefix(4)) == ["1997-09-28 09", "1997-10-29 09", "1997-11-28 09", "1997-12-29 09"])
        // The first and last day: Sep 30, Oct 1, Oct 31, Nov 1, ...
        #expect(Array(local(15).prefix(4)) == ["1997-09-30 09", "1997-10-01 09", "1997-10-31 09", "1997-11-01 09"])
        // Every 18 months on the 10th to 15th: Sep 10–15 1997, Mar 10–13 1999.
        #expect(local(16).suffix(4) == ["1999-03-10 09", "1999-03-11 09", "1999-03-12 09", "1999-03-13 09"])
        // Every 20th Monday: May 19 1997, May 18 1998, May 17 1999, May 15 2000.
        #expect(local(20) == ["1997-05-19 09", "1998-05-18 09", "1999-05-17 09", "2000-05-15 09"])
        // Every Friday the 13th (DTSTART is one): Feb 13, Mar 13, Nov 13 1998, Aug 13 1999, Oct 13 2000.
        #expect(local(23) == ["1998-02-13 09", "1998-03-13 09", "1998-11-13 09", "1999-08-13 09", "2000-10-13 09"])
        // The first Saturday after the first Sunday: Sep 13, Oct 11, Nov 8, Dec 13, ...
        #expect(Array(local(24).prefix(4)) == ["1997-09-13 09", "1997-10-11 09", "1997-11-08 09", "1997-12-13 09"])
        #expect(local(25) == ["1996-11-05 09", "2000-11-07 09", "2004-11-02 09"], "US presidential elections")
        #expect(local(26) == ["1997-09-04 09", "1997-10-07 09", "1997-11-06 09"], "BYSETPOS=3")
        #expect(local(27).prefix(3) == ["1997-09-29 09", "1997-10-30 09", "1997-11-27 09"], "BYSETPOS=-2")
        // WKST changes which weeks are "every other".
        #expect(local(28) == ["1997-08-05 09", "1997-08-10 09", "1997-08-19 09", "1997-08-24 09"])
        #expect(local(29) == ["1997-08-05 09", "1997-08-17 09", "1997-08-19 09", "1997-08-31 09"])
        // February 30 is no date: skipped, not moved.
        #expect(local(30) == ["2007-01-15 09", "2007-01-30 09", "2007-02-15 09", "2007-03-15 09", "2007-03-30 09"])
    }

    @Test func googlesSeriesHasItsExceptionsAndOverridesInPlace() throws {
        let file = try Self.fixture("google.ics")
        #expect(file.name == "sam@example.com" && file.method == "PUBLISH" && file.problems.isEmpty)
        let occurrences = try file.occurrences(from: Self.seconds("2026-10-01T00:00:00Z"), through: Self.seconds("2026-12-01T00:00:00Z"), zone: Self.utc)
        let ana = occurrences.filter { $0.event.uid == "1on1-ana-7f3c2b@google.com" }
        // Lisbon is UTC+1 until 25 October, then UTC: 09:30 local is 08:30Z, then 09:30Z.
        #expect(ana.map { CalendarFile.instanceKey($0.start, floating: Self.utc) } == [
            "20261006T083000Z", "20261013T083000Z", "20261020T083000Z", // the 27th is an EXDATE
            "20261104T120000Z", // the 3 November instance, moved to lunch on the 4th
            "20261110T093000Z", "20261117T093000Z", "20261124T093000Z",
        ])
        #expect(ana[3].event.summary == "Ana / Sam 1:1 (lunch instead)" && ana[3].key == "1on1-ana-7f3c2b@google.com|20261103T093000Z")
        #expect(ana[5].event.isCancelled, "the cancelled instance is there, as cancelled")
        #expect(ana[0].event.links == ["https://meet.google.com/abc-defg-hij"])
        #expect(ana[0].event.attendees.map(\.address) == ["sam@example.com", "ana.lima@example.org"])
        let visit = occurrences.first { $0.event.uid == "ana-visiting@google.com" }
        #expect(visit?.start == .date(Day("2026-11-20")!) && visit?.event.length == 3 * 86_400)
        let dinner = try #require(occurrences.first { $0.event.uid == "dinner-bruno-carla@google.com" })
        #expect(dinner.event.attendees.filter(\.isPerson).count == 4, "the room is no person")
        #expect(dinner.event.location == "Taberna da Rua das Flores, Lisboa")
    }

    @Test func outlooksWindowsZonesAndMonthlyRulesAreRead() throws {
        let file = try Self.fixture("outlook.ics")
        #expect(file.problems.isEmpty && file.name == nil)
        let review = "040000008200E00074C5B7101A82E00800000000B0C5A8F3AAD6DA01000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90"
        // The last weekday of each month at 16:30 Berlin time (UTC+1 in winter, +2 in summer), until July.
        #expect(Self.starts(file, uid: review) == [
            "2026-01-30T15:30:00Z", "2026-02-27T15:30:00Z", "2026-03-31T14:30:00Z", "2026-04-30T14:30:00Z",
            "2026-05-29T14:30:00Z", "2026-06-30T14:30:00Z",
        ])
        let eli = "040000008200E00074C5B7101A82E00800000000C0D5A8F3AAD6DA01000000000000000010000000B1C2D3E4F5061728394A5B6C7D8E9F01"
        // The second Thursday at 9:30 Pacific, six times less the May one, June's moved to the 18th at 10:00.
        #expect(Self.starts(file, uid: eli) == [
            "2026-03-12T16:30:00Z", "2026-04-09T16:30:00Z", "2026-06-18T17:00:00Z", "2026-07-09T16:30:00Z", "2026-08-13T16:30:00Z",
        ])
        let zone = try #require(CalendarZone.system("W. Europe Standard Time"))
        #expect(zone.identifier == "Europe/Berlin")
        #expect(CalendarZone.system("/mozilla.org/20070129_1/Europe/Berlin")?.identifier == "Europe/Berlin")
        #expect(CalendarZone.system("Mars/Olympus_Mons") == nil)
    }

    @Test func applesAndFastmailsEventsKeepTheirDaysAcrossChanges() throws {
        let apple = try Self.fixture("apple.ics")
        // The last Tuesday of May at 18:30 in New York.
        #expect(Self.starts(apple, uid: "5D3A1B4C-8E2F-4A6B-9C0D-1E2F3A4B5C6D", through: "2026-12-01T00:00:00Z")
            == ["2024-05-28T22:30:00Z", "2025-05-27T22:30:00Z", "2026-05-26T22:30:00Z"])
        let parks = try #require(apple.events.first)
        #expect(parks.attendees[0].address == "eli@park.example", "an attendee whose address is in EMAIL=")
        #expect(parks.location == "Carbone\n181 Thompson St, New York, NY 10012")
        // Every other Sunday, eight times, less 29 March, plus 2 April.
        #expect(Self.starts(apple, uid: "A1B2C3D4-0000-4000-8000-ABCDEFABCDEF") == [
            "2026-03-01T15:00:00Z", "2026-03-15T14:00:00Z", "2026-04-02T22:00:00Z", "2026-04-12T14:00:00Z", "2026-04-26T14:00:00Z",
            "2026-05-10T14:00:00Z", "2026-05-24T14:00:00Z", "2026-06-07T14:00:00Z",
        ])
        // 01:30 on the night the clocks go back (the first of the two), and the two nights after.
        #expect(Self.starts(apple, uid: "B2C3D4E5-1111-4111-8111-BCDEFABCDEF0") == ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z", "2026-11-03T06:30:00Z"])
        let fastmail = try Self.fixture("fastmail.ics")
        #expect(fastmail.name == "Personal")
        let standup = try #require(fastmail.events.first)
        #expect(standup.length == Int64(45 * 60))
        // Every other day at 08:00 in Melbourne, across its change to summer time on 4 October.
        #expect(Self.starts(fastmail, uid: standup.uid) == [
            "2026-09-29T22:00:00Z", "2026-10-01T22:00:00Z", "2026-10-03T21:00:00Z", "2026-10-05T21:00:00Z", "2026-10-07T21:00:00Z",
        ])
        // The last day of each month, until June.
        #expect(Self.starts(fastmail, uid: "8b2c3d4e-5f60-4172-93a4-b5c6d7e8f901").count == 5)
    }

    @Test func theChannelIsReadFromLinksAndDialIns() {
        #expect(CalendarCapture.channel(location: "", texts: ["Join: https://meet.google.com/abc-defg-hij"]) == .video)
        #expect(CalendarCapture.channel(location: "https://us02web.zoom.us/j/85551234567?pwd=abc", texts: []) == .video)
        #expect(CalendarCapture.channel(location: "Microsoft Teams Meeting", texts: ["<https://teams.microsoft.com/l/meetup-join/19%3a>"]) == .video)
        #expect(CalendarCapture.channel(location: "", texts: ["https://whereby.com/sam"]) == .video)
        #expect(CalendarCapture.channel(location: "meet.jit.si/SamAndAna", texts: []) == .video)
        #expect(CalendarCapture.channel(location: "+49 30 555 0123", texts: []) == .call)
        #expect(CalendarCapture.channel(location: "tel:+61-3-5550-1234", texts: []) == .call)
        #expect(CalendarCapture.channel(location: "", texts: ["Dial-in: +49 30 555 0199, code 4242#"]) == .call)
        #expect(CalendarCapture.channel(location: "Café Tati, Lisboa", texts: ["Bring the zoom lens"]) == .inPerson)
        #expect(CalendarCapture.channel(location: "", texts: ["notzoom.usage.example"]) == .inPerson)
    }

    @Test func aZoneTheFileDefinesByItselfIsUsed() throws {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VTIMEZONE
            TZID:(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna
            BEGIN:STANDARD
            DTSTART:16011028T030000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:16010325T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VEVENT
            UID:x
            DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260701T120000
            END:VEVENT
            BEGIN:VEVENT
            UID:y
            DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20261201T120000
            END:VEVENT
            BEGIN:VEVENT
            UID:twice
            DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20261025T023000
            END:VEVENT
            BEGIN:VEVENT
            UID:skipped
            DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna":20260329T023000
            END:VEVENT
            END:VCALENDAR
            """
        let file = try CalendarFile.read(Data(text.utf8))
        #expect(Self.starts(file, uid: "x") == ["2026-07-01T10:00:00Z"])
        #expect(Self.starts(file, uid: "y") == ["2026-12-01T11:00:00Z"])
        // 02:30 happens twice on 25 October: the first; it does not happen on 29 March: read with the offset before.
        #expect(Self.starts(file, uid: "twice") == ["2026-10-25T00:30:00Z"])
        #expect(Self.starts(file, uid: "skipped") == ["2026-03-29T01:30:00Z"])
    }

    @Test func whatCannotBeReadSaysWhichLine() throws {
        func problems(_ body: String) throws -> [String] {
            try CalendarFile.read(Data("BEGIN:VCALENDAR\r\n\(body)END:VCALENDAR\r\n".utf8)).problems.map(\.description)
        }
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\nEND:VEVENT\r\n")
            == ["line 5: RRULE BYDAY=XX: “XX” is not a weekday"])
        // The smallest Int, whose abs() traps: out of range like any other.
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-9223372036854775808\r\nEND:VEVENT\r\n")
            == ["line 5: RRULE BYMONTHDAY=-9223372036854775808: “-922337203” is out of range"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=MONTHLY;BYDAY=-9223372036854775808MO\r\nEND:VEVENT\r\n")
            == ["line 5: RRULE BYDAY=-9223372036854775808MO: “-922337203” has a bad ordinal"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:INTERVAL=2\r\nEND:VEVENT\r\n")
            == ["line 5: RRULE it has no FREQ"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n")
            == ["line 5: RRULE FREQ=HOURLY repeats within a day, which Tend does not expand"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Mars/Olympus:20260101T100000\r\nEND:VEVENT\r\n")
            == ["line 4: TZID “Mars/Olympus” is no time zone Tend knows and the file does not define it (VTIMEZONE)"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n") == ["line 2: the event “Lunch” has no DTSTART"])
        #expect(try problems("BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260231T100000Z\r\nEND:VEVENT\r\n")
            == ["line 4: DTSTART “20260231T100000Z” is not a date-time (YYYYMMDDTHHMMSS)"])
        #expect(throws: CalendarError("the file ends inside BEGIN:VEVENT: it is cut short")) {
            try CalendarFile.read(Data("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n".utf8))
        }
        #expect(throws: CalendarError("this is not an iCalendar file: it does not begin with BEGIN:VCALENDAR")) {
            try CalendarFile.read(Data("BEGIN:VCARD\r\nEND:VCARD\r\n".utf8))
        }
        #expect(throws: CalendarError("END:VTODO where END:VEVENT was due", line: 3)) {
            try CalendarFile.read(Data("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n".utf8))
        }
    }

    @Test func aFileThatAsksForTooManyOccurrencesIsRefused() throws {
        // Three hundred daily events without end, from 2016: over a hundred thousand occurrences in ten years.
        var text = "BEGIN:VCALENDAR\r\n"
        for i in 0..<300 { text += "BEGIN:VEVENT\r\nUID:\(i)\r\nDTSTART:20160101T090000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n" }
        let file = try CalendarFile.read(Data((text + "END:VCALENDAR\r\n").utf8))
        #expect(throws: CalendarError("the calendar has more than 100000 occurrences from 2016-01-01 on: import a shorter span (a later --since)")) {
            try file.occurrences(from: Self.seconds("2016-01-01T00:00:00Z"), through: Self.seconds("2026-12-01T00:00:00Z"), zone: Self.utc, limit: 100_000)
        }
        #expect(try file.occurrences(from: Self.seconds("2026-11-01T00:00:00Z"), through: Self.seconds("2026-12-01T00:00:00Z"), zone: Self.utc).count == 300 * 30)
    }

    @Test func valuesAreReadStrictly() {
        #expect(ICalendarValues.duration("PT1H30M") == 5400 && ICalendarValues.duration("P1W") == 604_800 && ICalendarValues.duration("-PT15M") == -900)
        #expect(ICalendarValues.duration("P1DT2H") == 93_600 && ICalendarValues.duration("PT") == nil && ICalendarValues.duration("P1H") == nil)
        #expect(ICalendarValues.utcOffset("+0530") == 19_800 && ICalendarValues.utcOffset("-0800") == -28_800 && ICalendarValues.utcOffset("0800") == nil)
        #expect(ICalendarValues.dateTime("20261201T093000Z")?.utc == true && ICalendarValues.dateTime("20261301T093000") == nil)
        #expect(ICalendarValues.date("20240229") != nil && ICalendarValues.date("20250229") == nil)
        // A rule that can never match ends instead of running on.
        let never = try! RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
        let start = LocalDateTime(year: 2026, month: 1, day: 30, hour: 9)
        #expect(never.expand(from: start, through: LocalDateTime(year: 9999, month: 12, day: 31), instant: { $0.secondsAsUTC }) == [start])
    }
}
