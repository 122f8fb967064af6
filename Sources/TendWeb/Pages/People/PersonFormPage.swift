import TendCore

/// The form to add or edit a person (`personForm.mustache`), every problem beside its field.
struct PersonFormPage: PageModel {
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

extension PersonFormPage {
    /// The form holding `v` as typed, with `problems` by field name; `person` is the one being edited, nil for a new one.
    init(values v: PersonFormValues, problems: [String: String], person: Person?) {
        typealias F = PersonFormPage.Field
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
            select("tier", "Tier", Option.tiers(selected: Tier(rawValue: v.tier))),
            select("target", "Aiming for", [Option(value: "", label: "No target")] + Option.tiers(selected: Tier(rawValue: v.target))),
            input("cadence", "Cadence in days", v.cadence, type: "number", hint: "(empty: the tier's default)"),
            input("birthday", "Birthday", v.birthday, hint: "(YYYY-MM-DD, or MM-DD without the year)"),
            area("emails", "Emails", v.emails, hint: "(one per line)"), area("phones", "Phones", v.phones, hint: "(one per line)"),
            input("company", "Company", v.company), input("title", "Role", v.title), input("city", "City", v.city),
            input("met", "How you met", v.met), input("met_on", "When you met", v.metOn, type: "date"),
            input("tags", "Tags", v.tags, hint: "(comma separated)"), area("links", "Links", v.links, hint: "(one URL per line)"),
            area("notes", "Notes", v.notes),
        ]
        self.init(
            heading: person.map { "Edit \($0.displayName)" } ?? "Add a person", isNew: person == nil,
            id: person?.id.rawValue ?? 0, name: person?.displayName ?? "",
            action: person.map { "/people/\($0.id)" } ?? "/people", submit: person == nil ? "Add person" : "Save changes",
            hasProblems: !problems.isEmpty, fields: fields)
    }
}
