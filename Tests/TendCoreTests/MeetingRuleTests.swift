import Testing
@testable import TendCore
import TendTestSupport

/// Meetings on the calendar (issue 17): no keep-up for someone you will see within their cadence's slack; the day
/// before seeing someone with open news, a suggestion to mention it then.
@Suite struct MeetingRuleTests {
    // Meaningful: a need-free touch every 21 days, a slack of 1 day. Ana's last was on 10 November: due 1 December.
    let ana = entry(person(1, "Ana Souza", .meaningful), lastNeedFree: "2026-11-10")

    @Test func aMeetingWithinTheSlackTakesTheKeepUpsPlace() {
        #expect(agenda("2026-12-01", [ana]).suggestions.map(\.kind) == [.keepUp])
        #expect(agenda("2026-12-01", [ana], meetings: [1: "2026-12-01"]).suggestions.isEmpty, "seeing her today")
        #expect(agenda("2026-12-01", [ana], meetings: [1: "2026-12-02"]).suggestions.isEmpty, "tomorrow: within the day of slack")
        // Two days on is past the slack: the keep-up stays, and says when you will see her.
        let later = agenda("2026-12-01", [ana], meetings: [1: "2026-12-03"]).suggestions
        #expect(later.map(\.kind) == [.keepUp])
        #expect(later.first?.reason == "last need-free touch 21 days ago; meaningful cadence is 21 days; you're seeing Ana on Thursday")
        // A meeting before the keep-up falls due covers it too; one in the past covers nothing.
        #expect(agenda("2026-12-01", [ana], meetings: [1: "2026-11-30"]).suggestions.map(\.kind) == [.keepUp])
    }

    @Test func theSlackGrowsWithTheCadence() {
        // Intimate: 45 days, a slack of 2 — due 1 December, seeing him on the 3rd.
        let ben = entry(person(2, "Ben Okafor", .intimate), lastNeedFree: "2026-10-17")
        #expect(agenda("2026-12-01", [ben], meetings: [2: "2026-12-03"]).suggestions.isEmpty)
        #expect(agenda("2026-12-01", [ben], meetings: [2: "2026-12-04"]).suggestions.map(\.kind) == [.keepUp])
    }

    @Test func theCalendarFeedAndTheWeekLeaveACoveredKeepUpOut() {
        let input = Agenda.Input(today: day("2026-11-28"), settings: Settings(), people: [ana], meetings: [PersonID(1): day("2026-12-02")])
        #expect(Upcoming.dates(input, horizon: 14).isEmpty)
        var without = input
        without.meetings = [:]
        #expect(Upcoming.dates(without, horizon: 14).map(\.day.description) == ["2026-12-01"])
    }

    @Test func theDayBeforeAMeetingOpenNewsIsToMentionThen() throws {
        let win = moment(7, 1, "win:promotion", on: "2026-11-29")
        let a = agenda("2026-12-01", [ana], moments: [win], meetings: [1: "2026-12-02"])
        #expect(a.suggestions.map(\.kind) == [.beforeMeeting], "one suggestion for Ana: the meeting's, not the message's")
        let s = try #require(a.suggestions.first)
        #expect(s.key == "before-meeting:7:2026-12-02" && s.momentID == MomentID(7))
        #expect(s.action == "Ana's promotion: mention it on Wednesday")
        #expect(s.reason == "you're seeing Ana tomorrow (Wednesday); Ana: promotion, 2 days ago")
        #expect(s.priority == .closeNews && s.kind.doneIntent == nil, "done logs nothing: the meeting is the touch")
        // Not two days before, not on the day: then the win is celebrated as usual.
        #expect(agenda("2026-11-30", [ana], moments: [win], meetings: [1: "2026-12-02"]).suggestions.map(\.kind) == [.celebrate])
        #expect(agenda("2026-12-02", [ana], moments: [win], meetings: [1: "2026-12-02"]).suggestions.map(\.kind) == [.celebrate])
        // A struggle comes before a win; news answered or stale is not brought up.
        let layoff = moment(8, 1, "struggle:layoff", on: "2026-11-20")
        let both = agenda("2026-12-01", [ana], moments: [win, layoff], meetings: [1: "2026-12-02"])
        #expect(both.suggestions.first?.action == "Ana's layoff: ask how things are on Wednesday")
        let answered = moment(9, 1, "win:promotion", on: "2026-11-29", state: .answered, answeredOn: "2026-11-30")
        let stale = moment(10, 1, "win:award", on: "2026-10-01")
        #expect(agenda("2026-12-01", [ana], moments: [answered, stale], meetings: [1: "2026-12-02"]).suggestions.isEmpty,
                "nothing open to mention, and the meeting covers the keep-up")
    }
}
