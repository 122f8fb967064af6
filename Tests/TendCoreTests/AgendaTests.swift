import Testing
@testable import TendCore
import TendTestSupport

@Suite struct BirthdayRuleTests {
    @Test func birthdayTodayForAnyTierWithAge() throws {
        let a = agenda("2026-11-27", [
            entry(person(1, "Ana Souza", .unfamiliar, birthday: "1986-11-27")),
            entry(person(2, "Ben Okafor", .familiar, birthday: "--11-27")),
        ])
        #expect(a.suggestions.map(\.kind) == [.birthday, .birthday])
        let ana = try #require(a.suggestions.first { $0.personID == 1 })
        #expect(ana.reason == "turns 40 today")
        #expect(ana.key == "birthday:1:2026")
        #expect(ana.draft.contains("Happy birthday, Ana!"))
        #expect(a.suggestions.first { $0.personID == 2 }?.reason == "birthday today")
    }

    @Test func headsUpOnlyForIntimateAndMeaningful() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Ana", .intimate, birthday: "--11-28")),
            entry(person(2, "Ben", .meaningful, birthday: "1990-11-30")),
            entry(person(3, "Chloé", .familiar, birthday: "--11-28")),
            entry(person(4, "David", .meaningful, birthday: "--12-01"), lastNeedFree: "2026-11-20"),  // 4 days: beyond the default 3
        ])
        // Meaningful before intimate, even a little further off.
        #expect(a.suggestions.map(\.personID) == [2, 1])
        #expect(a.suggestions[0].reason == "birthday in 3 days, on 30 November (turns 36)")
        #expect(a.suggestions[1].reason == "birthday tomorrow, on 28 November")
        #expect(a.suggestions.allSatisfy { $0.kind == .birthdayHeadsUp })
    }

    @Test func headsUpAcrossTheNewYear() {
        let a = agenda("2026-12-30", [entry(person(1, "Ana", .intimate, birthday: "--01-01"))])
        #expect(a.suggestions.map(\.key) == ["heads-up:1:2027"])
        #expect(a.suggestions[0].reason == "birthday in 2 days, on 1 January")
    }

    @Test func leapDayBirthdayOnFeb28InCommonYearsOnly() {
        let leapling = entry(person(1, "Ana", .unfamiliar, birthday: "1988-02-29"))
        #expect(agenda("2027-02-28", [leapling]).suggestions.first?.reason == "turns 39 today (born on 29 February)")
        #expect(agenda("2028-02-28", [leapling]).suggestions.isEmpty, "in a leap year it waits for the 29th")
        #expect(agenda("2028-02-29", [leapling]).suggestions.first?.reason == "turns 40 today")
        #expect(agenda("2027-03-01", [leapling]).suggestions.isEmpty)
    }

    @Test func aNeedFreeTouchOnTheDayAcknowledgesIt() {
        let p = person(1, "Ana", .familiar, birthday: "--11-27")
        #expect(agenda("2026-11-27", [entry(p, lastNeedFree: "2026-11-27")]).suggestions.isEmpty)
        #expect(agenda("2026-11-27", [entry(p, lastNeedFree: "2026-11-20", lastAsk: "2026-11-27")]).suggestions.count == 1,
                "an ask on the day is not a birthday wish")
    }
}

@Suite struct MomentRuleTests {
    @Test func winsAreCelebratedWhileFresh() {
        let ana = person(1, "Ana Souza", .familiar)
        let m = moment(7, 1, "win:promotion", on: "2026-11-13")
        #expect(agenda("2026-11-27", [entry(ana)], moments: [m]).suggestions.map(\.key) == ["celebrate:7"], "14 days is still fresh")
        #expect(agenda("2026-11-28", [entry(ana)], moments: [m]).suggestions.isEmpty, "15 days is not")
        #expect(agenda("2026-11-12", [entry(ana)], moments: [m]).suggestions.isEmpty, "not before it happens")
        let s = agenda("2026-11-16", [entry(ana)], moments: [m]).suggestions[0]
        #expect(s.reason == "Ana: promotion, 3 days ago")
        #expect(s.momentID == 7)
        #expect(s.kind.doneIntent == .celebrate)
    }

    @Test func aPartnersAndACompanysWinNameWhoseItIs() {
        let sam = person(1, "Sam Cohen", .familiar, company: "Northwind")
        let partner = agenda("2026-11-27", [entry(sam)], moments: [moment(1, 1, "win:new-job", on: "2026-11-22", about: .partner)],
                             partners: [1: "Gabriela"]).suggestions[0]
        #expect(partner.reason == "Sam's partner Gabriela: new job, 5 days ago")
        #expect(partner.draft.contains("new job for Gabriela"))
        let company = agenda("2026-11-27", [entry(sam)], moments: [moment(2, 1, "win:funding", on: "2026-11-26", about: .company)]).suggestions[0]
        #expect(company.reason == "Sam's company (Northwind): funding, yesterday")
        #expect(company.draft.contains("everyone at Northwind"))
    }

    @Test func struggleGetsConcreteSupportThenAFollowUp() {
        let elif = person(1, "Elif", .familiar)
        let open = moment(3, 1, "struggle:layoff", on: "2026-11-25")
        let support = agenda("2026-11-27", [entry(elif)], moments: [open]).suggestions[0]
        #expect(support.kind == .support)
        #expect(support.action.contains("recruiter"))
        #expect(support.draft.contains("introduce you"))

        let answered = moment(3, 1, "struggle:layoff", on: "2026-11-01", state: .answered, answeredOn: "2026-11-02")
        #expect(agenda("2026-11-22", [entry(elif)], moments: [answered]).suggestions.isEmpty, "20 days after support: too early")
        let followUp = agenda("2026-11-23", [entry(elif)], moments: [answered]).suggestions[0]
        #expect(followUp.kind == .followUp)
        #expect(followUp.key == "follow-up:3")
        #expect(followUp.reason == "you supported Elif 21 days ago (layoff); time to check in again")
        #expect(agenda("2027-01-23", [entry(elif)], moments: [answered]).suggestions.isEmpty, "a follow-up expires after 60 days")
        let done = moment(3, 1, "struggle:layoff", on: "2026-11-01", state: .answered, answeredOn: "2026-11-02", followedUpOn: "2026-11-20")
        #expect(agenda("2026-11-23", [entry(elif)], moments: [done]).suggestions.isEmpty)
    }

    @Test func dismissedAndAnsweredWinsStayOff() {
        let ana = entry(person(1, "Ana"))
        #expect(agenda("2026-11-27", [ana], moments: [moment(1, 1, "win:award", on: "2026-11-26", state: .dismissed)]).suggestions.isEmpty)
        #expect(agenda("2026-11-27", [ana], moments: [moment(1, 1, "win:award", on: "2026-11-26", state: .answered, answeredOn: "2026-11-26")]).suggestions.isEmpty)
    }
}

@Suite struct CadenceRuleTests {
    @Test func keepUpWhenTheCadenceLapsed() throws {
        let a = agenda("2026-11-27", [entry(person(1, "Marco", .meaningful), lastNeedFree: "2026-08-25")])
        let s = try #require(a.suggestions.first)
        #expect(s.kind == .keepUp)
        #expect(s.reason == "last need-free touch 94 days ago; meaningful cadence is 21 days")
        #expect(s.key == "keep-up:1:2026-08-25")
    }

    @Test func withinCadenceNothingIsDue() {
        #expect(agenda("2026-11-27", [entry(person(1, "Marco", .meaningful), lastNeedFree: "2026-11-07")]).suggestions.isEmpty)
        #expect(agenda("2026-11-27", [entry(person(1, "Marco", .meaningful), lastNeedFree: "2026-11-06")]).suggestions.count == 1,
                "due on the 21st day")
    }

    @Test func anAskDoesNotResetTheCadence() throws {
        // The product's thesis: only need-free touches keep a relationship up.
        let a = agenda("2026-11-27", [entry(person(1, "Ana", .intimate), lastNeedFree: "2026-09-01", lastAsk: "2026-11-25")])
        let s = try #require(a.suggestions.first)
        #expect(s.kind == .keepUp)
        #expect(s.reason == "last need-free touch 87 days ago; intimate cadence is 45 days; your ask 2 days ago does not reset it")
    }

    @Test func personalCadenceOverridesTheTier() {
        let own = person(1, "Ana", .familiar, cadence: 10)
        let s = agenda("2026-11-27", [entry(own, lastNeedFree: "2026-11-15")]).suggestions
        #expect(s.map(\.reason) == ["last need-free touch 12 days ago; your cadence for Ana is 10 days"])
    }

    @Test func unfamiliarHasNoCadenceButSettingsCanGiveOne() {
        let p = person(1, "Quinn", .unfamiliar, added: "2020-01-01")
        #expect(agenda("2026-11-27", [entry(p)]).suggestions.isEmpty)
        var settings = Settings()
        settings.cadence[.unfamiliar] = 365
        #expect(agenda("2026-11-27", [entry(p)], settings: settings).suggestions.map(\.kind) == [.keepUp])
    }

    @Test func neverTouchedCountsFromTheDayAdded() {
        let p = person(1, "Nadia", .familiar, added: "2026-07-01")
        #expect(agenda("2026-10-28", [entry(p)]).suggestions.isEmpty)
        #expect(agenda("2026-10-29", [entry(p)]).suggestions.first?.reason
                == "no need-free touch yet (added 120 days ago); familiar cadence is 120 days")
    }

    @Test func deepenSuggestsTheNextStepForTheRung() throws {
        let toIntimate = person(1, "Felix", .familiar, target: .intimate)
        let toMeaningful = person(2, "Grace", .intimate, target: .meaningful)
        let a = agenda("2026-11-27", [entry(toIntimate, lastNeedFree: "2026-10-01"), entry(toMeaningful, lastNeedFree: "2026-10-20")])
        let felix = try #require(a.suggestions.first { $0.personID == 1 })
        #expect(felix.kind == .deepen)
        #expect(felix.action.contains("one-to-one"))
        #expect(felix.reason == "you want to move Felix from familiar to intimate; last need-free touch 57 days ago")
        let grace = try #require(a.suggestions.first { $0.personID == 2 })
        #expect(grace.action.contains("advice"))
        // Within the target's cadence (45 days for intimate) there is no nudge yet.
        #expect(agenda("2026-11-27", [entry(toIntimate, lastNeedFree: "2026-10-20")]).suggestions.isEmpty)
    }

    @Test func askForInputNowAndThenForCloseWellTendedPeople() {
        let ana = person(1, "Ana", .intimate), ben = person(2, "Ben", .meaningful), carl = person(3, "Carl", .familiar)
        let a = agenda("2026-11-27", [
            entry(ana, lastNeedFree: "2026-11-20", needFreeLastYear: 5),
            entry(ben, lastNeedFree: "2026-11-20", needFreeLastYear: 5),
            entry(carl, lastNeedFree: "2026-11-20", needFreeLastYear: 5),
        ])
        #expect(a.suggestions.map(\.kind) == [.askForInput], "one a day at most, and not for familiar people")
        #expect(a.suggestions[0].personID == 2, "the higher tier first when neither was ever asked")
        #expect(a.suggestions[0].kind.doneIntent == .ask(.input))
        // A recent ask, a lapsed cadence or too few touches: no ask.
        #expect(agenda("2026-11-27", [entry(ana, lastNeedFree: "2026-11-20", lastAsk: "2026-10-01", needFreeLastYear: 5)]).suggestions.isEmpty)
        #expect(agenda("2026-11-27", [entry(ana, lastNeedFree: "2026-11-20", needFreeLastYear: 1)]).suggestions.isEmpty)
        #expect(agenda("2026-11-27", [entry(ana, lastNeedFree: "2026-11-20", lastAsk: "2026-05-01", needFreeLastYear: 4)])
            .suggestions.map(\.kind) == [.askForInput])
    }
}

@Suite struct RankingTests {
    /// One of each kind, for people of various tiers: the order follows the documented bands.
    @Test func fullOrderFollowsTheBands() {
        let people = [
            entry(person(1, "Keep Meaningful", .meaningful), lastNeedFree: "2026-09-01"),
            entry(person(2, "Keep Familiar", .familiar), lastNeedFree: "2026-01-01"),
            entry(person(3, "Birthday Familiar", .familiar, birthday: "--11-27"), lastNeedFree: "2026-11-01"),
            entry(person(4, "Win Intimate", .intimate), lastNeedFree: "2026-11-01"),
            entry(person(5, "Struggle Familiar", .familiar), lastNeedFree: "2026-11-01"),
            entry(person(6, "Heads Up", .meaningful, birthday: "--11-29"), lastNeedFree: "2026-11-20"),
            entry(person(7, "Follow Up", .familiar), lastNeedFree: "2026-11-01"),
            entry(person(8, "Deepen Familiar", .familiar, target: .intimate), lastNeedFree: "2026-09-01"),
            entry(person(9, "Ask Input", .intimate), lastNeedFree: "2026-11-20", needFreeLastYear: 4),
        ]
        let moments = [
            moment(1, 4, "win:launch", on: "2026-11-25"),
            moment(2, 5, "struggle:setback", on: "2026-11-26"),
            moment(3, 7, "struggle:illness", on: "2026-10-20", state: .answered, answeredOn: "2026-10-25"),
        ]
        let a = agenda("2026-11-27", people, moments: moments)
        // Birthdays, then the close people's news and lapsed keep-ups, then the outer tiers' news, then the rest.
        #expect(a.suggestions.map(\.kind) == [.birthday, .celebrate, .birthdayHeadsUp, .keepUp, .support, .followUp, .deepen, .keepUp, .askForInput])
        #expect(a.suggestions.map(\.personID) == [3, 4, 6, 1, 5, 7, 8, 2, 9])
        #expect(a.suggestions.map(\.score) == [6010, 5818, 5628, 4581, 3909, 3722, 2491, 1467, 1220])
        #expect(a.suggestions.map(\.priority) == [.birthday, .closeNews, .closeNews, .closeLapsing, .outerNews, .outerNews, .due, .rest, .rest])
    }

    @Test func onePersonAppearsOnceWithTheirHighestSuggestion() {
        let p = person(1, "Ana", .meaningful, birthday: "--11-27")
        let a = agenda("2026-11-27", [entry(p, lastNeedFree: "2026-01-01")], moments: [moment(1, 1, "win:award", on: "2026-11-26")])
        #expect(a.suggestions.map(\.kind) == [.birthday])
    }

    @Test func tiesBreakByNameThenID() {
        let a = agenda("2026-11-27", [
            entry(person(3, "Zoë", .familiar, birthday: "--11-27")),
            entry(person(2, "Ana", .familiar, birthday: "--11-27")),
            entry(person(1, "Ana", .familiar, birthday: "--11-27")),
        ])
        #expect(a.suggestions.map(\.personID) == [1, 2, 3])
    }

    @Test func longerLapsesRankHigherWithinATier() {
        let a = agenda("2026-11-27", [
            entry(person(1, "Short", .familiar), lastNeedFree: "2026-07-01"),
            entry(person(2, "Long", .familiar), lastNeedFree: "2025-07-01"),
        ])
        #expect(a.suggestions.map(\.personID) == [2, 1])
    }

    @Test func snoozedHidesUntilTheDayDismissedAndDoneForGood() {
        let people = [entry(person(1, "Ana", .familiar, birthday: "--11-27")), entry(person(2, "Ben", .meaningful), lastNeedFree: "2026-01-01"),
                      entry(person(3, "Carl", .meaningful), lastNeedFree: "2026-01-01")]
        let states: [String: SuggestionState] = [
            "birthday:1:2026": .dismissed(on: day("2026-11-27")),
            "keep-up:2:2026-01-01": .snoozed(until: day("2026-12-01")),
            "keep-up:3:2026-01-01": .done(on: day("2026-11-27")),
        ]
        #expect(agenda("2026-11-27", people, states: states).suggestions.isEmpty)
        #expect(agenda("2026-11-30", people, states: states).suggestions.isEmpty)
        #expect(agenda("2026-12-01", people, states: states).suggestions.map(\.personID) == [2], "back on the snooze day")
        // Next year's birthday is a new occasion.
        #expect(agenda("2027-11-27", people, states: states).suggestions.map(\.key).contains("birthday:1:2027"))
    }

    @Test func archivedPeopleAreLeftOut() {
        #expect(agenda("2026-11-27", [entry(person(1, "Ana", .familiar, birthday: "--11-27", archived: true))]).suggestions.isEmpty)
    }

    @Test func theRestIsSummarised() {
        var settings = Settings()
        settings.agendaLength = 2
        let people = (1...5).map { entry(person(Int64($0), "P\($0)", .familiar), lastNeedFree: "2025-01-01") }
            + [entry(person(6, "Dee", .familiar, target: .intimate), lastNeedFree: "2025-01-01")]
        let a = agenda("2026-11-27", people, settings: settings)
        #expect(a.shown.count == 2)
        #expect(a.restSummary == "and 4 more: 4 keep up")
    }

    @Test func theAgendaIsTheSameForTheSameInput() {
        let people = (1...50).map { i in
            entry(person(Int64(i), "Person \(i % 7)", Tier.allCases[i % 4], birthday: i % 5 == 0 ? "--11-2\(i % 9)" : nil),
                  lastNeedFree: "2026-0\(1 + i % 9)-1\(i % 10)")
        }
        #expect(agenda("2026-11-27", people) == agenda("2026-11-27", people.reversed()))
    }
}
