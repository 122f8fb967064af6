import TendCore
import TendStore
import TendServices

/// A person's page (`person.mustache`): their tier ladder, facts, give/ask balance, timeline, relations,
/// and the forms to log a touch, record a moment, move tiers and merge a duplicate.
struct PersonPage: PageModel {
    var csrf = ""
    /// Their feeds and their company's, with the newest posts; filled in after the rest.
    var feeds = FeedsPart()

    struct FeedsPart {
        struct Item { var id: Int64; var title: String; var url: String; var whose: String; var status: String; var broken: Bool }
        struct Post { var title: String; var link: String?; var date: String; var badge: String?; var badgeClass: String }
        var items: [Item] = []
        var posts: [Post] = []
        var hasItems = false
        var hasPosts = false
        /// Their company, when they have one: a feed can be the company's.
        var company: String?
        var problem: String?
        var address = ""
        /// Where the form follows a feed; a feed is stopped at `removeBase/ID/remove`.
        var followAction = ""
        var removeBase = ""
        /// On a company's page, its name, sent with each form.
        var companyName: String?
        var placeholder = "https://ana.example/blog"

        init() {}

        /// A person's: theirs and their company's.
        init(feeds: [FeedLine], posts: [FeedPost], person: Person, problem: String?, address: String) {
            self.init(feeds: feeds, posts: posts, problem: problem, address: address) { owner in
                if case .company(let c) = owner { "\(c)'s" } else { "\(person.profile.greetingName)'s" }
            }
            company = person.profile.company
            followAction = "/people/\(person.id)/feeds"
            removeBase = followAction
        }

        /// A company's.
        init(company: Tending.CompanyDetail, problem: String?, address: String) {
            self.init(feeds: company.feeds, posts: company.posts, problem: problem, address: address) { _ in "\(company.name)'s" }
            companyName = company.name
            followAction = "/company/feeds"
            removeBase = followAction
            placeholder = "https://quill.example/newsroom"
        }

        private init(feeds: [FeedLine], posts: [FeedPost], problem: String?, address: String, whose: (Feed.Owner) -> String) {
            items = feeds.map { f in
                Item(id: f.feed.id.rawValue, title: f.feed.title ?? FeedPoller.shown(f.feed.url), url: f.feed.site ?? f.feed.url,
                     whose: whose(f.feed.owner), status: f.status, broken: f.feed.broken || f.feed.lastError != nil)
            }
            self.posts = posts.map { p in
                Post(title: p.title, link: p.link, date: (p.publishedOn ?? p.seenOn).description,
                     badge: p.news.map { $0.words.capitalizedFirst }, badgeClass: p.news?.isWin == false ? "support" : "celebrate")
            }
            hasItems = !items.isEmpty
            hasPosts = !self.posts.isEmpty
            self.problem = problem
            self.address = address
        }
    }
    var id: Int64
    var name: String
    var subtitle: String
    /// Their company, linked to its page.
    var employer: Employer?
    struct Employer { var name: String; var href: String }
    var archived: Bool
    var archiveValue: String
    var archiveLabel: String
    var ladder: [Rung]
    var nextStep: String?
    var cadence: String
    var nextDue: String
    var isDue: Bool
    /// "You're seeing Ana on Friday (Coffee)." from the calendars.
    var seeing: String?
    var tiers: [Option]
    var targets: [Option]
    var hasHistory: Bool
    var history: [Line]
    var needFree: Int
    var gives: Int
    var asks: Int
    var takerWarning: String?
    var facts: [Fact]
    var notes: String?
    var touchProblem: String?
    var intents: [Option]
    var channels: [Option]
    var today: String
    var wins: [Option]
    var struggles: [Option]
    var timeline: [Entry]
    var hasRelations: Bool
    var relations: [Related]
    var mergeProblem: String?

    struct Rung { var label: String; var `class`: String }
    struct Line { var date: String; var text: String }
    struct Fact { var label: String; var value: String; var href: String? }
    struct Entry {
        var anchor: String
        var date: String
        var badge: String?
        var badgeClass: String
        var text: String
        var momentID: Int64
        var dismissForm: Bool
    }
    struct Related { var label: String; var id: Int64; var name: String }
}

extension PersonPage {
    /// The page of the person `d` describes, as of `today`; a problem with the touch or merge form is shown beside it.
    init(detail d: Tending.PersonDetail, today: Day, touchProblem: String? = nil, mergeProblem: String? = nil) {
        let p = d.person, pr = p.profile
        let s = d.summary
        var facts: [PersonPage.Fact] = []
        func fact(_ label: String, _ value: String?, href: String? = nil) {
            if let value, !value.isEmpty { facts.append(.init(label: label, value: value, href: href)) }
        }
        fact("Nickname", pr.nickname)
        fact("Work", [pr.title, pr.company].compactMap { $0 }.joined(separator: ", "))
        fact("City", pr.city)
        func spelled(_ b: Birthday) -> String { "\(b.day) \(Day(year: 2000, month: b.month, day: 1)!.monthName)" + (b.year.map { " \($0)" } ?? "") }
        fact("Birthday", pr.birthday.map(spelled))
        fact("Anniversary", pr.anniversary.map(spelled))
        fact("Met", [pr.howWeMet, pr.metOn?.spelledOut].compactMap { $0 }.joined(separator: ", "))
        for e in pr.emails { fact("Email", e, href: "mailto:\(e)") }
        for ph in pr.phones { fact("Phone", ph, href: "tel:\(ph.filter { $0.isNumber || $0 == "+" })") }
        for l in pr.links { fact(l.label, l.url, href: l.url.hasPrefix("http") ? l.url : nil) }
        fact("Tags", pr.tags.joined(separator: ", "))

        let touchEntries = d.touches.map { t in
            PersonPage.Entry(anchor: "touch-\(t.id)", date: t.on.description, badge: t.intent.description,
                              badgeClass: t.intent.isAsk ? "support" : "",
                              text: " \(t.channel.rawValue.replacingOccurrences(of: "-", with: " "))" + (t.people.count > 1 ? ", with \(t.people.count - 1) more" : "")
                                + (t.note.isEmpty ? "" : " — \(t.note)"),
                              momentID: 0, dismissForm: false)
        }
        let momentEntries = d.moments.map { m in
            PersonPage.Entry(anchor: "moment-\(m.id)", date: m.on.description, badge: m.kind.isWin ? "win" : "struggle",
                              badgeClass: m.kind.isWin ? "" : "support",
                              text: " \(m.kind.words)" + (m.about == .themself ? "" : " (\(m.about.rawValue))") + " · \(m.state.rawValue)"
                                + (m.note.isEmpty ? "" : " — \(m.note)"),
                              momentID: m.id.rawValue, dismissForm: m.state == .open)
        }
        let receivedEntries = d.received.enumerated().map { i, r in
            PersonPage.Entry(anchor: "wrote-\(i)", date: r.on.description, badge: "wrote to you", badgeClass: "",
                              text: r.subject.isEmpty ? " an email" : " — \(r.subject)", momentID: 0, dismissForm: false)
        }
        let timeline = (momentEntries + touchEntries + receivedEntries).sorted { $0.date > $1.date }
        let nextStep = p.targetTier.flatMap { t in t > p.tier ? Agenda.nextStep(from: p.tier, to: t, name: pr.greetingName).action : nil }
        self.init(
            id: p.id.rawValue, name: p.displayName,
            subtitle: p.tier.title, employer: pr.company.flatMap { $0.trimmed.isEmpty ? nil : Employer(name: $0, href: CompanyPage.path($0.trimmed)) },
            archived: p.archived, archiveValue: p.archived ? "false" : "true", archiveLabel: p.archived ? "Unarchive" : "Archive",
            ladder: Tier.allCases.map { t in .init(label: t.title, class: t == p.tier ? "current" : t == p.targetTier ? "target" : "") },
            nextStep: nextStep, cadence: d.cadenceDays.map { "every \($0) days" } ?? "none",
            nextDue: d.nextDue?.spelledOut ?? "—", isDue: d.nextDue.map { $0 <= today } ?? false, seeing: d.seeing(from: today),
            tiers: Option.tiers(selected: p.tier),
            targets: Tier.allCases.filter { $0 > p.tier }.map { Option(value: $0.rawValue, label: $0.title, selected: $0 == p.targetTier) },
            hasHistory: !d.tierHistory.isEmpty,
            history: d.tierHistory.reversed().map { t in
                .init(date: t.on.description, text: (t.from.map { "\($0.title) → \(t.to.title)" } ?? "Added as \(t.to.title)") + (t.reason.map { " — \($0)" } ?? ""))
            },
            needFree: s.needFreeLastYear, gives: s.givesLastYear, asks: s.asksLastYear,
            takerWarning: s.asksLastYear > 0 && s.asksLastYear >= s.needFreeLastYear
                ? "You have asked at least as often as you have shown up for \(pr.greetingName)." : nil,
            facts: facts, notes: pr.notes.isEmpty ? nil : pr.notes, touchProblem: touchProblem,
            intents: Intent.allNames.map { Option(value: $0, label: $0.replacingOccurrences(of: ":", with: ": ").capitalizedFirst) },
            channels: Option.channels(), today: today.description,
            wins: Moment.Win.allCases.map { Option(value: "win:\($0.rawValue)", label: $0.words.capitalizedFirst) },
            struggles: Moment.Struggle.allCases.map { Option(value: "struggle:\($0.rawValue)", label: $0.words.capitalizedFirst) },
            timeline: timeline, hasRelations: !d.relations.isEmpty,
            relations: d.relations.map { r in
                .init(label: r.forward ? r.kind.words.capitalizedFirst + ":" : "Introduced", id: r.personID.rawValue, name: r.name)
            },
            mergeProblem: mergeProblem)
    }
}
