import Foundation
import TendCore
import TendStore

/// The Settings page (`settings.mustache`): cadences, the agenda's numbers, the time zone, the calendar
/// feed, API tokens, the password, and the server's own backups.
struct SettingsPage: PageModel {
    var csrf = ""
    var problem: String?
    var passwordProblem: String?
    var cadences: [Cadence]
    var numbers: [Number]
    var systemZone: String
    var zones: [Option]
    /// The calendar feed's address, when it is on.
    var feedURL: String?
    var tokens: [TokenLine] = []
    var hasTokens = false
    /// A token just created: shown on this one page, never again.
    var newToken: String?
    var newTokenName: String?
    var tokenProblem: String?
    /// The server's own backups (SQLite only).
    var backups: Backups?

    struct Backups { var folder: String; var summary: String; var failure: String?; var at: String }
    struct TokenLine { var id: Int64; var name: String; var access: String; var created: String; var lastUsed: String }
    struct Cadence { var tier: String; var label: String; var days: String }
    struct Number { var name: String; var label: String; var value: Int; var min: Int; var max: Int }

    /// What the page says about one thing gone wrong, each beside its own form.
    struct Problems {
        var settings: String?
        var password: String?
        var token: String?
    }

    /// - Parameters:
    ///   - feedURL: The calendar feed's address, when it is on.
    ///   - backups: The backup folder and how the last backup went, when the server backs itself up.
    ///   - newToken: A token just created, with its secret.
    init(settings s: Settings, tokens: [APIToken], feedURL: String?, backups: (folder: String, last: BackupOutcome?)?,
         systemZone: TimeZone, newToken: (secret: String, name: String)? = nil, problems: Problems = Problems()) {
        let zone = s.resolvedTimeZone()
        problem = problems.settings
        passwordProblem = problems.password
        tokenProblem = problems.token
        cadences = Tier.allCases.reversed().map { .init(tier: $0.rawValue, label: $0.title, days: s.cadence[$0].map(String.init) ?? "") }
        numbers = [
            .init(name: "birthday_heads_up", label: "Birthday heads-up (days ahead)", value: s.birthdayHeadsUpDays, min: 0, max: 30),
            .init(name: "win_fresh", label: "Celebrate wins for (days)", value: s.winFreshDays, min: 1, max: 90),
            .init(name: "struggle_fresh", label: "Support struggles for (days)", value: s.struggleFreshDays, min: 1, max: 180),
            .init(name: "follow_up", label: "Follow up after support (days)", value: s.followUpDays, min: 1, max: 180),
            .init(name: "ask_for_input", label: "Between asks for input (days)", value: s.askForInputDays, min: 7, max: 3650),
            .init(name: "agenda_length", label: "Suggestions on Today", value: s.agendaLength, min: 1, max: 100),
        ]
        self.systemZone = systemZone.identifier
        zones = TimeZone.knownTimeZoneIdentifiers.sorted().map { Option(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == s.timeZone) }
        self.feedURL = feedURL
        self.tokens = tokens.map { t in
            .init(id: t.id, name: t.name, access: t.scope == .read ? "Read-only" : "Read and write",
                  created: Day.containing(t.createdAt, in: zone).description,
                  lastUsed: t.lastUsedAt.map { Day.containing($0, in: zone).description } ?? "Never")
        }
        hasTokens = !self.tokens.isEmpty
        if let backups {
            let at = backups.last.map { Self.dateAndTime($0.at, in: zone) } ?? ""
            let summary = backups.last.map { "Last backup \(at), checked; \($0.kept) kept." } ?? "The first backup is made when the server starts."
            self.backups = .init(folder: backups.folder, summary: summary, failure: backups.last?.failure, at: at)
        }
        self.newToken = newToken?.secret
        newTokenName = newToken?.name
    }

    /// "2026-12-01 07:00" in the account's zone.
    static func dateAndTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return "\(Day.containing(instant, in: zone)) " + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}
