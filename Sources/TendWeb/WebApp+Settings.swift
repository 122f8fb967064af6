import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

extension WebApp {
    struct SettingsModel: PageModel {
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
    }

    func addSettingsRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("settings") { _, context in
            let settings = try await tending(context).settings()
            return try await settingsPage(settings, context: context)
        }

        router.post("settings") { _, context in
            let tending = try tending(context)
            var settings = try await tending.settings()
            let form = context.form
            var problem: String?
            for tier in Tier.allCases {
                if let text = form["cadence_\(tier.rawValue)"] {
                    if let days = Int(text) { settings.cadence[tier] = days } else { problem = "'\(text)' is not a number of days." }
                } else {
                    settings.cadence[tier] = nil
                }
            }
            let numbers: [(String, WritableKeyPath<Settings, Int>)] = [
                ("birthday_heads_up", \.birthdayHeadsUpDays), ("win_fresh", \.winFreshDays), ("struggle_fresh", \.struggleFreshDays),
                ("follow_up", \.followUpDays), ("ask_for_input", \.askForInputDays), ("agenda_length", \.agendaLength),
            ]
            for (name, path) in numbers {
                guard let text = form[name] else { continue }
                if let n = Int(text) { settings[keyPath: path] = n } else { problem = "'\(text)' is not a number." }
            }
            settings.timeZone = form["time_zone"]
            if problem == nil {
                do {
                    let wanted = settings
                    _ = try await tending.updateSettings { $0 = wanted }
                    return Response.see("/settings", flash: "Settings saved.")
                } catch let error as TendError {
                    problem = error.description.capitalizedFirst + "."
                }
            }
            return try await settingsPage(settings, context: context, problem: problem, status: .badRequest)
        }

        router.post("settings/tokens") { _, context in
            guard let account = context.account else { throw HTTPError(.unauthorized) }
            let settings = try await tending(context).settings()
            do {
                let (secret, token) = try await tokens.create(for: account, name: context.form.raw("name") ?? "",
                                                              scope: context.form.has("read_only") ? .read : .write, at: now())
                var response = try await settingsPage(settings, context: context, newToken: (secret, token.name))
                response.headers[.cacheControl] = "no-store"
                return response
            } catch let error as TendError {
                return try await settingsPage(settings, context: context, tokenProblem: error.description.capitalizedFirst + ".",
                                              status: .badRequest)
            }
        }

        router.post("settings/tokens/:id/revoke") { _, context in
            guard let account = context.account else { throw HTTPError(.unauthorized) }
            do {
                try await tokens.revoke(try id("id", context), of: account)
            } catch TendError.noSuchToken {
                throw WebNotFound()
            }
            return Response.see("/settings#api", flash: "Token revoked; requests with it now fail.")
        }

        router.post("settings/password") { request, context in
            guard let account = context.account else { throw HTTPError(.unauthorized) }
            do {
                try await accounts.changePassword(account, current: context.form.raw("current") ?? "", new: context.form.raw("new") ?? "")
                // Every other session carries the old password's stamp and is over; this one goes on, under a new id.
                var response = Response.see("/settings", flash: "Password changed. Every other browser signed in to this account is signed out.")
                try await startSession(account, request: request, response: &response, context: context)
                return response
            } catch let failure as Accounts.Failure {
                let settings = try await tending(context).settings()
                return try await settingsPage(settings, context: context, passwordProblem: failure.description.capitalizedFirst + ".",
                                              status: .badRequest)
            }
        }
    }

    /// "2026-12-01 07:00" in the account's zone.
    static func dateAndTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return "\(Day.containing(instant, in: zone)) " + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    func settingsPage(_ s: Settings, context: TendRequestContext, problem: String? = nil, passwordProblem: String? = nil,
                      newToken: (secret: String, name: String)? = nil, tokenProblem: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let zone = s.resolvedTimeZone()
        var tokenLines: [APIToken] = []
        if let account = context.account { tokenLines = try await tokens.list(of: account) }
        var model = SettingsModel(
            problem: problem, passwordProblem: passwordProblem,
            cadences: Tier.allCases.reversed().map { .init(tier: $0.rawValue, label: $0.title, days: s.cadence[$0].map(String.init) ?? "") },
            numbers: [
                .init(name: "birthday_heads_up", label: "Birthday heads-up (days ahead)", value: s.birthdayHeadsUpDays, min: 0, max: 30),
                .init(name: "win_fresh", label: "Celebrate wins for (days)", value: s.winFreshDays, min: 1, max: 90),
                .init(name: "struggle_fresh", label: "Support struggles for (days)", value: s.struggleFreshDays, min: 1, max: 180),
                .init(name: "follow_up", label: "Follow up after support (days)", value: s.followUpDays, min: 1, max: 180),
                .init(name: "ask_for_input", label: "Between asks for input (days)", value: s.askForInputDays, min: 7, max: 3650),
                .init(name: "agenda_length", label: "Suggestions on Today", value: s.agendaLength, min: 1, max: 100),
            ],
            systemZone: TimeZone.current.identifier,
            zones: TimeZone.knownTimeZoneIdentifiers.sorted().map { Option(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == s.timeZone) },
            feedURL: try await tending(context).calendarFeed().map { "\(context.origin)/feeds/\($0).ics" })
        model.tokens = tokenLines.map { t in
            .init(id: t.id, name: t.name, access: t.scope == .read ? "Read-only" : "Read and write",
                  created: Day.containing(t.createdAt, in: zone).description,
                  lastUsed: t.lastUsedAt.map { Day.containing($0, in: zone).description } ?? "Never")
        }
        model.hasTokens = !model.tokens.isEmpty
        if let backups = database.automaticBackups {
            let outcome = await backups.lastOutcome()
            let at = outcome.map { Self.dateAndTime($0.at, in: zone) } ?? ""
            let summary = outcome.map { o in
                "Last backup \(at), checked; \(o.kept) kept."
            } ?? "The first backup is made when the server starts."
            model.backups = .init(folder: backups.folder, summary: summary, failure: outcome?.failure, at: at)
        }
        model.newToken = newToken?.secret
        model.newTokenName = newToken?.name
        model.tokenProblem = tokenProblem
        return try await page("settings", model, title: "Settings", section: .settings, context: context, status: status)
    }
}
