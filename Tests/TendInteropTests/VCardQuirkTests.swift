import Foundation
import Testing
import TendCore
@testable import TendInterop
import TendTestSupport

/// What real clients write that the vCard specifications do not quite allow, or that Tend once read
/// wrongly (issue 12), each in a small card of its own; and the real-world corpus in ../shared.
@Suite struct VCardQuirkTests {
    func read(_ bytes: [UInt8]) throws -> ReadContacts {
        guard case .contacts(let read, _) = try ImportFile.read(Data(bytes)) else { throw ImportFileError("not contacts") }
        return read
    }

    func read(_ text: String) throws -> ReadContacts { try read(Array(text.utf8)) }

    @Test func declaredCharsetsIn8BitValues() throws {
        // "山田" in Shift_JIS, written raw as Japanese phones do in vCard 2.1 (and Android in 3.0).
        let yamada: [UInt8] = [0x8E, 0x52, 0x93, 0x63]
        let card = Array("BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:".utf8) + yamada + Array(";Taro\r\nFN;CHARSET=SHIFT_JIS:".utf8)
            + yamada + Array("\r\nNOTE;CHARSET=ISO-8859-1:caf".utf8) + [0xE9] + Array("\r\nEND:VCARD\r\n".utf8)
        let p = try #require(try read(card).contacts.first?.profile)
        #expect(p.displayName == "山田" && p.familyName == "山田" && p.givenName == "Taro" && p.notes == "café")
        #expect(ContentLine.encoding(named: "Shift_JIS") == .shiftJIS && ContentLine.encoding(named: "KOI8-R") == nil)
    }

    @Test func aBadByteCostsOneCardNotTheFile() throws {
        let bytes = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nTEL:".utf8) + [0xA7] + Array("\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben\r\nEND:VCARD\r\n".utf8)
        let r = try read(bytes)
        #expect(r.contacts.map(\.profile.displayName) == ["Ben"])
        #expect(r.problems == [ImportProblem(line: 4, message: "line 4 is not valid UTF-8 and names no charset Tend can read")])
        #expect(!r.problems[0].message.contains("spreadsheet"))
    }

    @Test func crCrLfLineEndsAreOneBreak() throws {
        let r = try read("BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nFN:Ana Lima\r\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\r\n SkZJRg==\r\r\nEND:VCARD\r\r\n")
        let p = try #require(r.contacts.first?.profile)
        #expect(r.problems.isEmpty && p.displayName == "Ana Lima")
        #expect(p.cardExtras == ["PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg=="], "the fold across a CR CR LF is mended")
    }

    /// A large photo folded over thousands of lines, and a quoted-printable note with soft breaks, are each joined
    /// into their one property, whole (the bytes are grown in place: joining once copied the line for every fold).
    @Test func longFoldedValuesAreJoinedWhole() throws {
        let photo = String(repeating: "QUJDRA", count: 40_000) // 240,000 characters of base64
        var folded = "PHOTO;ENCODING=b;TYPE=JPEG:"
        var rest = Substring(photo)
        while !rest.isEmpty { folded += String(rest.prefix(74)) + "\r\n "; rest = rest.dropFirst(74) }
        folded.removeLast(2) // the last fold: "\r\n" (one Character) and its space
        let note = String(repeating: "=41=42", count: 2_000).split(every: 60).joined(separator: "=\r\n")
        let r = try read("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana Lima\r\n" + folded + "\r\nNOTE;ENCODING=QUOTED-PRINTABLE:" + note + "\r\nEND:VCARD\r\n")
        let p = try #require(r.contacts.first?.profile)
        #expect(r.problems.isEmpty && p.cardExtras == ["PHOTO;ENCODING=b;TYPE=JPEG:" + photo])
        #expect(p.notes == String(repeating: "AB", count: 2_000))
    }

    @Test func namesWithOtherCharactersAndABareFN() throws {
        let r = try read("BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN\r\nORG:Kontact Inc.\r\nX-messaging/gadu-All:452342\r\nEND:VCARD\r\n")
        let p = try #require(r.contacts.first?.profile)
        #expect(r.problems.isEmpty && p.displayName == "Kontact Inc.")
        #expect(p.cardExtras == ["X-messaging/gadu-All:452342"])
        // Written out under a name every reader takes.
        let out = VCardWriter.write(.init(person: Person(id: PersonID(1), profile: p, addedOn: Day("2026-01-01")!)), version: .v4)
        #expect(out.contains("\r\nX-MESSAGING-GADU-ALL:452342\r\n"))
    }

    @Test func aFoldInsideAUTF8Character() throws {
        // "Müller" folded between the two bytes of "ü" (ownCloud folds octets, as RFC 2425 allows).
        let bytes = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:M".utf8) + [0xC3] + Array("\r\n ".utf8) + [0xBC] + Array("ller\r\nEND:VCARD\r\n".utf8)
        #expect(try read(bytes).contacts.first?.profile.displayName == "Müller")
    }

    @Test func emailWithADisplayNameAndOneThatIsNoAddress() throws {
        let r = try read("BEGIN:VCARD\r\nVERSION:2.1\r\nN:;Omega;;;\r\nEMAIL;INTERNET:\"Omega\" <omega@example.com>\r\nEMAIL;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91\r\nEND:VCARD\r\n")
        let p = try #require(r.contacts.first?.profile)
        #expect(r.problems.isEmpty && p.emails == ["omega@example.com"])
        let out = VCardWriter.write(.init(person: Person(id: PersonID(1), profile: p, addedOn: Day("2026-01-01")!)), version: .v4)
        #expect(out.contains("\r\nEMAIL:omega@example.com\r\n") && !out.contains("Ñ"))
    }

    @Test func quotedPrintableSoftBreaksKeepTheirSpaces() throws {
        let r = try read("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana\r\nNOTE;ENCODING=QUOTED-PRINTABLE:all folk to come=\r\n to the aid=\r\n=20of their country\r\nEND:VCARD\r\n")
        #expect(try #require(r.contacts.first).profile.notes == "all folk to come to the aid of their country")
    }

    @Test func vCard21BackslashesAreTheTextsOwn() throws {
        let r = try read("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A;B\\C\\;D:E\\\\\r\nEND:VCARD\r\n")
        #expect(r.contacts.first?.profile.displayName == "A;B\\C;D:E\\")
        // In 3.0 an unknown escape loses its backslash, as vobject reads it.
        let v3 = try read("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nNOTE:\\\"AS IS\\\"\r\nEND:VCARD\r\n")
        #expect(v3.contacts.first?.profile.notes == "\"AS IS\"")
    }

    @Test func namePartsUnitsAndSecondOrganisationsAreKept() throws {
        let r = try read("""
            BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John;Richter,James;Mr.;Sr.\r\nFN:Mr. John Richter James Doe Sr.\r\n\
            ORG:Acme;Marketing;EMEA\r\nORG:Side Project\r\nTITLE:Director\r\nTITLE:Treasurer\r\nEND:VCARD\r\n
            """)
        let p = try #require(r.contacts.first?.profile)
        #expect(p.givenName == "John" && p.familyName == "Doe" && p.company == "Acme" && p.title == "Director")
        #expect(p.cardExtras == ["N:Doe;John;Richter,James;Mr.;Sr.", "ORG:Acme;Marketing;EMEA", "ORG:Side Project", "TITLE:Treasurer"])
        let person = Person(id: PersonID(1), profile: p, addedOn: Day("2026-01-01")!)
        let out = VCardWriter.write(.init(person: person), version: .v4)
        #expect(out.components(separatedBy: "\r\nN:").count == 2 && out.contains("\r\nN:Doe;John;Richter,James;Mr.;Sr.\r\n"))
        #expect(out.contains("\r\nORG:Acme;Marketing;EMEA\r\n") && out.contains("\r\nORG:Side Project\r\n") && !out.contains("\r\nORG:Acme\r\n"))
        #expect(out.contains("\r\nTITLE:Director\r\n") && out.contains("\r\nTITLE:Treasurer\r\n"))
        // A name changed in Tend is written as Tend has it; the old line does not come back.
        var renamed = person
        renamed.profile.givenName = "Jon"
        let changed = VCardWriter.write(.init(person: renamed), version: .v4)
        #expect(changed.contains("\r\nN:Doe;Jon;;;\r\n") && !changed.contains("Richter,James"))
    }

    @Test func olderSyntaxIsConvertedFor40() throws {
        let r = try read("""
            BEGIN:VCARD\r\nVERSION:2.1\r\nN:Lima;Ana\r\nTEL;CELL;PREF:+351 912 345 678\r\nTEL;WORK:+351 213 456 789\r\n\
            PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRg==\r\n\r\nLABEL;HOME;ENCODING=QUOTED-PRINTABLE:Rua X=0D=0ALisboa\r\n\
            CLASS:PUBLIC\r\nPROFILE:VCARD\r\nX-CUSTOM;CHARSET=UTF-8:kept\r\nEND:VCARD\r\n
            """)
        let p = try #require(r.contacts.first?.profile)
        let person = Person(id: PersonID(1), profile: p, addedOn: Day("2026-01-01")!)
        let v4 = VCardWriter.write(.init(person: person), version: .v4)
        for old in ["ENCODING=", "CHARSET=", "LABEL", "CLASS", "PROFILE", "AGENT"] { #expect(!v4.contains(old), "\(old) in a 4.0 export") }
        #expect(v4.contains("TEL;VALUE=text;TYPE=cell,pref:+351 912 345 678\r\n") && v4.contains("TEL;VALUE=text;TYPE=work:+351 213 456 789\r\n"))
        #expect(v4.contains("PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRg==\r\n"))
        #expect(v4.contains("X-CUSTOM:kept\r\n"))
        let v3 = VCardWriter.write(.init(person: person), version: .v3)
        #expect(v3.contains("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRg==") && v3.contains("TEL;TYPE=CELL,PREF:+351 912 345 678\r\n"))
        #expect(!v3.contains("PROFILE") && !v3.contains("CHARSET"))
        // What Tend writes, Tend reads back the same.
        for out in [v4, v3] {
            let again = try #require(VCardReader.read(out).contacts.first?.profile)
            #expect(again.phones == p.phones && again.displayName == p.displayName)
        }
    }

    /// The 185 real-world files other projects collected (../shared/vcard-corpus), when they are there:
    /// every card imports or is refused with a reason, and what was imported comes back from an
    /// export with the same name, emails, phones and kept lines.
    @Test func realWorldCorpus() throws {
        var folder = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { folder.deleteLastPathComponent() }
        folder = folder.appendingPathComponent("shared/vcard-corpus")
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        let files = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".vcf") }
        #expect(files.count >= 185)
        var cards = 0
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            guard case .contacts(let read, _)? = try? ImportFile.read(data) else { continue }
            for contact in read.contacts {
                cards += 1
                let person = Person(id: PersonID(1), profile: contact.profile, addedOn: Day("2026-01-01")!)
                for version in VCardWriter.Version.allCases {
                    let again = try #require(VCardReader.read(VCardWriter.write(.init(person: person), version: version)).contacts.first, "\(file) \(version)")
                    #expect(again.profile.displayName == contact.profile.displayName, "\(file)")
                    #expect(again.profile.emails == contact.profile.emails && again.profile.phones == contact.profile.phones, "\(file)")
                    #expect(again.profile.company == contact.profile.company && again.profile.title == contact.profile.title, "\(file)")
                }
            }
        }
        #expect(cards >= 200)
    }
}

private extension String {
    /// The string in pieces of `n` characters.
    func split(every n: Int) -> [String] {
        var out: [String] = [], rest = Substring(self)
        while !rest.isEmpty { out.append(String(rest.prefix(n))); rest = rest.dropFirst(n) }
        return out
    }
}
