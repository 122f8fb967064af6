import Foundation
import Testing
@testable import TendCore
import TendTestSupport

@Suite struct DayTests {
    @Test func parsesRealDatesOnly() {
        #expect(Day("2026-11-27") == Day(year: 2026, month: 11, day: 27))
        #expect(Day("2028-02-29") != nil)
        for bad in ["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-2-3", "26-02-03",
                    "2026/02/03", "", "2026-02-03T10:00", "２０２６-01-01", "+026-01-01", "2026-01-1a", " 2026-01-1", "2026-0101-"] {
            #expect(Day(bad) == nil, "\(bad) must be rejected")
        }
    }

    @Test func ordinalRoundTripsAcrossCenturies() {
        #expect(Day("1970-01-01")!.ordinal == 0)
        #expect(Day("2000-03-01")!.ordinal - Day("2000-02-28")!.ordinal == 2)  // 2000 is a leap year
        #expect(Day("1900-03-01")!.ordinal - Day("1900-02-28")!.ordinal == 1)  // 1900 is not
        for ordinal in stride(from: -25_000, through: 40_000, by: 37) {
            #expect(Day(ordinal: ordinal).ordinal == ordinal)
        }
    }

    @Test func arithmeticCrossesYearBoundaries() {
        #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(day("2027-01-01").adding(days: -1) == day("2026-12-31"))
        #expect(day("2026-12-15").days(until: day("2027-01-15")) == 31)
        #expect(day("2028-02-28").adding(days: 1) == day("2028-02-29"))
    }

    @Test func weekdays() {
        #expect(day("2026-11-27").weekdayName == "Friday")
        #expect(day("1970-01-01").weekdayName == "Thursday")
        #expect(day("1969-12-31").weekdayName == "Wednesday")
    }

    @Test func todayDependsOnTheTimeZoneAtMidnight() throws {
        // 04:30 UTC on 1 March 2026 is still 28 February in New York, already 1 March in Tokyo.
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-03-01T04:30:00Z"))
        #expect(Day.containing(instant, in: TimeZone(identifier: "America/New_York")!) == day("2026-02-28"))
        #expect(Day.containing(instant, in: TimeZone(identifier: "Asia/Tokyo")!) == day("2026-03-01"))
        #expect(Day.containing(instant, in: TimeZone(identifier: "UTC")!) == day("2026-03-01"))
    }

    @Test func codesAsText() throws {
        let data = try JSONEncoder().encode([day("2026-01-05")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-05"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Day].self, from: Data(#"["2026-02-30"]"#.utf8)) }
    }
}

@Suite struct BirthdayTests {
    @Test func parsesEveryForm() {
        #expect(Birthday("1985-04-12") == Birthday(month: 4, day: 12, year: 1985))
        #expect(Birthday("04-12") == Birthday(month: 4, day: 12))
        #expect(Birthday("--04-12") == Birthday(month: 4, day: 12))
        #expect(Birthday("--02-29") != nil, "Feb 29 without a year exists")
        #expect(Birthday("1985-02-29") == nil, "1985 was not a leap year")
        #expect(Birthday("02-30") == nil)
        #expect(Birthday("13-01") == nil)
        #expect(Birthday("--04-12")!.description == "--04-12")
        #expect(Birthday("1985-04-12")!.description == "1985-04-12")
    }

    @Test func leapDayBirthdaysAreCelebratedOnFeb28InCommonYears() {
        let b = Birthday("1988-02-29")!
        #expect(b.celebrated(inYear: 2027) == day("2027-02-28"))
        #expect(b.celebrated(inYear: 2028) == day("2028-02-29"))
        #expect(b.nextCelebration(onOrAfter: day("2027-02-28")) == day("2027-02-28"))
        #expect(b.nextCelebration(onOrAfter: day("2027-03-01")) == day("2028-02-29"))
    }

    @Test func nextCelebrationWrapsTheYear() {
        let b = Birthday("--01-02")!
        #expect(b.nextCelebration(onOrAfter: day("2026-12-30")) == day("2027-01-02"))
        #expect(Birthday("1990-01-02")!.age(inYear: 2027) == 37)
        #expect(b.age(inYear: 2027) == nil)
    }

    @Test func descriptionIsZeroPaddedAndReadsBack() {
        for ordinal in stride(from: Day(year: 1, month: 1, day: 1)!.ordinal, through: Day(year: 9999, month: 12, day: 31)!.ordinal, by: 997) {
            let d = Day(ordinal: ordinal)
            #expect(d.description == String(format: "%04d-%02d-%02d", d.year, d.month, d.day))
            #expect(Day(d.description) == d)
        }
        #expect(Day(year: 2026, month: 1, day: 5)!.description == "2026-01-05")
        #expect(Day(year: 987, month: 12, day: 31)!.description == "0987-12-31")
    }
}

@Suite struct BackupRetentionTests {
    @Test func keepsSevenDaysAndOneAWeekForFourWeeks() {
        let today = Day("2026-12-01")!  // a Tuesday
        let days = (0..<90).map { today.adding(days: -$0) }
        let kept = BackupRetention().keep(days, today: today).sorted()
        // The last seven days, then the newest of each of the four weeks (Monday to Sunday) before them.
        #expect(kept.suffix(7) == (0..<7).map { today.adding(days: -$0) }.reversed())
        #expect(kept.prefix(4).map(\.description) == ["2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22"])
        #expect(kept.count == 11)
    }

    @Test func gapsAndFutureDaysAreHandled() {
        let today = Day("2026-12-01")!
        #expect(BackupRetention().keep([], today: today).isEmpty)
        let sparse = [Day("2026-06-01")!, Day("2026-09-15")!, Day("2026-12-25")!]
        #expect(BackupRetention().keep(sparse, today: today) == Set(sparse), "few backups: all kept, and one dated after today too")
        let weekly = BackupRetention(daily: 1, weekly: 2).keep((0..<30).map { today.adding(days: -$0) }, today: today)
        #expect(weekly.map(\.description).sorted() == ["2026-11-22", "2026-11-29", "2026-12-01"])
    }

    @Test func farDaysNeverCrash() {
        let last = Day("9999-12-31")!
        #expect(Birthday("1990-12-31")!.nextCelebration(onOrAfter: last) == last)
        #expect(Birthday("1990-01-01")!.nextCelebration(onOrAfter: last).year == 10_000)
        #expect(Birthday("--02-29")!.celebrated(inYear: 10_000).description == "10000-02-29")
        #expect(Day("0001-01-01")!.firstOfMonth(adding: -1).year == 0)
        #expect(Day("2026-03-15")!.firstOfMonth(adding: -3).description == "2025-12-01")
        #expect(Day("2026-03-15")!.firstOfMonth(adding: 10).description == "2027-01-01")
    }
}
