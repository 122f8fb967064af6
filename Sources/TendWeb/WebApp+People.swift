import Foundation
import Hummingbird
import TendCore
import TendForms
import TendServices
import TendStore

extension WebApp {
    struct PeopleModel: PageModel {
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

    static let pageSize = 50

    func addPeopleRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("people") { request, context in
            let tending = try tending(context)
            let (today, _) = try await self.today(tending)
            let query = request.uri.queryParameters
            let q = query["q"].map(String.init) ?? ""
            let tier = query["tier"].flatMap { Tier(rawValue: String($0)) }
            let tag = query["tag"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let sort = query["sort"].flatMap { Tending.PeopleSort(rawValue: String($0)) } ?? .name
            let descending = query["dir"] == "desc"
            let page = max(1, query["page"].flatMap { Int($0) } ?? 1)
            let (lines, total) = try await tending.peoplePage(PeopleFilter(tier: tier, tag: tag), search: q, sort: sort,
                                                               descending: descending, page: page, pageSize: Self.pageSize, asOf: today)
            let pages = max(1, (total + Self.pageSize - 1) / Self.pageSize)

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
            let model = PeopleModel(
                total: total, peopleWord: total == 1 ? "person" : "people", filtered: !q.isEmpty || tier != nil || tag != nil,
                q: q, tiers: Self.tierOptions(selected: tier),
                tags: try await tending.tags().map { Option(value: $0, label: $0, selected: $0 == tag) },
                sort: sort.rawValue, hasPeople: !lines.isEmpty,
                columns: columns.map { label, s, optional in
                    PeopleModel.Column(label: label, href: link(sort: s, dir: s == sort && !descending ? "desc" : "asc"),
                                       arrow: s == sort ? (descending ? "↓" : "↑") : nil, optional: optional)
                },
                rows: lines.map { l in
                    PeopleModel.Row(id: l.person.id.rawValue, name: l.person.displayName, company: l.person.profile.company,
                                    tier: l.person.tier.title, target: l.person.targetTier?.title,
                                    lastTouch: l.lastNeedFree?.description ?? "never", nextDue: l.nextDue?.description ?? "—",
                                    isDue: l.nextDue.map { $0 <= today } ?? false, tags: l.person.profile.tags)
                },
                page: min(page, pages), pages: pages,
                prev: page > 1 ? link(page: page - 1) : nil, next: page < pages ? link(page: page + 1) : nil,
                vcardHref: "/export/contacts.vcf" + Self.query([("tier", tier?.rawValue), ("tag", tag)]),
                filteredExport: tier != nil || tag != nil)
            return try await self.page("people", model, title: "People", section: .people, context: context)
        }

        router.get("people/new") { _, context in
            return try await personForm(PersonFormValues(tier: Tier.familiar.rawValue), problems: [:],
                                        person: nil, context: context)
        }

        router.post("people") { _, context in
            let tending = try tending(context)
            let (today, _) = try await self.today(tending)
            let values = PersonFormValues(context.form)
            let parsed = values.parse()
            guard parsed.problems.isEmpty, let tier = parsed.tier else {
                return try await personForm(values, problems: parsed.problems, person: nil, context: context, status: .badRequest)
            }
            do {
                let person = try await tending.addPerson(parsed.profile, tier: tier, targetTier: parsed.target,
                                                         cadenceDays: parsed.cadence, on: today)
                return Response.see("/people/\(person.id)", flash: "Added \(person.displayName).")
            } catch let TendError.invalid(problem) {
                return try await personForm(values, problems: [PersonFormValues.field(for: problem.field): problem.message],
                                            person: nil, context: context, status: .badRequest)
            }
        }

        router.get("people/:id/edit") { _, context in
            let tending = try tending(context)
            let person = try await self.person(try id("id", context), tending)
            return try await personForm(PersonFormValues(person), problems: [:], person: person, context: context)
        }

        router.post("people/:id") { _, context in
            let tending = try tending(context)
            let (today, _) = try await self.today(tending)
            let person = try await self.person(try id("id", context), tending)
            let values = PersonFormValues(context.form)
            let parsed = values.parse()
            guard parsed.problems.isEmpty, let tier = parsed.tier else {
                return try await personForm(values, problems: parsed.problems, person: person, context: context, status: .badRequest)
            }
            do {
                let updated = try await tending.editPerson(.id(person.id), on: today, reason: "edited") { p in
                    p.profile = parsed.profile
                    p.tier = tier
                    p.targetTier = parsed.target
                    p.cadenceDays = parsed.cadence
                }
                return Response.see("/people/\(updated.id)", flash: "Saved \(updated.displayName).")
            } catch let TendError.invalid(problem) {
                return try await personForm(values, problems: [PersonFormValues.field(for: problem.field): problem.message],
                                            person: person, context: context, status: .badRequest)
            }
        }
    }

    /// A person of this account, or a 404.
    func person(_ id: Int64, _ tending: Tending) async throws -> Person {
        do {
            return try await tending.person(.id(PersonID(id)))
        } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such person.")
        }
    }

    struct PersonFormModel: PageModel {
        var csrf = ""
        var heading: String
        var isNew: Bool
        var id: Int64
        var name: String
        var action: String
        var submit: String
        var hasProblems: Bool
        var fields: [Field]

        struct Field {
            var name: String
            var label: String
            var hint: String?
            var value: String
            var type = "text"
            var isInput = true
            var isArea = false
            var isSelect = false
            var options: [Option] = []
            var problem: String?
        }
    }

    func personForm(_ v: PersonFormValues, problems: [String: String], person: Person?, context: TendRequestContext,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        typealias F = PersonFormModel.Field
        func input(_ name: String, _ label: String, _ value: String, type: String = "text", hint: String? = nil) -> F {
            F(name: name, label: label, hint: hint, value: value, type: type, problem: problems[name])
        }
        func area(_ name: String, _ label: String, _ value: String, hint: String? = nil) -> F {
            F(name: name, label: label, hint: hint, value: value, isInput: false, isArea: true, problem: problems[name])
        }
        func select(_ name: String, _ label: String, _ options: [Option]) -> F {
            F(name: name, label: label, value: "", isInput: false, isSelect: true, options: options, problem: problems[name])
        }
        let fields: [F] = [
            input("name", "Name", v.name), input("given", "Given name", v.given, hint: "(optional)"),
            input("family", "Family name", v.family, hint: "(optional)"), input("nickname", "Nickname", v.nickname, hint: "(what you call them)"),
            select("tier", "Tier", Self.tierOptions(selected: Tier(rawValue: v.tier))),
            select("target", "Aiming for", [Option(value: "", label: "No target")] + Self.tierOptions(selected: Tier(rawValue: v.target))),
            input("cadence", "Cadence in days", v.cadence, type: "number", hint: "(empty: the tier's default)"),
            input("birthday", "Birthday", v.birthday, hint: "(YYYY-MM-DD, or MM-DD without the year)"),
            area("emails", "Emails", v.emails, hint: "(one per line)"), area("phones", "Phones", v.phones, hint: "(one per line)"),
            input("company", "Company", v.company), input("title", "Role", v.title), input("city", "City", v.city),
            input("met", "How you met", v.met), input("met_on", "When you met", v.metOn, type: "date"),
            input("tags", "Tags", v.tags, hint: "(comma separated)"), area("links", "Links", v.links, hint: "(one URL per line)"),
            area("notes", "Notes", v.notes),
        ]
        let model = PersonFormModel(
            heading: person.map { "Edit \($0.displayName)" } ?? "Add a person", isNew: person == nil,
            id: person?.id.rawValue ?? 0, name: person?.displayName ?? "",
            action: person.map { "/people/\($0.id)" } ?? "/people", submit: person == nil ? "Add person" : "Save changes",
            hasProblems: !problems.isEmpty, fields: fields)
        return try await page("personForm", model, title: model.heading, section: .people, context: context, status: status)
    }
}

/// The person form's fields as typed, kept as text so a form with mistakes comes back as it was.
struct PersonFormValues {
    var name = "", given = "", family = "", nickname = "", tier = "", target = "", cadence = "", birthday = ""
    var emails = "", phones = "", company = "", title = "", city = "", met = "", metOn = "", tags = "", links = "", notes = ""

    init(tier: String = "") {
        self.tier = tier
    }

    init(_ form: Form) {
        name = form.raw("name") ?? ""; given = form.raw("given") ?? ""; family = form.raw("family") ?? ""
        nickname = form.raw("nickname") ?? ""; tier = form.raw("tier") ?? ""; target = form.raw("target") ?? ""
        cadence = form.raw("cadence") ?? ""; birthday = form.raw("birthday") ?? ""; emails = form.raw("emails") ?? ""
        phones = form.raw("phones") ?? ""; company = form.raw("company") ?? ""; title = form.raw("title") ?? ""
        city = form.raw("city") ?? ""; met = form.raw("met") ?? ""; metOn = form.raw("met_on") ?? ""
        tags = form.raw("tags") ?? ""; links = form.raw("links") ?? ""; notes = form.raw("notes") ?? ""
    }

    init(_ p: Person) {
        let pr = p.profile
        name = pr.displayName; given = pr.givenName ?? ""; family = pr.familyName ?? ""; nickname = pr.nickname ?? ""
        tier = p.tier.rawValue; target = p.targetTier?.rawValue ?? ""; cadence = p.cadenceDays.map(String.init) ?? ""
        birthday = pr.birthday.map { $0.year == nil ? String($0.description.dropFirst(2)) : $0.description } ?? ""
        emails = pr.emails.joined(separator: "\n"); phones = pr.phones.joined(separator: "\n")
        company = pr.company ?? ""; title = pr.title ?? ""; city = pr.city ?? ""; met = pr.howWeMet ?? ""
        metOn = pr.metOn?.description ?? ""; tags = pr.tags.joined(separator: ", ")
        links = pr.links.map(\.url).joined(separator: "\n"); notes = pr.notes
    }

    /// The form field a validation error is about.
    static func field(for name: String) -> String {
        switch name {
        case "email": "emails"
        case "target": "target"
        case "cadence": "cadence"
        default: "name"
        }
    }

    struct Parsed {
        var profile: Profile
        var tier: Tier?
        var target: Tier?
        var cadence: Int?
        var problems: [String: String]
    }

    /// Reads the fields, collecting every problem at once.
    func parse() -> Parsed {
        var problems: [String: String] = [:]
        func lines(_ s: String) -> [String] {
            s.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        func optional(_ s: String) -> String? {
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        if optional(name) == nil { problems["name"] = "A person needs a name." }
        let tier = Tier(rawValue: tier)
        if tier == nil { problems["tier"] = "Choose a tier." }
        var target: Tier?
        if let t = optional(self.target) {
            target = Tier(rawValue: t)
            if target == nil { problems["target"] = "Choose a tier." }
            else if let tier, let target, target <= tier { problems["target"] = "The target must be above \(tier.title)." }
        }
        var cadence: Int?
        if let c = optional(self.cadence) {
            cadence = Int(c)
            if cadence.map({ !(1...3650).contains($0) }) ?? true { problems["cadence"] = "A cadence is 1 to 3650 days." }
        }
        var birthdayValue: Birthday?
        if let b = optional(birthday) {
            birthdayValue = Birthday(b)
            if birthdayValue == nil { problems["birthday"] = "Use YYYY-MM-DD, or MM-DD when you don't know the year, with a day that exists." }
        }
        var metOnValue: Day?
        if let m = optional(metOn) {
            metOnValue = Day(m)
            if metOnValue == nil { problems["met_on"] = "Use YYYY-MM-DD with a day that exists." }
        }
        let emailList = lines(emails)
        if let bad = emailList.first(where: { !$0.contains("@") || $0.contains(" ") }) {
            problems["emails"] = "'\(bad)' is not an email address."
        }
        let linkList = lines(links).map { url in
            Link(label: url.lowercased().contains("linkedin.com") ? "LinkedIn" : "Web", url: url)
        }
        if let bad = linkList.first(where: { !($0.url.hasPrefix("https://") || $0.url.hasPrefix("http://")) }) {
            problems["links"] = "'\(bad.url)' is not a web address (https://…)."
        }
        let words = name.split(separator: " ").map(String.init)
        let profile = Profile(
            displayName: name, givenName: optional(given) ?? words.first, familyName: optional(family) ?? (words.count > 1 ? words.dropFirst().joined(separator: " ") : nil),
            nickname: optional(nickname), emails: emailList, phones: lines(phones), company: optional(company), title: optional(title),
            city: optional(city), howWeMet: optional(met), metOn: metOnValue, birthday: birthdayValue,
            notes: notes.trimmingCharacters(in: .whitespacesAndNewlines), tags: tags.split(separator: ",").map(String.init), links: linkList)
        return Parsed(profile: profile, tier: tier, target: target, cadence: cadence, problems: problems)
    }
}

extension WebApp {
    /// "?tier=intimate&tag=climbing" from the values that are set; "" when none is.
    static func query(_ pairs: [(String, String?)]) -> String {
        let set = pairs.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" }
        }
        return set.isEmpty ? "" : "?" + set.joined(separator: "&")
    }
}
