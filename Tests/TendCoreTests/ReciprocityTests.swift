import Testing
@testable import TendCore
import TendTestSupport

@Suite struct ReciprocityTests {
    @Test func warnsWhenYouOnlyShowUpToAsk() {
        let today = day("2026-11-27")
        let onlyAsks = TouchSummary(lastNeedFree: day("2026-03-10"), lastAsk: day("2026-06-01"))
        #expect(Reciprocity.askWarning(name: "Ana", touches: onlyAsks, cadence: 45, today: today)
                == "You have only reached out to Ana to ask since March; consider a check-in first.")
        let lastYear = TouchSummary(lastNeedFree: day("2025-03-10"))
        #expect(Reciprocity.askWarning(name: "Ana", touches: lastYear, cadence: 45, today: today)
                == "Your last need-free touch with Ana was in March 2025; consider a check-in before asking.")
        #expect(Reciprocity.askWarning(name: "Ana", touches: .none, cadence: 45, today: today)
                == "This is your first touch with Ana, and it is an ask; consider giving first.")
        #expect(Reciprocity.askWarning(name: "Ana", touches: TouchSummary(lastAsk: day("2026-01-01")), cadence: 45, today: today)
                == "You have only ever reached out to Ana to ask; consider a check-in or an offer of help first.")
    }

    @Test func aFairAskIsQuiet() {
        let today = day("2026-11-27")
        // Within two cadence periods (90 days for intimate).
        #expect(Reciprocity.askWarning(name: "Ana", touches: TouchSummary(lastNeedFree: day("2026-08-29")), cadence: 45, today: today) == nil)
        #expect(Reciprocity.askWarning(name: "Ana", touches: TouchSummary(lastNeedFree: day("2026-08-28")), cadence: 45, today: today) != nil)
        // No cadence: a year.
        #expect(Reciprocity.askWarning(name: "Ana", touches: TouchSummary(lastNeedFree: day("2026-01-01")), cadence: nil, today: today) == nil)
    }

    @Test func summaryCountsTheLastYearAndIgnoresTheFuture() {
        let s = TouchSummary.of([
            (day("2026-11-01"), .checkIn), (day("2026-10-01"), .give(.introduction)), (day("2026-09-01"), .ask(.advice)),
            (day("2025-11-27"), .checkIn),  // exactly 365 days before: outside the year
            (day("2026-12-01"), .celebrate),  // after the day: ignored
        ], asOf: day("2026-11-27"))
        #expect(s == TouchSummary(lastNeedFree: day("2026-11-01"), lastAsk: day("2026-09-01"), lastTouch: day("2026-11-01"),
                                  needFreeLastYear: 2, givesLastYear: 1, asksLastYear: 1))
    }

    @Test func ledgerSeparatesTakersFromPeopleYouGaveTo() {
        let ledger = Reciprocity.Ledger(lines: [
            .init(personID: 1, name: "Taker", needFree: 1, gives: 0, asks: 3),
            .init(personID: 2, name: "Even", needFree: 2, gives: 0, asks: 2),
            .init(personID: 3, name: "Friend", needFree: 6, gives: 2, asks: 1),
            .init(personID: 4, name: "Quiet", needFree: 3, gives: 0, asks: 0),
        ])
        #expect(ledger.mostlyAsk.map(\.name) == ["Taker", "Even"])
        #expect(ledger.givenTo.map(\.name) == ["Friend"])
    }
}

@Suite struct VocabularyTests {
    @Test func intentsParseInTheUsersWords() throws {
        #expect(try Intent.parse("check-in") == .checkIn)
        #expect(try Intent.parse("Check_In") == .checkIn)
        #expect(try Intent.parse("give:introduction") == .give(.introduction))
        #expect(try Intent.parse("ask") == .ask(.help))
        #expect(try Intent.parse("ask:favour") == .ask(.favour))
        #expect(throws: VocabularyError.self) { try Intent.parse("ask:money") }
        #expect(throws: VocabularyError.self) { try Intent.parse("hello") }
        #expect(Intent.ask(.advice).isNeedFree == false)
        #expect(Intent.thanks.isNeedFree && Intent.give(.referral).isGive)
        for name in Intent.allNames { #expect(try Intent.parse(name).description == name) }
    }

    @Test func errorsListWhatIsExpected() throws {
        #expect(throws: VocabularyError(kind: "tier", value: "close", expected: ["unfamiliar", "familiar", "intimate", "meaningful"])) {
            try Tier.parse("close")
        }
        #expect(try Channel.parse("In Person") == .inPerson)
        #expect(try Moment.Kind.parse(polarity: "struggle", kind: "passed-over") == .struggle(.passedOver))
        #expect(throws: VocabularyError.self) { try Moment.Kind.parse(polarity: "win", kind: "lottery") }
    }

    @Test func profilesAreCheckedAndTidied() throws {
        #expect(throws: ValidationError.self) { try Profile(displayName: "  ").validated() }
        #expect(throws: ValidationError.self) { try Profile(displayName: "Ana", emails: ["not-an-email"]).validated() }
        let p = try Profile(displayName: " Ana ", company: " ", tags: ["Work", "work", " climbing "]).validated()
        #expect(p.displayName == "Ana")
        #expect(p.company == nil)
        #expect(p.tags == ["climbing", "work"])
    }
}
