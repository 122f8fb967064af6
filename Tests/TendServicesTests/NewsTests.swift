import Foundation
import Testing
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// The News inbox (issue 18): job changes found by imports, proposed once, confirmed into moments or dismissed
/// for good; a hand edit proposes nothing.
@Suite struct NewsTests {
    static let lastYear = """
        First Name,Last Name,URL,Email Address,Company,Position,Connected On
        Ana,Lima,https://www.linkedin.com/in/ana-lima,,Lumen,Product Lead,12 Mar 2019
        Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Lumen,Software Engineer,3 Jan 2021
        Chen,Wei,https://www.linkedin.com/in/chen-wei,,Rock Co,Manager,4 Apr 2022
        Dee,Dee,https://www.linkedin.com/in/dee,,,,4 Apr 2022
        """
    static let thisYear = """
        First Name,Last Name,URL,Email Address,Company,Position,Connected On
        Ana,Lima,https://www.linkedin.com/in/ana-lima,,Quill,Head of Product,12 Mar 2019
        Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Lumen,Senior Software Engineer,3 Jan 2021
        Chen,Wei,https://www.linkedin.com/in/chen-wei,,Rock Co,Manager,4 Apr 2022
        Dee,Dee,https://www.linkedin.com/in/dee,,Somewhere,Founder,4 Apr 2022
        Eve,New,https://www.linkedin.com/in/eve,,Quill,CTO,1 Oct 2026
        """

    static func linkedIn(_ csv: String) throws -> ReadContacts {
        guard case .contacts(let read, _) = try ImportFile.read(Data(csv.utf8)) else { throw TendError.importFile("not contacts") }
        return read
    }

    @Test func aNewerLinkedInExportProposesTheJobChangesInIt() async throws {
        try await withTending { t in
            _ = try await t.importContacts(try Self.linkedIn(Self.lastYear), format: "linkedin", options: ImportOptions(), on: day("2025-11-20"))
            #expect(try await t.newsWaiting() == 0, "a first import is not news")

            let dry = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin",
                                                 options: ImportOptions(dryRun: true), on: day("2026-11-20"))
            #expect(dry.proposed.map(\.name) == ["Ana Lima", "Ben Okafor"])
            #expect(dry.summary.contains("would propose 2 job changes for News"))
            #expect(try await t.newsWaiting() == 0, "a dry run writes nothing")

            let r = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin", options: ImportOptions(), on: day("2026-11-20"))
            // Ana moved company, Ben went up a level; Chen is unchanged, Dee's job was unknown, Eve is new.
            #expect(r.proposed.map(\.kind) == ["new job", "promotion"])
            #expect(r.proposed.map(\.note) == ["was Product Lead at Lumen, now Head of Product at Quill",
                                               "promoted from Software Engineer to Senior Software Engineer at Lumen"])
            #expect(r.summary.contains("proposed 2 job changes for News"))
            let news = try await t.news()
            #expect(news.map(\.person.displayName) == ["Ben Okafor", "Ana Lima"])
            #expect(news.allSatisfy { $0.proposal.source == "LinkedIn import" && $0.proposal.on == day("2026-11-20") })
            // Until confirmed, the person's job is as it was; Dee's was filled in, being no news.
            #expect(try await t.person("Ana Lima").profile.company == "Lumen")
            #expect(try await t.person("Dee Dee").profile.company == "Somewhere")

            // Importing the same file again proposes nothing new.
            let again = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin", options: ImportOptions(), on: day("2026-11-21"))
            #expect(again.proposed.isEmpty && !again.summary.contains("propose"))
            #expect(try await t.newsWaiting() == 2)
        }
    }

    @Test func confirmingMakesAMomentAndRecordsTheJobDismissingIsForGood() async throws {
        try await withTending { t in
            _ = try await t.importContacts(try Self.linkedIn(Self.lastYear), format: "linkedin", options: ImportOptions(), on: day("2025-11-20"))
            _ = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin", options: ImportOptions(), on: day("2026-11-20"))
            let news = try await t.news()
            let ana = try #require(news.first { $0.person.displayName == "Ana Lima" })
            let ben = try #require(news.first { $0.person.displayName == "Ben Okafor" })

            let (confirmed, moment) = try await t.confirmNews(ana.proposal.id, on: day("2026-11-22"))
            #expect(confirmed.state == .confirmed && confirmed.decidedOn == day("2026-11-22"))
            #expect(moment.kind == .win(.newJob) && moment.on == day("2026-11-20") && moment.note == ana.proposal.note)
            let anaNow = try await t.person("Ana Lima")
            #expect(anaNow.profile.company == "Quill" && anaNow.profile.title == "Head of Product")
            // The agenda celebrates it, as a moment typed by hand.
            let agenda = try await t.agenda(for: day("2026-11-22"))
            #expect(agenda.suggestions.contains { $0.personID == anaNow.id && $0.kind == .celebrate })

            // Ben's is changed to another kind, then dismissed; a second decision is refused.
            let changed = try await t.changeNewsKind(ben.proposal.id, to: .win(.other))
            #expect(changed.kind == .win(.other))
            _ = try await t.dismissNews(ben.proposal.id, on: day("2026-11-22"))
            await #expect(throws: TendError.newsDecided(ben.proposal.id.rawValue, .dismissed)) {
                _ = try await t.confirmNews(ben.proposal.id, on: day("2026-11-22"))
            }
            await #expect(throws: TendError.noSuchNews(999)) { _ = try await t.dismissNews(ProposalID(999), on: day("2026-11-22")) }
            #expect(try await t.person("Ben Okafor").profile.title == "Software Engineer")
            #expect(try await t.news().isEmpty)
            #expect(try await t.news(state: nil).count == 2)

            // The same export a week later brings back neither the dismissed nor the confirmed news.
            let later = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin", options: ImportOptions(), on: day("2026-11-27"))
            #expect(later.proposed.isEmpty)
            #expect(try await t.newsWaiting() == 0)
        }
    }

    @Test func aVCardReimportProposesAHandEditDoesNot() async throws {
        try await withTending { t in
            let card = { (org: String, title: String) in
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.com\r\nORG:\(org)\r\nTITLE:\(title)\r\nEND:VCARD\r\n"
            }
            _ = try await t.importContacts(VCardReader.read(card("Lumen", "Designer")), format: "vcard", options: ImportOptions(), on: day("2026-01-01"))
            // A hand edit: the user knows, so Tend proposes nothing.
            _ = try await t.editPerson(.name("Ana Lima"), on: day("2026-03-01")) { $0.profile.title = "Senior Designer" }
            #expect(try await t.newsWaiting() == 0)

            let r = try await t.importContacts(VCardReader.read(card("Lumen", "Design Director")), format: "vcard", options: ImportOptions(), on: day("2026-06-01"))
            #expect(r.proposed.map(\.kind) == ["promotion"])
            let news = try await t.news()
            #expect(news.map(\.proposal.source) == ["vCard import"])
            #expect(news.first?.proposal.note == "promoted from Senior Designer to Design Director at Lumen")
        }
    }

    /// A phone's edit of a company or title, through CardDAV, is news as an import's is; a PUT that does not change
    /// them, or sends the same change again, proposes nothing more.
    @Test func aPhonesEditThroughCardDAVProposesAJobChange() async throws {
        try await withTending { t in
            let card = { (org: String, title: String, note: String) in
                "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ana\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\nEMAIL:ana@example.com\r\nORG:\(org)\r\nTITLE:\(title)\r\n"
                    + "NOTE:\(note)\r\nEND:VCARD\r\n"
            }
            _ = try await t.putCard(href: "ana.vcf", text: card("Lumen", "Product Lead", "a"), ifMatch: nil, ifNoneMatch: true, on: day("2026-01-01"))
            #expect(try await t.newsWaiting() == 0, "a card that adds someone is no news")
            _ = try await t.putCard(href: "ana.vcf", text: card("Lumen", "Product Lead", "b"), ifMatch: nil, ifNoneMatch: false, on: day("2026-02-01"))
            #expect(try await t.newsWaiting() == 0, "a note changed: no news")

            _ = try await t.putCard(href: "ana.vcf", text: card("Quill", "Head of Product", "b"), ifMatch: nil, ifNoneMatch: false, on: day("2026-06-01"))
            let news = try await t.news()
            #expect(news.map(\.proposal.source) == ["Address book (CardDAV)"])
            #expect(news.first?.proposal.kind == .win(.newJob) && news.first?.proposal.on == day("2026-06-01"))
            #expect(news.first?.proposal.note == "was Product Lead at Lumen, now Head of Product at Quill")
            #expect(try await t.person("Ana Lima").profile.company == "Quill", "the phone's edit is kept, so the phone is not undone")

            _ = try await t.putCard(href: "ana.vcf", text: card("Quill", "Head of Product", "c"), ifMatch: nil, ifNoneMatch: false, on: day("2026-06-02"))
            #expect(try await t.newsWaiting() == 1)
            // Confirming it records what is already there and celebrates it.
            _ = try await t.confirmNews(news[0].proposal.id, on: day("2026-06-02"))
            #expect(try await t.person("Ana Lima").profile.title == "Head of Product")
            #expect(try await t.newsWaiting() == 0)
        }
    }

    @Test func aMergeKeepsTheNews() async throws {
        try await withTending { t in
            _ = try await t.importContacts(try Self.linkedIn(Self.lastYear), format: "linkedin", options: ImportOptions(), on: day("2025-11-20"))
            _ = try await t.importContacts(try Self.linkedIn(Self.thisYear), format: "linkedin", options: ImportOptions(), on: day("2026-11-20"))
            try await t.addPerson(Profile(displayName: "Benjamin Okafor"), tier: .intimate, on: day("2026-11-21"))
            _ = try await t.merge(.name("Benjamin Okafor"), .name("Ben Okafor"), on: day("2026-11-21"))
            let news = try await t.news()
            #expect(news.map(\.person.displayName).sorted() == ["Ana Lima", "Benjamin Okafor"])
        }
    }
}
