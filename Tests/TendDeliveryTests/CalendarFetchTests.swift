import Foundation
import Testing
import TendCore
import TendDelivery
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// A calendar subscription polled from a loopback web server by the real fetcher (issue 17): the secret address
/// followed through a redirect, the ETag sent back and answered 304, a changed calendar read again, a body over the
/// limit and a private address refused.
@Suite struct CalendarFetchTests {
    static let now = ISO8601DateFormatter().date(from: "2026-12-01T08:00:00Z")!
    static let fetcher = HTTPFeedFetcher.calendars(guard: FeedFetchTests.LoopbackIsPublic())

    static func ics(_ events: [(uid: String, start: String, title: String)]) -> Data {
        Data(("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fastmail/2020.5//EN\r\nX-WR-CALNAME:Personal\r\n"
              + events.map { e in
                  "BEGIN:VEVENT\r\nUID:\(e.uid)\r\nDTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Europe/Lisbon:\(e.start)\r\nDURATION:PT1H\r\n"
                      + "SUMMARY:\(e.title)\r\nORGANIZER:mailto:sam@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana.lima@example.org\r\nEND:VEVENT\r\n"
              }.joined() + "END:VCALENDAR\r\n").utf8)
    }

    @Test func aSubscriptionIsPolledWithItsETagAndReadAgainWhenItChanges() async throws {
        let site = try Site()
        defer { site.close() }
        let secret = "/dav/calendars/user/sam@example.com/0f1e2d3c-secret/Personal.ics"
        site.serve("/share", .redirect(302, to: secret))
        site.serve(secret, .body(Self.ics([("a@x", "20261120T130000", "Lunch")]), type: "text/calendar; charset=utf-8",
                                 etag: "\"r1\"", lastModified: "Fri, 20 Nov 2026 08:00:00 GMT"))
        try await withTending { t in
            var ana = Profile(displayName: "Ana Lima")
            ana.emails = ["ana.lima@example.org"]
            _ = try await t.addPerson(ana, tier: .intimate, on: day("2025-01-01"))
            let calendars = CalendarSubscriptions(database: t.database, fetcher: Self.fetcher, box: SecretBox(base64: SecretBox.newKey())!)
            let (sub, first) = try await calendars.subscribe(site.url + "/share", account: t.account, now: Self.now)
            #expect(sub.name == "Personal" && first.added == 1)
            #expect(site.requests.first?.header("Accept")?.hasPrefix("text/calendar") == true)
            #expect(site.requests.first?.header("User-Agent")?.hasPrefix("Tend calendar reader") == true)

            // An hour on: a conditional GET with the validators of the last read, answered 304.
            let poller = CalendarPoller(calendars: calendars)
            #expect(try await poller.pollDue(now: { Self.now.addingTimeInterval(3601) }) == 1)
            let conditional = try #require(site.requests.last)
            #expect(conditional.path == secret, "polled where the redirect led")
            #expect(conditional.header("If-None-Match") == "\"r1\"")
            #expect(conditional.header("If-Modified-Since") == "Fri, 20 Nov 2026 08:00:00 GMT")
            #expect(try await calendars.list(account: t.account, now: Self.now).first?.subscription.lastError == nil)

            // Changed: read again, with the new validators kept.
            site.serve(secret, .body(Self.ics([("a@x", "20261120T130000", "Lunch"), ("b@x", "20261126T090000", "Breakfast")]),
                                     type: "text/calendar", etag: "\"r2\""))
            switch try await calendars.poll(sub.id, account: t.account, now: Self.now.addingTimeInterval(7300)) {
            case .success(let report?): #expect(report.added == 1 && report.unchanged == 1)
            default: Issue.record("the changed calendar was not read")
            }
            #expect(site.requests.last?.header("If-None-Match") == "\"r1\"")
            #expect(try await t.touches(ListQuery()).count == 2)
            _ = try await calendars.poll(sub.id, account: t.account, now: Self.now.addingTimeInterval(11_000))
            #expect(site.requests.last?.header("If-None-Match") == "\"r2\"")
        }
    }

    @Test func aCalendarServerThatFailsIsReportedInWords() async throws {
        let site = try Site()
        defer { site.close() }
        site.serve("/huge.ics", .body(Data(count: 26 * 1024 * 1024), type: "text/calendar"))
        await #expect(throws: FeedFetchError("is larger than 25 MB, more than a calendar needs")) {
            _ = try await Self.fetcher.fetch(site.url + "/huge.ics", etag: nil, lastModified: nil)
        }
        site.serve("/gone.ics", .status(410))
        await #expect(throws: FeedFetchError("answered 410 Gone: the calendar was taken down", permanent: true)) {
            _ = try await Self.fetcher.fetch(site.url + "/gone.ics", etag: nil, lastModified: nil)
        }
        // A public instance does not fetch from its own network.
        let strict = HTTPFeedFetcher.calendars(allowPrivate: false)
        let inside = await #expect(throws: FeedFetchError.self) { _ = try await strict.fetch(site.url + "/gone.ics", etag: nil, lastModified: nil) }
        #expect(inside?.message.contains("127.0.0.1 is an address inside this server's network") == true)
        try await withTending { t in
            let calendars = CalendarSubscriptions(database: t.database, fetcher: strict, box: SecretBox(base64: SecretBox.newKey())!)
            let e = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(site.url + "/gone.ics", account: t.account, now: Self.now) }
            #expect(e?.description.hasPrefix("http://127.0.0.1:\(site.port)/…/gone.ics: 127.0.0.1 is an address inside this server's network") == true,
                    "\(String(describing: e))")
        }
    }
}
