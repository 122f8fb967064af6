import Foundation
import Testing
import TendInterop
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// Moving an instance: a backup restored on any backend gives back the same backup, and a whole
/// SQLite instance copied into any backend carries every record.
@Suite struct CopyTests {
    /// A small instance with every kind of record, including snoozes and answered moments.
    static func seed(_ db: TestDatabase, _ account: AccountID) async throws -> Backup {
        let t = Tending(database: db.database, account: account)
        let today = day("2026-11-27")
        _ = try await t.seedDemo(seed: 11, size: 30, on: today)
        _ = try await t.updateSettings { $0.cadence[.unfamiliar] = 365; $0.timeZone = "Europe/Lisbon" }
        _ = try await t.complete("1", on: today)
        _ = try await t.snooze("1", on: today, until: day("2026-12-04"))
        _ = try await t.dismiss("1", on: today)
        // News in two states and feeds of a person and a company, so a restore cannot bring dismissed news back.
        let card = { (name: String, org: String, title: String) in
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\(name)\r\nEMAIL:\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.com\r\n"
                + "ORG:\(org)\r\nTITLE:\(title)\r\nEND:VCARD\r\n"
        }
        _ = try await t.importContacts(VCardReader.read(card("Nia News", "Lumen", "Designer") + card("Oto News", "Rock", "Engineer")),
                                       format: "vcard", options: ImportOptions(), on: day("2026-01-01"))
        _ = try await t.importContacts(VCardReader.read(card("Nia News", "Quill", "Designer") + card("Oto News", "Rock", "Senior Engineer")),
                                       format: "vcard", options: ImportOptions(), on: day("2026-06-01"))
        let news = try await t.news()
        _ = try await t.dismissNews(try #require(news.first { $0.person.displayName == "Oto News" }).proposal.id, on: today)
        let nia = try await t.person("Nia News")
        _ = try await t.followFeed("https://nia.example/feed.xml", of: .person(nia.id), fetcher: OneFeed(), at: fixedNow)
        _ = try await t.followFeed("https://quill.example/news.xml", of: .company("Quill"), fetcher: OneFeed(), at: fixedNow)
        // Mail capture: its settings, touches, a message from a person, a stranger written to three times, a dismissal.
        _ = try await t.saveCaptureSettings(CaptureSettings(addresses: ["me@example.com"], replyAfterDays: 5))
        _ = try await t.addPerson(Profile(displayName: "Mia Mail", emails: ["mia@example.com"]), tier: .intimate, on: day("2026-01-01"))
        var capturer = try await MailCapturer(tending: t, source: "mbox", now: fixedNow)
        let report = try await capturer.capture(mail)
        #expect(report.touches == 3 && report.received == 1, "\(report.summary)")
        try await t.dismissCorrespondent("Nobody@Elsewhere.example")
        return try await t.backup()
    }

    static let mail: [MailHeader] = {
        let me = MailParty(name: "Me", address: "me@example.com"), mia = MailParty(name: "Mia", address: "mia@example.com")
        let sam = MailParty(name: "Sam Stranger", address: "sam@elsewhere.example")
        return (1...3).map { i in
            MailHeader(messageID: "s\(i)@x", date: fixedNow.addingTimeInterval(Double(-i * 86_400)), from: [me], to: [mia, sam], subject: "Lunch \(i)")
        } + [MailHeader(messageID: "r1@x", date: fixedNow.addingTimeInterval(-3600), from: [mia], to: [me], subject: "Hello")]
    }()

    /// What a restored account knows of its mail: reading it again adds nothing, Mia wrote, Sam is offered.
    static func expectMailKnown(_ t: Tending) async throws {
        var again = try await MailCapturer(tending: t, source: "mbox", now: fixedNow)
        let report = try await again.capture(mail)
        #expect(report.alreadyRead == 4 && report.touches == 0, "\(report.summary)")
        let mia = try await t.person("Mia Mail")
        #expect(try await t.received(of: mia.id).map(\.subject) == ["Hello"])
        let captured = try await t.captured(today: day("2026-11-27"))
        #expect(captured.touches.count == 3 && captured.touches.allSatisfy { $0.names == ["Mia Mail"] })
        #expect(captured.toAdd.map(\.address) == ["sam@elsewhere.example"])
        #expect(try await t.captureSettings().replyAfterDays == 5)
    }

    /// A feed server in memory: every address answers the same small RSS feed.
    struct OneFeed: FeedFetching {
        func fetch(_ url: String, etag: String?, lastModified: String?) async throws(FeedFetchError) -> FetchedFeed {
            let rss = """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Posts</title><link>\(url)</link>
                <item><title>Hello</title><link>\(url)#1</link><guid>1</guid></item></channel></rss>
                """
            return .fetched(Data(rss.utf8), url: url, etag: "\"v1\"", lastModified: nil)
        }
    }

    @Test(arguments: Backend.available)
    func aBackupRestoresIdentically(_ backend: Backend) async throws {
        let source = try await Backend.sqlite.open()
        let account = try await source.account()
        let original = try await Self.seed(source, account)
        await source.close()
        #expect(original.people.count == 33 && original.suggestionStates.count == 3 && original.relations.count >= 2)
        #expect(original.proposals?.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.dismissed, .pending])
        #expect(original.feeds?.map(\.url) == ["https://nia.example/feed.xml", "https://quill.example/news.xml"])

        try await withDatabase(backend) { db, fresh in
            let t = Tending(database: db.database, account: fresh)
            try await t.restore(original)
            let again = try await t.backup()
            #expect(again == original)
            #expect(try again.encoded() == original.encoded(), "export → import → export is byte for byte the same")
            #expect(original.capture?.messages.count == 4 && original.capture?.dismissed == ["nobody@elsewhere.example"])
            try await Self.expectMailKnown(t)
            // The dismissed news stays dismissed: the same export again proposes nothing.
            #expect(try await t.newsWaiting() == 1)
            #expect(try await t.feeds(at: fixedNow).map(\.ownerName) == ["Nia News", "Quill"])
            // New records get new ids above the restored ones.
            let added = try await t.addPerson(Profile(displayName: "New"), tier: .familiar, on: day("2026-11-27"))
            #expect(added.id.rawValue > original.people.map(\.person.id.rawValue).max()!)
            await #expect(throws: TendError.restoreNeedsEmpty(people: 34)) { try await t.restore(original) }
        }
    }

    /// Into an instance that holds others, every id is new: news and feeds follow their people there, and a backup
    /// whose news or feeds name someone who is not in it, or a feed that is not http(s), is refused with nothing written.
    @Test(arguments: Backend.available)
    func newsAndFeedsFollowTheirPeopleIntoABusyInstance(_ backend: Backend) async throws {
        let source = try await Backend.sqlite.open()
        let original = try await Self.seed(source, try await source.account())
        await source.close()
        try await withDatabase(backend) { db, first in
            _ = try await Tending(database: db.database, account: first).addPerson(Profile(displayName: "Someone Else"), tier: .familiar, on: day("2026-01-01"))
            let t = Tending(database: db.database, account: try await db.account("second@example.com"))
            var broken = original
            broken.proposals![0].personID = PersonID(999_999)
            await #expect(throws: TendError.self) { try await t.restore(broken) }
            broken = original
            broken.feeds![0].url = "ftp://nia.example/feed"
            await #expect(throws: TendError.self) { try await t.restore(broken) }
            broken = original
            broken.feeds![1].person = broken.people[0].person.id
            await #expect(throws: TendError.self, "a person and a company at once") { try await t.restore(broken) }
            broken = original
            broken.capture!.messages[0].touch = TouchID(999_999)
            await #expect(throws: TendError.self, "a captured message of a touch not in it") { try await t.restore(broken) }
            broken = original
            broken.capture!.messages[1].key = broken.capture!.messages[0].key
            await #expect(throws: TendError.self, "a message twice") { try await t.restore(broken) }
            #expect(try await t.counts().people == 0, "nothing half-written")

            try await t.restore(original)
            let news = try await t.news(state: nil)
            #expect(Set(news.map(\.person.displayName)) == ["Nia News", "Oto News"])
            #expect(news.first { $0.person.displayName == "Oto News" }?.proposal.state == .dismissed)
            #expect(try await t.feeds(at: fixedNow).map(\.ownerName) == ["Nia News", "Quill"])
            try await Self.expectMailKnown(t)
            // A backup from before news and feeds were kept still reads.
            var old = try JSONSerialization.jsonObject(with: try original.encoded()) as! [String: Any]
            old["proposals"] = nil
            old["feeds"] = nil
            old["capture"] = nil
            let decoded = try Backup.decode(try JSONSerialization.data(withJSONObject: old))
            #expect(decoded.proposals == nil && decoded.feeds == nil && decoded.capture == nil && decoded.people == original.people)
        }
    }

    @Test(arguments: Backend.available)
    func aWholeInstanceCopiesAcross(_ backend: Backend) async throws {
        let source = try await Backend.sqlite.open()
        let first = try await source.account("one@example.com")
        let second = try await source.account("two@example.com")
        let one = try await Self.seed(source, first)
        _ = try await Tending(database: source.database, account: second).addPerson(Profile(displayName: "Only Mine"), tier: .intimate, on: day("2026-01-01"))
        let two = try await Tending(database: source.database, account: second).backup()

        let destination = try await backend.open()
        let summary = try await InstanceCopy.copy(from: source.database, to: destination.database)
        #expect(summary.accounts == 2 && summary.people == 34)
        #expect(try await Tending(database: destination.database, account: first).backup() == one)
        #expect(try await Tending(database: destination.database, account: second).backup() == two)
        #expect(try await destination.database.accounts.account(email: "two@example.com")?.passwordHash == "x", "people can still sign in")
        await #expect(throws: TendError.self, "only into an empty database") {
            _ = try await InstanceCopy.copy(from: source.database, to: destination.database)
        }
        await destination.close()
        await source.close()
    }
}

@Suite struct LostUpdateTests {
    /// Ten requests each add a tag to the same person at once: every tag is kept on every backend
    /// (SQLite runs writes in turn; PostgreSQL retries the ones that collided).
    @Test(arguments: Backend.available)
    func concurrentEditsOfOnePersonAreAllKept(_ backend: Backend) async throws {
        try await withDatabase(backend) { db, account in
            let t = Tending(database: db.database, account: account)
            let ana = try await t.addPerson(Profile(displayName: "Ana"), tier: .familiar, on: day("2026-01-01"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        _ = try await t.editPerson(.id(ana.id), on: day("2026-11-27")) { $0.profile.tags.append("tag\(i)") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await t.person(.id(ana.id)).profile.tags == (0..<10).map { "tag\($0)" }.sorted())
        }
    }
}
