import Testing
@testable import TendCore
import TendTestSupport

@Suite struct WeekPlanTests {
    func input(_ entries: [Agenda.Entry], moments: [Moment] = [], capacity: Int = 2,
               states: [String: SuggestionState] = [:]) -> Agenda.Input {
        Agenda.Input(today: day("2026-11-23"), settings: Settings(agendaLength: capacity), people: entries, moments: moments, states: states)
    }

    @Test func sevenDaysEachWithinTheDaysCapacityAndNothingTwice() {
        let people = (1...9).map { entry(person(Int64($0), "Friend \($0)", .meaningful), lastNeedFree: "2026-10-20") } // all overdue
        let plan = WeekPlan(input(people))
        #expect(plan.days.map(\.day) == (0..<7).map { day("2026-11-23").adding(days: $0) })
        #expect(plan.days.allSatisfy { $0.suggestions.count <= 2 })
        let planned = plan.planned.map(\.suggestion.personID)
        #expect(planned.count == 9 && Set(planned).count == 9, "each once: what is planned is taken as done")
        #expect(plan.days[0].more == 7 && plan.days[4].suggestions.count == 1 && plan.days[5].suggestions.isEmpty)
    }

    @Test func aKeepUpDoneOnMondayIsNotDueAgainThatWeekAndAWinIsAnswered() {
        let plan = WeekPlan(input([entry(person(1, "Ana", .meaningful), lastNeedFree: "2026-10-20"),
                                   entry(person(2, "Ben", .familiar), lastNeedFree: "2026-11-20")],
                                  moments: [moment(1, 2, "win:launch", on: "2026-11-22")], capacity: 1))
        #expect(plan.days[0].suggestions.map(\.kind) == [.keepUp])
        #expect(plan.days[1].suggestions.map(\.kind) == [.celebrate])
        #expect(plan.days.dropFirst(2).allSatisfy { $0.suggestions.isEmpty })
    }

    @Test func upcomingBirthdaysAndKeepUpsLandOnTheirDays() {
        let plan = WeekPlan(input([entry(person(1, "Ana", .familiar, birthday: "--11-26")),
                                   entry(person(2, "Ben", .meaningful), lastNeedFree: "2026-11-06")], capacity: 5))
        #expect(plan.days[3].suggestions.map(\.key) == ["birthday:1:2026"])
        #expect(plan.days[4].suggestions.map(\.key) == ["keep-up:2:2026-11-06"], "21 days after the 6th")
    }

    @Test func whatWasDoneTodayLeavesLessRoomToday() {
        let people = (1...3).map { entry(person(Int64($0), "Friend \($0)", .meaningful), lastNeedFree: "2026-10-20") }
        let plan = WeekPlan(input(people, states: ["keep-up:9:2026-10-01": .done(on: day("2026-11-23"))]))
        #expect(plan.days[0].suggestions.count == 1)
    }
}
