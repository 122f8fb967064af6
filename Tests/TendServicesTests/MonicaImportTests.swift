import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Moving from Monica: a whole export in one transaction, on both backends, and again without duplicates.
@Suite struct MonicaImportTests {
    static let today = day("2026-12-01")

    static func fixtureText() throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TendInteropTests/Fixtures/monica-export.json")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    static func export(_ text: String) throws -> MonicaExport {
        guard case .monica(let export) = try ImportFile.read(Data(text.utf8)) else { throw TendError.importFile("not a Monica export") }
        return export
    }

    static func importing(_ t: Tending, _ text: String, dryRun: Bool = false, skipInvalid: Bool = false) async throws -> ImportReport {
        guard case .contacts(let report) = try await t.importContent(.monica(try export(text)), skipInvalid: skipInvalid, dryRun: dryRun,
                                                                    on: Self.today) else {
            throw TendError.importFile("not a contacts report")
        }
        return report
    }

    static func withMonica(_ backend: Backend, _ body: (Tending) async throws -> Void) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            _ = try await t.updateSettings { $0.timeZone = "Europe/Lisbon" }
            try await body(t)
        }
    }

    @Test(arguments: Backend.available)
    func aWholeExportBecomesPeopleTouchesAndMoments(_ backend: Backend) async throws {
        try await Self.withMonica(backend) { t in
            let text = try Self.fixtureText()
            let dry = try await Self.importing(t, text, dryRun: true)
            #expect(dry.added.count == 5 && dry.touches == 6 && dry.moments == 4 && dry.relations == 3)
            #expect(try await t.counts().people == 0, "a dry run writes nothing")

            let r = try await Self.importing(t, text)
            #expect(r.format == "monica" && r.unit == "contact")
            #expect(r.added.map(\.name) == ["Ana Lima", "Ben Lima", "Chen Wei", "Dora Souza", "Eve"])
            #expect(r.added.map(\.line) == [1, 2, 3, 5, 6], "each contact's place in the export")
            #expect(r.touches == 6 && r.moments == 4 && r.relations == 3 && r.skipped.isEmpty)
            #expect(r.notImported == ["reminders": 1, "tasks": 1, "photos": 1, "journal entries": 1])
            #expect(r.summary == "Added 5 people, updated 0, 0 already up to date, 3 relations, 6 touches, 4 moments, skipped 0. "
                + "Not imported: 1 journal entries, 1 photos, 1 reminders, 1 tasks.")

            let ana = try await t.person("Ana Lima")
            #expect(ana.cadenceDays == 30 && ana.tier == .familiar && !ana.archived)
            #expect(ana.profile.company == "Lumen" && ana.profile.emails == ["ana@example.com"] && ana.profile.howWeMet == "Introduced by Ben Lima")
            #expect(ana.profile.cardExtras.contains("RELATED;TYPE=child;VALUE=text:Leo Lima"), "a partial contact stays a name on the card")
            let chen = try await t.person("Chen Wei"), dora = try await t.person("Dora Souza")
            #expect(chen.archived && dora.archived)
            #expect(try await t.person("Eve").profile.tags == ["climbing", "friend"])
            let ben = try await t.person("Ben Lima")
            let relations = try await t.database.read(account: t.account) { try await $0.people.relations(of: ana.id) }
            #expect(relations.contains(Relation(person: ana.id, kind: .partner, other: ben.id)))
            #expect(relations.contains(Relation(person: ana.id, kind: .introducedBy, other: ben.id)))

            let anaTouches = try await t.database.read(account: t.account) { try await $0.touches.touches(of: ana.id, limit: nil) }
            #expect(anaTouches.map(\.on.description).sorted() == ["2026-09-12", "2026-10-05", "2026-11-02", "2026-11-25"])
            let dinner = try #require(anaTouches.first { $0.on == day("2026-09-12") })
            #expect(Set(dinner.people) == [ana.id, ben.id] && dinner.channel == .inPerson && dinner.intent == .checkIn)
            #expect(anaTouches.contains { $0.channel == .call && $0.note == "She is settling into the new flat" })

            // Life events: the loss answered by the next touch in the export; the new job still open, and on Today.
            let moments = try await t.database.read(account: t.account) { try await $0.moments.moments(of: ana.id) }
            let loss = try #require(moments.first { $0.kind == .struggle(.loss) })
            #expect(loss.state == .answered && loss.answeredOn == day("2026-09-12"))
            let job = try #require(moments.first { $0.kind == .win(.newJob) })
            #expect(job.state == .open && job.on == day("2026-11-28") && job.note == "Head of Product at Quill — Starts in December")
            let agenda = try await t.agenda(for: Self.today)
            #expect(agenda.suggestions.contains { $0.kind == .celebrate && $0.personID == ana.id })

            // The same export again: nothing new.
            let again = try await Self.importing(t, text)
            #expect(again.added.isEmpty && again.updated.isEmpty && again.unchanged.count == 5)
            #expect(again.touches == 0 && again.moments == 0 && again.relations == 0 && again.proposed.isEmpty)
            #expect(try await t.counts() == (people: 5, touches: 6))
        }
    }

    @Test(arguments: Backend.available)
    func aLaterExportUpdatesTheSamePeopleAndProposesTheirNewJobs(_ backend: Backend) async throws {
        try await Self.withMonica(backend) { t in
            let text = try Self.fixtureText()
            _ = try await Self.importing(t, text)
            // Renamed in Tend, and her address dropped: still the same Monica contact.
            let ana = try await t.person("Ana Lima")
            _ = try await t.editPerson(.id(ana.id), on: Self.today) { p in
                p.profile.displayName = "Ana Maria Lima"
                p.profile.emails = []
            }
            var later = text.replacingOccurrences(of: "\"job\": \"Product Lead\", \"company\": \"Lumen\"",
                                                  with: "\"job\": \"Head of Product\", \"company\": \"Quill\"")
            #expect(later != text)
            later = later.replacingOccurrences(of: "\"summary\": \"Climbing\"", with: "\"summary\": \"Bouldering\"")
            later = later.replacingOccurrences(of: "{\"count\": 3, \"type\": \"activity\", \"values\": [", with: """
                {"count": 4, "type": "activity", "values": [{"uuid": "new-activity-1", "properties": {"summary": "Coffee", "happened_at": "2026-11-30"}}, 
                """)
            later = later.replacingOccurrences(of: "\"activity\", \"values\": [\"5f0c1e2a-0000-4000-8000-000000000101\"",
                                               with: "\"activity\", \"values\": [\"new-activity-1\", \"5f0c1e2a-0000-4000-8000-000000000101\"")
            let r = try await Self.importing(t, later)
            #expect(r.added.isEmpty && r.merged.first?.into == "Ana Maria Lima" && r.merged.first?.matchedBy == "earlier import")
            #expect(r.touches == 1, "only the new activity; the renamed one was imported before")
            #expect(r.proposed.map(\.note) == ["was Product Lead at Lumen, now Head of Product at Quill"])
            let news = try await t.news()
            #expect(news.count == 1 && news[0].proposal.kind == .win(.newJob) && news[0].proposal.source == "Monica import")
            let after = try await t.person(id: ana.id)
            #expect(after?.profile.company == "Lumen", "the job waits for the news to be confirmed, as LinkedIn's does")
            #expect(after?.profile.emails == ["ana@example.com"], "what the network lacked is filled in again")
        }
    }

    @Test(arguments: Backend.available)
    func mergedAndDeletedPeopleAndBackups(_ backend: Backend) async throws {
        try await Self.withMonica(backend) { t in
            let text = try Self.fixtureText()
            _ = try await Self.importing(t, text)
            // Eve merged into Ana: her records follow Ana, so importing again adds no Eve.
            _ = try await t.merge("Ana Lima", "Eve", on: Self.today)
            var r = try await Self.importing(t, text)
            #expect(r.added.isEmpty && r.merged.contains { $0.name == "Eve" && $0.into == "Ana Lima" })
            // Dora deleted from the store: not brought back, and her life event with her.
            let dora = try await t.person("Dora Souza")
            try await t.database.write(account: t.account) { try await $0.people.delete(dora.id) }
            r = try await Self.importing(t, text)
            #expect(r.added.isEmpty && r.moments == 0)
            #expect(r.skipped.map(\.reason) == ["deleted in Tend after an earlier import; not brought back"])

            // A backup carries what each record became: restored elsewhere, the export adds nothing again.
            let backup = try await t.backup()
            #expect((backup.imported?.count ?? 0) >= 14)
            try await withDatabase(backend) { db, account in
                let other = Tending(database: db.database, account: account)
                try await other.restore(try Backup.decode(try backup.encoded()))
                let again = try await Self.importing(other, text)
                #expect(again.added.isEmpty && again.touches == 0 && again.moments == 0)
            }
        }
    }

    @Test(arguments: Backend.available)
    func aRecordThatCannotBeReadStopsTheImportUnlessSkipped(_ backend: Backend) async throws {
        try await Self.withMonica(backend) { t in
            let text = try Self.fixtureText().replacingOccurrences(of: "\"called_at\": \"2026-10-05T21:30:00.000000Z\"",
                                                                    with: "\"called_at\": \"soon\"")
            await #expect(throws: TendError.importProblems(["contact 1 (Ana Lima): call 1 has no date Tend can read ('soon')"])) {
                try await Self.importing(t, text)
            }
            #expect(try await t.counts().people == 0, "nothing half-written")
            let r = try await Self.importing(t, text, skipInvalid: true)
            #expect(r.added.count == 5 && r.touches == 5)
            #expect(r.skipped.map(\.reason) == ["call 1 has no date Tend can read ('soon')"])
        }
    }
}
