import Foundation
import Testing
import TendCore
@testable import TendInterop
import TendTestSupport

@Suite struct WriterTests {
    static func ana() -> Person {
        Person(id: PersonID(7), profile: Profile(
            displayName: "Ana Lima", givenName: "Ana", familyName: "Lima", nickname: "Aninha",
            emails: ["ana@example.com"], phones: ["+1 555 0100"], company: "Acme; Sons", title: "CTO", city: "Lisboa",
            birthday: Birthday(month: 2, day: 29), anniversary: Birthday(month: 6, day: 20, year: 2015),
            notes: "Line one,\nline two", tags: ["climbing", "friends"],
            links: [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/ana-lima")],
            cardExtras: ["X-CUSTOM;TYPE=a:kept"]), tier: .intimate, addedOn: Day("2026-01-01")!)
    }

    @Test func vCard4() {
        let text = VCardWriter.write([.init(person: Self.ana(), related: [(.partner, "Ben Lima"), (.introducedBy, "Sam")])], version: .v4)
        #expect(text == [
            "BEGIN:VCARD", "VERSION:4.0", "PRODID:-//Tend//Tend vCard export//EN", "FN:Ana Lima", "N:Lima;Ana;;;",
            "NICKNAME:Aninha", "EMAIL:ana@example.com", "TEL;VALUE=text:+1 555 0100", "ORG:Acme\\; Sons", "TITLE:CTO",
            "BDAY:--0229", "ANNIVERSARY:20150620", "ADR:;;;Lisboa;;;", "NOTE:Line one\\,\\nline two", "CATEGORIES:climbing,friends",
            "link1.URL:https://www.linkedin.com/in/ana-lima", "link1.X-ABLabel:LinkedIn",
            "RELATED;TYPE=spouse;VALUE=text:Ben Lima", "X-CUSTOM;TYPE=a:kept", "END:VCARD", "",
        ].joined(separator: "\r\n"))
    }

    @Test func vCard3WritesAppleYearlessDates() {
        let text = VCardWriter.write([.init(person: Self.ana(), related: [(.partner, "Ben Lima")])], version: .v3)
        #expect(text.contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\r\n"))
        #expect(text.contains("\r\nX-ANNIVERSARY:2015-06-20\r\n"))
        #expect(text.contains("\r\nEMAIL;TYPE=INTERNET:ana@example.com\r\n"))
        #expect(text.contains("\r\nrelated1.X-ABRELATEDNAMES:Ben Lima\r\nrelated1.X-ABLabel:_$!<Spouse>!$_\r\n"))
    }

    @Test func whatTendWritesTendReads() {
        for version in VCardWriter.Version.allCases {
            let read = VCardReader.read(VCardWriter.write([.init(person: Self.ana(), related: [(.partner, "Ben Lima")])], version: version))
            #expect(read.problems.isEmpty)
            let p = read.contacts[0].profile
            // The city goes out as an address of a city alone, and comes back as the city.
            #expect(p == Self.ana().profile, "vCard \(version.rawValue)")
            #expect(read.contacts[0].related == [RelatedName(kind: .partner, name: "Ben Lima")])
        }
    }

    @Test func foldsAt75OctetsWithoutSplittingCharacters() {
        let folded = ContentLine.fold("NOTE:" + String(repeating: "é", count: 60))
        let lines = folded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(ContentLine.unfold(folded).map(\.text).filter { !$0.isEmpty } == ["NOTE:" + String(repeating: "é", count: 60)])
    }

    @Test func calendarBirthdays() {
        var ben = Self.ana()
        ben.id = PersonID(8)
        ben.profile.displayName = "Ben Lima"
        ben.profile.birthday = Birthday(month: 7, day: 4, year: 1980)
        var gone = ben
        gone.id = PersonID(9)
        gone.archived = true
        let upcoming = [Upcoming(kind: .followUp, personID: PersonID(8), personName: "Ben Lima", day: Day("2026-12-01")!, reason: "you supported Ben")]
        let text = ICalendarWriter.write(people: [ben, Self.ana(), gone], upcoming: upcoming, stamp: "20261128T020000Z")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR")
        // Feb 29 recurs on the last day of February; a year-less birthday starts in a leap year.
        #expect(text.contains("UID:birthday-7@tend\r\nDTSTAMP:20261128T020000Z\r\nDTSTART;VALUE=DATE:20000229\r\nDTEND;VALUE=DATE:20000301\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\nSUMMARY:Ana Lima's birthday\r\n"))
        #expect(text.contains("DTSTART;VALUE=DATE:19800704\r\nDTEND;VALUE=DATE:19800705\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Ben Lima's birthday (born 1980)\r\n"))
        #expect(!text.contains("birthday-9@tend"))
        #expect(text.contains("UID:follow-up-8-20261201@tend\r\nDTSTAMP:20261128T020000Z\r\nDTSTART;VALUE=DATE:20261201\r\n"))
        #expect(text.contains("SUMMARY:Follow up with Ben Lima\r\nDESCRIPTION:you supported Ben\r\n"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3)
    }

    /// Lines are split byte by byte; they must be the lines Swift's Characters give, whatever the line endings.
    @Test func physicalLinesAreTheLinesCharactersGive() {
        let texts = ["", "a", "a\n", "a\r\nb", "a\rb\r\n\r\nc", "\n\n", "é\r\n ü\n\tx", "line\r", "\r\n", "北京\n😀\r\n"]
        for t in texts {
            let characters = t.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            #expect(ContentLine.physicalLines(t) == characters, "\(t.debugDescription)")
        }
    }
}
