import Testing
import TendCore
import TendServices
import TendStore
import TendTestSupport

@Suite struct PeopleServiceTests {
    @Test func findsPeopleByIdOrAnUnambiguousPartOfTheirName() async throws {
        try await withTending { t throws in
            let ana = try await t.add("Ana Souza")
            try await t.add("Anastasia Petrova")
            try await t.add("Ana Lima")
            #expect(try await t.person(.id(ana.id)).id == ana.id)
            #expect(try await t.person("souza").id == ana.id)
            #expect(try await t.person("ANA SOUZA").id == ana.id)
            await #expect(throws: TendError.noSuchPerson("Zed")) { _ = try await t.person("Zed") }
            await #expect(throws: TendError.noSuchPerson("999")) { _ = try await t.person(.id(PersonID(999))) }
            do {
                _ = try await t.person("ana")
                Issue.record("'ana' is ambiguous")
            } catch let TendError.ambiguousPerson(ref, candidates) {
                #expect(ref == "ana")
                #expect(candidates.count == 3)
                #expect(candidates[0].hasPrefix("Ana Lima (id "))
            }
            // An exact name wins over longer names that contain it.
            try await t.add("Sam")
            try await t.add("Samantha Reed")
            #expect(try await t.person("sam").displayName == "Sam")
            // What a person types: digits are an id, the rest a name.
            #expect(PersonReference(typed: " \(ana.id) ") == .id(ana.id))
            #expect(PersonReference(typed: "Ana 2") == .name("Ana 2"))
            #expect(try await t.person(PersonReference(typed: "\(ana.id)")).id == ana.id)
        }
    }

    @Test func rejectsBadPeopleWithoutWriting() async throws {
        try await withTending { t throws in
            await #expect(throws: TendError.invalid(ValidationError(field: "name", message: "a person needs a name"))) {
                try await t.add("   ")
            }
            await #expect(throws: TendError.self) {
                _ = try await t.addPerson(Profile(displayName: "Ana"), tier: .intimate, targetTier: .familiar, on: day("2026-01-01"))
            }
            await #expect(throws: TendError.self) {
                _ = try await t.addPerson(Profile(displayName: "Ana"), tier: .intimate, cadenceDays: 0, on: day("2026-01-01"))
            }
            #expect(try await t.counts().people == 0)
        }
    }

    @Test func tierChangesAreKeptAsHistory() async throws {
        try await withTending { t throws in
            try await t.add("Ana", .familiar, on: "2025-01-01")
            _ = try await t.setTier("Ana", to: .intimate, target: .some(.meaningful), reason: "Hiking trip", on: day("2026-03-01"))
            let d = try await t.detail("Ana", asOf: day("2026-11-27"))
            #expect(d.person.tier == .intimate && d.person.targetTier == .meaningful)
            #expect(d.tierHistory == [TierChange(from: nil, to: .familiar, on: day("2025-01-01")),
                                      TierChange(from: .familiar, to: .intimate, on: day("2026-03-01"), reason: "Hiking trip")])
            // Reaching the target clears it.
            _ = try await t.setTier("Ana", to: .meaningful, on: day("2026-06-01"))
            #expect(try await t.person("Ana").targetTier == nil)
        }
    }

    @Test func relationsShowFromBothSides() async throws {
        try await withTending { t throws in
            try await t.add("Ana Souza")
            try await t.add("Ben Okafor")
            try await t.add("Sam Cohen")
            _ = try await t.relate("Ana", .partner, "Ben")
            _ = try await t.relate("Ana", .introducedBy, "Sam")
            let ana = try await t.detail("Ana", asOf: day("2026-11-27"))
            #expect(Set(ana.relations.map { "\($0.kind.rawValue) \($0.name) \($0.forward)" })
                    == ["partner Ben Okafor true", "introduced-by Sam Cohen true"])
            let sam = try await t.detail("Sam", asOf: day("2026-11-27"))
            #expect(sam.relations.map { "\($0.kind.rawValue) \($0.name) \($0.forward)" } == ["introduced-by Ana Souza false"])
            await #expect(throws: TendError.self) { _ = try await t.relate("Ana", .sibling, "Ana Souza") }
            try await t.unrelate("Ben", .partner, "Ana")
            #expect(try await t.detail("Ben", asOf: day("2026-11-27")).relations.isEmpty)
        }
    }
}

@Suite struct TouchServiceTests {
    @Test func anAskToSomeoneYouOnlyAskFromWarnsButIsRecorded() async throws {
        try await withTending { t throws in
            try await t.add("Ana Souza", .intimate)
            _ = try await t.logTouch(to: ["Ana"], on: day("2026-03-10"), channel: .call, intent: .checkIn)
            _ = try await t.logTouch(to: ["Ana"], on: day("2026-06-01"), channel: .email, intent: .ask(.advice))
            let ask = try await t.logTouch(to: ["Ana"], on: day("2026-11-27"), channel: .email, intent: .ask(.favour), note: "Intro to CTO")
            #expect(ask.warnings == ["You have only reached out to Ana to ask since March; consider a check-in first."])
            #expect(try await t.counts().touches == 3)
            // A check-in first makes the next ask fair.
            _ = try await t.logTouch(to: ["Ana"], on: day("2026-11-28"), channel: .call, intent: .checkIn)
            #expect(try await t.logTouch(to: ["Ana"], on: day("2026-11-29"), channel: .call, intent: .ask(.input)).warnings.isEmpty)
            let ledger = try await t.ledger(asOf: day("2026-11-29"))
            #expect(ledger.mostlyAsk.map(\.name) == ["Ana Souza"], "3 asks against 2 need-free touches")
        }
    }

    @Test func touchesAnswerTheMomentsTheyRespondTo() async throws {
        try await withTending { t throws in
            try await t.add("Ana")
            let win = try await t.recordMoment("Ana", kind: .win(.promotion), on: day("2026-11-20"))
            let struggle = try await t.recordMoment("Ana", kind: .struggle(.illness), on: day("2026-11-21"))
            let checkIn = try await t.logTouch(to: ["Ana"], on: day("2026-11-22"), channel: .call, intent: .checkIn)
            #expect(checkIn.answered.isEmpty, "a plain check-in answers neither")
            let congrats = try await t.logTouch(to: ["Ana"], on: day("2026-11-23"), channel: .message, intent: .celebrate)
            #expect(congrats.answered.map(\.id) == [win.id])
            let support = try await t.logTouch(to: ["Ana"], on: day("2026-11-24"), channel: .inPerson, intent: .give(.help))
            #expect(support.answered.map(\.id) == [struggle.id])
            #expect(support.answered.first?.answeredOn == day("2026-11-24"))
            // Within a week it is the same support, not a follow-up.
            #expect(try await t.logTouch(to: ["Ana"], on: day("2026-11-27"), channel: .call, intent: .checkIn).answered.isEmpty)
            let later = try await t.logTouch(to: ["Ana"], on: day("2026-12-05"), channel: .call, intent: .checkIn)
            #expect(later.answered.map(\.followedUpOn) == [day("2026-12-05")])
        }
    }

    @Test func aTouchWithAnUnknownPersonWritesNothing() async throws {
        try await withTending { t throws in
            try await t.add("Ana")
            await #expect(throws: TendError.noSuchPerson("Nobody")) {
                _ = try await t.logTouch(to: ["Ana", "Nobody"], on: day("2026-11-27"), channel: .call, intent: .checkIn)
            }
            await #expect(throws: TendError.self) {
                _ = try await t.logTouch(to: ["Ana"], on: day("2026-11-27"), channel: .call, intent: .checkIn, moment: MomentID(42))
            }
            #expect(try await t.counts().touches == 0)
        }
    }
}

@Suite struct AgendaServiceTests {
    @Test func doneLogsTheMatchingTouchAndTheAgendaMovesOn() async throws {
        try await withTending { t throws in
            try await t.add("Ana", .meaningful, birthday: "1986-11-27", on: "2026-11-20")
            try await t.add("Ben", .familiar, on: "2026-11-20")
            let win = try await t.recordMoment("Ben", kind: .win(.launch), on: day("2026-11-26"))
            let today = day("2026-11-27")
            #expect(try await t.agenda(for: today).suggestions.map(\.key) == ["birthday:1:2026", "celebrate:\(win.id)"])

            let done = try await t.complete("1", on: today)
            #expect(done.suggestion.kind == .birthday)
            #expect(done.logged?.touch.intent == .celebrate && done.logged?.touch.channel == .message)
            #expect(try await t.agenda(for: today).suggestions.map(\.kind) == [.celebrate])

            let celebrated = try await t.complete("celebrate:\(win.id)", on: today, channel: .call, note: "Called to cheer")
            #expect(celebrated.logged?.touch.momentID == win.id)
            #expect(celebrated.logged?.answered.map(\.id) == [win.id])
            #expect(try await t.agenda(for: today).suggestions.isEmpty)
            let timeline = try await t.detail("Ben", asOf: today)
            #expect(timeline.touches.map(\.note) == ["Called to cheer"])
            #expect(timeline.moments.map(\.state) == [.answered])
            await #expect(throws: TendError.noSuchSuggestion("1", day: today)) { _ = try await t.complete("1", on: today) }
        }
    }

    @Test func snoozeAndDismissTakeEffectAtOnce() async throws {
        try await withTending { t throws in
            try await t.add("Ana", .meaningful, on: "2026-01-01")
            try await t.add("Ben", .familiar, on: "2026-11-20")
            let struggle = try await t.recordMoment("Ben", kind: .struggle(.layoff), on: day("2026-11-26"))
            let today = day("2026-11-27")
            // Ana is meaningful and long past her cadence: she comes before a familiar person's news.
            #expect(try await t.agenda(for: today).suggestions.map(\.kind) == [.keepUp, .support])

            await #expect(throws: TendError.self) { _ = try await t.snooze("1", on: today, until: today) }
            _ = try await t.snooze("1", on: today, until: day("2026-12-01"))
            #expect(try await t.agenda(for: today).suggestions.map(\.kind) == [.support])
            #expect(try await t.agenda(for: day("2026-12-01")).suggestions.map(\.kind).contains(.keepUp))

            let dismissed = try await t.dismiss("support:\(struggle.id)", on: today)
            #expect(dismissed.personName == "Ben")
            #expect(try await t.agenda(for: today).suggestions.isEmpty)
            #expect(try await t.detail("Ben", asOf: today).moments.map(\.state) == [.dismissed])
        }
    }

    @Test func aHeadsUpIsDoneWithoutATouch() async throws {
        try await withTending { t throws in
            try await t.add("Ana", .intimate, birthday: "--11-29", on: "2026-11-20")
            let done = try await t.complete("1", on: day("2026-11-27"))
            #expect(done.suggestion.kind == .birthdayHeadsUp && done.logged == nil)
            #expect(try await t.counts().touches == 0)
            #expect(try await t.agenda(for: day("2026-11-28")).suggestions.isEmpty)
            #expect(try await t.agenda(for: day("2026-11-29")).suggestions.map(\.kind) == [.birthday], "the day itself still comes")
        }
    }

    @Test func settingsChangeTheAgenda() async throws {
        try await withTending { t throws in
            try await t.add("Ana", .meaningful, on: "2026-11-01")
            #expect(try await t.agenda(for: day("2026-11-27")).suggestions.count == 1)
            _ = try await t.updateSettings { $0.cadence[.meaningful] = 30 }
            #expect(try await t.agenda(for: day("2026-11-27")).suggestions.isEmpty)
            await #expect(throws: TendError.self) { _ = try await t.updateSettings { $0.timeZone = "Mars/Olympus" } }
            await #expect(throws: TendError.self) { _ = try await t.updateSettings { $0.agendaLength = 0 } }
            #expect(try await t.settings().cadence[.meaningful] == 30)
        }
    }
}

@Suite struct MergeTests {
    @Test func mergeKeepsEveryTouchMomentAndField() async throws {
        try await withTending { t throws in
            let keep = try await t.addPerson(Profile(displayName: "Ana Souza", emails: ["ana@work.example"], company: "Lumen",
                                                     notes: "Met at PyCon", tags: ["work"]), tier: .familiar, on: day("2025-01-01"))
            let dup = try await t.addPerson(Profile(displayName: "Ana S.", nickname: "Aninha", emails: ["ANA@work.example", "ana@home.example"],
                                                    phones: ["+1 555 0100"], city: "Lisbon", birthday: Birthday("1990-04-12"),
                                                    notes: "Loves fado", tags: ["fado"]), tier: .intimate, on: day("2024-06-01"))
            try await t.add("Ben")
            _ = try await t.relate("Ana S.", .partner, "Ben")
            _ = try await t.logTouch(to: ["Ana Souza"], on: day("2026-01-10"), channel: .call, intent: .checkIn)
            _ = try await t.logTouch(to: ["Ana S."], on: day("2026-02-10"), channel: .email, intent: .give(.referral))
            _ = try await t.logTouch(to: ["Ana Souza", "Ana S.", "Ben"], on: day("2026-03-10"), channel: .inPerson, intent: .checkIn, note: "Dinner")
            _ = try await t.recordMoment("Ana S.", kind: .win(.award), on: day("2026-03-01"))

            let merge = try await t.merge(.id(keep.id), .id(dup.id), on: day("2026-11-27"))
            #expect(merge.touchesMoved == 2 && merge.momentsMoved == 1)
            let d = try await t.detail(.id(keep.id), asOf: day("2026-11-27"))
            let p = d.person.profile
            #expect(p.displayName == "Ana Souza" && p.nickname == "Aninha" && p.city == "Lisbon" && p.company == "Lumen")
            #expect(p.emails == ["ana@work.example", "ana@home.example"])
            #expect(p.phones == ["+1 555 0100"] && p.birthday == Birthday("1990-04-12"))
            #expect(p.tags == ["fado", "work"] && p.notes == "Met at PyCon\n\nLoves fado")
            #expect(d.person.tier == .intimate && d.person.addedOn == day("2024-06-01"))
            #expect(d.touches.map(\.on) == ["2026-03-10", "2026-02-10", "2026-01-10"].map(day))
            #expect(d.touches[0].people.count == 2, "the dinner keeps Ana once, and Ben")
            #expect(d.moments.count == 1)
            #expect(d.relations.map(\.name) == ["Ben"])
            #expect(d.tierHistory.last == TierChange(from: .familiar, to: .intimate, on: day("2026-11-27"), reason: "merged with Ana S."))
            await #expect(throws: TendError.noSuchPerson("\(dup.id)")) { _ = try await t.person(.id(dup.id)) }
            #expect(try await t.counts() == (people: 2, touches: 3))
        }
    }

    @Test func aPersonCannotBeMergedWithThemself() async throws {
        try await withTending { t throws in
            let ana = try await t.add("Ana Souza")
            await #expect(throws: TendError.mergeWithSelf("Ana Souza")) { _ = try await t.merge("Ana", .id(ana.id), on: day("2026-11-27")) }
        }
    }
}

@Suite struct DemoTests {
    @Test func theDemoIsDeterministicAndUseful() async throws {
        let today = day("2026-11-27")
        var agendas: [Agenda] = []
        for _ in 0..<2 {
            try await withTending { t throws in
                let seeded = try await t.seedDemo(seed: 7, size: 60, on: today)
                #expect(seeded.people == 60 && seeded.touches > 300)
                agendas.append(try await t.agenda(for: today))
                await #expect(throws: TendError.databaseNotEmpty(people: 60)) { _ = try await t.seedDemo(on: today) }
                _ = try await t.seedDemo(seed: 8, size: 20, on: today, replace: true)
                #expect(try await t.counts().people == 20)
            }
        }
        #expect(agendas[0] == agendas[1])
        let kinds = Set(agendas[0].shown.map(\.kind))
        #expect(kinds.isSuperset(of: [.birthday, .support, .celebrate, .followUp, .birthdayHeadsUp]), "a new user sees every kind of care")
        #expect(agendas[0].shown.count == 7 && agendas[0].rest.count > 0)
    }

    @Test func aDifferentSeedGivesADifferentNetwork() {
        let a = DemoNetwork.generate(seed: 1, size: 30, today: day("2026-11-27"))
        let b = DemoNetwork.generate(seed: 2, size: 30, today: day("2026-11-27"))
        #expect(a.members.map(\.profile.displayName) != b.members.map(\.profile.displayName))
        #expect(Set(a.members.map(\.profile.displayName)).count == 30, "names are unique")
    }

    @Test func aDenserHistoryHoldsTheTouchesAskedForAndTheSameRecentGaps() {
        let today = day("2026-11-27")
        let natural = DemoNetwork.generate(seed: 3, size: 2000, today: today)
        let dense = DemoNetwork.generate(seed: 3, size: 2000, today: today, touchesPerPerson: 50)
        let again = DemoNetwork.generate(seed: 3, size: 2000, today: today, touchesPerPerson: 50)
        #expect(dense.touches.map(\.on) == again.touches.map(\.on) && dense.touches.map(\.members) == again.touches.map(\.members))
        let average = Double(dense.touches.count) / 2000
        #expect((45...55).contains(average), "about 50 touches a person, not \(average)")
        #expect(Double(natural.touches.count) / 2000 < 20)
        #expect(dense.members.map(\.profile.displayName) == natural.members.map(\.profile.displayName))
        // How long people have gone without a touch (what the agenda reads) is about as in the natural history.
        func overdue(_ net: DemoNetwork) -> Int {
            var last: [Int: Day] = [:]
            for t in net.touches { for m in t.members { last[m] = max(last[m] ?? t.on, t.on) } }
            return net.members.indices.filter { i in
                let cadence = Settings().cadence[net.members[i].tier] ?? 365
                return (last[i]?.days(until: today) ?? Int.max) > cadence
            }.count
        }
        let sparse = DemoNetwork.generate(seed: 3, size: 2000, today: today, touchesPerPerson: 5)
        #expect((3.5...6.5).contains(Double(sparse.touches.count) / 2000), "about 5 a person: \(sparse.touches.count)")
        let (a, b, c) = (overdue(natural), overdue(dense), overdue(sparse))
        #expect(abs(a - b) < 2000 / 10 && abs(a - c) < 2000 / 10, "overdue: \(a) in the natural history, \(b) dense, \(c) sparse")
    }

    @Test func largeNetworksStillHaveUniqueNamesAndEmails() {
        let big = DemoNetwork.generate(seed: 1, size: 5000, today: day("2026-11-27"))
        #expect(Set(big.members.map(\.profile.displayName)).count == 5000)
        #expect(Set(big.members.flatMap(\.profile.emails)).count == 5000)
    }
}

@Suite struct WeekServiceTests {
    @Test func keepUpDraftsMentionTheLastConversationAndSendLinksUseTheLoadedContacts() async throws {
        try await withTending { t throws in
            _ = try await t.updateSettings { $0.defaultCountry = "GB" }
            try await t.add("Ana", .meaningful, emails: ["ana@example.com"], on: "2026-09-01")
            _ = try await t.logTouch(to: ["Ana"], on: day("2026-10-20"), channel: .inPerson, intent: .checkIn, note: "Half-marathon")
            let today = day("2026-11-27")
            let s = try #require(try await t.agenda(for: today).suggestions.first)
            #expect(s.kind == .keepUp && s.draft.contains("(half-marathon)"))
            #expect(s.sendLinks.map(\.app) == [.email])
            let planned = try #require(try await t.week(from: today).planned.first?.suggestion)
            #expect(planned.draft == s.draft && planned.sendLinks == s.sendLinks, "the week's today is Today")
        }
    }

    @Test func aKeyPlannedLaterThisWeekCanBeDoneTodayAndTheWeekReflectsIt() async throws {
        try await withTending { t throws in
            let eve = try await t.add("Eve", .meaningful, on: "2026-10-01")
            _ = try await t.logTouch(to: ["Eve"], on: day("2026-11-09"), channel: .call, intent: .checkIn)
            let today = day("2026-11-27")
            let week = try await t.week(from: today)
            let planned = week.planned.map { ($0.day, $0.suggestion.key) }
            #expect(planned.map(\.1) == ["keep-up:\(eve.id):2026-11-09"] && planned.first?.0 == day("2026-11-30"))
            #expect(try await t.agenda(for: today).suggestions.isEmpty, "not on today's agenda")

            let done = try await t.complete("keep-up:\(eve.id):2026-11-09", on: today, channel: .email)
            #expect(done.logged?.touch.on == today && done.logged?.touch.channel == .email && done.logged?.touch.intent == .checkIn)
            #expect(!(try await t.week(from: today)).planned.contains { $0.suggestion.kind == .keepUp }, "done early is reflected at once")
            // A number is a position on the day's agenda only; a key no day of the week has is refused.
            await #expect(throws: TendError.noSuchSuggestion("keep-up:\(eve.id):2026-11-09", day: today)) {
                _ = try await t.complete("keep-up:\(eve.id):2026-11-09", on: today)
            }
        }
    }
}
