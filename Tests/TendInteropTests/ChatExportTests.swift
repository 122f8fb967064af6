import Foundation
import Testing
import TendCore
@testable import TendInterop

/// Reading chat exports: WhatsApp's line formats (iPhone and Android, US, UK, German, year-first), its zips, and
/// Telegram Desktop's result.json. Fixtures in `Fixtures/chats/`, written in each app's documented shape.
@Suite struct ChatExportTests {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/chats/" + name, withExtension: nil))
        return try Data(contentsOf: url)
    }

    static func chats(_ name: String, format: ImportFormat = .auto) throws -> ChatExport {
        guard case .chats(let e) = try ImportFile.read(try data(name), format: format, filename: name) else {
            throw ImportFileError("not a chat export")
        }
        return e
    }

    static func days(_ chat: Chat, _ sender: String) -> [String] {
        let s = chat.senders.firstIndex { $0.name == sender }
        return chat.days.filter { $0.sender == s }.map(\.day.description)
    }

    @Test func androidInTheUSIsMonthFirstWithMultiLineMessagesMediaAndSystemLines() throws {
        let e = try Self.chats("WhatsApp Chat with Ana Lima.txt")
        #expect(e.app == .whatsapp && e.chats.count == 1)
        let c = e.chats[0]
        #expect(c.title == "Ana Lima" && c.kind == .personal && c.key == "whatsapp:ana lima")
        #expect(c.senders.map(\.name) == ["Ana Lima", "Sam Rivera"], "the encryption notice is no sender")
        #expect(c.senders.map(\.messages) == [5, 4], "three lines of one message are one message; <Media omitted> is one")
        #expect(Self.days(c, "Sam Rivera") == ["2025-12-28", "2025-12-30", "2026-01-13"])
        #expect(Self.days(c, "Ana Lima") == ["2025-12-28", "2025-12-29", "2026-01-02", "2026-01-13"])
        let ask = try #require(c.days.last { $0.sender == 1 })
        #expect(ask.firstText == "Could you introduce me to your colleague at Acme?")
        #expect(c.days.first { $0.sender == 1 }?.firstText == "Yes! Coffee on Thursday?", "a day's first message, its first line")
        let (own, name) = e.own(names: [])
        #expect(own == [1] && name == "Sam Rivera", "in a chat named after Ana, the other sender is you")
    }

    @Test func anIPhoneZipIsDayFirstWithMarksItsMediaIgnored() throws {
        let e = try Self.chats("WhatsApp Chat - Bruno Costa.zip")
        let c = try #require(e.chats.first)
        #expect(e.chats.count == 1 && c.title == "Bruno Costa" && c.kind == .personal, "named by the zip, as iPhones name it")
        #expect(c.senders.map(\.name) == ["Bruno Costa", "Sam Rivera"])
        #expect(c.senders[0].messages == 3, "the end-to-end notice written as Bruno's is left out")
        #expect(Self.days(c, "Sam Rivera") == ["2026-01-03", "2026-01-15", "2026-01-16"], "a line that starts with a left-to-right mark is read")
        #expect(Self.days(c, "Bruno Costa") == ["2026-01-03", "2026-01-04", "2026-01-15"])
    }

    @Test func anIPhoneInTheUSIsMonthFirstWithANarrowSpaceBeforePM() throws {
        let c = try #require(try Self.chats("WhatsApp Chat - Carla Mendes.zip").chats.first)
        #expect(Self.days(c, "Sam Rivera") == ["2026-01-05", "2026-01-20"])
    }

    @Test func germanAndroidHasDotsAndAChatNamedByItsNumber() throws {
        let c = try #require(try Self.chats("WhatsApp-Chat mit +49 151 23456789.txt").chats.first)
        #expect(c.title == "+49 151 23456789" && c.phone == "+4915123456789")
        #expect(Self.days(c, "Sam Rivera") == ["2025-12-31", "2026-01-02"])
        #expect(Self.days(c, "+49 151 23456789") == ["2025-12-31", "2026-01-02"])
    }

    @Test func yearFirstDates() throws {
        let c = try #require(try Self.chats("WhatsApp Chat with Dana Berg.txt").chats.first)
        #expect(Self.days(c, "Sam Rivera") == ["2025-12-31", "2026-01-10"])
    }

    @Test func theDayMonthOrderIsDecidedFromTheWholeFile() throws {
        // Only the last line's 13 says day first.
        let eli = try #require(try Self.chats("WhatsApp Chat with Eli Park.txt").chats.first)
        #expect(Self.days(eli, "Sam Rivera") == ["2026-02-01", "2026-02-03"])
        #expect(Self.days(eli, "Eli Park") == ["2026-02-01", "2026-02-13"])
        // No number over 12: day first is the order in which the dates do not go backwards (month first would be 11 Dec, then 12 Jan).
        let gia = try #require(try Self.chats("WhatsApp Chat with Gia Rossi.txt").chats.first)
        #expect(Self.days(gia, "Sam Rivera") == ["2025-11-12", "2025-12-01"])
        // Month first when the second number goes over 12.
        let us = try WhatsAppChat.read("01/02/26, 10:00 - A: x\n01/15/26, 10:00 - B: y\n", title: "A")
        #expect(us.days.map(\.day.description) == ["2026-01-02", "2026-01-15"])
    }

    @Test func aFileWithBothOrdersIsRefusedNamingTheLine() throws {
        #expect(throws: ImportFileError("line 3: its date is in another day/month order than line 1's; export the chat from WhatsApp again")) {
            try WhatsAppChat.read("13/01/2026, 10:00 - A: x\n02/01/2026, 10:00 - B: y\n01/13/2026, 10:00 - A: z\n", title: nil)
        }
        #expect(throws: ImportFileError("line 2: there is no 31 February 2026")) {
            try WhatsAppChat.read("30/01/2026, 10:00 - A: x\n31/02/2026, 10:00 - B: y\n", title: nil)
        }
    }

    @Test func aBadByteCostsACharacterNotTheChat() throws {
        var bytes = Array("12/31/25, 9:15 PM - Ana: caf".utf8) + [0xE9] + Array("\n12/31/25, 9:16 PM - Sam: ok\n".utf8)
        guard case .chats(let e) = try ImportFile.read(Data(bytes), filename: "WhatsApp Chat with Ana.txt") else { Issue.record("not chats"); return }
        #expect(e.chats[0].days.map(\.firstText) == ["caf\u{FFFD}", "ok"])
        // A zip whose names are UTF-8 without the flag that says so, as many tools write them.
        bytes = [UInt8](try Self.zipOf(["WhatsApp Chat with José.txt": Array("12/31/25, 9:15 PM - José: oi\n12/31/25, 9:16 PM - Sam: olá\n".utf8)]))
        guard case .chats(let z) = try ImportFile.read(Data(bytes), filename: "x.zip") else { Issue.record("not chats"); return }
        #expect(z.chats.map(\.title) == ["José"] && z.own(names: []).name == "Sam")
    }

    @Test func aGroupChatIsKnownAsOne() throws {
        let c = try #require(try Self.chats("WhatsApp Chat with Book club.txt").chats.first)
        #expect(c.kind == .group && c.senders.map(\.name) == ["Ana Lima", "Sam Rivera", "Bruno Costa"])
    }

    @Test func severalChatsFindTheSenderInEvery() throws {
        var exports: [ChatExport] = []
        for name in ["WhatsApp Chat with Dana Berg.txt", "WhatsApp Chat with Eli Park.txt"] {
            // Without their names, the chats say nothing of who is who, but for the one sender in both.
            let text = String(decoding: try Self.data(name), as: UTF8.self)
            exports.append(ChatExport(app: .whatsapp, chats: [try WhatsAppChat.read(text, title: nil)]))
        }
        let e = try ChatExport.merged(exports)
        #expect(e.chats.map(\.title) == ["Dana Berg & Sam Rivera", "Eli Park & Sam Rivera"])
        let (own, name) = e.own(names: [])
        #expect(own == [1, 1] && name == "Sam Rivera")
        #expect(e.own(names: ["dana  BERG"]).senders == [0, nil], "--me compares names without case or extra spaces")
    }

    @Test func linesOfOtherShapesAreNotAWhatsAppChat() throws {
        #expect(!WhatsAppChat.looksLike("Name,Email\nAna,ana@example.com\n"))
        #expect(throws: ImportFileError("this is not a WhatsApp chat export: its first line is not a message line (like “[31/12/2025, 21:15:03] Name: text”)")) {
            try ImportFile.read(Data("hello\nworld\n".utf8), format: .whatsapp)
        }
        // A CSV stays a CSV.
        guard case .contacts = try ImportFile.read(Data("Name,Email\nAna,ana@example.com\n".utf8)) else { Issue.record("not contacts"); return }
        #expect(WhatsAppChat.title(fromFileName: "/tmp/_chat.txt") == nil)
        #expect(WhatsAppChat.title(fromFileName: "WhatsApp Chat with Ana Lima (2).txt") == "Ana Lima (2)")
    }

    @Test func telegramsResultJSON() throws {
        let e = try Self.chats("result.json")
        #expect(e.app == .telegram && e.ownID == "user1000" && e.ownName == "Sam Rivera")
        #expect(e.chats.map(\.title) == ["Fatima Zahra", "Gus", "Climbing crew", "BotFather"])
        #expect(e.chats.map(\.kind) == [.personal, .personal, .group, .other])
        let f = e.chats[0]
        #expect(f.key == "telegram:2002" && f.peerID == "user2002" && f.phone == "+33 6 12 34 56 78", "the phone from the contact list")
        #expect(e.chats[1].phone == "+1 415 555 0100", "a contact without a user id is found by name")
        #expect(f.senders.map(\.messages) == [1, 2], "a service message (a call) is no message")
        #expect(f.days.map(\.firstText) == ["Did you see my new job announcement?", "Congrats Fatima!", "Quick question about your team"],
                "text in parts is joined")
        #expect(e.own(names: []).senders == [1, 1, 1, 0])
        #expect(throws: ImportFileError("this is not Telegram's result.json (Telegram Desktop: Settings → Advanced → Export Telegram data, as JSON)")) {
            try ImportFile.read(Data("{\"a\": 1}".utf8), format: .telegram)
        }
    }

    @Test func inflateReadsWhatZlibWritesAtEveryLevel() throws {
        let archive = try ZipArchive([UInt8](try Self.data("inflate.zip")))
        #expect(archive.entries.map(\.name) == ["text.txt", "fast.txt", "level0.txt", "random.bin", "stored.bin", "empty.txt", "folder/"])
        var sizes: [Int] = []
        for e in archive.entries where !e.isDirectory {
            // Each entry's CRC is checked against what was unpacked.
            sizes.append(try archive.data(of: e, limit: 1 << 20).count)
        }
        #expect(sizes == [122_966, 122_966, 30_000, 20_000, 1000, 0])
        let text = try archive.data(of: archive.entries[0], limit: 1 << 20)
        #expect(text == (try archive.data(of: archive.entries[1], limit: 1 << 20)))
        #expect(throws: Inflate.Failure("“text.txt”: it unpacks to more than 0 MB")) { try archive.data(of: archive.entries[0], limit: 1000) }
    }

    @Test func aDamagedOrShortZipIsAnErrorNeverACrash() throws {
        let bytes = [UInt8](try Self.data("WhatsApp Chat - Bruno Costa.zip"))
        #expect(throws: ImportFileError("this zip cannot be read: it has no zip directory (is it cut short?)")) {
            try ImportFile.read(Data(bytes.prefix(bytes.count / 2)), filename: "x.zip")
        }
        // Every single byte changed in turn: an error or a read, never a crash.
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var b = bytes
            b[i] ^= 0x5A
            _ = try? ImportFile.read(Data(b), filename: "x.zip")
        }
        #expect(throws: ImportFileError("this zip holds no chat: a WhatsApp export has a .txt in it (“_chat.txt” or “WhatsApp Chat with ….txt”), Telegram's a result.json")) {
            try ImportFile.read(try Self.zipOf(["a.jpg": [1, 2, 3]]), filename: "x.zip")
        }
    }

    /// A zip with stored entries, written here.
    static func zipOf(_ files: [String: [UInt8]]) throws -> Data {
        var out: [UInt8] = [], directory: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let n = Array(name.utf8), crc = Int(CRC32.checksum(data)), offset = out.count
            out += u32(0x04034B50) + u16(20) + u16(0) + u16(0) + u32(0) + u32(crc) + u32(data.count) + u32(data.count) + u16(n.count) + u16(0) + n + data
            directory += u32(0x02014B50) + u16(20) + u16(20) + u16(0) + u16(0) + u32(0) + u32(crc) + u32(data.count) + u32(data.count)
                + u16(n.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + n
        }
        let start = out.count
        out += directory + u32(0x06054B50) + u16(0) + u16(0) + u16(files.count) + u16(files.count) + u32(directory.count) + u32(start) + u16(0)
        return Data(out)
    }

    /// A fuzzing finding (2026-12-04): Foundation's `lastPathComponent` trapped on this file name (a byte-order mark and a
    /// left-to-right mark, then slashes), which a client sends with an upload; the name's last component is taken by hand.
    @Test func aFileNameThatTrappedFoundationIsReadAsAnyOther() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fuzz/seeds/whatsapp/finding-lastpathcomponent.txt")
        let name = String(String(decoding: try Data(contentsOf: url), as: UTF8.self).prefix(300))
        #expect(WhatsAppChat.title(fromFileName: name) == nil)
        #expect(WhatsAppChat.title(fromFileName: "C:\\Users\\sam\\WhatsApp Chat with Ana Lima.txt") == "Ana Lima")
        #expect(FileName.last("a/b//WhatsApp Chat - Bruno.zip") == "WhatsApp Chat - Bruno.zip" && FileName.last("///") == "")
    }
}
