import ArgumentParser
import Foundation
import TendCore
import TendInterop
import TendServices
import TendSQLite

/// A large Monica export imported as `tend import` does: read, then written in one transaction, then imported
/// again (which adds nothing). The export is generated: contacts with emails, a phone, a note, a call each second
/// contact and a life event each fifth; activities with one to three contacts each.
struct MonicaImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monica-import",
        abstract: "Time importing a generated Monica export (contacts, activities) into a fresh SQLite database.")

    @Option(help: "Contacts in the export.") var contacts = 5000
    @Option(help: "Activities in the export.") var activities = 50_000

    func run() async throws {
        guard (1...200_000).contains(contacts), (0...2_000_000).contains(activities) else {
            throw ValidationError("--contacts is 1 to 200000, --activities 0 to 2000000")
        }
        let data = Self.export(contacts: contacts, activities: activities)
        print(String(format: "export: %d contacts, %d activities, %.1f MB", contacts, activities, Double(data.count) / 1_048_576))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("bench.sqlite").path)
        let tending = Tending(database: db, account: try await db.accounts.localAccount())
        let today = Day("2026-12-01")!

        var clock = ContinuousClock.now
        func lap() -> Double {
            let now = ContinuousClock.now
            defer { clock = now }
            let d = (now - clock).components
            return Double(d.seconds) + Double(d.attoseconds) / 1e18
        }
        guard case .monica(let export) = try ImportFile.read(data) else { throw ValidationError("not read as a Monica export") }
        let read = lap()
        guard case .contacts(let report) = try await tending.importContent(.monica(export), on: today) else { throw ValidationError("no report") }
        let write = lap()
        guard case .contacts(let again) = try await tending.importContent(.monica(try MonicaExport.read(data)), on: today) else {
            throw ValidationError("no report")
        }
        let second = lap()
        print(String(format: "read: %.2f s; import: %.2f s (%d people, %d touches, %d moments); again: %.2f s (%d touches added)",
                     read, write, report.added.count, report.touches, report.moments, second, again.touches))
        print("memory: peak resident \(DigestScale.peakResidentMB()) MB")
        try await db.close()
    }

    static func export(contacts: Int, activities: Int) -> Data {
        func uuid(_ kind: Int, _ n: Int) -> String { String(format: "%08x-0000-4000-8000-%012x", kind, n) }
        var out = #"{"version":"1.0-preview.1","app_version":"4.1.2","account":{"uuid":"\#(uuid(0, 0))","data":[{"count":\#(contacts),"type":"contact","values":["#
        out.reserveCapacity(contacts * 900 + activities * 260)
        var ofContact = [[Int]](repeating: [], count: contacts)
        for a in 0..<activities {
            let people = 1 + a % 3
            for k in 0..<people { ofContact[(a * 7919 + k * 104_729) % contacts].append(a) }
        }
        for c in 0..<contacts {
            if c > 0 { out += "," }
            let day = String(format: "20%02d-%02d-%02d", 16 + c % 10, 1 + c % 12, 1 + c % 28)
            out += #"{"uuid":"\#(uuid(1, c))","created_at":"2020-01-01T00:00:00.000000Z","properties":{"first_name":"Person","last_name":"Number \#(c)","#
            out += #""is_partial":false,"is_active":true,"is_dead":false,"job":"Engineer","company":"Company \#(c % 400)","stay_in_touch_frequency":30,"#
            out += #""description":"Met at conference \#(c % 50)","birthdate":{"is_age_based":false,"is_year_unknown":false,"date":"19\#(70 + c % 30)-0\#(1 + c % 9)-1\#(c % 10)T00:00:00.000000Z"},"tags":["bench"]},"data":["#
            out += #"{"count":2,"type":"contact_field","values":[{"properties":{"data":"person\#(c)@example.com","type":"\#(uuid(9, 1))"}},{"properties":{"data":"+1 555 \#(1_000_000 + c)","type":"\#(uuid(9, 2))"}}]},"#
            out += #"{"count":1,"type":"note","values":[{"properties":{"body":"Likes hiking, number \#(c)"}}]}"#
            if c % 2 == 0 {
                out += #",{"count":1,"type":"call","values":[{"uuid":"\#(uuid(2, c))","properties":{"called_at":"\#(day)T18:30:00.000000Z","content":"Catch-up call"}}]}"#
            }
            if c % 5 == 0 {
                out += #",{"count":1,"type":"life_event","values":[{"uuid":"\#(uuid(3, c))","properties":{"name":"New job","happened_at":"\#(day)T00:00:00.000000Z","type":"\#(uuid(9, 3))"}}]}"#
            }
            if !ofContact[c].isEmpty {
                out += #",{"count":\#(ofContact[c].count),"type":"activity","values":["# + ofContact[c].map { "\"\(uuid(4, $0))\"" }.joined(separator: ",") + "]}"
            }
            out += "]}"
        }
        out += #"]},{"count":\#(activities),"type":"activity","values":["#
        for a in 0..<activities {
            if a > 0 { out += "," }
            let day = String(format: "20%02d-%02d-%02d", 16 + a % 10, 1 + a % 12, 1 + a % 28)
            out += #"{"uuid":"\#(uuid(4, a))","properties":{"summary":"Dinner \#(a)","description":"At the usual place","happened_at":"\#(day)T00:00:00.000000Z","type":"\#(uuid(9, 4))"}}"#
        }
        out += #"]}],"instance":{"contact_field_types":[{"uuid":"\#(uuid(9, 1))","properties":{"name":"Email","protocol":"mailto:","type":"email"}},"#
        out += #"{"uuid":"\#(uuid(9, 2))","properties":{"name":"Phone","protocol":"tel:","type":"phone"}}],"#
        out += #""life_event_types":[{"uuid":"\#(uuid(9, 3))","properties":{"name":"New job","translation_key":"new_job"}}],"#
        out += #""activity_types":[{"uuid":"\#(uuid(9, 4))","properties":{"name":"Ate at a restaurant","translation_key":"ate_restaurant"}}]}}}"#
        return Data(out.utf8)
    }
}
