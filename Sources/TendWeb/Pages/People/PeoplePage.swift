import Foundation
import TendCore
import TendServices

/// The People page (`people.mustache`): search, filters by tier and tag, a sortable table a page at a time.
struct PeoplePage: PageModel {
    static let pageSize = 50

    var csrf = ""
    var total: Int
    var peopleWord: String
    var filtered: Bool
    var q: String
    var tiers: [Option]
    var tags: [Option]
    var sort: String
    var hasPeople: Bool
    var columns: [Column]
    var rows: [Row]
    var page: Int
    var pages: Int
    var prev: String?
    var next: String?
    /// The vCard download of everyone the tier and tag filters let through.
    var vcardHref: String
    var filteredExport: Bool

    struct Column {
        var label: String
        var href: String
        var arrow: String?
        var optional: Bool
    }

    struct Row {
        var id: Int64
        var name: String
        var company: String?
        var tier: String
        var target: String?
        var lastTouch: String
        var nextDue: String
        var isDue: Bool
        var tags: [String]
    }
}

extension PeoplePage {
    /// What the address asks for: the search, the filters, the order and the page.
    struct Query {
        var q = ""
        var tier: Tier?
        var tag: String?
        var sort: Tending.PeopleSort = .name
        var descending = false
        var page = 1
    }

    /// One page of `lines` out of `total` people, with every tag in use for the filter.
    init(lines: [Tending.PersonLine], total: Int, tags: [String], query: Query, today: Day) {
        let (q, tier, tag, sort, descending, page) = (query.q, query.tier, query.tag, query.sort, query.descending, query.page)
        let pages = max(1, (total + PeoplePage.pageSize - 1) / PeoplePage.pageSize)

        func link(sort s: Tending.PeopleSort? = nil, dir: String? = nil, page p: Int? = nil) -> String {
            var items: [(String, String)] = []
            if !q.isEmpty { items.append(("q", q)) }
            if let tier { items.append(("tier", tier.rawValue)) }
            if let tag { items.append(("tag", tag)) }
            items.append(("sort", (s ?? sort).rawValue))
            if let d = dir ?? (descending ? "desc" : nil) { items.append(("dir", d)) }
            if let p, p > 1 { items.append(("page", String(p))) }
            return "/people?" + items.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
        let columns: [(String, Tending.PeopleSort, Bool)] = [("Name", .name, false), ("Tier", .tier, false),
                                                              ("Last need-free touch", .lastTouch, true), ("Next due", .nextDue, false)]
        self.init(
            total: total, peopleWord: total == 1 ? "person" : "people", filtered: !q.isEmpty || tier != nil || tag != nil,
            q: q, tiers: Option.tiers(selected: tier),
            tags: tags.map { Option(value: $0, label: $0, selected: $0 == tag) },
            sort: sort.rawValue, hasPeople: !lines.isEmpty,
            columns: columns.map { label, s, optional in
                PeoplePage.Column(label: label, href: link(sort: s, dir: s == sort && !descending ? "desc" : "asc"),
                                   arrow: s == sort ? (descending ? "↓" : "↑") : nil, optional: optional)
            },
            rows: lines.map { l in
                PeoplePage.Row(id: l.person.id.rawValue, name: l.person.displayName, company: l.person.profile.company,
                                tier: l.person.tier.title, target: l.person.targetTier?.title,
                                lastTouch: l.lastNeedFree?.description ?? "never", nextDue: l.nextDue?.description ?? "—",
                                isDue: l.nextDue.map { $0 <= today } ?? false, tags: l.person.profile.tags)
            },
            page: min(page, pages), pages: pages,
            prev: page > 1 ? link(page: page - 1) : nil, next: page < pages ? link(page: page + 1) : nil,
            vcardHref: "/export/contacts.vcf" + queryString([("tier", tier?.rawValue), ("tag", tag)]),
            filteredExport: tier != nil || tag != nil)
    }
}
