import Foundation
import Testing
import TendCore
import TendDelivery
import TendPostgres
import TendServices
import TendStore
import TendTestSupport

/// Three `tend serve` processes on one PostgreSQL database, as behind a load balancer (issue 17): twelve calendar
/// subscriptions of four accounts come due and each calendar is fetched exactly once. In the scheduler's serialized
/// suite, so that the two tests' servers never run at once beside the rest of the tests.
extension SchedulerProcessTests {
    @Test func severalServersPollEachCalendarOnce() async throws {
        let server = try #require(Backend.postgresServer)
        let name = "tend_cal_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let url = try await PostgresAdmin.createDatabase(String(name), serverURL: server)
        let site = try Site()
        defer { site.close() }
        let key = SecretBox.newKey()
        let ics = Data("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261120T100000Z\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        // Subscribed at 06:00: due at 07:00, when the servers' clocks start.
        let db = try await PostgresTendDatabase.open(url: url, poolSize: 4)
        let calendars = CalendarSubscriptions(database: db, fetcher: HTTPFeedFetcher.calendars(allowPrivate: true), box: SecretBox(base64: key)!)
        let subscribedAt = ISO8601DateFormatter().date(from: "2026-12-01T06:00:00Z")!
        var paths: [String] = []
        for i in 0..<4 {
            let account = try await db.accounts.create(email: "user\(i)@example.org", passwordHash: "x")
            for j in 0..<3 {
                let path = "/u\(i)/private-\(j)/basic.ics"
                site.serve(path, ics, type: "text/calendar")
                _ = try await calendars.subscribe(site.url + path, name: "Calendar \(j)", account: account, now: subscribedAt)
                paths.append(path)
            }
        }
        try await db.close()
        let before = site.requests.count
        #expect(before == 12)

        let servers = try (0..<3).map { _ in
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["serve", "--database", url, "--port", "0", "--allow-private-fetch"]
            process.environment = ["HOME": FileManager.default.temporaryDirectory.path, "TZ": "UTC", "TEND_CLOCK_FROM": "2026-12-01T07:00:05Z",
                                   "TEND_SECRET_KEY": key]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        defer { for p in servers where p.isRunning { p.terminate(); p.waitUntilExit() } }
        #expect(try await SchedulerProcessTests.waitFor(seconds: 60) { site.requests.count >= before + 12 })
        // Every process has had time for another pass: nothing more is fetched.
        try await Task.sleep(for: .seconds(2))
        let polled = Dictionary(grouping: site.requests.dropFirst(before), by: \.path).mapValues(\.count)
        #expect(polled == Dictionary(uniqueKeysWithValues: paths.map { ($0, 1) }), "\(polled)")
        for p in servers { p.terminate(); p.waitUntilExit() }
        try? await PostgresAdmin.dropDatabase(String(name), serverURL: server)
    }
}
