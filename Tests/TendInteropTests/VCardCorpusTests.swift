import Foundation
import Testing
import TendCore
@testable import TendInterop
import TendTestSupport

/// vCards in the styles real clients write, each field checked where it lands.
@Suite struct VCardCorpusTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return try Data(contentsOf: url)
    }

    static func contacts(_ name: String) throws -> ReadContacts {
        guard case .contacts(let read, .vcard) = try ImportFile.read(try fixture(name)) else {
            Issue.record("\(name) was not read as vCards")
            return ReadContacts()
        }
        return read
    }

    @Test func iPhone() throws {
        let read = try Self.contacts("iphone.vcf")
        #expect(read.problems.isEmpty)
        #expect(read.contacts.count == 2)
        let ana = read.contacts[0].profile
        #expect(ana.displayName == "Ana Lima")
        #expect(ana.givenName == "Ana" && ana.familyName == "Lima")
        #expect(ana.nickname == "Aninha")
        #expect(ana.company == "Acme Corp" && ana.title == "Staff Engineer")
        #expect(ana.emails == ["ana@example.com", "ana.lima@acme.example"])
        #expect(ana.phones == ["+1 (555) 010-0001"])
        #expect(ana.city == "Cupertino")
        // Apple's year-less birthday, and an anniversary as a labelled X-ABDATE.
        #expect(ana.birthday == Birthday(month: 4, day: 12))
        #expect(ana.anniversary == Birthday(month: 6, day: 20, year: 2015))
        #expect(ana.notes == "Met at PyCon, loves climbing.\nTwo kids; both at school. This note is long enough that the phone folds it over more than one line.")
        #expect(ana.tags == ["climbing", "friends"])
        #expect(ana.links == [Link(label: "Homepage", url: "https://ana.example.com"),
                              Link(label: "LinkedIn", url: "https://www.linkedin.com/in/ana-lima")])
        #expect(read.contacts[0].related == [RelatedName(kind: .partner, name: "Ben Lima")])
        // The address, its label and the photo are kept for export, unfolded.
        #expect(ana.cardExtras.contains("item1.ADR;type=HOME;type=pref:;;1 Infinite Loop;Cupertino;CA;95014;United States"))
        #expect(ana.cardExtras.contains("item1.X-ABADR:us"))
        #expect(ana.cardExtras.contains { $0.hasPrefix("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ") && $0.hasSuffix("PC4zNDL/") })
        #expect(!ana.cardExtras.contains { $0.hasPrefix("PRODID") || $0.hasPrefix("VERSION") || $0.contains("X-ABLabel:_$!<HomePage>") })
        #expect(read.contacts[1].line == 29)
    }

    @Test func android21QuotedPrintable() throws {
        let read = try Self.contacts("android-2.1.vcf")
        #expect(read.problems.isEmpty)
        let j = read.contacts[0].profile
        #expect(j.displayName == "Jörg Müller")
        #expect(j.givenName == "Jörg" && j.familyName == "Müller")
        #expect(j.company == "Bäckerei Müller")
        #expect(j.phones == ["+49 170 1234567", "030 1234567"])
        #expect(j.emails == ["joerg@example.de"])
        #expect(j.birthday == Birthday(month: 4, day: 12, year: 1985))
        // A soft line break inside a quoted-printable value joins the lines; =0D=0A is a line break.
        #expect(j.notes == "Erste Zeile\nZweite Zeile, die so lang ist, dass das Telefon sie umbricht.")
        #expect(j.city == "Berlin")
        // Kept properties lose 2.1's encoding so they read in 3.0 and 4.0.
        #expect(j.cardExtras.contains("ADR;TYPE=HOME:;;Hauptstraße 1;Berlin;;10115;Deutschland"))
        #expect(read.contacts[1].profile.displayName == "Mum")
        #expect(read.contacts[1].line == 15)
    }

    @Test func gmailWithANamelessContact() throws {
        let read = try Self.contacts("gmail.vcf")
        let c = try #require(read.contacts.first?.profile)
        #expect(c.displayName == "Chidi Anagonye")
        #expect(c.links == [Link(label: "Blog", url: "https://chidi.example.org/blog")]) // Gmail escapes the colon
        #expect(c.tags == ["philosophers"]) // Gmail's own "myContacts" is not a tag
        #expect(c.birthday == Birthday(month: 11, day: 5, year: 1984))
        #expect(c.city == "Sydney")
        #expect(c.notes == "Moral philosophy, mostly.")
        #expect(read.problems == [ImportProblem(line: 16, name: "someone@example.net", message: "this vCard has no name (no FN or N)")])
    }

    @Test func outlook2003Windows1252() throws {
        let read = try Self.contacts("outlook-2003.vcf")
        let s = try #require(read.contacts.first?.profile)
        #expect(s.displayName == "Siobhán O'Brien")
        #expect(s.givenName == "Siobhán" && s.familyName == "O'Brien")
        #expect(s.company == "Contoso Ltd." && s.title == "Account Manager")
        #expect(s.phones == ["(425) 555-0100", "(425) 555-0199"])
        #expect(s.emails == ["siobhan@contoso.example"])
        #expect(s.birthday == Birthday(month: 3, day: 15, year: 1979))
        #expect(s.city == "Redmond")
        #expect(s.links == [Link(label: "Work", url: "http://www.contoso.com")])
        #expect(s.cardExtras.contains("LABEL;TYPE=WORK:One Microsoft Way\\nSuite 100\\nRedmond, WA 98052\\nUnited States of America"))
        #expect(!s.cardExtras.contains { $0.hasPrefix("REV") })
    }

    @Test func outlook2007() throws {
        let n = try #require(try Self.contacts("outlook-2007.vcf").contacts.first?.profile)
        #expect(n.displayName == "Ngozi Okafor")
        #expect(n.notes == "Prefers calls before 10am.\nAsk about the marathon.")
        #expect(n.birthday == Birthday(month: 9, day: 21, year: 1975))
        #expect(n.city == "Lagos")
        #expect(n.links == [Link(label: "Homepage", url: "http://ngozi.example.com/")])
        #expect(n.cardExtras.contains("X-MS-IMADDRESS:ngozi@im.example"))
        #expect(n.cardExtras.contains { $0.hasPrefix("X-MS-OL-DESIGN:<card xmlns=") })
    }

    @Test func appleContactsSkipsGroupsAndCompanies() throws {
        let read = try Self.contacts("apple-contacts.vcf")
        #expect(read.contacts.count == 1)
        let w = read.contacts[0].profile
        #expect(w.displayName == "Dr. Wei Zhang PhD")
        #expect(w.givenName == "Wei" && w.familyName == "Zhang")
        #expect(w.company == "Tsinghua University" && w.title == "Professor")
        #expect(w.birthday == Birthday(month: 2, day: 29, year: 1968))
        #expect(w.links == [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/wei-zhang-physics/"),
                            Link(label: "Twitter", url: "http://twitter.com/weizhang")])
        #expect(read.contacts[0].related == [RelatedName(kind: .child, name: "Li Zhang")])
        #expect(w.cardExtras.contains("item3.IMPP;X-SERVICE-TYPE=WeChat;type=pref:x-apple:weizhang"))
        #expect(w.cardExtras.contains("item3.X-ABLabel:WeChat"))
        #expect(read.ignored.map(\.message) == ["a company's card, not a person", "a contact group, not a person"])
        #expect(read.problems.isEmpty)
    }

    @Test func evolution() throws {
        let read = try Self.contacts("evolution.vcf")
        let c = try #require(read.contacts.first)
        #expect(c.profile.displayName == "Carlos Ortiz")
        #expect(c.profile.nickname == "Charly")
        #expect(c.profile.emails == ["carlos@example.net", "charly@example.org"])
        #expect(c.profile.anniversary == Birthday(month: 9, day: 8, year: 2001))
        #expect(c.profile.birthday == Birthday(month: 1, day: 30, year: 1970)) // with a time part
        #expect(c.profile.tags == ["business", "madrid"])
        #expect(c.profile.company == "Ortiz y Asociados" && c.profile.title == "Socio")
        #expect(c.profile.links == [Link(label: "Blog", url: "http://carlos.example.net/blog")])
        #expect(c.related == [RelatedName(kind: .partner, name: "Maria Ortiz")])
        #expect(c.uid == "pas-id-5F2A3B1C00000001")
        #expect(c.profile.cardExtras.contains("X-EVOLUTION-FILE-AS:Ortiz\\, Carlos"))
    }

    @Test func thunderbird4() throws {
        let y = try #require(try Self.contacts("thunderbird.vcf").contacts.first?.profile)
        #expect(y.displayName == "Yuki Nakamura")
        #expect(y.emails == ["yuki@example.jp"] && y.phones == ["+81 90 1234 5678"])
        #expect(y.birthday == Birthday(month: 7, day: 23, year: 1991))
        #expect(y.anniversary == Birthday(month: 5, day: 5, year: 2018))
        #expect(y.company == "Example KK" && y.title == "Researcher" && y.notes == "Tokyo office")
        #expect(y.links == [Link(label: "Website", url: "https://yuki.example.jp")])
        // The preference, the phone's type and the department are kept for export.
        #expect(y.cardExtras == ["EMAIL;PREF=1:yuki@example.jp", "TEL;TYPE=cell;VALUE=TEXT:+81 90 1234 5678", "ORG:Example KK;R&D",
                                 "UID:5a6f2c3e-1d7b-4f0a-9b1e-2d3c4e5f6a7b"])
    }

    @Test func rfc6350Example() throws {
        let read = try Self.contacts("rfc6350.vcf")
        let s = try #require(read.contacts.first)
        #expect(s.profile.displayName == "Simon Perreault")
        #expect(s.profile.birthday == Birthday(month: 2, day: 3))
        #expect(s.profile.anniversary == Birthday(month: 8, day: 8, year: 2009))
        #expect(s.profile.phones == ["+1-418-656-9254;ext=102", "+1-418-262-6501"])
        #expect(s.profile.city == "Quebec") // from a folded ADR
        #expect(s.profile.company == "Viagenie")
        #expect(s.profile.links == [Link(label: "Homepage", url: "http://nomis80.org")])
        #expect(s.related == [RelatedName(kind: .partner, name: "Marie Perreault")])
        #expect(s.profile.cardExtras.contains("KEY;TYPE=work;VALUE=uri:http://www.viagenie.ca/simon.perreault/simon.asc"))
        #expect(s.profile.cardExtras.contains("TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102"), "its types go out again")
        #expect(s.profile.cardExtras.contains("GENDER:M"))
    }

    @Test func rfc2426Examples() throws {
        let read = try Self.contacts("rfc2426.vcf")
        #expect(read.contacts.map(\.profile.displayName) == ["Frank Dawson", "Tim Howes"])
        let f = read.contacts[0].profile
        #expect(f.emails == ["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"])
        #expect(f.city == "Raleigh")
        #expect(f.company == "Lotus Development Corporation")
        #expect(read.contacts[1].profile.city == "Mountain View")
        #expect(read.contacts[1].line == 14)
    }

    @Test func everyBirthdayForm() throws {
        let read = try Self.contacts("bday-forms.vcf")
        let byName = Dictionary(uniqueKeysWithValues: read.contacts.map { ($0.profile.displayName, $0.profile) })
        #expect(byName["One Dash"]?.birthday == Birthday(month: 4, day: 12, year: 1985))
        #expect(byName["Two Compact"]?.birthday == Birthday(month: 4, day: 12, year: 1985))
        #expect(byName["Three NoYear"]?.birthday == Birthday(month: 4, day: 12))
        #expect(byName["Four NoYearDash"]?.birthday == Birthday(month: 4, day: 12))
        #expect(byName["Five Time"]?.birthday == Birthday(month: 10, day: 15, year: 1953))
        #expect(byName["Six CompactTime"]?.birthday == Birthday(month: 4, day: 15, year: 1996))
        #expect(byName["Seven Value"]?.birthday == Birthday(month: 9, day: 27, year: 1987))
        // A birthday in words is no date, and is kept rather than lost.
        #expect(byName["Eight Text"]?.birthday == nil)
        #expect(byName["Eight Text"]?.cardExtras == ["BDAY;VALUE=text:circa 1800"])
    }

    @Test func dates() {
        #expect(VCardDate.parse("1985-04-12") == Birthday(month: 4, day: 12, year: 1985))
        #expect(VCardDate.parse("--0229") == Birthday(month: 2, day: 29))
        #expect(VCardDate.parse("1604-02-29", omitYear: 1604) == Birthday(month: 2, day: 29))
        #expect(VCardDate.parse("1985-02-30") == nil)
        #expect(VCardDate.parse("1985-0412") == nil)
        #expect(VCardDate.parse("April 12") == nil)
        #expect(ContactDate.day("12 Mar 2024") == Day("2024-03-12"))
        #expect(ContactDate.day("05-Nov-19") == Day("2019-11-05"))
        #expect(ContactDate.day("31 Feb 2024") == nil)
    }

    @Test func brokenCardsAreProblemsWithLines() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Fine\nEND:VCARD\nBEGIN:VCARD\nFN:Broken\nthis line has no colon\nEND:VCARD\nBEGIN:VCARD\nFN:Cut short\n"
        let read = VCardReader.read(text)
        #expect(read.contacts.map(\.profile.displayName) == ["Fine"])
        #expect(read.problems == [ImportProblem(line: 7, message: "not a vCard property: 'this line has no colon'"),
                                  ImportProblem(line: 9, message: "this vCard has no END:VCARD (the file may be cut short)")])
    }

    @Test func anEmailThatIsNoAddressIsPassedOverAndTheCardKept() {
        let read = VCardReader.read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEMAIL:not-an-address\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n")
        #expect(read.problems.isEmpty)
        #expect(read.contacts.first?.profile.emails == ["ann@example.com"])
    }
}
