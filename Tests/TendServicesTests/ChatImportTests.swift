import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Chats into touches: each day you wrote to someone in Tend is one captured touch, on both backends, once.
@Suite struct ChatImportTests {
    static let today = day("2026-02-01")

    static func fixture(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("TendInteropTests/Fixtures/chats/" + name)
        return try Data(contentsOf: url)
    }

    static func export(_ names: [String]) throws -> ChatExport {
        try ChatExport.merged(try names.map { name in
            guard case .chats(let e) = try ImportFile.read(try fixture(name), filename: name) else { throw TendError.importFile("not chats") }
            return e
        })
    }

    static func importing(_ t: Tending, _ names: [String], me: [String] = [], choices: [String: ChatChoice] = [:],
                          dryRun: Bool = false) async throws -> ChatImportReport {
        try await t.importChats(try export(names), options: ChatImportOptions(me: me, choices: choices, dryRun: dryRun), on: today)
    }

    static func with(_ backend: Backend, _ body: (Tending) async throws -> Void) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            for name in ["Ana Lima", "Bruno Costa"] { _ = try await t.addPerson(Profile(displayName: name), tier: .intimate, on: day("2025-01-01")) }
            var dana = Profile(displayName: "Dana Berg")
            dana.phones = ["+49 1512 3456789"]
            _ = try await t.addPerson(dana, tier: .familiar, on: day("2025-01-01"))
            try await body(t)
        }
    }

    static let ana = "WhatsApp Chat with Ana Lima.txt"

    @Test(arguments: Backend.available)
    func eachDayYouWroteIsOneCapturedTouch(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let ana = try await t.person("Ana Lima")
            // Ana's promotion, open: the day's congratulation answers it.
            let win = try await t.recordMoment("Ana Lima", kind: .win(.promotion), on: day("2025-12-29"))

            let dry = try await Self.importing(t, [Self.ana], dryRun: true)
            #expect(dry.touches == 3 && dry.asks == 1 && dry.moments == 1 && dry.received == 2 && dry.me == "Sam Rivera")
            #expect(try await t.touches(ListQuery()).isEmpty, "a dry run writes nothing")

            let r = try await Self.importing(t, [Self.ana])
            #expect(r == { var d = dry; d.dryRun = false; return d }(), "the dry run's counts are the import's")
            #expect(r.chats.map(\.status) == [.imported] && r.chats[0].people == ["Ana Lima"] && r.chats[0].matchedBy == "name")
            #expect(r.summary == "WhatsApp: 1 chat: 3 touches (1 proposed as ask) with 1 person; answering 1 moment.")
            let touches = try await t.touches(ListQuery()).sorted { $0.on < $1.on }
            #expect(touches.map(\.on.description) == ["2025-12-28", "2025-12-30", "2026-01-13"])
            #expect(touches.allSatisfy { $0.channel == .message && $0.people == [ana.id] && $0.captured == Touch.Capture(source: "chat:whatsapp", reviewed: false) })
            #expect(touches.map(\.intent) == [.checkIn, .celebrate, .ask(.help)], "from the day's first message")
            #expect(touches.allSatisfy { $0.note == "WhatsApp" }, "no message text is kept")
            #expect(try await t.moment(win.id)?.state == .answered)
            #expect(try await t.received(of: ana.id).map(\.on.description) == ["2026-01-02", "2025-12-29"], "days only she wrote")

            // Again: nothing. A later export of the same chat with one more day: that day.
            let again = try await Self.importing(t, [Self.ana])
            #expect(again.touches == 0 && again.received == 0 && again.alreadyRead == 5)
            var text = String(decoding: try Self.fixture(Self.ana), as: UTF8.self)
            text += "1/20/26, 9:00 AM - Sam Rivera: Thinking of you today\n"
            let later = ChatExport(app: .whatsapp, chats: [try WhatsAppChat.read(text, title: "Ana Lima")])
            let more = try await t.importChats(later, options: ChatImportOptions(), on: Self.today)
            #expect(more.touches == 1 && more.alreadyRead == 5)

            // Forgetting the source removes what it made; importing then brings it back.
            #expect(try await t.forgetCaptured(source: "chat:whatsapp") == 4)
            #expect(try await Self.importing(t, [Self.ana]).touches == 3)
        }
    }

    @Test(arguments: Backend.available)
    func chatsAreMatchedByNameOrPhoneAndTheRestChosen(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            let files = ["WhatsApp Chat - Bruno Costa.zip", "WhatsApp-Chat mit +49 151 23456789.txt", "WhatsApp Chat with Eli Park.txt",
                         "WhatsApp Chat with Gia Rossi.txt", "WhatsApp Chat with Book club.txt"]
            let dry = try await Self.importing(t, files, dryRun: true)
            #expect(dry.me == "Sam Rivera", "the one sender in every chat")
            #expect(dry.chats.map(\.status) == [.imported, .imported, .unmatched, .unmatched, .group])
            #expect(dry.chats[1].people == ["Dana Berg"] && dry.chats[1].matchedBy == "phone")
            #expect(dry.summary == "WhatsApp: 5 chats: 5 touches with 2 people; 2 chats match no one in Tend; 1 group chat left out.")

            let bruno = try await t.person("Bruno Costa")
            let r = try await Self.importing(t, files, choices: ["Eli Park": .add, "Gia Rossi": .person(.id(bruno.id)), "Book club": .include])
            #expect(r.chats.map(\.status) == [.imported, .imported, .imported, .imported, .imported])
            #expect(r.chats[2].matchedBy == "added" && r.added == 1)
            let eli = try await t.person("Eli Park")
            #expect(eli.tier == .familiar && r.chats[2].personIDs == [eli.id.rawValue])
            #expect(r.chats[3].people == ["Bruno Costa"] && r.chats[3].matchedBy == "chosen")
            #expect(r.chats[4].people == ["Ana Lima", "Bruno Costa"], "a group chat's members in Tend")
            let group = try await t.touches(ListQuery()).filter { $0.people.count == 2 }
            #expect(group.map(\.on.description) == ["2026-01-05"] && group[0].intent == .thanks)
            #expect(try await t.touches(ListQuery(person: eli.id)).map(\.on.description).sorted() == ["2026-02-01", "2026-02-03"])
            #expect(try await t.received(of: eli.id).map(\.on.description) == ["2026-02-13"], "an added person's days they wrote")

            // Skipped stays skipped, and a bad choice is refused before anything is read.
            let skip = try await Self.importing(t, files, choices: ["+49 151 23456789": .skip], dryRun: true)
            #expect(skip.chats[1].status == .skipped && skip.chats[1].reason == "chosen so")
            await #expect(throws: TendError.invalid(ValidationError(field: "chat", message: "“Book club” is a group chat; give include or skip"))) {
                try await Self.importing(t, files, choices: ["Book club": .person(.id(bruno.id))])
            }
            await #expect(throws: TendError.self) { try await Self.importing(t, files, choices: ["Nobody": .add]) }
        }
    }

    @Test(arguments: Backend.available)
    func whoYouAreIsFoundOrAsked(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            // A chat with no name from its file, alone: Tend cannot tell which of the two is you.
            let text = String(decoding: try Self.fixture(Self.ana), as: UTF8.self)
            let unnamed = ChatExport(app: .whatsapp, chats: [try WhatsAppChat.read(text, title: nil)])
            await #expect(throws: TendError.invalid(ValidationError(field: "me", message: "Tend cannot tell which sender is you in “Ana Lima & Sam Rivera”: name yourself with --me NAME (its senders: Ana Lima, Sam Rivera)"))) {
                try await t.importChats(unnamed, options: ChatImportOptions(), on: Self.today)
            }
            await #expect(throws: TendError.self) {
                try await t.importChats(unnamed, options: ChatImportOptions(me: ["Someone Else"]), on: Self.today)
            }
            let r = try await t.importChats(unnamed, options: ChatImportOptions(me: ["sam rivera"]), on: Self.today)
            #expect(r.chats[0].people == ["Ana Lima"] && r.touches == 3, "matched by the other sender's name")
        }
    }

    @Test(arguments: Backend.available)
    func telegramsPersonalChatsWithTheContactListsPhones(_ backend: Backend) async throws {
        try await Self.with(backend) { t in
            var fatima = Profile(displayName: "F. Zahra")
            fatima.phones = ["+33 612345678"]
            let f = try await t.addPerson(fatima, tier: .meaningful, on: day("2025-01-01"))
            let r = try await Self.importing(t, ["result.json"])
            #expect(r.app == "Telegram" && r.me == "Sam Rivera")
            #expect(r.chats.map(\.status) == [.imported, .unmatched, .group, .skipped])
            #expect(r.chats[0].matchedBy == "phone" && r.chats[0].personIDs == [f.id.rawValue])
            let touches = try await t.touches(ListQuery(person: f.id)).sorted { $0.on < $1.on }
            #expect(touches.map(\.intent) == [.celebrate, .ask(.help)] && touches.allSatisfy { $0.captured?.source == "chat:telegram" })
        }
    }
}
