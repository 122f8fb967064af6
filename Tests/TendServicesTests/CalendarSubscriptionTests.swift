import Foundation
import NIOConcurrencyHelpers
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Calendar subscriptions (issue 17), on both backends, with a fetcher that answers as told: subscribing reads the
/// calendar now; a poll with nothing changed writes nothing; a moved, deleted or cancelled event moves or removes its
/// touch; coming events with people reach the agenda and the person's page; failures are kept for Settings; several
/// pollers never read one calendar twice; unsubscribing forgets it all.
@Suite struct CalendarSubscriptionTests {
    static let now = ISO8601DateFormatter().date(from: "2026-12-01T08:00:00Z")! // a Tuesday
    static let box = SecretBox(base64: SecretBox.newKey())!
    static let address = "https://calendar.example/calendar/ical/sam%40example.com/private-0123456789abcdef/basic.ics"

    /// Answers each fetch with the next of its answers (the last one again when they run out), and counts them.
    final class Fetcher: FeedFetching, Sendable {
        let state: NIOLockedValueBox<(answers: [Result<FetchedFeed, FeedFetchError>], asked: [(url: String, etag: String?)])>
        init(_ answers: [Result<FetchedFeed, FeedFetchError>]) { state = .init((answers, [])) }
        func fetch(_ url: String, etag: String?, lastModified: String?) async throws(FeedFetchError) -> FetchedFeed {
            let answer = state.withLockedValue { s in
                s.asked.append((url, etag))
                return s.answers.count > 1 ? s.answers.removeFirst() : s.answers[0]
            }
            return try answer.get()
        }
        var asked: [(url: String, etag: String?)] { state.withLockedValue { $0.asked } }
        func then(_ answers: [Result<FetchedFeed, FeedFetchError>]) { state.withLockedValue { $0.answers = answers } }
    }

    static func calendar(_ events: [String], name: String = "Work") -> Result<FetchedFeed, FeedFetchError> {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nX-WR-CALNAME:\(name)\r\nX-WR-TIMEZONE:Europe/Lisbon\r\n"
            + events.joined() + "END:VCALENDAR\r\n"
        return .success(.fetched(Data(text.utf8), url: address, etag: "\"v\(events.count)\"", lastModified: nil))
    }

    static func event(_ uid: String, _ start: String, _ title: String, with people: [String], status: String? = nil) -> String {
        "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:\(start)\r\nDTEND:\(start.dropLast(7))110000Z\r\nSUMMARY:\(title)\r\n"
            + "ORGANIZER:mailto:sam@example.com\r\n"
            + people.map { "ATTENDEE;PARTSTAT=ACCEPTED:mailto:\($0)\r\n" }.joined()
            + (status.map { "STATUS:\($0)\r\n" } ?? "") + "END:VEVENT\r\n"
    }

    static let lunch = event("lunch@x", "20261120T100000Z", "Lunch with Ana", with: ["ana.lima@example.org"])
    static let review = event("review@x", "20261125T100000Z", "Review", with: ["bruno@costa.example"])
    static let coffee = event("coffee@x", "20261202T100000Z", "Coffee", with: ["ana.lima@example.org"])
    /// With no one in Tend: the calendar's oldest event, which says how far back it reaches.
    static let dentist = event("dentist@x", "20261102T100000Z", "Dentist", with: [])

    static func with(_ backend: Backend, answers: [Result<FetchedFeed, FeedFetchError>] = [calendar([lunch, review, coffee])],
                     _ body: (Tending, CalendarSubscriptions, Fetcher) async throws -> Void) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            _ = try await t.updateSettings { $0.timeZone = "Europe/Lisbon" }
            for (name, email, tier) in [("Ana Lima", "ana.lima@example.org", Tier.meaningful), ("Bruno Costa", "bruno@costa.example", .intimate)] {
                var p = Profile(displayName: name)
                p.emails = [email]
                _ = try await t.addPerson(p, tier: tier, on: day("2025-01-01"))
            }
            let fetcher = Fetcher(answers)
            try await body(t, CalendarSubscriptions(database: db.database, fetcher: fetcher, box: box), fetcher)
        }
    }

    @Test(arguments: Backend.available)
    func subscribingReadsItNowAndKeepsTheAddressSealed(_ backend: Backend) async throws {
        try await Self.with(backend) { t, calendars, fetcher in
            let (sub, report) = try await calendars.subscribe("webcal://calendar.example/calendar/ical/sam%40example.com/private-0123456789abcdef/basic.ics",
                                                              account: t.account, now: Self.now)
            #expect(fetcher.asked.map(\.url) == [Self.address], "webcal:// is fetched over https://")
            #expect(sub.name == "Work" && sub.source == "calendar:Work")
            #expect(sub.shownURL == "https://calendar.example/…/basic.ics", "the path, where the secret is, is not shown")
            #expect(!sub.url.sealed.contains("private-0123456789abcdef"))
            #expect(try Self.box.open(sub.url) == Self.address)
            #expect(report.added == 2 && report.upcoming == 1)
            #expect(report.summary.hasSuffix("2 touches added with 2 people; 1 coming event with people in Tend."))
            let touches = try await t.touches(ListQuery()).sorted { $0.on < $1.on }
            #expect(touches.map(\.on.description) == ["2026-11-20", "2026-11-25"])
            #expect(touches.allSatisfy { $0.captured?.source == "calendar:Work" })

            let listed = try await calendars.list(account: t.account, now: Self.now.addingTimeInterval(120))
            #expect(listed.count == 1 && listed[0].read == 2)
            #expect(listed[0].status == "checked 2 min ago — " + report.summary)

            // The person's page: the coming coffee.
            let ana = try await t.person("Ana Lima")
            let detail = try await t.detail(.id(ana.id), asOf: day("2026-12-01"))
            #expect(detail.meetings.map(\.on.description) == ["2026-12-02"] && detail.meetings[0].title == "Coffee")
            #expect(detail.seeing(from: day("2026-12-01")) == "You're seeing Ana tomorrow (Coffee).")
            #expect(detail.seeing(from: day("2026-11-27")) == "You're seeing Ana on Wednesday (Coffee).")
            #expect(try await t.detail(.id(ana.id), asOf: day("2026-12-03")).meetings.isEmpty, "a meeting past is no longer coming")

            // Taken names and bad input are refused, and nothing is stored for them.
            let taken = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(Self.address, name: "Work", account: t.account, now: Self.now) }
            #expect(taken?.description == "a calendar named “Work” is subscribed already")
            let same = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(Self.address, account: t.account, now: Self.now) }
            #expect(same?.description == "a calendar named “Work” is subscribed already (give this one another name)")
            for (bad, message) in [("ftp://calendar.example/x.ics", "“ftp://calendar.example/x.ics” is not an http://, https:// or webcal:// address"),
                                   ("", "the calendar's address, like https://calendar.google.com/calendar/ical/…/basic.ics")] {
                let e = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(bad, name: "Other", account: t.account, now: Self.now) }
                #expect(e?.description == message)
            }
            // Counted as the database counts: sixty accented letters written with combining accents are 120 characters.
            let long = await #expect(throws: TendError.self) {
                _ = try await calendars.subscribe(Self.address, name: String(repeating: "e\u{301}", count: 60), account: t.account, now: Self.now)
            }
            #expect(long?.description == "a calendar's name is one line of at most 80 characters")
            #expect(try await calendars.list(account: t.account, now: Self.now).count == 1)
        }
    }

    @Test(arguments: Backend.available)
    func whatIsNoCalendarIsRefusedWithItsReason(_ backend: Backend) async throws {
        let answers: [Result<FetchedFeed, FeedFetchError>] = [
            .success(.fetched(Data("<!DOCTYPE html><html><body>Sign in</body></html>".utf8), url: Self.address, etag: nil, lastModified: nil)),
            .failure(FeedFetchError("answered 404 Not Found"))]
        try await Self.with(backend, answers: answers) { t, calendars, _ in
            let page = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(Self.address, account: t.account, now: Self.now) }
            #expect(page?.description == "https://calendar.example/…/basic.ics: answered with a web page, not a calendar (use the calendar's secret iCal address)")
            let gone = await #expect(throws: TendError.self) { _ = try await calendars.subscribe(Self.address, account: t.account, now: Self.now) }
            #expect(gone?.description == "https://calendar.example/…/basic.ics: answered 404 Not Found")
            let stored = try await calendars.list(account: t.account, now: Self.now), touches = try await t.touches(ListQuery())
            #expect(stored.isEmpty && touches.isEmpty, "nothing is stored for a refused address")
            let noKey = CalendarSubscriptions(database: calendars.database, fetcher: calendars.fetcher, box: nil)
            let e = await #expect(throws: TendError.self) { _ = try await noKey.subscribe(Self.address, account: t.account, now: Self.now) }
            #expect(e?.description.hasPrefix("this Tend has no key to keep calendar addresses with") == true)
        }
    }

    @Test(arguments: Backend.available)
    func pollsFollowTheCalendarAsItChanges(_ backend: Backend) async throws {
        try await Self.with(backend) { t, calendars, fetcher in
            let (sub, _) = try await calendars.subscribe(Self.address, account: t.account, now: Self.now)
            let poller = CalendarPoller(calendars: calendars)
            #expect(try await poller.pollDue(now: { Self.now.addingTimeInterval(60) }) == 0, "not due yet")

            // Unchanged: the validators are sent, and the 304 writes nothing but the check.
            fetcher.then([.success(.notModified)])
            let revision = try await t.database.read(account: t.account) { try await $0.revision() }
            #expect(try await poller.pollDue(now: { Self.now.addingTimeInterval(3601) }) == 1)
            #expect(fetcher.asked.last?.etag == "\"v3\"")
            #expect(try await t.touches(ListQuery()).count == 2)
            #expect(try await t.database.read(account: t.account) { try await $0.revision() } == revision + 1, "only the subscription's state was written")

            // Six hours after the last full read the calendar is read whole again, validators or not: the coffee has passed.
            fetcher.then([Self.calendar([Self.lunch, Self.review, Self.coffee])])
            let later = ISO8601DateFormatter().date(from: "2026-12-02T15:00:00Z")!
            switch try await calendars.poll(sub.id, account: t.account, now: later) {
            case .success(let report?): #expect(report.added == 1 && report.unchanged == 2 && report.upcoming == 0)
            default: Issue.record("the calendar was not read")
            }
            #expect(fetcher.asked.last?.etag == nil)
            #expect(try await t.touches(ListQuery()).count == 3)

            // The review deleted, the lunch moved to a coming day, the coffee cancelled: their touches go.
            let moved = Self.event("lunch@x", "20261210T100000Z", "Lunch with Ana", with: ["ana.lima@example.org"])
            let cancelled = Self.event("coffee@x", "20261202T100000Z", "Coffee", with: ["ana.lima@example.org"], status: "CANCELLED")
            fetcher.then([Self.calendar([Self.dentist, moved, cancelled])])
            let third = ISO8601DateFormatter().date(from: "2026-12-03T09:00:00Z")!
            guard case .success(let r?) = try await calendars.poll(sub.id, account: t.account, now: third) else { Issue.record("not read"); return }
            #expect(r.removed == 3 && r.upcoming == 1)
            #expect(Set(r.lines.filter { $0.status == .removed }.map { $0.reason ?? "" }) == ["moved to a coming day", "no longer in the calendar", "cancelled"])
            #expect(try await t.touches(ListQuery()).isEmpty)
            let ana = try await t.person("Ana Lima")
            #expect(try await t.detail(.id(ana.id), asOf: day("2026-12-03")).meetings.map(\.on.description) == ["2026-12-10"])

            // A failure is kept for Settings, retried with backoff, and cleared by the next good read.
            fetcher.then([.failure(FeedFetchError("answered 500 Internal Server Error"))])
            let fourth = third.addingTimeInterval(7200)
            guard case .failure(let f) = try await calendars.poll(sub.id, account: t.account, now: fourth) else { Issue.record("no failure"); return }
            #expect(f.message == "answered 500 Internal Server Error")
            var listed = try await calendars.list(account: t.account, now: fourth)
            #expect(listed[0].subscription.failures == 1 && listed[0].subscription.nextCheckAt == fourth.addingTimeInterval(900))
            #expect(listed[0].status == "failing (1 in a row): answered 500 Internal Server Error; tried again in 15 min")
            _ = try await calendars.poll(sub.id, account: t.account, now: fourth.addingTimeInterval(900))
            listed = try await calendars.list(account: t.account, now: fourth)
            #expect(listed[0].subscription.failures == 2 && listed[0].subscription.nextCheckAt == fourth.addingTimeInterval(900 + 1800))
            #expect(try await t.detail(.id(ana.id), asOf: day("2026-12-03")).meetings.count == 1, "a failed poll keeps what was known")
            fetcher.then([.success(.notModified)])
            _ = try await calendars.poll(sub.id, account: t.account, now: fourth.addingTimeInterval(3600))
            listed = try await calendars.list(account: t.account, now: fourth)
            #expect(listed[0].subscription.failures == 0 && listed[0].subscription.lastError == nil)
        }
    }

    @Test(arguments: Backend.available)
    func anEmptyCalendarRemovesNothing(_ backend: Backend) async throws {
        // A server that answers with an empty calendar (an outage, a wrong account) does not wipe the history.
        try await Self.with(backend) { t, calendars, fetcher in
            let (sub, _) = try await calendars.subscribe(Self.address, account: t.account, now: Self.now)
            fetcher.then([Self.calendar([])])
            guard case .success(let r?) = try await calendars.poll(sub.id, account: t.account, now: Self.now.addingTimeInterval(7 * 3600)) else {
                Issue.record("not read"); return
            }
            #expect(r.removed == 0 && r.events == 0)
            #expect(try await t.touches(ListQuery()).count == 2)
        }
    }

    @Test(arguments: Backend.available)
    func unsubscribingForgetsTheCalendar(_ backend: Backend) async throws {
        try await Self.with(backend) { t, calendars, _ in
            let (sub, _) = try await calendars.subscribe(Self.address, account: t.account, now: Self.now)
            #expect(try await calendars.unsubscribe(sub.id, account: t.account) == 2)
            #expect(try await t.touches(ListQuery()).isEmpty)
            #expect(try await calendars.list(account: t.account, now: Self.now).isEmpty)
            let ana = try await t.person("Ana Lima")
            #expect(try await t.detail(.id(ana.id), asOf: day("2026-12-01")).meetings.isEmpty)
            let e = await #expect(throws: TendError.self) { _ = try await calendars.unsubscribe(sub.id, account: t.account) }
            #expect(e == .noSuchCalendar(sub.id.rawValue))

            // Forgetting the calendar from Captured unsubscribes too.
            let (again, _) = try await calendars.subscribe(Self.address, account: t.account, now: Self.now)
            #expect(try await t.forgetCaptured(source: again.source) == 2)
            #expect(try await calendars.list(account: t.account, now: Self.now).isEmpty)
            #expect(try await t.detail(.id(ana.id), asOf: day("2026-12-01")).meetings.isEmpty)
        }
    }

    @Test(arguments: Backend.available)
    func theDayBeforeSeeingSomeoneTheirOpenNewsIsToMentionThen(_ backend: Backend) async throws {
        try await Self.with(backend) { t, calendars, _ in
            _ = try await calendars.subscribe(Self.address, account: t.account, now: Self.now)
            let ana = try await t.person("Ana Lima")
            _ = try await t.recordMoment(.id(ana.id), kind: .win(.promotion), on: day("2026-11-29"))
            let agenda = try await t.agenda(for: day("2026-12-01"))
            let mine = agenda.suggestions.filter { $0.personID == ana.id }
            #expect(mine.map(\.kind) == [.beforeMeeting], "it takes the place of congratulating by message")
            #expect(mine.first?.action == "Ana's promotion: mention it on Wednesday")
            #expect(mine.first?.reason == "you're seeing Ana tomorrow (Wednesday); Ana: promotion, 2 days ago")
            #expect(mine.first?.sendLinks.isEmpty == true)
            // On the day itself, and with no meeting, the win is celebrated as before.
            #expect(try await t.agenda(for: day("2026-11-30")).suggestions.first { $0.personID == ana.id }?.kind == .celebrate)
            // Merged into another card of hers, her meetings move with her.
            var card = Profile(displayName: "Ana L.")
            card.emails = ["ana@elsewhere.example"]
            let keeper = try await t.addPerson(card, tier: .meaningful, on: day("2026-11-01"))
            _ = try await t.merge(.id(keeper.id), .id(ana.id), on: day("2026-12-01"))
            #expect(try await t.detail(.id(keeper.id), asOf: day("2026-12-01")).meetings.map(\.title) == ["Coffee"])
        }
    }

    @Test(arguments: Backend.available)
    func severalPollersReadEachCalendarOnce(_ backend: Backend) async throws {
        try await Self.with(backend) { t, calendars, fetcher in
            for n in 1...6 { _ = try await calendars.subscribe(Self.address, name: "Cal \(n)", account: t.account, now: Self.now) }
            fetcher.then([.success(.notModified)])
            let before = fetcher.asked.count
            let pollers = (0..<3).map { _ in CalendarPoller(calendars: calendars) }
            let polled = try await withThrowingTaskGroup(of: Int.self) { group in
                for p in pollers { group.addTask { try await p.pollDue(now: { Self.now.addingTimeInterval(3700) }) } }
                return try await group.reduce(0, +)
            }
            #expect(polled == 6 && fetcher.asked.count - before == 6, "each calendar is fetched by one poller")
        }
    }
}
