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
    var me: String
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
                                              .monica: "Monica export (.json)", .whatsapp: "WhatsApp chat (.txt, .zip)",
                                              .telegram: "Telegram export (result.json)", .ics: "Calendar (.ics)"]
        self.init(
            problem: problem, problems: Array(problems.prefix(50)),
            formats: ImportFormat.allCases.map { Option(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0.rawValue == chosen) },
            tiers: Option.tiers(selected: form["tier"].flatMap(Tier.init(rawValue:))),
            map: form["map"] ?? "", tags: form["tags"] ?? "", skipInvalid: form.has("skip_invalid"), me: form["me"] ?? "")
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

/// What importing a chat export would do (`chatPreview.mustache`): each chat with who it is with, and a choice for each.
struct ChatPreviewPage: PageModel {
    var csrf = ""
    var filename: String
    var token: String
    var app: String
    var summary: String
    var me: String?
    var chats: [Row]
    var canImport: Bool
    var hasUnmatched: Bool

    struct Row {
        var key: String
        var title: String
        var kind: String
        var messages: Int
        var yourDays: Int
        var touches: String
        var status: String
        var with: String
        var isUnmatched: Bool
        var options: [Option]
        var hasOptions: Bool
    }

    init(filename: String, token: String, report: ChatImportReport, choices: [String: String]) {
        self.filename = filename
        self.token = token
        app = report.app
        summary = report.summary
        me = report.me
        chats = report.chats.prefix(500).map { l in
            let chosen = choices[l.key] ?? ""
            var options: [Option] = []
            switch l.kind {
            case "personal":
                let current = l.status == .imported && l.matchedBy != "chosen" && l.matchedBy != "added"
                    ? "\(l.people.joined(separator: ", ")) (same \(l.matchedBy ?? "name"))" : "Choose…"
                options.append(Option(value: "", label: l.status == .unmatched ? "Choose…" : current, selected: chosen.isEmpty))
                for s in l.suggestions { options.append(Option(value: "p\(s.personID)", label: s.name, selected: chosen == "p\(s.personID)")) }
                if chosen.hasPrefix("p"), !l.suggestions.contains(where: { "p\($0.personID)" == chosen }) {
                    options.append(Option(value: chosen, label: l.people.first ?? "Chosen person", selected: true))
                }
                options.append(Option(value: "new", label: "Add “\(l.title)” as a new person", selected: chosen == "new"))
                options.append(Option(value: "skip", label: "Leave this chat out", selected: chosen == "skip"))
            case "group":
                options.append(Option(value: "", label: "Leave out (a group chat)", selected: chosen != "include"))
                options.append(Option(value: "include", label: "Include: a touch with its members in Tend", selected: chosen == "include"))
            default: break
            }
            let with: String = switch l.status {
            case .imported: l.people.joined(separator: ", ") + (l.matchedBy.map { " · \($0)" } ?? "")
            case .unmatched: "No one in Tend by this name"
            case .group: "Group chat"
            case .skipped: l.reason.map { "Left out: \($0)" } ?? "Left out"
            }
            return Row(key: l.key, title: l.title, kind: l.kind, messages: l.messages, yourDays: l.yourDays,
                       touches: l.status == .imported ? "\(l.touches)" : "–", status: l.status.rawValue, with: with,
                       isUnmatched: l.status == .unmatched, options: options, hasOptions: !options.isEmpty)
        }
        canImport = report.touches > 0 || report.received > 0 || report.added > 0
        hasUnmatched = report.unmatched > 0
    }
}

/// A calendar's preview: what importing it would add, move and remove, newest first.
struct CalendarPreviewPage: PageModel {
    var csrf = ""
    var filename: String
    var token: String
    var calendar: String
    var summary: String
    var rows: [Row]
    var hasRows: Bool
    var more: Int?
    var problems: [String]
    var hasProblems: Bool
    var canImport: Bool

    struct Row {
        var day: String
        var title: String
        var with: String
        var how: String
        var what: String
        /// On a phone, where the last column is hidden: what happens to a touch that is not new.
        var change: String?
        var status: String
    }

    static let shown = 200

    init(filename: String, token: String, report: CalendarImportReport) {
        self.filename = filename
        self.token = token
        calendar = report.calendar
        summary = report.summary
        let changes = report.lines.filter { $0.status == .added || $0.status == .moved || $0.status == .removed }
        rows = changes.suffix(Self.shown).reversed().map { l in
            let how: String = switch l.channel {
            case .inPerson?: "in person"
            case .video?: "video"
            case .call?: "call"
            case let c?: c.rawValue
            case nil: l.reason ?? ""
            }
            let what: String = switch l.status {
            case .added: "new touch"
            case .moved: "moved"
            case .removed: "removed: \(l.reason ?? "cancelled")"
            case .unchanged: "read before"
            case .skipped: l.reason ?? "left out"
            }
            // "24 Nov 2026": short enough for the day, the event and the people to fit a phone.
            return Row(day: "\(l.day.day) \(l.day.monthName.prefix(3)) \(l.day.year)", title: l.title.isEmpty ? "(no title)" : l.title, with: l.people.joined(separator: ", "),
                       how: how, what: what, change: l.status == .added ? nil : what, status: l.status.rawValue)
        }
        hasRows = !rows.isEmpty
        more = changes.count > Self.shown ? changes.count - Self.shown : nil
        problems = Array(report.problems.prefix(50))
        hasProblems = !problems.isEmpty
        canImport = report.added + report.moved + report.removed > 0
    }
}
