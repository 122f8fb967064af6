import TendCore
import TendForms

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
