import Testing
@testable import TendCore
import TendTestSupport

/// Issue 19: what the agenda keeps when there is more to do than the day holds.
@Suite struct CapacityRankingTests {
    func settings(_ capacity: Int) -> Settings { Settings(agendaLength: capacity) }

    @Test func aCloseFriendPastTheirSlackComesBeforeAnAcquaintancesWin() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Ana", .intimate), lastNeedFree: "2026-10-10"),   // 48 days: 3 past 45, slack is 2
            entry(person(2, "Ben", .unfamiliar), lastNeedFree: "2026-11-01"),
        ], moments: [moment(1, 2, "win:award", on: "2026-11-26")], settings: settings(1))
        #expect(a.shown.map(\.personID) == [1])
        #expect(a.suggestions.map(\.kind) == [.keepUp, .celebrate])
    }

    @Test func withinTheSlackTheFreshWinGoesFirst() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Ana", .intimate), lastNeedFree: "2026-10-12"),   // 46 days: 1 past 45, within the slack
            entry(person(2, "Ben", .unfamiliar), lastNeedFree: "2026-11-01"),
        ], moments: [moment(1, 2, "win:award", on: "2026-11-26")], settings: settings(1))
        #expect(a.suggestions.map(\.personID) == [2, 1])
        #expect(a.suggestions.map(\.priority) == [.outerNews, .due])
        // The next day she is past it, and comes first.
        let next = agenda("2026-11-29", [entry(person(1, "Ana", .intimate), lastNeedFree: "2026-10-12"),
                                         entry(person(2, "Ben", .unfamiliar), lastNeedFree: "2026-11-01")],
                          moments: [moment(1, 2, "win:award", on: "2026-11-26")], settings: settings(1))
        #expect(next.suggestions.first?.personID == 1)
    }

    @Test func anyonesBirthdayComesFirstEvenAtACapacityOfOne() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Mia", .meaningful), lastNeedFree: "2026-08-01"),
            entry(person(2, "Uma", .unfamiliar, birthday: "--11-27")),
        ], moments: [moment(1, 1, "struggle:layoff", on: "2026-11-26")], settings: settings(1))
        #expect(a.shown.map(\.kind) == [.birthday])
        #expect(a.suggestions.map(\.personID) == [2, 1])
    }

    @Test func tiesAcrossTiersGoToTheCloserPersonThenByName() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Zed", .familiar)), entry(person(2, "Ada", .familiar)), entry(person(3, "Kim", .intimate)),
        ], moments: [moment(1, 1, "win:launch", on: "2026-11-27"), moment(2, 2, "win:launch", on: "2026-11-27"),
                     moment(3, 3, "win:launch", on: "2026-11-27")], settings: settings(2))
        #expect(a.suggestions.map(\.personID) == [3, 2, 1])
        #expect(a.shown.map(\.personID) == [3, 2])
    }

    @Test func movingSomeoneUpComesAfterACloseKeepUpWithinItsSlackAndBeforeOuterKeepUps() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Ana", .intimate), lastNeedFree: "2026-10-12"),                    // within the slack
            entry(person(2, "Ben", .familiar, target: .intimate), lastNeedFree: "2026-10-01"), // deepen due
            entry(person(3, "Cy", .familiar), lastNeedFree: "2026-06-01"),                     // keep-up due
        ], settings: settings(7))
        #expect(a.suggestions.map(\.kind) == [.keepUp, .deepen, .keepUp])
        #expect(a.suggestions.map(\.priority) == [.due, .due, .rest])
    }
}

@Suite struct LookAheadTests {
    /// Five meaningful people whose keep-ups all fall due on Tuesday, at 2 a day.
    func heavyWeek(today: String = "2026-11-23") -> [Agenda.Entry] {
        (1...5).map { entry(person(Int64($0), "Friend \($0)", .meaningful), lastNeedFree: "2026-11-03") } // due 24 November
    }

    @Test func aLightDayBeforeAHeavyWeekPullsKeepUpsForward() throws {
        let a = agenda("2026-11-23", heavyWeek(), settings: Settings(agendaLength: 2))
        #expect(a.suggestions.count == 2, "today has room for two")
        #expect(a.suggestions.allSatisfy { $0.kind == .keepUp && $0.priority == .due })
        let first = try #require(a.suggestions.first)
        #expect(first.reason == "last need-free touch 20 days ago; due tomorrow, a little early — the rest of your week is full")
        // The two Tuesday has no room for; the first two are done on the day.
        #expect(a.suggestions.map(\.personID) == [3, 4])
        #expect(first.key == "keep-up:3:2026-11-03", "the key it will have when due, so doing it early is doing it")
    }

    @Test func aWeekWithRoomPullsNothing() {
        let a = agenda("2026-11-23", Array(heavyWeek().prefix(2)), settings: Settings(agendaLength: 2))
        #expect(a.suggestions.isEmpty, "two due on a day that holds two: each is done on its day")
    }

    @Test func aFullDayPullsNothing() {
        var people = heavyWeek()
        people.append(entry(person(9, "Due Today", .meaningful), lastNeedFree: "2026-11-01"))
        people.append(entry(person(10, "Also Today", .meaningful), lastNeedFree: "2026-11-01"))
        let a = agenda("2026-11-23", people, settings: Settings(agendaLength: 2))
        #expect(a.suggestions.map(\.personID).sorted() == [9, 10])
    }

    @Test func whatWasDoneTodayCountsAgainstTheDay() {
        let a = agenda("2026-11-23", heavyWeek(), states: ["keep-up:7:2026-11-01": .done(on: day("2026-11-23"))],
                       settings: Settings(agendaLength: 2))
        #expect(a.suggestions.count == 1)
    }

    @Test func outerKeepUpsAreNotPulled() {
        let people = (1...5).map { entry(person(Int64($0), "Acquaintance \($0)", .familiar), lastNeedFree: "2026-07-27") } // due 24 November
        #expect(agenda("2026-11-23", people, settings: Settings(agendaLength: 2)).suggestions.isEmpty)
    }

    @Test func turnedOffItPullsNothing() {
        let input = Agenda.Input(today: day("2026-11-23"), settings: Settings(agendaLength: 2), people: heavyWeek(), looksAhead: false)
        #expect(Agenda(input).suggestions.isEmpty)
    }
}

@Suite struct CoverageTests {
    @Test func saysPlainlyWhenTheClosestPeopleFallBehindAndWhatWouldFixIt() throws {
        let intimate = (1...31).map { entry(person(Int64($0), "Close \($0)", .intimate), lastNeedFree: "2026-11-20") }
        let a = agenda("2026-11-27", intimate, settings: Settings(agendaLength: 1))
        let c = a.coverage
        let line = try #require(c.lines.first)
        #expect(line.tier == .intimate && line.people == 31)
        // 31 ÷ 45 a day fits in 1 a day less 31 × 1.5 ÷ 365 for their news.
        #expect(line.isCovered && line.canKeep == 31)
        let many = (1...80).map { entry(person(Int64($0), "Close \($0)", .intimate), lastNeedFree: "2026-11-20") }
        let b = agenda("2026-11-27", many, settings: Settings(agendaLength: 1))
        #expect(!b.coverage.isCovered)
        #expect(b.coverage.neededCapacity == 3)
        #expect(b.coverage.note == "At 1 a day, Tend can keep about 30 intimate people within 45 days; you have 80. Reach out to 3 a day, or lengthen the intimate cadence.")
    }

    @Test func saysWhoIsPastTheirCadenceAndNotShown() {
        let people = (1...3).map { entry(person(Int64($0), "Close \($0)", .meaningful), lastNeedFree: "2026-10-01") }
        let a = agenda("2026-11-27", people, settings: Settings(agendaLength: 1))
        #expect(a.coverage.isCovered)
        #expect(a.coverage.note == "2 meaningful people are past their cadence and not on today's list; they come first as soon as there is room.")
        #expect(a.restSummary == "and 2 more: 2 keep up")
    }

    @Test func saysTheyAreCoveredOrNothingWithoutClosePeople() {
        let a = agenda("2026-11-27", [entry(person(1, "Mia", .meaningful), lastNeedFree: "2026-11-20")])
        #expect(a.coverage.note == "Your meaningful and intimate people are covered at 7 a day.")
        #expect(agenda("2026-11-27", [entry(person(1, "Fay", .familiar))]).coverage.note == nil)
    }
}
