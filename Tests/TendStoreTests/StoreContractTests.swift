import Foundation
import Testing
import TendCore
import TendStore
import TendTestSupport

/// The storage contract: every backend must pass every test here.
@Suite struct StoreContractTests {
    @Test(arguments: Backend.available)
    func theLastNeedFreeNoteIsTheLastNeedFreeTouchsOwn(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let (ana, ben, cy) = try await db.database.write(account: account) { s throws in
                let a = try await s.people.add(profile("Ana"), tier: .intimate, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                let b = try await s.people.add(profile("Ben"), tier: .intimate, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                let c = try await s.people.add(profile("Cy"), tier: .intimate, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                _ = try await s.touches.log(NewTouch(on: day("2026-10-01"), people: [a.id], channel: .call, intent: .checkIn, note: "Old news"))
                _ = try await s.touches.log(NewTouch(on: day("2026-11-01"), people: [a.id, b.id], channel: .inPerson, intent: .checkIn, note: "Half-marathon"))
                // An ask later does not count; a touch after the day does not either.
                _ = try await s.touches.log(NewTouch(on: day("2026-11-05"), people: [a.id], channel: .email, intent: .ask(.advice), note: "Job offer"))
                _ = try await s.touches.log(NewTouch(on: day("2026-12-01"), people: [a.id], channel: .call, intent: .checkIn, note: "Later"))
                // Ben's last need-free touch has no note: he has none, not an older one.
                _ = try await s.touches.log(NewTouch(on: day("2026-11-03"), people: [b.id], channel: .call, intent: .celebrate))
                return (a.id, b.id, c.id)
            }
            let notes = try await db.database.read(account: account) { s in
                try await s.touches.lastNeedFreeNotes(of: [ana, ben, cy], asOf: day("2026-11-27"))
            }
            #expect(notes == [ana: "Half-marathon"])
            #expect(try await db.database.read(account: account) { try await $0.touches.lastNeedFreeNotes(of: [], asOf: day("2026-11-27")) }.isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func personRoundTripsEveryField(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let full = Profile(
                displayName: "Chloé Martin", givenName: "Chloé", familyName: "Martin", nickname: "Clo",
                emails: ["chloe@example.com", "c.martin@work.example"], phones: ["+33 6 12 34 56 78", "+1 555 0100"],
                company: "Lumen Labs", title: "Designer", city: "Lyon", howWeMet: "At a design meetup", metOn: day("2019-05-04"),
                birthday: Birthday("--02-29"), anniversary: Birthday("2015-06-20"), notes: "Loves bouldering.\nTwo kids.", tags: ["climbing", "design"],
                links: [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/chloe"), Link(label: "Blog", url: "https://chloe.example")],
                cardExtras: ["item1.ADR;type=HOME:;;1 Rue X;Lyon;;69001;France", "item1.X-ABLabel:home", "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ"])
            let added = try await db.database.write(account: account) { s throws in
                try await s.people.add(full, tier: .intimate, targetTier: .meaningful, cadenceDays: 30, on: day("2026-11-01"))
            }
            let read = try await db.database.read(account: account) { try await $0.people.person(added.id) }
            #expect(read == added)
            #expect(read?.profile == full)

            var changed = added
            changed.profile.emails = ["new@example.com"]
            changed.profile.tags = ["work"]
            changed.profile.birthday = nil
            changed.profile.anniversary = nil
            changed.profile.cardExtras = ["X-KEPT:one"]
            changed.archived = true
            changed.cadenceDays = nil
            try await db.database.write(account: account) { [changed] in try await $0.people.update(changed) }
            #expect(try await db.database.read(account: account) { try await $0.people.person(added.id) } == changed)
        }
    }

    @Test(arguments: Backend.available)
    func namesMatchIgnoringCaseAndAccents(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                for name in ["Chloé Martin", "Chloe Dubois", "Zoë Kim", "100% Pat"] {
                    _ = try await s.people.add(profile(name), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                }
            }
            try await db.database.read(account: account) { s throws in
                #expect(try await s.people.named("chloe").map(\.displayName) == ["Chloe Dubois", "Chloé Martin"])
                #expect(try await s.people.named("CHLOÉ MAR").map(\.displayName) == ["Chloé Martin"])
                #expect(try await s.people.named("zoe").map(\.displayName) == ["Zoë Kim"])
                #expect(try await s.people.named("%").map(\.displayName) == ["100% Pat"], "LIKE wildcards are literal")
                #expect(try await s.people.named("_").isEmpty)
            }
        }
    }

    @Test(arguments: Backend.available)
    func fullTextSearchFindsNamesCompaniesNotesAndTags(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let d = day("2026-01-01")
                _ = try await s.people.add(profile("José Álvarez", company: "Lumen Labs"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                _ = try await s.people.add(profile("Ana Souza", notes: "Loves bouldering in Fontainebleau"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                _ = try await s.people.add(profile("Ben Okafor", company: "Northwind", tags: ["investor"]), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
            }
            try await db.database.read(account: account) { s throws in
                #expect(try await s.people.search("jose").map(\.displayName) == ["José Álvarez"])
                #expect(try await s.people.search("ALVAREZ lumen").map(\.displayName) == ["José Álvarez"])
                #expect(try await s.people.search("boulder").map(\.displayName) == ["Ana Souza"])
                #expect(try await s.people.search("fontainébleau").map(\.displayName) == ["Ana Souza"])
                #expect(try await s.people.search("investor").map(\.displayName) == ["Ben Okafor"])
                #expect(try await s.people.search("lumen northwind").isEmpty, "every word must match")
                for hostile in ["\"", "AND (", "*", "ana\" OR \"ben", "NEAR(", "  "] {
                    _ = try await s.people.search(hostile)  // never a syntax error
                }
            }
            // Edits and deletions reach the index.
            let ben = try await db.database.read(account: account) { try await $0.people.search("ben")[0] }
            var moved = ben
            moved.profile.company = "Riverstone"
            try await db.database.write(account: account) { [moved] in try await $0.people.update(moved) }
            #expect(try await db.database.read(account: account) { try await $0.people.search("northwind") }.isEmpty)
            #expect(try await db.database.read(account: account) { try await $0.people.search("riverstone") }.map(\.id) == [ben.id])
            try await db.database.write(account: account) { try await $0.people.delete(ben.id) }
            #expect(try await db.database.read(account: account) { try await $0.people.search("riverstone") }.isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func listingsFilterByTierTagAndArchive(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let d = day("2026-01-01")
                _ = try await s.people.add(profile("A", tags: ["work"]), tier: .intimate, targetTier: nil, cadenceDays: nil, on: d)
                _ = try await s.people.add(profile("B", tags: ["climbing"]), tier: .intimate, targetTier: nil, cadenceDays: nil, on: d)
                var c = try await s.people.add(profile("C", tags: ["work"]), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                c.archived = true
                try await s.people.update(c)
            }
            try await db.database.read(account: account) { s throws in
                #expect(try await s.people.people(PeopleFilter()).map(\.displayName) == ["A", "B"])
                #expect(try await s.people.people(PeopleFilter(includeArchived: true)).map(\.displayName) == ["A", "B", "C"])
                #expect(try await s.people.people(PeopleFilter(tier: .intimate, tag: "WORK")).map(\.displayName) == ["A"])
                #expect(try await s.people.people(PeopleFilter(tag: "work", includeArchived: true)).map(\.displayName) == ["A", "C"])
                #expect(try await s.people.count() == 3)
            }
        }
    }

    @Test(arguments: Backend.available)
    func relationsAndTierHistory(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let d = day("2026-01-01")
                let ana = try await s.people.add(profile("Ana Souza"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                let ben = try await s.people.add(Profile(displayName: "Benjamin Okafor", givenName: "Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                try await s.people.relate(Relation(person: ana.id, kind: .partner, other: ben.id))
                try await s.people.relate(Relation(person: ana.id, kind: .partner, other: ben.id))  // idempotent
                #expect(try await s.people.relations(of: ben.id) == [Relation(person: ana.id, kind: .partner, other: ben.id)])
                #expect(try await s.people.partnerNames() == [ana.id: "Ben", ben.id: "Ana Souza"])
                try await s.people.unrelate(Relation(person: ana.id, kind: .partner, other: ben.id))
                #expect(try await s.people.relations(of: ana.id).isEmpty)

                try await s.people.recordTierChange(TierChange(from: .familiar, to: .intimate, on: day("2026-03-01"), reason: "trip"), of: ana.id)
                #expect(try await s.people.tierHistory(of: ana.id) == [
                    TierChange(from: nil, to: .familiar, on: d),
                    TierChange(from: .familiar, to: .intimate, on: day("2026-03-01"), reason: "trip"),
                ])
            }
            // The schema refuses a self-relation (and the failed transaction writes nothing).
            await #expect(throws: (any Error).self, "nobody is their own partner") {
                try await db.database.write(account: account) { s in
                    let ana = try await s.people.named("Ana Souza")[0]
                    try await s.people.relate(Relation(person: ana.id, kind: .partner, other: ana.id))
                }
            }
        }
    }

    /// Each backend finds the touch facts its own way (SQLite per person, PostgreSQL in one aggregate): both must
    /// say what `TouchSummary.of` says, for everyone and for a few, whatever the day asked about.
    @Test(arguments: Backend.available)
    func summariesAgreeWithTheReferenceOnAMixedHistory(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            var state: UInt64 = 2026
            func next(_ n: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % UInt64(n))
            }
            let intents: [Intent] = [.checkIn, .celebrate, .thanks, .support, .give(.help), .give(.introduction), .ask(.advice), .ask(.favour)]
            // 900 touches over three years (some after the days asked about), a fifth of them with two people;
            // the last five people have none.
            let plan = (0..<900).map { _ in
                (who: next(5) == 0 ? [next(35), next(35)] : [next(35)], on: day("2024-01-01").adding(days: next(1100)),
                 intent: intents[next(intents.count)])
            }
            let (people, logged) = try await db.database.write(account: account) { s in
                var people: [PersonID] = []
                for i in 0..<40 {
                    people.append(try await s.people.add(profile("P\(i)"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2024-01-01")).id)
                }
                let touches = plan.map { NewTouch(on: $0.on, people: $0.who.map { people[$0] }, channel: .call, intent: $0.intent) }
                return (people, try await s.touches.log(touches))
            }
            try await db.database.read(account: account) { s in
                for asOf in ["2024-06-30", "2025-11-27", "2026-11-27", "2027-02-01"].map(day) {
                    func reference(_ p: PersonID) -> TouchSummary {
                        TouchSummary.of(logged.filter { $0.people.contains(p) }.map { ($0.on, $0.intent) }, asOf: asOf)
                    }
                    let all = try await s.touches.summaries(asOf: asOf)
                    for p in people { #expect((all[p] ?? .none) == reference(p), "\(p) as of \(asOf)") }
                    let some = try await s.touches.summaries(of: [people[3], people[38]], asOf: asOf)
                    #expect((some[people[3]] ?? .none) == reference(people[3]) && some[people[38]] == nil)
                }
            }
        }
    }

    @Test(arguments: Backend.available)
    func touchesAndTheirSummaries(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let d = day("2025-01-01")
                let ana = try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                let ben = try await s.people.add(profile("Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                let dinner = try await s.touches.log(NewTouch(on: day("2026-11-01"), people: [ben.id, ana.id, ana.id], channel: .inPerson,
                                                              intent: .checkIn, note: "Dinner"))
                #expect(dinner.people == [ana.id, ben.id], "each person once")
                _ = try await s.touches.log(NewTouch(on: day("2026-11-10"), people: [ana.id], channel: .email, intent: .ask(.advice)))
                _ = try await s.touches.log(NewTouch(on: day("2026-10-01"), people: [ana.id], channel: .call, intent: .give(.referral)))
                _ = try await s.touches.log(NewTouch(on: day("2025-11-27"), people: [ana.id], channel: .call, intent: .thanks))
                _ = try await s.touches.log(NewTouch(on: day("2026-12-24"), people: [ana.id], channel: .gift, intent: .celebrate))
                await #expect(throws: (any Error).self) {
                    _ = try await s.touches.log(NewTouch(on: d, people: [], channel: .call, intent: .checkIn))
                }

                let asOf = day("2026-11-27")
                let summaries = try await s.touches.summaries(asOf: asOf)
                #expect(summaries[ana.id] == TouchSummary(lastNeedFree: day("2026-11-01"), lastAsk: day("2026-11-10"), lastTouch: day("2026-11-10"),
                                                          needFreeLastYear: 2, givesLastYear: 1, asksLastYear: 1))
                #expect(summaries[ben.id] == TouchSummary(lastNeedFree: day("2026-11-01"), lastTouch: day("2026-11-01"), needFreeLastYear: 1))
                #expect(try await s.touches.summary(of: ana.id, asOf: asOf) == summaries[ana.id])
                let list = try await s.touches.touches(of: ana.id, limit: nil)
                #expect(list.map(\.on) == ["2026-12-24", "2026-11-10", "2026-11-01", "2026-10-01", "2025-11-27"].map(day))
                #expect(list[2].people == [ana.id, ben.id] && list[2].note == "Dinner" && list[2].channel == .inPerson)
                #expect(try await s.touches.touches(of: ana.id, limit: 2).count == 2)
                #expect(try await s.touches.count() == 5)

                // Moving Ben's touches onto Ana keeps the dinner once.
                try await s.touches.reassign(from: ben.id, to: ana.id)
                #expect(try await s.touches.touches(of: ben.id, limit: nil).isEmpty)
                #expect(try await s.touches.touches(of: ana.id, limit: nil).first { $0.note == "Dinner" }?.people == [ana.id])
            }
        }
    }

    @Test(arguments: Backend.available)
    func momentsPendingAndStates(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let ana = try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2025-01-01"))
                let win = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.promotion), on: day("2026-11-20"), note: "Lead"))
                var struggle = try await s.moments.record(NewMoment(personID: ana.id, kind: .struggle(.layoff), about: .company, on: day("2026-11-01")))
                _ = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.award), on: day("2026-12-20")))
                #expect(try await s.moments.moment(win.id) == win)
                #expect(try await s.moments.pending(since: day("2026-01-01"), asOf: day("2026-11-27")).map(\.id) == [struggle.id, win.id])

                struggle.state = .answered
                struggle.answeredOn = day("2026-11-02")
                try await s.moments.update(struggle)
                var answeredWin = win
                answeredWin.state = .answered
                answeredWin.answeredOn = day("2026-11-21")
                try await s.moments.update(answeredWin)
                #expect(try await s.moments.pending(since: day("2026-01-01"), asOf: day("2026-11-27")).map(\.id) == [struggle.id],
                        "an answered struggle awaits its follow-up; an answered win is done")
                #expect(try await s.moments.moments(of: ana.id).map(\.on) == ["2026-12-20", "2026-11-20", "2026-11-01"].map(day))
                #expect(try await s.moments.moment(struggle.id) == struggle)

                try await s.suggestionStates.set(.snoozed(until: day("2026-12-01")), for: "keep-up:1:2026-01-01")
                try await s.suggestionStates.set(.dismissed(on: day("2026-11-27")), for: "birthday:1:2026")
                try await s.suggestionStates.set(.done(on: day("2026-11-28")), for: "keep-up:1:2026-01-01")
                #expect(try await s.suggestionStates.states() == [
                    "keep-up:1:2026-01-01": .done(on: day("2026-11-28")), "birthday:1:2026": .dismissed(on: day("2026-11-27")),
                ])
            }
        }
    }

    @Test(arguments: Backend.available)
    func settingsDefaultThenPersist(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                #expect(try await s.settings.load() == Settings())
                var custom = Settings(cadence: [.meaningful: 14, .unfamiliar: 365], birthdayHeadsUpDays: 5, agendaLength: 3, timeZone: "Europe/Lisbon")
                try await s.settings.save(custom)
                #expect(try await s.settings.load() == custom)
                custom.cadence[.unfamiliar] = nil
                try await s.settings.save(custom)
                #expect(try await s.settings.load() == custom)
            }
        }
    }

    @Test(arguments: Backend.available)
    func accountsCannotReachEachOthersRows(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, a in
            let b = try await db.account("b@example.com")
            let ana = try await db.database.write(account: a) { s throws in
                let ana = try await s.people.add(profile("Ana", company: "Lumen"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                _ = try await s.touches.log(NewTouch(on: day("2026-02-01"), people: [ana.id], channel: .call, intent: .checkIn))
                _ = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.award), on: day("2026-02-01")))
                return ana
            }
            try await db.database.write(account: b) { s throws in
                #expect(try await s.people.person(ana.id) == nil)
                #expect(try await s.people.named("ana").isEmpty)
                #expect(try await s.people.search("lumen").isEmpty)
                #expect(try await s.people.people(PeopleFilter(includeArchived: true)).isEmpty)
                #expect(try await s.touches.summaries(asOf: day("2026-12-01")).isEmpty)
                #expect(try await s.touches.touches(of: ana.id, limit: nil).isEmpty)
                #expect(try await s.moments.moments(of: ana.id).isEmpty)
                await #expect(throws: StoreError.notFound("person \(ana.id)")) { try await s.people.update(ana) }
                await #expect(throws: StoreError.notFound("person \(ana.id)")) { try await s.people.delete(ana.id) }
            }
            // The schema itself refuses rows that point across accounts (and the write with them).
            await #expect(throws: (any Error).self) {
                try await db.database.write(account: b) { s throws in
                    _ = try await s.touches.log(NewTouch(on: day("2026-02-01"), people: [ana.id], channel: .call, intent: .checkIn))
                }
            }
            await #expect(throws: (any Error).self) {
                try await db.database.write(account: b) { s throws in
                    _ = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.award), on: day("2026-02-01")))
                }
            }
            #expect(try await db.database.read(account: a) { try await $0.touches.count() } == 1)
            await #expect(throws: StoreError.self) { _ = try await db.database.accounts.create(email: "A@example.com", passwordHash: "y") }
        }
    }

    @Test(arguments: Backend.available)
    func aFailedTransactionWritesNothing(_ backend: Backend) async throws {
        struct Boom: Error {}
        try await withDatabase(backend) { db, account in
            await #expect(throws: Boom.self) {
                try await db.database.write(account: account) { s throws in
                    let ana = try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                    _ = try await s.touches.log(NewTouch(on: day("2026-02-01"), people: [ana.id], channel: .call, intent: .checkIn))
                    throw Boom()
                }
            }
            try await db.database.read(account: account) { s throws in
                #expect(try await s.people.count() == 0)
                #expect(try await s.touches.count() == 0)
                #expect(try await s.people.search("ana").isEmpty)
            }
        }
    }

    @Test(arguments: Backend.available)
    func deletingAPersonTakesTheirRowsWithThem(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s throws in
                let ana = try await s.people.add(profile("Ana", emails: ["a@x.org"]), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                let ben = try await s.people.add(profile("Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                _ = try await s.touches.log(NewTouch(on: day("2026-02-01"), people: [ana.id, ben.id], channel: .call, intent: .checkIn))
                _ = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.award), on: day("2026-02-01")))
                try await s.people.relate(Relation(person: ana.id, kind: .sibling, other: ben.id))
                try await s.people.delete(ana.id)
                #expect(try await s.touches.touches(of: ben.id, limit: nil).map(\.people) == [[ben.id]])
                #expect(try await s.people.relations(of: ben.id).isEmpty)
                #expect(try await s.moments.pending(since: day("2026-01-01"), asOf: day("2026-02-02")).isEmpty)
            }
        }
    }
}

@Suite struct PeoplePageContractTests {
    /// Pages are ordered and cut in the database, the same way on every backend.
    @Test(arguments: Backend.available)
    func pagesOrderFilterAndCount(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let ids = try await db.database.write(account: account) { s throws in
                let d = day("2026-01-01")
                let zoe = try await s.people.add(profile("zoë", tags: ["work"]), tier: .familiar, targetTier: nil, cadenceDays: nil, on: d)
                let ana = try await s.people.add(profile("Ana"), tier: .meaningful, targetTier: nil, cadenceDays: nil, on: d)
                let ben = try await s.people.add(profile("Ben", tags: ["work"]), tier: .intimate, targetTier: nil, cadenceDays: 10, on: d)
                let cy = try await s.people.add(profile("Cy"), tier: .unfamiliar, targetTier: nil, cadenceDays: nil, on: d)
                _ = try await s.touches.log(NewTouch(on: day("2026-11-01"), people: [ana.id], channel: .call, intent: .checkIn))
                _ = try await s.touches.log(NewTouch(on: day("2026-11-20"), people: [zoe.id], channel: .call, intent: .checkIn))
                _ = try await s.touches.log(NewTouch(on: day("2026-11-25"), people: [ben.id], channel: .call, intent: .ask(.help)))
                return (zoe: zoe.id, ana: ana.id, ben: ben.id, cy: cy.id)
            }
            func page(_ order: PeoplePageRequest.Order, desc: Bool = false, filter: PeopleFilter = PeopleFilter(), among: [PersonID]? = nil,
                      offset: Int = 0, limit: Int = 10) async throws -> ([PersonID], Int) {
                try await db.database.read(account: account) { s in
                    try await s.people.page(PeoplePageRequest(filter: filter, among: among, order: order, descending: desc, offset: offset,
                                                              limit: limit, asOf: day("2026-11-27"), cadence: Settings.defaultCadence))
                }
            }
            #expect(try await page(.name).0 == [ids.ana, ids.ben, ids.cy, ids.zoe], "case-insensitive by name")
            #expect(try await page(.name, desc: true, offset: 1, limit: 2) == ([ids.cy, ids.ben], 4))
            #expect(try await page(.tier).0 == [ids.ana, ids.ben, ids.zoe, ids.cy])
            #expect(try await page(.lastTouch).0 == [ids.ben, ids.cy, ids.ana, ids.zoe], "never first; the ask does not count")
            // Due: Ben 2026-01-11 (own 10 days), Ana 2026-11-22 (21), Zoë 2027-03-20 (120); Cy has no cadence, last.
            #expect(try await page(.nextDue).0 == [ids.ben, ids.ana, ids.zoe, ids.cy])
            #expect(try await page(.nextDue, desc: true).0 == [ids.zoe, ids.ana, ids.ben, ids.cy])
            #expect(try await page(.name, filter: PeopleFilter(tag: "work")) == ([ids.ben, ids.zoe], 2))
            #expect(try await page(.name, filter: PeopleFilter(tier: .meaningful)) == ([ids.ana], 1))
            #expect(try await page(.name, among: [ids.zoe, ids.cy]) == ([ids.cy, ids.zoe], 2))
            #expect(try await page(.name, among: []) == ([], 0))
        }
    }

    @Test(arguments: Backend.available)
    func calendarFeedTokensAreOnePerAccountAndRevocable(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let accounts = db.database.accounts, tokens = db.database.accessTokens
            let other = try await accounts.create(email: "other-\(UUID().uuidString)@example.com", passwordHash: "x")
            let a = String(repeating: "a", count: 43), b = String(repeating: "b", count: 43)
            #expect(try await tokens.calendarFeed(of: account) == nil)
            try await tokens.setCalendarFeed(of: account, token: a)
            try await tokens.setCalendarFeed(of: other, token: b)
            #expect(try await tokens.account(calendarFeed: a) == account)
            #expect(try await tokens.account(calendarFeed: b) == other)
            // A new token replaces the old one; the schema refuses one token for two accounts.
            try await tokens.setCalendarFeed(of: account, token: String(repeating: "c", count: 43))
            #expect(try await tokens.account(calendarFeed: a) == nil)
            await #expect(throws: (any Error).self) { try await tokens.setCalendarFeed(of: account, token: b) }
            #expect(try await tokens.account(calendarFeed: b) == other)
            try await tokens.setCalendarFeed(of: other, token: nil)
            #expect(try await tokens.account(calendarFeed: b) == nil)
            #expect(try await tokens.calendarFeed(of: account) == String(repeating: "c", count: 43), "a failed change keeps the old token")
        }
    }

    @Test(arguments: Backend.available)
    func apiTokensAreFoundByHashScopedToTheirAccountAndRevocable(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let accounts = db.database.accounts, tokens = db.database.accessTokens
            let other = try await accounts.create(email: "other-\(UUID().uuidString)@example.com", passwordHash: "x")
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            let h1 = String(repeating: "1", count: 64), h2 = String(repeating: "2", count: 64)
            let phone = try await tokens.createToken(for: account, name: "phone", hash: h1, scope: .write, at: t0)
            let theirs = try await tokens.createToken(for: other, name: "theirs", hash: h2, scope: .read, at: t0)
            #expect(try await tokens.tokens(of: account) == [phone])
            #expect(try await tokens.tokens(of: other).map(\.scope) == [.read])

            let found = try #require(try await tokens.token(hash: h1, usedAt: t0.addingTimeInterval(5)))
            #expect(found.account == account && found.token.id == phone.id && found.token.scope == .write)
            #expect(try await tokens.token(hash: String(repeating: "3", count: 64), usedAt: t0) == nil)
            // The last use is kept to the minute: a read does not write on every request.
            #expect(try await tokens.tokens(of: account)[0].lastUsedAt == t0.addingTimeInterval(5))
            _ = try await tokens.token(hash: h1, usedAt: t0.addingTimeInterval(30))
            #expect(try await tokens.tokens(of: account)[0].lastUsedAt == t0.addingTimeInterval(5))
            _ = try await tokens.token(hash: h1, usedAt: t0.addingTimeInterval(90))
            #expect(try await tokens.tokens(of: account)[0].lastUsedAt == t0.addingTimeInterval(90))

            // One account cannot revoke another's token; the schema refuses a hash twice.
            #expect(try await tokens.revokeToken(theirs.id, of: account) == false)
            #expect(try await tokens.token(hash: h2, usedAt: t0) != nil)
            await #expect(throws: (any Error).self) {
                _ = try await tokens.createToken(for: account, name: "again", hash: h1, scope: .read, at: t0)
            }
            #expect(try await tokens.revokeToken(phone.id, of: account))
            #expect(try await tokens.token(hash: h1, usedAt: t0) == nil)
            #expect(try await tokens.tokens(of: account).isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func touchAndMomentPagesContinueAfterTheLastItem(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            try await db.database.write(account: account) { s in
                let ana = try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                let ben = try await s.people.add(profile("Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                // Two touches on one day, so the page boundary falls between equal days.
                for (d, who) in [("2026-03-01", [ana.id]), ("2026-03-02", [ana.id, ben.id]), ("2026-03-02", [ben.id]), ("2026-03-05", [ana.id])] {
                    _ = try await s.touches.log(NewTouch(on: day(d), people: who, channel: .call, intent: .checkIn))
                }
                var seen: [TouchID] = []
                var after: ListQuery.Position?
                repeat {
                    let page = try await s.touches.touches(ListQuery(after: after, limit: 2))
                    seen += page.map(\.id)
                    after = page.count == 2 ? page.last.map { ListQuery.Position(day: $0.on, id: $0.id.rawValue) } : nil
                } while after != nil
                let all = try await s.touches.all().sorted { ($0.on, $0.id.rawValue) > ($1.on, $1.id.rawValue) }
                #expect(seen == all.map(\.id), "every touch once, newest first")
                #expect(try await s.touches.touches(ListQuery(person: ben.id, limit: 10)).map(\.on) == [day("2026-03-02"), day("2026-03-02")])
                #expect(try await s.touches.touches(ListQuery(since: day("2026-03-02"), until: day("2026-03-04"), limit: 10)).count == 2)
                #expect(try await s.touches.touches(ListQuery(person: ana.id, limit: 10))[1].people == [ana.id, ben.id])

                let win = try await s.moments.record(NewMoment(personID: ana.id, kind: .win(.promotion), on: day("2026-03-01")))
                _ = try await s.moments.record(NewMoment(personID: ben.id, kind: .struggle(.layoff), on: day("2026-03-03")))
                var closed = win
                closed.state = .dismissed
                try await s.moments.update(closed)
                #expect(try await s.moments.moments(ListQuery(limit: 10), state: nil).map(\.on) == [day("2026-03-03"), day("2026-03-01")])
                #expect(try await s.moments.moments(ListQuery(limit: 10), state: .open).map(\.personID) == [ben.id])
                let first = try await s.moments.moments(ListQuery(limit: 1), state: nil)
                #expect(try await s.moments.moments(ListQuery(after: .init(day: first[0].on, id: first[0].id.rawValue), limit: 1), state: nil) == [closed])
                #expect(try await s.moments.moments(ListQuery(person: ana.id, limit: 10), state: nil) == [closed])
            }
        }
    }

    @Test(arguments: Backend.available)
    func everyCommittedWriteRaisesTheAccountsRevision(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let other = try await db.account("other-\(UUID().uuidString)@example.com")
            func revision(_ a: AccountID) async throws -> Int64 { try await db.database.read(account: a) { try await $0.revision() } }
            let start = try await revision(account)
            _ = try await db.database.read(account: account) { try await $0.people.count() }
            #expect(try await revision(account) == start, "a read changes nothing")
            try await db.database.write(account: account) { s in
                _ = try await s.people.add(profile("Ana"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
            }
            #expect(try await revision(account) == start + 1)
            await #expect(throws: (any Error).self) {
                try await db.database.write(account: account) { s in
                    _ = try await s.people.add(profile("Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01"))
                    throw StoreError.conflict("rolled back")
                }
            }
            #expect(try await revision(account) == start + 1, "a rolled-back write leaves it")
            #expect(try await revision(other) == 0, "another account's writes do not count")
        }
    }

    @Test(arguments: Backend.available)
    func manyAtOnceStoresWhatOneByOneDoes(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let profiles = try (0..<1200).map { i in
                try Profile(displayName: "Person \(i) Ünïcode", givenName: "Given\(i)", nickname: i % 2 == 0 ? "N\(i)" : nil,
                        emails: ["p\(i)@example.com", "q\(i)@example.com"], phones: i % 3 == 0 ? ["+1 555 01\(i)"] : [],
                        company: "Acme \(i % 7)", birthday: Birthday(month: 1 + i % 12, day: 1 + i % 28), notes: "note \(i)",
                        tags: ["t\(i % 5)", "all"], links: [Link(label: "web", url: "https://example.com/\(i)")],
                        cardExtras: i % 4 == 0 ? ["ADR;TYPE=home:;;\(i) Main St;;;;"] : []).validated()
            }
            let other = try await db.account("other-\(UUID().uuidString)@example.com")
            // The same people one by one in another account, to compare with.
            let single = try await db.database.write(account: other) { s in
                var out: [Person] = []
                for (i, p) in profiles.prefix(50).enumerated() {
                    out.append(try await s.people.add(p, tier: i % 2 == 0 ? .intimate : .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-02-01")))
                }
                return out
            }
            let many = try await db.database.write(account: account) { s in
                try await s.people.add(profiles.enumerated().map { i, p in
                    NewPerson(profile: p, tier: i % 2 == 0 ? .intimate : .familiar, addedOn: i == 0 ? day("2025-05-05") : nil)
                }, on: day("2026-02-01"))
            }
            #expect(many.count == 1200 && Set(many.map(\.id)).count == 1200)
            try await db.database.read(account: account) { s in
                let stored = try await s.people.people(PeopleFilter(includeArchived: true)).sorted { $0.id < $1.id }
                #expect(stored == many.sorted { $0.id < $1.id }, "every field and list, as given")
                #expect(stored.first { $0.id == many[0].id }?.addedOn == day("2025-05-05"))
                #expect(try await s.people.tierHistory(of: many[1].id) == [TierChange(from: nil, to: .familiar, on: day("2026-02-01"))])
                #expect(try await s.people.search("Given1199").map(\.id) == [many[1199].id])
                #expect(try await s.people.named("person 1000").map(\.id) == [many[1000].id])
            }
            try await db.database.read(account: other) { s in
                for (a, b) in zip(single, many.prefix(50)) {
                    let x = try #require(try await s.people.person(a.id))
                    #expect(x.profile == b.profile && x.tier == b.tier)
                }
            }

            // A person added after a batch gets a new id.
            let after = try await db.database.write(account: account) { s in
                try await s.people.add(profile("Later"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-02-02"))
            }
            #expect(!many.map(\.id).contains(after.id))

            let logged = try await db.database.write(account: account) { s in
                try await s.touches.log((0..<3000).map { i in
                    NewTouch(on: day("2026-01-01").adding(days: i % 300), people: [many[i % 1200].id, many[(i + 1) % 1200].id],
                             channel: .call, intent: i % 10 == 0 ? .ask(.advice) : .checkIn, note: "n\(i)")
                })
            }
            try await db.database.read(account: account) { s in
                #expect(try await s.touches.count() == 3000)
                let all = try await s.touches.all()
                #expect(all == logged.sorted { $0.id < $1.id })
                let summary = try await s.touches.summary(of: many[0].id, asOf: day("2026-12-31"))
                let reference = TouchSummary.of(logged.filter { $0.people.contains(many[0].id) }.map { ($0.on, $0.intent) }, asOf: day("2026-12-31"))
                #expect(summary == reference)
            }
            let next = try await db.database.write(account: account) { s in
                try await s.touches.log(NewTouch(on: day("2026-03-01"), people: [after.id], channel: .call, intent: .checkIn))
            }
            #expect(!logged.map(\.id).contains(next.id))
        }
    }
}

/// Issue 12: rows that point across accounts are refused by the schema itself, whatever the code above it does.
@Suite struct CrossAccountSchemaTests {
    @Test(arguments: Backend.available)
    func aTouchCannotAnswerAnotherAccountsMoment(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, ana in
            let ben = try await db.account("ben@example.com")
            let anasMoment = try await db.database.write(account: ana) { s throws in
                let chloe = try await s.people.add(profile("Chloé"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-11-01"))
                return try await s.moments.record(NewMoment(personID: chloe.id, kind: .win(.launch), on: day("2026-11-01")))
            }
            let bensFriend = try await db.database.write(account: ben) { s throws in
                try await s.people.add(profile("Dev"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-11-01"))
            }
            await #expect(throws: (any Error).self) {
                try await db.database.write(account: ben) { s throws in
                    try await s.touches.restore(Touch(id: TouchID(900), on: day("2026-11-02"), people: [bensFriend.id], channel: .call,
                                                      intent: .celebrate, momentID: anasMoment.id))
                }
            }
            let bens = try await db.database.read(account: ben) { try await $0.touches.all() }
            #expect(bens.isEmpty, "nothing was written")
            // Within one account it is allowed.
            let own = try await db.database.write(account: ana) { s throws in
                try await s.touches.restore(Touch(id: TouchID(901), on: day("2026-11-02"), people: [anasMoment.personID], channel: .call,
                                                  intent: .celebrate, momentID: anasMoment.id))
                return try await s.touches.all()
            }
            #expect(own.map(\.momentID) == [anasMoment.id])
        }
    }

    @Test(arguments: Backend.available)
    func aProposalIsKeptOncePerPersonAndKeyInEveryState(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let (ana, ben) = try await db.database.write(account: account) { s throws in
                (try await s.people.add(profile("Ana"), tier: .intimate, targetTier: nil, cadenceDays: nil, on: day("2026-01-01")).id,
                 try await s.people.add(profile("Ben"), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day("2026-01-01")).id)
            }
            let job = Position(company: "Quill", title: "Head of Product")
            let first = NewProposal(personID: ana, kind: .win(.newJob), on: day("2026-11-02"), note: "was Lead at Lumen, now Head of Product at Quill",
                                    source: "LinkedIn import", job: job, key: "job:quill|head of product")
            let made = try await db.database.write(account: account) { s throws in try await s.proposals.propose(first) }
            let stored = try #require(made)
            #expect(stored.state == .pending && stored.job == job && stored.decidedOn == nil)
            // The same key for the same person is the same news; for someone else it is theirs.
            #expect(try await db.database.write(account: account) { s throws in try await s.proposals.propose(first) } == nil)
            var bens = first
            bens.personID = ben
            bens.job = nil
            bens.link = "https://quill.example/blog/launch"
            bens.kind = .win(.launch)
            bens.about = .company
            bens.key = "feed:https://quill.example/blog/launch"
            bens.on = day("2026-11-05")
            let maybeBens = try await db.database.write(account: account) { [bens] s throws in try await s.proposals.propose(bens) }
            let forBen = try #require(maybeBens)
            let read = try await db.database.read(account: account) { s in
                (try await s.proposals.proposal(stored.id), try await s.proposals.proposals(state: .pending, limit: 10),
                 try await s.proposals.count(state: .pending), try await s.proposals.has(ana, key: first.key), try await s.proposals.has(ben, key: "other"))
            }
            #expect(read.0 == stored)
            #expect(read.1.map(\.id) == [forBen.id, stored.id])
            #expect(read.1.first?.job == nil && read.1.first?.link == bens.link && read.1.first?.about == .company)
            #expect(read.2 == 2 && read.3 && !read.4)

            // Dismissed, it stays: proposing it again adds nothing.
            var dismissed = stored
            dismissed.state = .dismissed
            dismissed.decidedOn = day("2026-11-03")
            try await db.database.write(account: account) { [dismissed] s throws in try await s.proposals.update(dismissed) }
            #expect(try await db.database.write(account: account) { s throws in try await s.proposals.propose(first) } == nil)
            #expect(try await db.database.read(account: account) { s in
                (try await s.proposals.count(state: .pending), try await s.proposals.proposals(state: .dismissed, limit: 5))
            } == (1, [dismissed]))
            // The schema refuses a decided proposal without its day.
            var broken = forBen
            broken.state = .confirmed
            await #expect(throws: (any Error).self) { try await db.database.write(account: account) { [broken] s throws in try await s.proposals.update(broken) } }

            // Another account sees none of it.
            let other = try await db.database.accounts.create(email: "other-\(UUID().uuidString)@example.com", passwordHash: "x")
            #expect(try await db.database.read(account: other) { s in
                (try await s.proposals.proposal(stored.id), try await s.proposals.count(state: .pending), try await s.proposals.proposals(state: nil, limit: 9))
            } == (nil, 0, []))

            // A merge moves Ben's proposals to Ana, dropping one she already has by its key.
            let twin = NewProposal(personID: ben, kind: .win(.newJob), on: day("2026-11-02"), note: "same news", source: "vCard import",
                                   job: job, key: first.key)
            _ = try await db.database.write(account: account) { s throws in try await s.proposals.propose(twin) }
            try await db.database.write(account: account) { s throws in try await s.proposals.reassign(from: ben, to: ana) }
            let anas = try await db.database.read(account: account) { try await $0.proposals.proposals(state: nil, limit: 10) }
            #expect(anas.allSatisfy { $0.personID == ana })
            #expect(anas.map(\.id).sorted() == [stored.id, forBen.id].sorted())
            // Removing a person removes their proposals.
            try await db.database.write(account: account) { s throws in try await s.people.delete(ana) }
            #expect(try await db.database.read(account: account) { try await $0.proposals.proposals(state: nil, limit: 10) }.isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func feedsAreLeasedToOneProcessAndTheirPostsSeenOnce(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let base = Date(timeIntervalSince1970: 1_796_112_000)
            let ana = try await db.database.write(account: account) { s throws in
                try await s.people.add(profile("Ana"), tier: .intimate, targetTier: nil, cadenceDays: nil, on: day("2026-01-01")).id
            }
            let (blog, newsroom) = try await db.database.write(account: account) { s throws in
                (try await s.feeds.add(owner: .person(ana), url: "https://ana.example/feed", title: "Ana", site: nil, on: day("2026-12-01"), nextCheckAt: base),
                 try await s.feeds.add(owner: .company("Quill"), url: "https://quill.example/feed", title: nil, site: nil, on: day("2026-12-01"),
                                       nextCheckAt: base.addingTimeInterval(60)))
            }
            // The same address for the same owner is refused; for another owner it is theirs.
            await #expect(throws: StoreError.conflict("that feed is followed already")) {
                _ = try await db.database.write(account: account) { s throws in
                    try await s.feeds.add(owner: .company(" QUILL"), url: "https://quill.example/feed", title: nil, site: nil, on: day("2026-12-01"), nextCheckAt: base)
                }
            }
            // A person page reads only the feeds of the person and their company (the company's name folded).
            #expect(try await db.database.read(account: account) { try await $0.feeds.feeds(of: [.person(ana), .company(" quill ")]).map(\.id) }
                        == [blog.id, newsroom.id])
            #expect(try await db.database.read(account: account) { try await $0.feeds.feeds(of: [.company("Lumen")]) }.isEmpty)
            #expect(try await db.database.read(account: account) { try await $0.feeds.feeds(of: []) }.isEmpty)
            // Two processes: what one holds the other does not get, until its lease ends or it saves.
            let first = try await db.database.feedPolls.claimDue(now: base.addingTimeInterval(61), owner: "a", leaseUntil: base.addingTimeInterval(361), limit: 1)
            #expect(first.map(\.feed.id) == [blog.id] && first.first?.account == account)
            let second = try await db.database.feedPolls.claimDue(now: base.addingTimeInterval(61), owner: "b", leaseUntil: base.addingTimeInterval(361), limit: 10)
            #expect(second.map(\.feed.id) == [newsroom.id])
            #expect(try await db.database.feedPolls.claimDue(now: base.addingTimeInterval(100), owner: "c", leaseUntil: base.addingTimeInterval(400), limit: 10).isEmpty)
            #expect(try await db.database.feedPolls.claimDue(now: base.addingTimeInterval(362), owner: "c", leaseUntil: base.addingTimeInterval(700), limit: 10).count == 2)
            var polled = blog
            polled.etag = "\"v2\""
            polled.lastModified = "Tue, 01 Dec 2026 08:00:00 GMT"
            polled.checkedAt = base.addingTimeInterval(400)
            polled.nextCheckAt = base.addingTimeInterval(4000)
            polled.failures = 2
            polled.lastError = "answered 500"
            try await db.database.write(account: account) { [polled] s throws in try await s.feeds.saveState(polled) }
            #expect(try await db.database.read(account: account) { try await $0.feeds.feed(blog.id) } == polled)
            #expect(try await db.database.feedPolls.claimDue(now: base.addingTimeInterval(800), owner: "d", leaseUntil: base.addingTimeInterval(900), limit: 10)
                        .map(\.feed.id) == [newsroom.id], "saved, the blog is due at its next check; the newsroom's lease ran out unsaved")

            // Posts: each key once per feed.
            let post = FeedPost(feedID: blog.id, key: "id:1", title: "Hello", link: "https://ana.example/1", publishedOn: day("2026-11-30"),
                                seenOn: day("2026-12-01"), news: .win(.launch))
            let other = FeedPost(feedID: blog.id, key: "id:2", title: "Older", link: nil, publishedOn: nil, seenOn: day("2026-11-01"), news: nil)
            #expect(try await db.database.write(account: account) { s throws in try await s.feeds.record([post, other]) } == ["id:1", "id:2"])
            #expect(try await db.database.write(account: account) { s throws in try await s.feeds.record([post]) }.isEmpty)
            #expect(try await db.database.read(account: account) { try await $0.feeds.posts(of: [blog.id], limit: 10) } == [post, other])

            // Another account sees none of it.
            let stranger = try await db.database.accounts.create(email: "other-\(UUID().uuidString)@example.com", passwordHash: "x")
            #expect(try await db.database.read(account: stranger) { s in
                (try await s.feeds.feeds().count, try await s.feeds.feed(blog.id), try await s.feeds.posts(of: [blog.id], limit: 5).count,
                 try await s.feeds.feeds(of: [.person(ana), .company("Quill")]).count)
            } == (0, nil, 0, 0))
            #expect(try await db.database.write(account: stranger) { try await $0.feeds.remove(blog.id) } == false)

            // Removing a person removes their feeds and posts; a company's stays.
            try await db.database.write(account: account) { s throws in try await s.people.delete(ana) }
            #expect(try await db.database.read(account: account) { try await $0.feeds.feeds().map(\.id) } == [newsroom.id])
            #expect(try await db.database.write(account: account) { try await $0.feeds.remove(newsroom.id) })
        }
    }
}
