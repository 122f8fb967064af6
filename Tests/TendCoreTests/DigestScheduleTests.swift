import Foundation
import Testing
import TendCore
import TendTestSupport

@Suite struct DigestScheduleTests {
    static let lisbon = TimeZone(identifier: "Europe/Lisbon")!
    static func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func sevenInLisbonStaysSevenAcrossDaylightSaving() {
        let schedule = DigestSchedule(frequency: .daily, hour: 7)
        // Summer time starts on 29 March 2026 (01:00 UTC) and ends on 25 October 2026.
        #expect(schedule.instant(on: day("2026-03-28"), in: Self.lisbon) == Self.instant("2026-03-28T07:00:00Z"))
        #expect(schedule.instant(on: day("2026-03-29"), in: Self.lisbon) == Self.instant("2026-03-29T06:00:00Z"))
        #expect(schedule.instant(on: day("2026-10-25"), in: Self.lisbon) == Self.instant("2026-10-25T07:00:00Z"))
        let next = schedule.next(after: Self.instant("2026-03-28T07:00:00Z"), in: Self.lisbon)
        #expect(next?.day == day("2026-03-29") && next?.at == Self.instant("2026-03-29T06:00:00Z"))
    }

    @Test func anHourTheClockSkipsIsSentJustAfterTheGap() {
        // In Lisbon 01:00 to 02:00 does not exist on 29 March 2026.
        let schedule = DigestSchedule(frequency: .daily, hour: 1, minute: 30)
        #expect(schedule.instant(on: day("2026-03-29"), in: Self.lisbon) == Self.instant("2026-03-29T01:00:00Z"))
        // 01:30 happens twice on 25 October: the first is taken.
        #expect(schedule.instant(on: day("2026-10-25"), in: Self.lisbon) == Self.instant("2026-10-25T00:30:00Z"))
    }

    @Test func weekdaysSkipTheWeekendAndWeeklyKeepsItsDay() {
        // 4 December 2026 is a Friday.
        #expect(day("2026-12-04").isoWeekday == 5 && day("2026-12-06").isoWeekday == 7 && day("2026-12-07").isoWeekday == 1)
        let weekdays = DigestSchedule(frequency: .weekdays, hour: 8)
        #expect(weekdays.next(after: Self.instant("2026-12-04T09:00:00Z"), in: .gmt)?.day == day("2026-12-07"))
        let weekly = DigestSchedule(frequency: .weekly, weekday: 3, hour: 8)
        #expect(weekly.next(after: Self.instant("2026-12-02T08:00:00Z"), in: .gmt)?.day == day("2026-12-09"))
        #expect(weekly.next(after: Self.instant("2026-12-02T07:59:00Z"), in: .gmt)?.day == day("2026-12-02"))
        #expect(DigestSchedule(frequency: .off).next(after: Self.instant("2026-12-02T07:59:00Z"), in: .gmt) == nil)
    }

    @Test func outOfRangeValuesAreRefusedWithTheirField() throws {
        for (schedule, field) in [(DigestSchedule(hour: 24), "hour"), (DigestSchedule(minute: -1), "minute"), (DigestSchedule(weekday: 8), "weekday"),
                                  (DigestSchedule(emailTo: "not an address"), "email-to")] {
            #expect(throws: ValidationError.self) { try schedule.validated() }
            do { _ = try schedule.validated() } catch { #expect(error.field == field) }
        }
        #expect(try DigestSchedule(emailTo: "  ").validated().emailTo == nil)
    }

    @Test func backoffWaitsLongerEachTimeThenGivesUp() {
        let now = Self.instant("2026-12-01T07:00:00Z")
        #expect((1...4).map { Backoff.retry(after: $0, at: now)?.timeIntervalSince(now) } == [60, 300, 1800, 7200])
        #expect(Backoff.retry(after: 5, at: now) == nil)
    }

    @Test func theDriftLineNamesTheMostOverdue() {
        let drifts = [NetworkPicture.Drift(personID: PersonID(1), name: "Ana", tier: .meaningful, daysSince: 61, cadence: 21),
                      NetworkPicture.Drift(personID: PersonID(2), name: "Ben", tier: .intimate, daysSince: 80, cadence: 45),
                      NetworkPicture.Drift(personID: PersonID(3), name: "Cy", tier: .familiar, daysSince: 200, cadence: 120)]
        #expect(Digest.driftLine(drifts) == "Drifting: Ana (40 days past a 21-day cadence), Ben and 1 other.")
        #expect(Digest.driftLine([]) == nil)
    }
}
