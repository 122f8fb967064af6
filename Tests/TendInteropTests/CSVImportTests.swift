import Foundation
import Testing
import TendCore
@testable import TendInterop
import TendTestSupport

@Suite struct CSVImportTests {
    static func read(_ name: String, format: ImportFormat = .auto, mapping: [String: ContactField]? = nil) throws -> (ReadContacts, ImportFormat) {
        guard case .contacts(let read, let format) = try ImportFile.read(try VCardCorpusTests.fixture(name), format: format, mapping: mapping) else {
            Issue.record("\(name) was not read as contacts")
            return (ReadContacts(), .auto)
        }
        return (read, format)
    }

    @Test func linkedInConnections() throws {
        let (read, format) = try Self.read("linkedin-connections.csv")
        #expect(format == .linkedin)
        #expect(read.problems.isEmpty)
        #expect(read.contacts.count == 3)
        let ana = read.contacts[0]
        #expect(ana.line == 5)
        #expect(ana.profile.displayName == "Ana Lima" && ana.profile.emails.isEmpty)
        #expect(ana.profile.title == "Staff Engineer, Platform")
        #expect(ana.profile.metOn == Day("2024-03-12"))
        #expect(ana.profile.howWeMet == "Connected on LinkedIn")
        #expect(ana.profile.links == [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/ana-lima")])
        let jl = read.contacts[1].profile
        #expect(jl.company == "United Federation of Planets, Starfleet")
        #expect(jl.title == "Captain \"Make it so\"")
        #expect(jl.emails == ["jl@example.com"])
        #expect(read.contacts[2].profile.displayName == "Zoë Ngata")
        #expect(read.ignored == [ImportProblem(line: 8, message: "this row has no name")])
    }

    @Test func googleContacts() throws {
        let (read, format) = try Self.read("google-contacts.csv")
        #expect(format == .google)
        let p = read.contacts[0]
        #expect(p.profile.displayName == "Priya Raman")
        #expect(p.profile.nickname == "Pri")
        #expect(p.profile.company == "Initech" && p.profile.title == "Product Manager")
        #expect(p.profile.birthday == Birthday(month: 8, day: 14, year: 1990))
        #expect(p.profile.anniversary == Birthday(month: 2, day: 12, year: 2016))
        #expect(p.profile.emails == ["priya@example.com", "priya.raman@initech.example"])
        #expect(p.profile.phones == ["+91 98765 43210"])
        #expect(p.profile.city == "Bengaluru")
        #expect(p.profile.tags == ["book club", "friends"])
        #expect(p.profile.links == [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/priyaraman")])
        #expect(p.profile.notes == "Loves chess, hates meetings")
        #expect(p.related == [RelatedName(kind: .partner, name: "Arjun Raman")])
        // The address spans two lines inside quotes, so Tom's row starts on line 4.
        #expect(read.contacts[1].line == 4)
        #expect(read.contacts[1].profile.birthday == Birthday(month: 5, day: 20))
    }

    @Test func googleLegacy() throws {
        let (read, format) = try Self.read("google-contacts-legacy.csv")
        #expect(format == .google)
        let k = try #require(read.contacts.first?.profile)
        #expect(k.displayName == "Kenji Watanabe" && k.company == "Sony" && k.title == "Engineer")
        #expect(k.tags == ["coworkers"])
        #expect(k.links == [Link(label: "Blog", url: "https://kenji.example.jp")])
    }

    @Test func genericWithAMapping() throws {
        let mapping = try ContactCSV.mapping("Full Name=name,Mail=email,Org=company,Phone Number=phone,Tags=tags")
        let (read, format) = try Self.read("generic.csv", format: .csv, mapping: mapping)
        #expect(format == .csv)
        #expect(read.contacts.map(\.profile.displayName) == ["Rosa Parks", "Alan Turing"])
        #expect(read.contacts[0].profile.tags == ["activism", "history"])
        #expect(read.contacts[0].profile.company == "Montgomery Improvement Association")
        #expect(read.contacts[1].profile.phones.isEmpty)
    }

    @Test func genericGuessesObviousHeadings() throws {
        let (read, _) = try Self.read("generic.csv")
        #expect(read.contacts.first?.profile.displayName == "Rosa Parks")
        #expect(read.contacts.first?.profile.phones == ["+1 334 555 0100"])
    }

    @Test func mappingErrorsNameTheProblem() {
        #expect(throws: ValidationError(field: "map", message: "unknown field 'mobile' in --map; fields are \(ContactField.allCases.map(\.rawValue).joined(separator: ", "))")) {
            try ContactCSV.mapping("Phone=mobile")
        }
        #expect(throws: ValidationError(field: "map", message: "'Phone' is not COLUMN=FIELD")) { try ContactCSV.mapping("Phone") }
    }

    @Test func csvRecordsKnowTheirLines() throws {
        let table = try CSVTable("a,b\r\n\"x\ny\",2\n\n3,\"q\"\"uote\"\n")
        #expect(table.rows.map(\.line) == [1, 2, 5])
        #expect(table.rows[1].fields == ["x\ny", "2"])
        #expect(table.rows[2].fields == ["3", "q\"uote"])
        #expect(throws: CSVTable.UnclosedQuote.self) { try CSVTable("a,\"b\nc\n") }
    }

    @Test func wrongRowWidthIsAProblem() throws {
        let data = Data("Name,Email\nAna,ana@example.com\nBen,ben@example.com,extra,more\n".utf8)
        guard case .contacts(let read, _) = try ImportFile.read(data) else { Issue.record(); return }
        #expect(read.problems == [ImportProblem(line: 3, message: "4 fields where the heading has 2")])
    }
}

/// Files that are not contacts at all: one clear message each, never a crash.
@Suite struct BadFileTests {
    func message(_ data: Data, format: ImportFormat = .auto) -> String? {
        do { _ = try ImportFile.read(data, format: format); return nil } catch { return error.message }
    }

    @Test func refusals() {
        #expect(message(Data()) == "the file is empty")
        #expect(message(Data("  \n\n".utf8)) == "the file is empty")
        #expect(message(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])) ==
                "this is a binary file, not contacts: Tend reads vCards (.vcf), CSV and Tend backups (.json)")
        #expect(message(Data("Name,Note\nAna,caf".utf8) + Data([0xE9]) + Data("\n".utf8)) ==
                "line 2 is not valid UTF-8; save the file as UTF-8 (in a spreadsheet: \"CSV UTF-8\") and import it again")
        // In a vCard file one bad line costs its own card, with no spreadsheet advice.
        let vcards = Data("BEGIN:VCARD\nFN:Ok\nNOTE:caf".utf8) + Data([0xE9]) + Data("\nEND:VCARD\nBEGIN:VCARD\nFN:Fine\nEND:VCARD\n".utf8)
        guard case .contacts(let read, _)? = try? ImportFile.read(vcards) else { Issue.record("not read"); return }
        #expect(read.contacts.map(\.profile.displayName) == ["Fine"])
        #expect(read.problems == [ImportProblem(line: 3, message: "line 3 is not valid UTF-8 and names no charset Tend can read")])
        #expect(message(Data("just some words\nand more words\n".utf8))?.hasPrefix("Tend cannot tell what this file holds") == true)
        #expect(message(Data("Name,Email\nAna,a@b.c\n".utf8), format: .vcard) == "this is not a vCard file: it does not start with BEGIN:VCARD")
        #expect(message(Data("BEGIN:VCARD\nFN:A\nEND:VCARD\n".utf8), format: .linkedin)?.hasPrefix("this is not LinkedIn's Connections.csv") == true)
        #expect(message(Data("Name,Email\nAna,a@b.c\n".utf8), format: .linkedin)?.hasPrefix("this looks like a csv file, not linkedin") == true)
        #expect(message(Data("Colour,Size\nred,2\n".utf8), format: .csv)?.hasPrefix("this CSV has no name column; its columns are 'Colour', 'Size'") == true)
        #expect(message(Data(count: ImportFile.maximumSize + 1)) == "the file is 64 MB; Tend imports files up to 64 MB — split it into smaller files")
    }

    @Test func aByteOrderMarkAndLeadingBlankLinesKeepLineNumbers() throws {
        let vcf = Data([0xEF, 0xBB, 0xBF]) + Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n".utf8)
        guard case .contacts(let cards, .vcard) = try ImportFile.read(vcf) else { Issue.record(); return }
        #expect(cards.problems.isEmpty && cards.contacts.map(\.profile.displayName) == ["Ana"])
        let csv = Data([0xEF, 0xBB, 0xBF]) + Data("\n\nName,Email\nAna,ana@example.com\nBen,not-an-email\n".utf8)
        guard case .contacts(let rows, .csv) = try ImportFile.read(csv) else { Issue.record(); return }
        #expect(rows.contacts.map(\.line) == [4])
        #expect(rows.problems == [ImportProblem(line: 5, name: "Ben", message: "'not-an-email' is not an email address")])
    }

    @Test func utf16WithAByteOrderMarkReads() throws {
        let text = "Name,Email\r\nAna Lima,ana@example.com\r\n"
        let data = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
        guard case .contacts(let read, .csv) = try ImportFile.read(data) else { Issue.record(); return }
        #expect(read.contacts.map(\.profile.displayName) == ["Ana Lima"])
    }

    @Test func garbageNeverCrashes() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            let length = Int(rng.next() % 400)
            let pieces = ["BEGIN:VCARD\n", "END:VCARD\n", "FN:", "\"", ",", "\n", " ", "=", ";", ":", "Ana", "=C3", "\\", "--0229", "\r\n"]
            var s = ""
            for _ in 0..<length { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            _ = try? ImportFile.read(Data(s.utf8))
            _ = VCardReader.read(s)
            _ = try? CSVTable(s)
        }
    }
}

/// A tiny deterministic generator for the fuzz-style test above.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
