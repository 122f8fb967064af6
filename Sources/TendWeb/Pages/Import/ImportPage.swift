import TendCore
import TendForms
import TendInterop
import TendServices

/// The import form (`import.mustache`).
struct ImportPage: PageModel {
    var csrf = ""
    var problem: String?
    var problems: [String] = []
    var hasProblems = false
    var formats: [Option]
    var tiers: [Option]
    var map: String
    var tags: String
    var skipInvalid: Bool
}

/// What importing a file would do (`importPreview.mustache`), before anything is written.
struct ImportPreviewPage: PageModel {
    var csrf = ""
    var filename: String
    var format: String
    var token: String
    var summary: String
    var added: [ImportReport.Added]
    var updated: [Updated]
    var unchanged: Int
    var hasUnchanged = false
    var skipped: [ImportReport.Skipped]
    var proposed: [ImportReport.Proposed]
    var canImport: Bool
    var backup: String?
    /// "Line", or "Contact" for a Monica export.
    var unit = "Line"
    // Mustache reads stored properties only.
    var hasAdded = false
    var hasUpdated = false
    var hasSkipped = false
    var hasProposed = false

    struct Updated { var line: Int; var name: String; var into: String; var changed: String; var matchedBy: String }
}

extension ImportPage {
    /// The form as it was sent (or empty), with what went wrong.
    init(form: Form, problem: String? = nil, problems: [String] = []) {
        let chosen = form["format"] ?? "auto"
        let labels: [ImportFormat: String] = [.auto: "Find out from the file", .vcard: "vCard (.vcf)", .linkedin: "LinkedIn Connections.csv",
                                              .google: "Google Contacts CSV", .csv: "Other CSV", .backup: "Tend backup (.json)",
                                              .monica: "Monica export (.json)"]
        self.init(
            problem: problem, problems: Array(problems.prefix(50)),
            formats: ImportFormat.allCases.map { Option(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0.rawValue == chosen) },
            tiers: Option.tiers(selected: form["tier"].flatMap(Tier.init(rawValue:))),
            map: form["map"] ?? "", tags: form["tags"] ?? "", skipInvalid: form.has("skip_invalid"))
        hasProblems = !self.problems.isEmpty
    }
}

extension ImportPreviewPage {
    /// What importing `filename` would do: `report` for contacts, `backup` for a Tend backup; `token` confirms it.
    init(filename: String, token: String, report: ImportReport?, backup: String?) {
        self.init(
            filename: filename, format: report?.format ?? "backup", token: token,
            summary: report?.summary ?? "", added: Array((report?.added ?? []).prefix(200)),
            updated: (report?.updated ?? []).prefix(200).map { .init(line: $0.line, name: $0.name, into: $0.into, changed: $0.changed.joined(separator: ", "), matchedBy: $0.matchedBy) },
            unchanged: report?.unchanged.count ?? 0, skipped: Array((report?.skipped ?? []).prefix(200)),
            proposed: Array((report?.proposed ?? []).prefix(200)),
            canImport: backup != nil || !(report?.added.isEmpty ?? true) || !(report?.updated.isEmpty ?? true) || (report?.relations ?? 0) > 0
                || !(report?.proposed.isEmpty ?? true) || (report?.touches ?? 0) > 0 || (report?.moments ?? 0) > 0,
            backup: backup)
        self.unit = (report?.unit ?? "line").capitalizedFirst

        self.hasAdded = !self.added.isEmpty
        self.hasUpdated = !self.updated.isEmpty
        self.hasSkipped = !self.skipped.isEmpty
        self.hasProposed = !self.proposed.isEmpty
        self.hasUnchanged = self.unchanged > 0
    }
}
