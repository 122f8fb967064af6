import ArgumentParser
import Foundation
import TendCore
import TendInterop
import TendServices
import TendSQLite

/// A large WhatsApp export imported as `tend import` does: zipped as a phone sends it, read (unzipped, every line
/// parsed, the day/month order decided), imported in one transaction, then imported again (which adds nothing). The
/// chats are generated: one-to-one chats with people in Tend, in Android's US format, multi-line messages and media.
struct ChatImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-import",
        abstract: "Time importing a generated WhatsApp export (a zip of chats) into a fresh SQLite database.")

    @Option(help: "Lines in all the chats together.") var lines = 200_000
    @Option(help: "Chats, each with its own person.") var chats = 20

    func run() async throws {
        guard (1...5_000_000).contains(lines), (1...1000).contains(chats) else { throw ValidationError("--lines is 1 to 5000000, --chats 1 to 1000") }
        let texts = (0..<chats).map { Self.chat($0, lines: lines / chats) }
        let zip = Self.zip(texts.enumerated().map { ("WhatsApp Chat with Person \($0.offset).txt", Array($0.element.utf8)) })
        print(String(format: "export: %d chats, %d lines, %.1f MB of text, %.1f MB zipped (stored)", chats, lines,
                     Double(texts.reduce(0) { $0 + $1.utf8.count }) / 1_048_576, Double(zip.count) / 1_048_576))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
        let tending = Tending(database: db, account: try await db.accounts.localAccount())
        for c in 0..<chats { _ = try await tending.addPerson(Profile(displayName: "Person \(c)"), tier: .intimate, on: Day("2020-01-01")!) }
        let today = Day("2026-12-01")!

        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            defer { clock = now }
            let d = (now - clock).components
            return Double(d.seconds) + Double(d.attoseconds) / 1e18
        }
        guard case .chats(let export) = try ImportFile.read(zip, filename: "chats.zip") else { throw ValidationError("not read as chats") }
        let read = lap()
        let report = try await tending.importChats(export, options: ChatImportOptions(), on: today)
        let write = lap()
        guard case .chats(let second) = try ImportFile.read(zip, filename: "chats.zip") else { throw ValidationError("not read as chats") }
        let again = try await tending.importChats(second, options: ChatImportOptions(), on: today)
        let twice = lap()
        print(String(format: "read: %.2f s; import: %.2f s (%d touches, %d days they wrote); again (read and import): %.2f s (%d touches added)",
                     read, write, report.touches, report.received, twice, again.touches))
        print("memory: peak resident \(DigestScale.peakResidentMB()) MB")
        try await db.close()
    }

    /// One chat: messages every few hours from 2019 on, a fifth of them by the user, some over two lines, some media.
    static func chat(_ n: Int, lines: Int) -> String {
        var out = "1/1/19, 9:00 AM - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n"
        out.reserveCapacity(lines * 60)
        var minutes = 0
        for i in 0..<lines {
            minutes += 37 + (i * 7919 + n) % 300
            let day = Day(year: 2019, month: 1, day: 1)!.adding(days: minutes / 1440)
            let h = minutes % 1440 / 60, m = minutes % 60
            let clock = "\(h % 12 == 0 ? 12 : h % 12):\(m < 10 ? "0" : "")\(m)\u{202F}\(h < 12 ? "AM" : "PM")"
            let date = "\(day.month)/\(day.day)/\(day.year % 100)"
            let who = i % 5 == 0 ? "Sam Rivera" : "Person \(n)"
            switch i % 11 {
            case 3: out += "\(date), \(clock) - \(who): <Media omitted>\n"
            case 7: out += "\(date), \(clock) - \(who): and another thing\nwritten on a second line\n"
            default: out += "\(date), \(clock) - \(who): message number \(i) about the weekend, could you bring the book?\n"
            }
        }
        return out
    }

    /// A zip of stored entries, as a test would write one (what is measured is Tend's reading, not a compressor).
    static func zip(_ files: [(String, [UInt8])]) -> Data {
        var out: [UInt8] = [], directory: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        for (name, data) in files {
            let n = Array(name.utf8), crc = Int(CRC32.checksum(data)), offset = out.count
            out += u32(0x04034B50) + u16(20) + u16(0x800) + u16(0) + u32(0) + u32(crc) + u32(data.count) + u32(data.count) + u16(n.count) + u16(0) + n
            out += data
            directory += u32(0x02014B50) + u16(20) + u16(20) + u16(0x800) + u16(0) + u32(0) + u32(crc) + u32(data.count) + u32(data.count)
                + u16(n.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset) + n
        }
        let start = out.count
        out += directory + u32(0x06054B50) + u16(0) + u16(0) + u16(files.count) + u16(files.count) + u32(directory.count) + u32(start) + u16(0)
        return Data(out)
    }
}
