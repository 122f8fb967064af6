import Foundation
import Testing
import TendCore
import TendInterop
import TendTestSupport

/// Reading a Monica 4.x export: `Fixtures/monica-export.json` is assembled from Monica's `app/ExportResources`
/// (the collections in the singular, as Monica writes them) with every kind of record.
@Suite struct MonicaExportTests {
    static func fixture() throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/monica-export.json", withExtension: nil))
        return try Data(contentsOf: url)
    }

    static func read() throws -> MonicaExport {
        guard case .monica(let export) = try ImportFile.read(try fixture()) else {
            Issue.record("not read as a Monica export")
            throw ImportFileError("not Monica")
        }
        return export
    }

    @Test func contactsWithEveryField() throws {
        let export = try Self.read()
        #expect(export.problems.isEmpty)
        #expect(export.appVersion == "4.1.2")
        // Leo is partial (a child known by name): a relation on Ana's card, not a person.
        #expect(export.contacts.map(\.contact.profile.displayName) == ["Ana Lima", "Ben Lima", "Chen Wei", "Dora Souza", "Eve"])
        let ana = export.contacts[0]
        let p = ana.contact.profile
        #expect(ana.uuid.hasSuffix("000000000001") && ana.record == 1 && ana.cadenceDays == 30 && !ana.archived)
        #expect(p.givenName == "Ana" && p.familyName == "Lima" && p.nickname == "Aninha")
        #expect(p.company == "Lumen" && p.title == "Product Lead" && p.city == "Lisbon")
        #expect(p.emails == ["ana@example.com"] && p.phones == ["+351 912 345 678"])
        #expect(p.links == [Link(label: "Website", url: "https://ana.example.com")])
        #expect(p.birthday == Birthday(month: 4, day: 12), "a birthday whose year Monica does not know has none")
        #expect(p.metOn == day("2015-09-01") && p.howWeMet == "Introduced by Ben Lima")
        #expect(p.tags == ["climbing", "friend", "lisbon"], "her tags, and friend from her friendship with Eve")
        for line in ["Runs the climbing club", "Food preferences: Vegetarian", "Twitter: @analima", "Sintra crags",
                     "Debt: Aninha owes you 25.00 EUR for concert tickets", "Gift idea: Climbing chalk bag — the blue one", "Pet: Pimenta (cat)"] {
            #expect(p.notes.contains(line), "notes hold \(line)")
        }
        #expect(ana.contact.related.contains(RelatedName(kind: .partner, uid: export.contacts[1].uuid)))
        #expect(ana.contact.related.contains(RelatedName(kind: .child, name: "Leo Lima")))
        #expect(ana.contact.related.contains(RelatedName(kind: .introducedBy, uid: export.contacts[1].uuid)))
        #expect(ana.contact.related.contains(RelatedName(kind: .colleague, uid: export.contacts[2].uuid)) == false,
                "Monica writes each relationship both ways; Tend keeps one and records the inverse itself")
        #expect(export.contacts[2].contact.related == [RelatedName(kind: .colleague, uid: ana.uuid)])

        let ben = export.contacts[1].contact.profile
        #expect(ben.birthday == Birthday(month: 7, day: 3, year: 1988) && ben.emails == ["ben@example.com"])
        let chen = export.contacts[2]
        #expect(chen.archived && chen.cadenceDays == nil, "archived in Monica; no frequency")
        #expect(chen.contact.profile.birthday == nil && chen.contact.profile.notes.contains("Born around 1985"))
        #expect(export.contacts[3].archived && export.contacts[3].contact.profile.notes.contains("Died on 2023-08-09"))
        #expect(export.notImported == ["reminders": 1, "tasks": 1, "photos": 1, "journal entries": 1])
    }

    @Test func activitiesCallsConversationsAndLifeEvents() throws {
        let export = try Self.read()
        let ana = export.contacts[0].uuid, ben = export.contacts[1].uuid, chen = export.contacts[2].uuid
        let byKey = Dictionary(uniqueKeysWithValues: export.touches.map { ($0.key, $0) })
        #expect(export.touches.count == 6)
        let dinner = try #require(byKey.values.first { $0.note.hasPrefix("Dinner") })
        #expect(dinner.contacts == [ana, ben] && dinner.channel == .inPerson && dinner.when == .date(day("2026-09-12")))
        #expect(dinner.note == "Dinner at Taberna da Rua — Ben's new project")
        #expect(byKey.values.contains { $0.note == "Ate at a restaurant" && $0.contacts == [chen] }, "an activity with no summary reads as its type")
        let call = try #require(byKey.values.first { $0.channel == .call && $0.contacts == [ana] })
        #expect(call.key.hasPrefix("call:") && call.note == "She is settling into the new flat")
        // 21:30 UTC is 22:30 in Lisbon (summer time) and 10:30 the next day in Auckland.
        #expect(call.when.day(in: TimeZone(identifier: "Europe/Lisbon")!) == day("2026-10-05"))
        #expect(call.when.day(in: TimeZone(identifier: "Pacific/Auckland")!) == day("2026-10-06"))
        // A date is the same day everywhere: midnight UTC is not the evening before in America.
        #expect(dinner.when.day(in: TimeZone(identifier: "America/Los_Angeles")!) == day("2026-09-12"))
        let chenCall = try #require(byKey.values.first { $0.channel == .call && $0.contacts == [chen] })
        #expect(chenCall.key == "call:\(chen):2025-03-01 18:00:00", "a call with no uuid (older Monica) is known by its contact and time")
        #expect(chenCall.note == "They called")
        #expect(byKey.values.contains { $0.channel == .email && $0.note == "Conversation by Email, 1 message" })

        #expect(export.lifeEvents.map(\.kind) == [.win(.newJob), .struggle(.loss), .win(.graduation), .win(.newHome)])
        #expect(export.lifeEvents[0].note == "Head of Product at Quill — Starts in December")
        #expect(export.lifeEvents[0].when == .date(day("2026-11-28")))
    }

    @Test func lifeEventTypesMapToMoments() {
        #expect(MonicaLifeEvent.kind(key: "marriage", name: "Marriage") == .win(.wedding))
        #expect(MonicaLifeEvent.kind(key: "end_of_relationship", name: "") == .struggle(.breakup))
        #expect(MonicaLifeEvent.kind(key: "surgery", name: "") == .struggle(.illness))
        #expect(MonicaLifeEvent.kind(key: "new_child", name: "") == .win(.newBaby))
        #expect(MonicaLifeEvent.kind(key: "retirement", name: "Retirement") == .win(.other))
        #expect(MonicaLifeEvent.kind(key: nil, name: "Got promoted") == .win(.promotion))
        #expect(MonicaLifeEvent.kind(key: nil, name: "Laid off") == .struggle(.layoff))
        #expect(MonicaLifeEvent.kind(key: nil, name: "Sailing trip") == .win(.other))
    }

    @Test func badExportsSayWhy() throws {
        func message(_ text: String) -> String? {
            do { _ = try ImportFile.read(Data(text.utf8), format: .monica); return nil } catch { return error.message }
        }
        #expect(message(#"{"version":"2.0","account":{}}"#)?.contains("version 2.0; Tend reads Monica 4.x exports") == true)
        #expect(message(#"{"version":"1.0-preview.1","account":{"data":[{"count":1,"type":"contact","values":[{"uuid":"x"#)?
            .contains("not a complete JSON file") == true)
        #expect(message(#"{"version":"1.0-preview.1"}"#)?.contains("has no \"account\"") == true)
        #expect(message("BEGIN:VCARD")?.contains("not a Monica export") == true)
        // A Monica export given as a backup is named for what it is.
        do { _ = try ImportFile.read(try Self.fixture(), format: .backup); Issue.record("read as a backup") } catch {
            #expect((error as? ImportFileError)?.message.contains("this is a Monica export") == true)
        }

        // A record that cannot be read is a problem naming its contact; the rest is read.
        var text = String(decoding: try Self.fixture(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"called_at\": \"2026-10-05T21:30:00.000000Z\"", with: "\"called_at\": \"yesterday\"")
        text = text.replacingOccurrences(of: "\"called_at\":\"2026-10-05T21:30:00.000000Z\"", with: "\"called_at\":\"yesterday\"")
        guard case .monica(let export) = try ImportFile.read(Data(text.utf8)) else { Issue.record("not Monica"); return }
        #expect(export.problems.map { "\($0.line) \($0.name ?? "") \($0.message)" } == ["1 Ana Lima call 1 has no date Tend can read ('yesterday')"])
        #expect(export.touches.count == 5 && export.contacts.count == 5)
    }

    @Test func jsonIsReadWithEveryEscapeAndRefusedWhereItBreaks() throws {
        let text = #"{"version":"1.0-preview.1","account":{"data":[{"count":1,"type":"contact","values":[{"uuid":"u1","properties":"#
            + #"{"first_name":"Jos\u00e9 \ud83c\udf89","last_name":"O\"Neil\/\\","description":"a\nb\t\ud800!","stay_in_touch_frequency":1.4e1}}]}]}}"#
        guard case .monica(let export) = try ImportFile.read(Data(text.utf8)) else { Issue.record("not Monica"); return }
        #expect(export.contacts.first?.contact.profile.displayName == "José 🎉 O\"Neil/\\")
        #expect(export.contacts.first?.contact.profile.notes == "a\nb\t\u{FFFD}!", "a lone surrogate is a replacement character")
        #expect(export.contacts.first?.cadenceDays == 14)

        // An email field that holds no address is kept in the notes: the profile must pass the import's checks.
        let odd = #"{"version":"1.0-preview.1","account":{"data":[{"type":"contact","values":[{"uuid":"u1","properties":{"first_name":"Kim"},"#
            + #""data":[{"type":"contact_field","values":[{"properties":{"data":"kim at home","type":"e"}}]}]}]}],"#
            + #""instance":{"contact_field_types":[{"uuid":"e","properties":{"name":"Email","type":"email"}}]}}}"#
        guard case .monica(let kim) = try ImportFile.read(Data(odd.utf8)) else { Issue.record("not Monica"); return }
        let profile = try #require(kim.contacts.first?.contact.profile)
        #expect(profile.emails.isEmpty && profile.notes == "Email: kim at home")
        #expect(throws: Never.self) { try profile.validated() }

        func message(_ text: String) -> String {
            do { _ = try ImportFile.read(Data(text.utf8), format: .monica); return "" } catch { return error.message }
        }
        #expect(message("{\"version\":\n \"1.0-pre") == "this is not a complete JSON file (line 2, column 10: the file ends inside a string (cut short?)); export it from Monica again")
        #expect(message(#"{"version":"1.0-preview.1","account":{}} x"#).contains("more after the end of the JSON value"))
        #expect(message(#"{"version":"1.0-preview.1","account":{"a":tru}}"#).contains("not a JSON value"))
        #expect(message(#"{"version":"1.0-preview.1","account":{"a":1.}}"#).contains("a number needs digits after its point"))
        #expect(message(#"{"version":"1.0-preview.1","account":{"a":"\x"}}"#).contains("'\\x' is not an escape in JSON"))
        let deep = #"{"version":"1.0-preview.1","account":"# + String(repeating: "[", count: 100_000)
        #expect(message(deep).contains("nested more than 256 deep"), "no file can exhaust the stack")
    }

    @Test func datesInEveryFormMonicaWrites() {
        #expect(MonicaExport.when("2024-01-03") == .date(day("2024-01-03")))
        #expect(MonicaExport.when("2024-01-03T00:00:00Z") == .date(day("2024-01-03")))
        #expect(MonicaExport.when("2024-01-03T00:00:00.000000Z") == .date(day("2024-01-03")))
        #expect(MonicaExport.when("2024-01-05T14:00:00Z") == .instant(Date(timeIntervalSince1970: 1_704_463_200)))
        #expect(MonicaExport.when("2024-01-05 14:00:00") == .instant(Date(timeIntervalSince1970: 1_704_463_200)))
        #expect(MonicaExport.when("2024-01-05T15:00:00+01:00") == .instant(Date(timeIntervalSince1970: 1_704_463_200)))
        for bad in ["", "yesterday", "2024-13-01", "2024-01-05T25:00:00Z", "2024-01-05T14:00:00+99:00", "2024-01-05X", "0000-01-01"] {
            #expect(MonicaExport.when(bad) == nil, "\(bad) is no date")
        }
    }
}
