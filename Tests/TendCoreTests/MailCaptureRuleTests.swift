import Foundation
import Testing
@testable import TendCore

/// The rules of mail capture (issue 16): what is a touch, with whom, and what it was for.
@Suite struct MailCaptureRuleTests {
    static let me: Set<String> = ["me@example.com", "me@work.example"]
    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    func header(from: String = "me@example.com", to: [String] = ["ana@example.org"], cc: [String] = [], bcc: [String] = [],
                subject: String = "Hello", list: String? = nil, precedence: String? = nil, auto: String? = nil, unsubscribe: String? = nil) -> MailHeader {
        MailHeader(messageID: "x@y", date: Self.date, from: [MailParty(address: from)], to: to.map { MailParty(address: $0) },
                   cc: cc.map { MailParty(address: $0) }, bcc: bcc.map { MailParty(address: $0) }, subject: subject, listID: list,
                   listUnsubscribe: unsubscribe, precedence: precedence, autoSubmitted: auto)
    }

    func read(_ h: MailHeader) -> MailCapture.Reading { MailCapture.read(h, me: Self.me, maxRecipients: 20) }

    @Test func whatYouSendIsATouchWithEveryoneButYou() {
        #expect(read(header(to: ["ana@example.org", "me@work.example"], cc: ["BEN@example.org"], bcc: ["ana@example.org"]))
                == .sent(to: [MailParty(address: "ana@example.org"), MailParty(address: "ben@example.org")]))
        #expect(read(header(from: "ana@example.org", to: ["me@example.com"])) == .received(from: MailParty(address: "ana@example.org")))
        #expect(read(header(from: "ana@example.org", to: ["someone@else.org"])) == .skipped(.notYours))
        #expect(read(header(to: ["me@work.example"])) == .skipped(.onlyYou))
        var undated = header()
        undated.date = nil
        #expect(read(undated) == .skipped(.undated))
    }

    @Test func listsBulkAutomaticAnnouncementsAndNoReplyAreSkipped() {
        #expect(read(header(list: "<weekly.lists.example>")) == .skipped(.list))
        #expect(read(header(precedence: " Bulk")) == .skipped(.bulk))
        #expect(read(header(precedence: "junk")) == .skipped(.bulk))
        #expect(read(header(auto: "auto-replied")) == .skipped(.automatic))
        #expect(read(header(auto: "no")).isSkipped == false, "Auto-Submitted: no is a person writing")
        #expect(read(header(to: (1...21).map { "p\($0)@example.net" })) == .skipped(.tooManyRecipients))
        #expect(read(header(to: (1...20).map { "p\($0)@example.net" })).isSkipped == false)
        #expect(read(header(to: ["noreply@shop.example"])) == .skipped(.noReply))
        #expect(read(header(to: ["noreply@shop.example", "ana@example.org"])) == .sent(to: [MailParty(address: "ana@example.org")]))
        #expect(read(header(from: "newsletter@shop.example", to: ["me@example.com"], unsubscribe: "<mailto:x@y>")) == .skipped(.bulk))
        for address in ["no-reply@x.org", "noreply@x.org", "do-not-reply@x.org", "DoNotReply@x.org", "mailer-daemon@x.org",
                        "notifications@github.com", "bounces+123@x.org", "postmaster@x.org"] {
            #expect(MailCapture.isNoReply(address), "\(address)")
        }
        for address in ["ana@example.org", "replies@x.org", "noreen@x.org", "notes@x.org"] { #expect(!MailCapture.isNoReply(address), "\(address)") }
    }

    @Test func aSubjectThatReadsAsARequestIsProposedAsAnAsk() {
        let asks: [(String, Intent)] = [
            ("Quick question about your team", .ask(.help)), ("Re: Could you look at this?", .ask(.help)),
            ("Advice on a job offer", .ask(.advice)), ("Intro to Sam?", .ask(.help)), ("A small favour", .ask(.favour)),
            ("Kannst du mir helfen?", .ask(.help)), ("Une question", .ask(.help)), ("Necesito tu consejo", .ask(.advice)),
            ("Would you be up for a chat?", .ask(.help)), ("Congrats! Could you intro me to Sam?", .ask(.help)),
        ]
        for (subject, intent) in asks { #expect(MailCapture.proposedIntent(subject: subject) == intent, "\(subject)") }
        for subject in ["Dinner next week?", "Photos", "Re: Questionnaire results", "Re: Congrats!", "Re: So sorry to hear", ""] {
            #expect(MailCapture.proposedIntent(subject: subject) == .checkIn, "\(subject)")
        }
        // Need-free subjects are proposed as what they are, so that they answer the moment they respond to.
        let needFree: [(String, Intent)] = [
            ("Thanks for your help!", .thanks), ("Re: Thank you for the intro", .thanks), ("Congrats on the new role!", .celebrate),
            ("Happy birthday", .celebrate), ("Herzlichen Glückwunsch", .celebrate), ("Félicitations !", .celebrate),
            ("So sorry to hear about the layoff", .support), ("Thinking of you", .support), ("Mis condolencias", .support),
        ]
        for (subject, intent) in needFree { #expect(MailCapture.proposedIntent(subject: subject) == intent, "\(subject)") }
        #expect(MailCapture.bareSubject("Re: AW: Fwd:  Dinner") == "Dinner")
    }

    @Test func aMessageIsKnownByItsIDElseByWhatItSays() {
        var a = header()
        #expect(a.key == "mid:x@y")
        a.messageID = nil
        var b = a
        #expect(a.key == b.key && a.key.hasPrefix("hash:"))
        b.subject = "Other"
        #expect(a.key != b.key)
        #expect(StableHash.hex("tend") == StableHash.hex("tend") && StableHash.hex("tend").count == 32)
    }

    @Test func captureSettingsAreChecked() throws {
        #expect(try CaptureSettings(addresses: [" Me@Example.com ", "me@example.com", ""]).validated().addresses == ["me@example.com"])
        #expect(throws: ValidationError.self) { try CaptureSettings(addresses: ["not an address"]).validated() }
        #expect(throws: ValidationError.self) { try CaptureSettings(maxRecipients: 0).validated() }
        #expect(throws: ValidationError.self) { try CaptureSettings(pollMinutes: 1).validated() }
    }

    @Test func theAgendaSuggestsAReplyToACloseUnansweredPerson() {
        let today = Day("2026-12-01")!
        let ana = Person(id: PersonID(1), profile: Profile(displayName: "Ana Lima"), tier: .meaningful, addedOn: Day("2026-01-01")!)
        let cara = Person(id: PersonID(2), profile: Profile(displayName: "Cara Diaz"), tier: .familiar, addedOn: Day("2026-01-01")!)
        func agenda(lastTouch: Day?, wrote: Day, person: Person = ana) -> Suggestion? {
            let touches = TouchSummary(lastNeedFree: lastTouch, lastAsk: nil, lastTouch: lastTouch, needFreeLastYear: 1, givesLastYear: 0, asksLastYear: 0)
            let input = Agenda.Input(today: today, settings: Settings(), people: [Agenda.Entry(person: person, touches: touches)],
                                     lastWrote: [person.id: wrote], replyAfterDays: 3)
            return Agenda(input).suggestions.first { $0.kind == .reply }
        }
        let waiting = agenda(lastTouch: Day("2026-11-20"), wrote: Day("2026-11-25")!)
        #expect(waiting?.key == "reply:1:2026-11-25" && waiting?.priority == .closeNews)
        #expect(agenda(lastTouch: Day("2026-11-25"), wrote: Day("2026-11-25")!) == nil, "answered on the day")
        #expect(agenda(lastTouch: Day("2026-11-20"), wrote: Day("2026-11-29")!) == nil, "two days is not yet waiting")
        #expect(agenda(lastTouch: Day("2026-10-01"), wrote: Day("2026-10-20")!) == nil, "over a month is past")
        #expect(agenda(lastTouch: Day("2026-11-20"), wrote: Day("2026-11-25")!, person: cara) == nil, "familiar people get no reply nudge")
    }
}
