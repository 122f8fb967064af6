import Testing
@testable import TendCore
import TendServices
import TendTestSupport

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+44 20 7946 0958", nil, "+442079460958"),
        ("+44 (0)20 7946 0958", nil, "+442079460958"),
        ("0044 20 7946 0958", "DE", "+442079460958"),
        ("030 1234567", "DE", "+49301234567"),
        ("0151 1234 5678", "de", "+4915112345678"),
        ("(415) 555-0134", "US", "+14155550134"),
        ("1-415-555-0134", "US", "+14155550134"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("02 1234 5678", "IT", "+390212345678"),
        ("8 (912) 345-67-89", "RU", "+79123456789"),
        ("tel:+351-912-345-678", nil, "+351912345678"),
        ("+1 415 555 0134 ext. 12", nil, "+14155550134"),
        ("+49\u{00A0}30\u{202F}1234567", nil, "+49301234567"),
    ] as [(String, String?, String)])
    func normalisesToE164(raw: String, country: String?, expected: String) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == expected)
    }

    @Test(arguments: [
        ("030 1234567", nil),          // national, and no default country
        ("030 1234567", "XX"),         // a country Tend does not know
        ("call me", "DE"),
        ("+49 30 12+34", "DE"),
        ("555-0134", "US"),            // seven digits: not a whole US number
        ("+12", nil),
        ("+1234567890123456", nil),    // longer than E.164 allows
        ("", "DE"),
    ] as [(String, String?)])
    func leavesOutWhatCannotBeDialled(raw: String, country: String?) {
        #expect(PhoneNumber.e164(raw, defaultCountry: country) == nil)
    }

    @Test func knowsItsCountries() {
        #expect(PhoneNumber.isKnown(country: "de") && PhoneNumber.isKnown(country: "GB"))
        #expect(!PhoneNumber.isKnown(country: "XX") && !PhoneNumber.isKnown(country: "Germany"))
        #expect(PhoneNumber.countries.count > 60)
    }
}

@Suite struct SendLinkTests {
    func ana(emails: [String] = [], phones: [String] = [], links: [Link] = []) -> Person {
        Person(id: 1, profile: Profile(displayName: "Ana Souza", emails: emails, phones: phones, links: links), tier: .intimate,
               addedOn: day("2026-01-01"))
    }

    @Test func everyWayThePersonCanBeReached() throws {
        let p = ana(emails: ["ana+work@example.com"], phones: ["030 1234567"], links: [Link(label: "Telegram", url: "https://t.me/ana_souza")])
        let contact = try #require(SendLink.Contact(p, defaultCountry: "DE"))
        let links = contact.links(subject: "Catching up", draft: "Hi Ana, how are you? 50% done & more")
        #expect(links.map(\.app) == [.email, .sms, .whatsapp, .signal, .telegram])
        #expect(links[0].url == "mailto:ana+work@example.com?subject=Catching%20up&body=Hi%20Ana%2C%20how%20are%20you%3F%2050%25%20done%20%26%20more")
        #expect(links[1].url == "sms:+49301234567?body=Hi%20Ana%2C%20how%20are%20you%3F%2050%25%20done%20%26%20more")
        #expect(links[2].url.hasPrefix("https://wa.me/49301234567?text=Hi%20Ana"))
        #expect(links[3].url == "https://signal.me/#p/+49301234567")
        #expect(links[4].url == "https://t.me/ana_souza")
        #expect(links.map(\.app.channel) == [.email, .message, .message, .message, .message])
    }

    @Test func nonASCIIIsPercentEncodedAsUTF8() {
        #expect(SendLink.encode("Olá — café") == "Ol%C3%A1%20%E2%80%94%20caf%C3%A9")
    }

    @Test func noContactDetailsNoLinks() {
        #expect(SendLink.Contact(ana(), defaultCountry: "DE") == nil)
        // A national number with no default country cannot be dialled: no phone buttons, never a broken link.
        #expect(SendLink.Contact(ana(phones: ["030 1234567"]), defaultCountry: nil) == nil)
        let emailOnly = SendLink.Contact(ana(emails: ["ana@example.com"], phones: ["not a number"]), defaultCountry: "DE")
        #expect(emailOnly?.links(subject: "s", draft: "d").map(\.app) == [.email])
    }

    @Test func telegramOnlyFromATelegramAddress() {
        #expect(SendLink.telegramUsername("https://t.me/ana_souza") == "ana_souza")
        #expect(SendLink.telegramUsername("telegram.me/AnaSouza?start=1") == "anasouza")
        #expect(SendLink.telegramUsername("https://example.com/t.me/ana") == nil)
        #expect(SendLink.telegramUsername("https://t.me/ab") == nil)
    }

    @Test func suggestionsCarryTheirLinksButAHeadsUpHasNone() {
        var p = ana(emails: ["ana@example.com"])
        p.profile.birthday = Birthday("--11-29")
        let a = agenda("2026-11-27", [Agenda.Entry(person: p, touches: TouchSummary(lastNeedFree: day("2026-11-20")))])
        #expect(a.suggestions.map(\.kind) == [.birthdayHeadsUp])
        #expect(a.suggestions[0].contact != nil && a.suggestions[0].sendLinks.isEmpty)
        let onTheDay = agenda("2026-11-29", [Agenda.Entry(person: p, touches: TouchSummary(lastNeedFree: day("2026-11-20")))])
        #expect(onTheDay.suggestions[0].sendLinks.first?.url.hasPrefix("mailto:ana@example.com?subject=Happy%20birthday%21&body=Happy%20birthday%2C%20Ana%21") == true)
    }

    @Test func theDefaultCountryIsCheckedWhereItIsSet() throws {
        #expect(try Settings(defaultCountry: " de ").validated().defaultCountry == "DE")
        #expect(try Settings(defaultCountry: "").validated().defaultCountry == nil)
        #expect(throws: ValidationError(field: "default-country", message: "'Narnia' is not a country Tend knows; use a two-letter code such as DE, GB or US")) {
            try Settings(defaultCountry: "Narnia").validated()
        }
        for bad in [0, 1000] {
            #expect(throws: ValidationError.self) { try Settings(agendaLength: bad).validated() }
        }
    }
}

@Suite struct DraftTests {
    @Test func theSameForAPersonAndADayAndVariedAcrossDays() {
        let p = person(1, "Ana Souza", .meaningful, company: "Quill")
        let drafts = (0..<30).map { k in Drafts.keepUp(name: "Ana", person: p, seed: Drafts.seed(p.id, day("2026-11-01").adding(days: k))) }
        #expect(Set(drafts).count >= 3, "several wordings come round")
        #expect(Drafts.keepUp(name: "Ana", person: p, seed: Drafts.seed(p.id, day("2026-11-05")))
                == Drafts.keepUp(name: "Ana", person: p, seed: Drafts.seed(p.id, day("2026-11-05"))))
        #expect(drafts.contains { $0.contains("at Quill") }, "what Tend knows is used")
    }

    @Test func neverAGapWhenAFieldIsMissing() {
        let bare = person(2, "Ben", .intimate)
        for k in 0..<60 {
            let seed = Drafts.seed(bare.id, day("2026-01-01").adding(days: k))
            let texts = [Drafts.keepUp(name: "Ben", person: bare, seed: seed), Drafts.birthday(name: "Ben", seed: seed),
                         Drafts.followUp(name: "Ben", seed: seed), Drafts.askForInput(name: "Ben", seed: seed),
                         Drafts.celebrate(news: "the launch", about: .themself, name: "Ben", subject: "you", note: "", seed: seed)]
            for t in texts {
                #expect(t.contains("Ben") && !t.contains("nil") && !t.contains("()") && !t.contains("  "), "\(t)")
            }
        }
    }
}

@Suite struct PhoneNumberPropertyTests {
    /// 20,000 strings made of what phone fields hold (digits, separators, plus signs, letters, odd Unicode):
    /// whatever comes back is E.164, and reading it again gives it back.
    @Test func whateverItReturnsIsE164AndStable() {
        var rng = SeededGenerator(seed: 19)
        let pieces = Array("0123456789 +-.()/#;,xX\u{00A0}\u{202F}aé٣") + ["00", "011", "(0)", "tel:", "ext"].flatMap { Array($0) }
        let countries: [String?] = [nil, "DE", "US", "GB", "IT", "RU", "FR", "XX"]
        var found = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...22, using: &rng)
            // Mostly digits, as real numbers are; the rest from everything else a field can hold.
            let raw = String((0..<length).map { _ in
                Int.random(in: 0..<10, using: &rng) < 8 ? Character(String(Int.random(in: 0...9, using: &rng))) : pieces.randomElement(using: &rng)!
            })
            let country = countries.randomElement(using: &rng)!
            guard let number = PhoneNumber.e164(raw, defaultCountry: country) else { continue }
            found += 1
            #expect(number.wholeMatch(of: /\+[1-9][0-9]{6,14}/) != nil, "\(raw) → \(number)")
            #expect(PhoneNumber.e164(number, defaultCountry: nil) == number)
            #expect(PhoneNumber.e164(number, defaultCountry: country) == number)
        }
        #expect(found > 500, "the generator makes numbers too, not only garbage")
    }
}

@Suite struct LastNoteDraftTests {
    @Test func aShortTopicTheUserTypedIsMentionedAndAnythingElseIsNot() {
        #expect(Drafts.isTopic("Half-marathon") && Drafts.isTopic("coffee by the river"))
        for note in ["Keep up: last need-free touch 40 days ago", "asked her about the move", "Their new flat",
                     "", "ok", "Did you get the job?", "line one\nline two", String(repeating: "long ", count: 12)] {
            #expect(!Drafts.isTopic(note), "\(note)")
        }
    }

    @Test func aKeepUpDraftMentionsTheLastConversation() throws {
        let p = person(1, "Ana Souza", .meaningful)
        let a = agenda("2026-11-27", [entry(p, lastNeedFree: "2026-10-01")])
        let noted = a.withLastNotes([p.id: "Half-marathon"], people: [p])
        let draft = try #require(noted.suggestions.first?.draft)
        #expect(draft.contains("(half-marathon)") && draft.hasPrefix("Hi Ana,"))
        #expect(a.withLastNotes([p.id: "Keep up: last need-free touch 40 days ago"], people: [p]).suggestions.first?.draft == a.suggestions.first?.draft)
        // Only keep-ups: a birthday wish stays a birthday wish.
        let b = person(2, "Ben", .familiar, birthday: "--11-27")
        let birthday = agenda("2026-11-27", [entry(b)]).withLastNotes([b.id: "Half-marathon"], people: [b])
        #expect(birthday.suggestions.first?.draft.hasPrefix("Happy birthday, Ben!") == true)
    }
}
