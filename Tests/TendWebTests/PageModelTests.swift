import Foundation
import Mustache
import Testing
@testable import TendWeb
import TendCore
import TendForms
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// Each page's model, built by its pure initialiser from what the services return: no server, no request.
@Suite struct PageModelTests {
    @Test func todayRanksTheAgendaAndKeepsAnotherDaysDateInItsLinks() {
        let ana = person(1, "Ana Souza", .meaningful, birthday: "1990-11-27")
        let ben = person(2, "Ben Okafor", .intimate, cadence: 14)
        let a = agenda("2026-11-27", [entry(ana), entry(ben, lastNeedFree: "2026-10-01")])
        let page = TodayPage(agenda: a, day: day("2026-11-27"), today: day("2026-11-27"))
        #expect(page.suggestions.map(\.rank) == Array(1...a.shown.count))
        #expect(page.suggestions.first?.personName == "Ana Souza")
        #expect(page.suggestions.first?.kind == "birthday")
        #expect(page.suggestions.allSatisfy { $0.date == "2026-11-27" && $0.channels.contains(where: \.selected) })
        #expect(page.summary == "\(a.suggestions.count) people to reach out to")
        #expect(page.dateLabel == "Friday 27 November 2026")
        #expect(page.dateQuery == "")
        #expect(TodayPage(agenda: a, day: day("2026-11-28"), today: day("2026-11-27")).dateQuery == "&date=2026-11-28")
        let empty = TodayPage(agenda: agenda("2026-11-27", []), day: day("2026-11-27"), today: day("2026-11-27"))
        #expect(empty.summary == "all caught up" && empty.suggestions.isEmpty && empty.rest == nil)
    }

    @Test func peopleLinksKeepTheSearchFiltersAndOrder() async throws {
        try await withTending { t in
            for i in 1...3 { try await t.add("Person \(i)", .intimate, tags: ["climbing"], on: "2026-01-0\(i)") }
            let (lines, total) = try await t.peoplePage(PeopleFilter(), search: "person", sort: .name, page: 1, pageSize: 2, asOf: day("2026-11-27"))
            let page = PeoplePage(lines: lines, total: total, tags: ["climbing"],
                                  query: .init(q: "person", tier: .intimate, tag: "climbing", sort: .name, descending: false, page: 1),
                                  today: day("2026-11-27"))
            #expect(page.rows.map(\.name) == ["Person 1", "Person 2"])
            #expect(page.rows.allSatisfy { $0.isDue && $0.lastTouch == "never" })
            #expect(page.filtered && page.filteredExport)
            #expect(page.vcardHref == "/export/contacts.vcf?tier=intimate&tag=climbing")
            let name = try #require(page.columns.first)
            #expect(name.arrow == "↑" && name.href == "/people?q=person&tier=intimate&tag=climbing&sort=name&dir=desc")
            #expect(page.columns.dropFirst().allSatisfy { $0.arrow == nil })
            #expect(page.tags.map(\.selected) == [true])
            #expect(page.tiers.first(where: \.selected)?.value == "intimate")
        }
    }

    @Test func aPageNumberPastTheLastShowsTheLast() {
        let page = PeoplePage(lines: [], total: 120, tags: [], query: .init(page: 9), today: day("2026-11-27"))
        #expect(page.pages == 3 && page.page == 3)
        #expect(page.next == nil && page.prev == "/people?sort=name&page=8")
        #expect(!page.hasPeople && page.peopleWord == "people" && !page.filtered && page.vcardHref == "/export/contacts.vcf")
    }

    @Test func thePersonFormKeepsWhatWasTypedWithEachProblemBesideItsField() {
        var values = PersonFormValues(tier: "familiar")
        values.name = "Ana"
        values.emails = "not-an-email"
        let parsed = values.parse()
        #expect(parsed.problems["emails"] == "'not-an-email' is not an email address.")
        let page = PersonFormPage(values: values, problems: parsed.problems, person: nil)
        #expect(page.isNew && page.action == "/people" && page.submit == "Add person" && page.hasProblems)
        let emails = try? #require(page.fields.first { $0.name == "emails" })
        #expect(emails?.value == "not-an-email" && emails?.problem == parsed.problems["emails"] && emails?.isArea == true)
        #expect(page.fields.first { $0.name == "name" }?.problem == nil)
        let edit = PersonFormPage(values: PersonFormValues(person(7, "Ben Okafor", .intimate)), problems: [:], person: person(7, "Ben Okafor", .intimate))
        #expect(!edit.isNew && edit.action == "/people/7" && edit.heading == "Edit Ben Okafor" && !edit.hasProblems)
        #expect(edit.fields.first { $0.name == "tier" }?.options.first(where: \.selected)?.value == "intimate")
    }

    @Test func aPersonsPageShowsTheirLadderFactsAndTimelineNewestFirst() async throws {
        try await withTending { t in
            let ana = try await t.add("Ana Souza", .familiar, birthday: "1990-04-12", company: "Acme", emails: ["ana@example.com"], target: .intimate)
            _ = try await t.logTouch(to: [.id(ana.id)], on: day("2026-03-01"), channel: .call, intent: .ask(.advice))
            _ = try await t.recordMoment(.id(ana.id), kind: .win(.promotion), on: day("2026-05-01"))
            let page = PersonPage(detail: try await t.detail(.id(ana.id), asOf: day("2026-11-27")), today: day("2026-11-27"), mergeProblem: "No.")
            #expect(page.name == "Ana Souza" && page.subtitle == "Familiar")
            #expect(page.employer?.name == "Acme" && page.employer?.href == "/company?name=Acme", "the company links to its page")
            #expect(page.ladder.map(\.class) == ["", "current", "target", ""])
            #expect(page.nextStep != nil)
            #expect(page.facts.contains { $0.label == "Email" && $0.href == "mailto:ana@example.com" })
            #expect(page.facts.contains { $0.label == "Birthday" && $0.value == "12 April 1990" })
            #expect(page.timeline.map(\.date) == ["2026-05-01", "2026-03-01"])
            #expect(page.timeline.first?.dismissForm == true)
            #expect(page.takerWarning != nil, "one ask and nothing given")
            #expect(page.mergeProblem == "No." && page.touchProblem == nil)
            #expect(page.targets.map(\.value) == ["intimate", "meaningful"])
        }
    }

    @Test func networkChartsAreDrawnFromThePicture() async throws {
        try await withTending { t in
            try await t.add("Ana", .meaningful)
            let page = NetworkPage(picture: try await t.network(asOf: day("2026-11-27")), today: day("2026-11-27"))
            #expect(page.dateLabel == "27 November 2026")
            #expect(page.tiersChart.contains("People per tier") && page.tiersChart.contains("/people?tier=meaningful"))
            #expect(page.weeksChart.hasPrefix("<svg") || page.weeksChart.contains("<svg"))
            #expect(page.hasDrift && page.driftChart.contains("Ana"))
        }
    }

    @Test func settingsShowTokensBackupsAndANewTokenOnce() {
        var settings = Settings()
        settings.timeZone = "Europe/Lisbon"
        let token = APIToken(id: 3, name: "phone", scope: .read, createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        let page = SettingsPage(settings: settings, tokens: [token], feedURL: nil, backups: (folder: "/data/backups", last: nil),
                                systemZone: TimeZone(identifier: "Europe/Paris")!, newToken: (secret: "tend_secret", name: "phone"),
                                problems: .init(token: "Name it."))
        #expect(page.tokens.map(\.access) == ["Read-only"] && page.tokens[0].lastUsed == "Never" && page.hasTokens)
        #expect(page.newToken == "tend_secret" && page.newTokenName == "phone" && page.tokenProblem == "Name it.")
        #expect(page.backups?.summary == "The first backup is made when the server starts.")
        #expect(page.zones.first(where: \.selected)?.value == "Europe/Lisbon" && page.systemZone == "Europe/Paris")
        #expect(page.cadences.map(\.tier) == ["meaningful", "intimate", "familiar", "unfamiliar"])
        let plain = SettingsPage(settings: Settings(), tokens: [], feedURL: "https://x/feeds/t.ics", backups: nil, systemZone: .current)
        #expect(plain.backups == nil && !plain.hasTokens && plain.newToken == nil && plain.feedURL == "https://x/feeds/t.ics")
    }

    @Test func importFormAndPreview() async throws {
        let form = ImportPage(form: Form("format=linkedin&tier=familiar&tags=work&skip_invalid=on"), problems: ["line 2: no name"])
        #expect(form.formats.first(where: \.selected)?.value == "linkedin")
        #expect(form.tiers.first(where: \.selected)?.value == "familiar")
        #expect(form.skipInvalid && form.hasProblems && form.tags == "work")
        try await withTending { t in
            let content = try ImportFile.read(Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chloé Martin\r\nEND:VCARD\r\n".utf8))
            guard case .contacts(let report) = try await t.importContent(content, dryRun: true, on: day("2026-11-27")) else {
                Issue.record("a vCard is contacts")
                return
            }
            let preview = ImportPreviewPage(filename: "cards.vcf", token: "t", report: report, backup: nil)
            #expect(preview.hasAdded && preview.added.map(\.name) == ["Chloé Martin"] && preview.canImport && !preview.hasSkipped)
            let backup = ImportPreviewPage(filename: "b.json", token: "t", report: nil, backup: "This is a Tend backup of 1 people.")
            #expect(backup.canImport && backup.format == "backup" && !backup.hasAdded)
        }
    }

    @Test func errorPagesAreHeadedByTheirKind() {
        #expect(ErrorPage(status: .notFound, message: "x").heading == "Not found")
        #expect(ErrorPage(status: .tooManyRequests, message: "x").heading == "Slow down")
        #expect(ErrorPage(status: .contentTooLarge, message: "x").heading == "Too large")
        #expect(ErrorPage(status: .badRequest, message: "Check the date.").heading == "That didn't work")
        #expect(ErrorPage(status: .internalServerError, message: "x").heading == "Something went wrong")
    }

    @Test func theSignInPageKeepsWhereToGoNextAndWhetherSignUpIsOpen() throws {
        let library = try Renderer().library
        let open = try #require(library.render(SignInPage(email: "ana@example.com", next: "/people?q=ana", signUpOpen: true), withTemplate: "login"))
        #expect(open.contains("value=\"/people?q=ana\"") && open.contains("value=\"ana@example.com\"") && open.contains("href=\"/signup\""))
        let closed = try #require(library.render(SignInPage(problem: "Wrong password.", signUpOpen: false), withTemplate: "login"))
        #expect(!closed.contains("href=\"/signup\"") && closed.contains("Wrong password."))
    }

    @Test func everyTemplateIsInTheBinaryAndRenders() throws {
        #expect(Set(Templates.all.keys) == ["layout", "error", "csrf", "login", "signup", "today", "people", "personForm", "person",
                                             "network", "settings", "import", "importPreview", "chatPreview", "calendarPreview", "act", "week", "news", "captured",
                                             "mail", "calendars", "feeds", "company"])
        #expect(Templates.all.values.allSatisfy { !$0.isEmpty && !$0.hasSuffix("\n") })
        let library = try Renderer().library
        let page = TodayPage(agenda: agenda("2026-11-27", [entry(person(1, "Ana Souza", .meaningful, birthday: "1990-11-27"))]),
                             day: day("2026-11-27"), today: day("2026-11-27"))
        let html = try #require(library.render(page, withTemplate: "today"))
        #expect(html.contains("Ana Souza") && html.contains("name=\"_csrf\""))
        #expect(Assets.css.contains(":root") && Assets.js.contains("data-copy"))
    }
}

/// A chat export's preview (issue 17): every chat with who it is with, and a choice where one is needed.
@Suite struct ChatPreviewPageTests {
    @Test func unmatchedAndGroupChatsOfferTheirChoices() throws {
        func line(_ title: String, _ kind: String, _ status: ChatImportReport.Line.Status, people: [String] = [], by: String? = nil,
                  suggestions: [ChatImportReport.Line.Suggestion] = []) -> ChatImportReport.Line {
            .init(key: "whatsapp:" + title.lowercased(), title: title, kind: kind, messages: 9, yourDays: 3, theirDays: 1, status: status,
                  people: people, personIDs: people.isEmpty ? [] : [1], matchedBy: by, touches: status == .imported ? 3 : 0,
                  suggestions: suggestions, reason: nil)
        }
        var report = ChatImportReport(app: "WhatsApp", dryRun: true, me: "Sam <Rivera>")
        report.chats = [line("Ana Lima", "personal", .imported, people: ["Ana Lima"], by: "name"),
                        line("Eli", "personal", .unmatched, suggestions: [.init(personID: 4, name: "Eli Park")]),
                        line("Book club", "group", .group)]
        report.touches = 3
        let page = ChatPreviewPage(filename: "chats.zip", token: "tok", report: report, choices: ["whatsapp:book club": "include"])
        let html = try #require(try Renderer().library.render(page, withTemplate: "chatPreview"))
        #expect(html.contains("You are “Sam &lt;Rivera&gt;” in this export."), "escaped")
        #expect(html.contains(#"<option value="" selected>Ana Lima (same name)</option>"#))
        #expect(html.contains(#"<input type="hidden" name="chatkey" value="whatsapp:eli"><select name="choice" aria-label="Who “Eli” is with"><option value="" selected>Choose…</option><option value="p4">Eli Park</option><option value="new">Add “Eli” as a new person</option><option value="skip">Leave this chat out</option></select>"#))
        #expect(html.contains(#"<option value="include" selected>Include: a touch with its members in Tend</option>"#), "a choice made is kept")
        #expect(html.contains(#"name="then" value="import">Import</button>"#))
    }
}

/// The News page's model (issue 18): what each proposal shows, its kind preselected.
@Suite struct NewsPageModelTests {
    @Test func aProposalShowsItsNoteSourceAndKind() throws {
        let ben = Person(id: 2, profile: Profile(displayName: "Ben Okafor"), tier: .intimate, addedOn: day("2026-01-01"))
        let p = Proposal(id: 7, personID: 2, kind: .struggle(.companyTrouble), about: .company, on: day("2026-11-30"),
                         note: "Lumen lays off 10%", source: "Lumen newsroom", link: "https://lumen.example/news", key: "post:x")
        let page = NewsPage(news: [Tending.NewsItem(proposal: p, person: ben)], decided: 3)
        let html = try #require(try Renderer().library.render(page, withTemplate: "news"))
        #expect(html.contains(#"<span class="kind support">Company trouble</span><a href="/people/2">Ben Okafor</a>"#))
        #expect(html.contains("their company&#39;s news:") && html.contains("Lumen lays off 10%") && html.contains("30 November 2026</time> · Lumen newsroom"))
        #expect(html.contains(#"<option value="struggle:company-trouble" selected>Company trouble</option>"#))
        #expect(html.contains(#"href="https://lumen.example/news" rel="noopener noreferrer nofollow""#) && html.contains("3 decided before."))
        #expect(!(try #require(try Renderer().library.render(NewsPage(news: [], decided: 0), withTemplate: "news"))).contains("decided before"))
    }
}

/// A calendar's preview (issue 17): the touches it would add, move and remove, newest first, with what happens to each.
@Suite struct CalendarPreviewPageTests {
    @Test func changesAreListedNewestFirstAndEscaped() throws {
        func line(_ title: String, _ d: String, _ status: CalendarImportReport.Line.Status, channel: Channel? = .video, reason: String? = nil) -> CalendarImportReport.Line {
            .init(key: title, title: title, start: d, day: day(d), people: ["Ana <Lima>"], channel: channel, status: status, reason: reason)
        }
        var report = CalendarImportReport(calendar: "Work & play", source: "calendar:Work & play", dryRun: true, since: day("2016-12-01"),
                                          events: 3, occurrences: 4, problems: ["line 9: RRULE it has no FREQ"])
        report.lines = [line("Stand-up", "2026-11-02", .added), line("Lunch", "2026-11-03", .moved, channel: .inPerson),
                        line("Party", "2026-11-04", .removed, channel: nil, reason: "cancelled"), line("All hands", "2026-11-05", .skipped, channel: nil, reason: "with more than 20 people")]
        report.added = 1
        report.moved = 1
        report.removed = 1
        let page = CalendarPreviewPage(filename: "work.ics", token: "tok", report: report)
        #expect(page.rows.map(\.title) == ["Party", "Lunch", "Stand-up"], "newest first; skipped ones are not touches")
        let html = try #require(try Renderer().library.render(page, withTemplate: "calendarPreview"))
        #expect(html.contains("(the calendar “Work &amp; play”)") && html.contains("<td>Ana &lt;Lima&gt;</td>"), "escaped")
        #expect(html.contains("<td>Party <span class=\"hint\">(removed: cancelled)</span></td>"))
        #expect(html.contains("<li>line 9: RRULE it has no FREQ</li>"))
        #expect(html.contains(#"name="then" value="import">Import</button>"#))
    }
}
