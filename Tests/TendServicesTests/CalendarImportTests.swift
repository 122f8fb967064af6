import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Calendars into touches (issue 17): each past event with people in Tend is one captured touch, on both backends,
/// once; a moved event moves its touch, a cancelled one removes it.
@Suite struct CalendarImportTests {
    static let now = ISO8601DateFormatter().date(from: "2026-12-01T08:00:00Z")!

    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TendInteropTests/Fixtures/calendars/" + name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func importing(_ t: Tending, _ text: String, dryRun: Bool = false, since: Day? = day("2026-10-01"),
                          skipInvalid: Bool = false) async throws -> CalendarImportReport {
        let file = try CalendarFile.read(Data(text.utf8))
        return try await t.importCalendar(file, options: CalendarImportOptions(me: ["sam@example.com"], since: since, skipInvalid: skipInvalid, dryRun: dryRun),
                                          name: "Google", now: now)
    }

    static func with(_ backend: Backend, _ body: (Tending) async throws -> Void) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            _ = try await t.updateSettings { $0.timeZone = "Europe/Lisbon" }
            for (name, email) in [("Ana Lima", "ana.lima@example.org"), ("Bruno Costa", "bruno@costa.example"), ("Carla Mendes", "carla.mendes@example.net")] {
                var p = Profile(displayName: name)
                p.emails = [email]
                _ = try await t.addPerson(p, tier: .intimate, on: day("2025-01-01"))
            }
            try await body(t)
        }
    }

    @Test(arguments: Backend.available)
    func pastEventsWithPeopleAreTouchesOnTheirDays(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let google = try Self.fixture("google.ics")
            let dry = try await Self.importing(t, google, dryRun: true)
            #expect(try await t.touches(ListQuery()).isEmpty, "a dry run writes nothing")
            let r = try await Self.importing(t, google)
            #expect(r == { var d = dry; d.dryRun = false; return d }(), "the dry run's counts are the import's")
            #expect(r.added == 8 && r.people == 3 && r.moved == 0 && r.removed == 0)
            #expect(r.skipped == ["cancelled": 1, "declined": 1, "with more than 20 people": 1, "all-day, naming no one in Tend": 1])
            #expect(r.summary == "Google: 9 events, 12 occurrences since 2026-10-01: 8 touches added with 3 people; skipped: 1 all-day, naming no one in Tend, 1 cancelled, 1 declined, 1 with more than 20 people; 1 coming event with people in Tend.")
            #expect(r.upcoming == 1, "Ana's weekly 1:1 of 1 December, later that day")
            let touches = try await t.touches(ListQuery()).sorted { ($0.on, $0.id) < ($1.on, $1.id) }
            #expect(touches.map(\.on.description) == ["2026-10-06", "2026-10-13", "2026-10-20", "2026-11-04", "2026-11-10", "2026-11-19", "2026-11-20", "2026-11-24"])
            #expect(touches.map(\.channel) == [.video, .video, .video, .inPerson, .video, .inPerson, .inPerson, .video])
            #expect(touches.allSatisfy { $0.intent == .checkIn && $0.captured == Touch.Capture(source: "calendar:Google", reviewed: false) })
            let ana = try await t.person("Ana Lima"), bruno = try await t.person("Bruno Costa"), carla = try await t.person("Carla Mendes")
            #expect(touches[5].people == [bruno.id, carla.id].sorted() && touches[5].note == "Dinner", "a group touch; the stranger and the room are no one")
            #expect(touches[6].people == [ana.id] && touches[6].note == "Ana visiting", "an all-day event by the name it holds")
            #expect(touches[3].note == "Ana / Sam 1:1 (lunch instead)")

            // Again: nothing new.
            let again = try await Self.importing(t, google)
            #expect(again.added == 0 && again.unchanged == 8 && again.moved == 0)
            #expect(try await t.touches(ListQuery()).count == 8)

            // The next export: one instance moved two days on, the dinner cancelled, and Ana now declines the 10 November one.
            var next = google.replacingOccurrences(of: "SUMMARY:Dinner\r\nSTATUS:CONFIRMED", with: "SUMMARY:Dinner\r\nSTATUS:CANCELLED")
            next = next.replacingOccurrences(of: "END:VCALENDAR", with: """
                BEGIN:VEVENT\r
                UID:1on1-ana-7f3c2b@google.com\r
                RECURRENCE-ID;TZID=Europe/Lisbon:20261013T093000\r
                DTSTART;TZID=Europe/Lisbon:20261015T093000\r
                DTEND;TZID=Europe/Lisbon:20261015T100000\r
                ORGANIZER:mailto:sam@example.com\r
                ATTENDEE;PARTSTAT=ACCEPTED:mailto:ana.lima@example.org\r
                X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij\r
                SUMMARY:Ana / Sam 1:1\r
                END:VEVENT\r
                BEGIN:VEVENT\r
                UID:1on1-ana-7f3c2b@google.com\r
                RECURRENCE-ID;TZID=Europe/Lisbon:20261110T093000\r
                DTSTART;TZID=Europe/Lisbon:20261110T093000\r
                ORGANIZER:mailto:ana.lima@example.org\r
                ATTENDEE;PARTSTAT=DECLINED:mailto:sam@example.com\r
                SUMMARY:Ana / Sam 1:1\r
                END:VEVENT\r
                END:VCALENDAR
                """)
            let moved = try await Self.importing(t, next)
            #expect(moved.moved == 1 && moved.removed == 2 && moved.added == 0)
            let after = try await t.touches(ListQuery()).sorted { ($0.on, $0.id) < ($1.on, $1.id) }
            #expect(after.map(\.on.description) == ["2026-10-06", "2026-10-15", "2026-10-20", "2026-11-04", "2026-11-20", "2026-11-24"])
            #expect(after[1].id == touches[1].id, "the moved event's touch is the same touch")
            let anas = try await t.touches(ListQuery(person: ana.id)), brunos = try await t.touches(ListQuery(person: bruno.id))
            #expect(anas.count == 6 && brunos.isEmpty)

            // Forgetting the calendar removes what it made; importing again starts afresh.
            #expect(try await t.importedCalendars().map(\.name) == ["Google"])
            #expect(try await t.forgetImported("calendar:Google") == 6)
            let left = try await t.touches(ListQuery()), calendars = try await t.importedCalendars()
            #expect(left.isEmpty && calendars.isEmpty)
            #expect(try await Self.importing(t, next).added == 6)
        }
    }

    @Test(arguments: Backend.available)
    func whoDeclinedWasNotThere(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let google = try Self.fixture("google.ics")
            _ = try await Self.importing(t, google)
            let declined = google.replacingOccurrences(of: "ATTENDEE;PARTSTAT=TENTATIVE;CN=Carla Mendes", with: "ATTENDEE;PARTSTAT=DECLINED;CN=Carla Mendes")
            let r = try await Self.importing(t, declined)
            #expect(r.moved == 1 && r.added == 0, "the dinner's touch changes its people")
            let dinner = try #require(r.lines.first { $0.title == "Dinner" })
            #expect(dinner.people == ["Bruno Costa"] && dinner.status == .moved)
        }
    }

    @Test(arguments: Backend.available)
    func aMeetingAWeekAfterSupportFollowsAStruggleUp(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let layoff = try await t.recordMoment("Bruno Costa", kind: .struggle(.layoff), on: day("2026-11-01"))
            let win = try await t.recordMoment("Carla Mendes", kind: .win(.promotion), on: day("2026-11-15"))
            _ = try await t.logTouch(to: ["Bruno Costa"], on: day("2026-11-02"), channel: .call, intent: .support)
            let r = try await Self.importing(t, try Self.fixture("google.ics"))
            #expect(r.added == 8)
            let struggle = try await t.moment(layoff.id), promotion = try await t.moment(win.id)
            #expect(struggle?.followedUpOn == day("2026-11-19"), "the dinner follows the layoff up")
            #expect(promotion?.state == .open, "a meeting is no congratulation: the win is still to answer")
        }
    }

    @Test(arguments: Backend.available)
    func whatCannotBeReadRefusesTheFileUnlessSkipped(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let broken = try Self.fixture("google.ics").replacingOccurrences(of: "RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20261124T235959Z;BYDAY=TU",
                                                                              with: "RRULE:FREQ=WEEKLY;UNTIL=20261124T235959Z;BYDAY=TUESDAY")
            await #expect(throws: TendError.importProblems(["line 29: RRULE BYDAY=TUESDAY: “TUESDAY” is not a weekday"])) {
                try await Self.importing(t, broken)
            }
            #expect(try await t.touches(ListQuery()).isEmpty)
            let r = try await Self.importing(t, broken, skipInvalid: true)
            #expect(r.problems == ["line 29: RRULE BYDAY=TUESDAY: “TUESDAY” is not a weekday"])
            // Without the series, its overrides stand alone: the lunch; the cancelled one is no touch.
            #expect(r.added == 3)
            await #expect(throws: TendError.invalid(ValidationError(field: "me", message: "“sam” is not an email address"))) {
                try await t.importCalendar(try CalendarFile.read(Data(try Self.fixture("google.ics").utf8)),
                                           options: CalendarImportOptions(me: ["sam"]), name: "Google", now: Self.now)
            }
        }
    }
}
