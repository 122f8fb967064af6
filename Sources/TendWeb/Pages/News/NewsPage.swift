import Mustache
import TendCore
import TendServices

/// The News page (`news.mustache`): what Tend noticed on its own (a job change in an import, later a post in a
/// feed), each waiting for one decision: confirm it as a moment (of the proposed kind or another), or dismiss it.
struct NewsPage: PageModel {
    var csrf = ""
    var items: [Item]
    /// "3 decided before", when any were.
    var decided: String?

    struct Item: MustacheParent {
        var id: Int64
        var personID: Int64
        var personName: String
        var tier: String
        var kindTitle: String
        var kindClass: String
        var whose: String?
        var note: String
        var source: String
        var link: String?
        var date: String
        var dateLabel: String
        var kinds: [Group]

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "personID": personID
            case "personName": personName
            case "tier": tier
            case "kindTitle": kindTitle
            case "kindClass": kindClass
            case "whose": whose
            case "note": note
            case "source": source
            case "link": link
            case "date": date
            case "dateLabel": dateLabel
            case "kinds": kinds
            default: nil
            }
        }
    }

    /// The wins, then the struggles, for the kind select.
    struct Group: MustacheParent {
        var label: String
        var options: [Option]

        func child(named name: String) -> Any? {
            switch name {
            case "label": label
            case "options": options
            default: nil
            }
        }
    }

    init(news: [Tending.NewsItem], decided: Int) {
        self.decided = decided > 0 ? "\(decided) decided before" : nil
        items = news.map { n in
            let p = n.proposal
            let whose: String? = switch p.about {
            case .themself: nil
            case .partner: "their partner's"
            case .company: "their company's"
            }
            return Item(id: p.id.rawValue, personID: n.person.id.rawValue, personName: n.person.displayName, tier: n.person.tier.title,
                        kindTitle: p.kind.words.capitalizedFirst, kindClass: p.kind.isWin ? "celebrate" : "support", whose: whose,
                        note: p.note.capitalizedFirst, source: p.source, link: p.link, date: p.on.description, dateLabel: p.on.spelledOut,
                        kinds: Self.kinds(selected: p.kind))
        }
    }

    static func kinds(selected: Moment.Kind) -> [Group] {
        [Group(label: "Wins", options: Moment.Win.allCases.map {
            Option(value: Moment.Kind.win($0).description, label: $0.words.capitalizedFirst, selected: .win($0) == selected)
        }),
         Group(label: "Struggles", options: Moment.Struggle.allCases.map {
            Option(value: Moment.Kind.struggle($0).description, label: $0.words.capitalizedFirst, selected: .struggle($0) == selected)
        })]
    }
}
