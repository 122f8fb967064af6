import Foundation
import Testing
import TendCore
import TendInterop

/// Applying what Tend knows to a card a phone wrote (issue 15): only the lines of fields that differ change.
@Suite struct CardPatchTests {
    static let card = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 18.1//EN", "N:Lima;Ana;;;", "FN:Ana Lima",
        "item1.EMAIL;type=INTERNET;type=pref:ana@example.com", "item1.X-ABLabel:_$!<Other>!$_",
        "TEL;type=CELL;type=VOICE;type=pref:+55 11 91234-5678", "ORG:Lumen;Design", "TITLE:Designer",
        "item2.ADR;type=HOME;type=pref:;;Rua Augusta 100;São Paulo;SP;01305-000;Brazil", "item2.X-ABLabel:_$!<Home>!$_",
        "X-SOCIAL-THING:keep me", "item3.URL:https://ana.example", "item3.X-ABLabel:blog", "UID:ana-uid", "END:VCARD",
    ].joined(separator: "\r\n") + "\r\n"

    func profile(_ text: String) throws -> Profile {
        guard case .person(let p, _) = CardPatch.read(text) else { throw CardPatchTestError() }
        return p
    }

    struct CardPatchTestError: Error {}

    @Test func aCardThatAlreadySaysItComesBackByteForByte() throws {
        let p = try profile(Self.card)
        #expect(CardPatch.apply(p, to: Self.card) == Self.card)
        #expect(p.company == "Lumen" && p.city == "São Paulo" && p.links.map(\.url) == ["https://ana.example"])
    }

    /// Found by the `card` fuzz target (strict): a card nested in another (2.1's AGENT) that comes before the outer
    /// card's own TITLE had its title rewritten instead, so the outer card still said the old one.
    @Test func aNestedCardIsWrittenBackAsItIsAndTheOuterOneIsPatched() throws {
        let card = [
            "BEGIN:VCARD", "VERSION:2.1", "N:Okafor;Ben;;;", "FN:Ben Okafor", "AGENT:", "BEGIN:VCARD", "VERSION:2.1",
            "FN:His assistant", "TITLE:Assistant", "EMAIL:assistant@example.com", "END:VCARD", "TITLE:Dentist", "END:VCARD",
        ].joined(separator: "\r\n") + "\r\n"
        var p = try profile(card)
        #expect(p.title == "Dentist" && p.emails.isEmpty, "the nested card's fields are not the person's")
        p.title = "Dentist II"
        p.emails = ["ben@example.com"]
        let out = CardPatch.apply(p, to: card)
        let again = try profile(out)
        #expect(again.title == "Dentist II" && again.emails == ["ben@example.com"], "\(out)")
        let lines = ContentLine.unfold(out).map(\.text).filter { !$0.isEmpty }
        #expect(lines.contains("TITLE:Assistant") && lines.contains("EMAIL:assistant@example.com"), "the nested card as it was: \(out)")
        #expect(lines.filter { $0 == "BEGIN:VCARD" }.count == 2 && lines.filter { $0 == "END:VCARD" }.count == 2)
        #expect(lines.last == "END:VCARD" && lines.firstIndex(of: "TITLE:Assistant")! < lines.firstIndex(of: "END:VCARD")!)
    }

    /// Found by the `card` fuzz target (strict): an address ending in a lone backslash, given a city, lost it (the
    /// backslash escaped the separator written after it).
    @Test func aLoneBackslashAtTheEndOfAnAddressEscapesNothingWhenTheCityIsAdded() throws {
        let card = ["BEGIN:VCARD", "VERSION:3.0", "FN:John Doe", "ADR;TYPE=HOME:;Crescent moon drive 12345\\", "END:VCARD"]
            .joined(separator: "\r\n") + "\r\n"
        var p = try profile(card)
        #expect(p.city == nil)
        p.city = "Zürich"
        let again = try profile(CardPatch.apply(p, to: card))
        #expect(again.city == "Zürich")
        let adr = ContentLine.unfold(CardPatch.apply(p, to: card)).compactMap { ContentLine.parse($0.text, line: $0.line) }.first { $0.name == "ADR" }
        #expect(adr?.components(separatedBy: ";").prefix(4) == ["", "Crescent moon drive 12345\\", "", "Zürich"], "the street keeps its backslash")
    }

    @Test func onlyTheLinesOfChangedFieldsAreRewritten() throws {
        var p = try profile(Self.card)
        p.emails.append("ana@work.example")
        p.birthday = Birthday(month: 4, day: 12, year: nil)
        p.company = "Quill"
        p.title = nil
        p.city = "Rio de Janeiro"
        p.links = [Link(label: "LinkedIn", url: "https://www.linkedin.com/in/ana-lima")]
        p.tags = ["climbing"]
        let out = CardPatch.apply(p, to: Self.card)
        let lines = Set(ContentLine.unfold(out).map(\.text))
        // Kept as written: the first email with its label, the phone's types, X- properties, the UID.
        for kept in ["item1.EMAIL;type=INTERNET;type=pref:ana@example.com", "item1.X-ABLabel:_$!<Other>!$_", "X-SOCIAL-THING:keep me",
                     "TEL;type=CELL;type=VOICE;type=pref:+55 11 91234-5678", "UID:ana-uid", "PRODID:-//Apple Inc.//iPhone OS 18.1//EN"] {
            #expect(lines.contains(kept), "\(kept)")
        }
        #expect(lines.contains("EMAIL;TYPE=INTERNET:ana@work.example"))
        #expect(lines.contains("ORG:Quill;Design"), "the unit stays")
        #expect(!out.contains("TITLE:"))
        #expect(lines.contains("item2.ADR;type=HOME;type=pref:;;Rua Augusta 100;Rio de Janeiro;SP;01305-000;Brazil"))
        #expect(lines.contains("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12"))
        #expect(!out.contains("https://ana.example") && !out.contains("item3.X-ABLabel"), "a removed link goes with its label")
        #expect(lines.contains("CATEGORIES:climbing"))
        #expect(out.hasSuffix("UID:ana-uid\r\nEND:VCARD\r\n"), "new lines go before the UID")
        // And the card now reads as the profile.
        #expect(CardPatch.Fields(try profile(out)) == CardPatch.Fields(p))
    }

    @Test func aWriteKeepsTheFieldsItDidNotChange() throws {
        let base = try profile(Self.card)
        var mine = base
        mine.notes = "Met at PyCon"
        var theirs = base
        theirs.birthday = Birthday("1990-04-12")
        theirs.cardExtras.append("X-NEW:1")
        let merged = CardPatch.merge(theirs: theirs, base: base, into: mine)
        #expect(merged.notes == "Met at PyCon" && merged.birthday == Birthday("1990-04-12"))
        #expect(merged.cardExtras.contains("X-NEW:1"))
        // A field both changed: the client's write is the newer one.
        var both = base
        both.notes = "From the phone"
        #expect(CardPatch.merge(theirs: both, base: base, into: mine).notes == "From the phone")
    }

    @Test func readingTellsPeopleFromGroupsAndRefusesWhatIsNoCard() {
        guard case .other(let uid) = CardPatch.read("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Family\r\nUID:g1\r\nEND:VCARD\r\n") else {
            Issue.record("a group is another card"); return
        }
        #expect(uid == "g1")
        if case .unreadable = CardPatch.read("HAHA:YES") {} else { Issue.record("not a vCard") }
        if case .unreadable = CardPatch.read(Self.card + Self.card) {} else { Issue.record("two cards are not one") }
        let withUID = CardPatch.settingUID("new-uid", in: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nEND:VCARD\r\n")
        #expect(withUID == "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X\r\nUID:new-uid\r\nEND:VCARD\r\n")
    }
}
