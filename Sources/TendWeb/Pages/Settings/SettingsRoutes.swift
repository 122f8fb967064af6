import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// Settings' routes: saving settings, creating and revoking API tokens, changing the password.
struct SettingsRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("settings", use: show)
        router.post("settings", use: save)
        router.post("settings/tokens", use: createToken)
        router.post("settings/tokens/:id/revoke", use: revokeToken)
        router.post("settings/password", use: changePassword)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await page(try await app.tending(context).settings(), context: context)
    }

    @Sendable func save(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
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
        return try await page(settings, context: context, problems: .init(settings: problem), status: .badRequest)
    }

    @Sendable func createToken(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        let settings = try await app.tending(context).settings()
        do {
            let (secret, token) = try await app.tokens.create(for: account, name: context.form.raw("name") ?? "",
                                                              scope: context.form.has("read_only") ? .read : .write, at: app.now())
            var response = try await page(settings, context: context, newToken: (secret, token.name))
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let error as TendError {
            return try await page(settings, context: context, problems: .init(token: error.description.capitalizedFirst + "."), status: .badRequest)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        do {
            try await app.tokens.revoke(try app.id("id", context), of: account)
        } catch TendError.noSuchToken {
            throw WebNotFound()
        }
        return Response.see("/settings#api", flash: "Token revoked; requests with it now fail.")
    }

    @Sendable func changePassword(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        do {
            try await app.accounts.changePassword(account, current: context.form.raw("current") ?? "", new: context.form.raw("new") ?? "")
            // Every other session carries the old password's stamp and is over; this one goes on, under a new id.
            var response = Response.see("/settings", flash: "Password changed. Every other browser signed in to this account is signed out.")
            try await app.startSession(account, request: request, response: &response, context: context)
            return response
        } catch let failure as Accounts.Failure {
            let settings = try await app.tending(context).settings()
            return try await page(settings, context: context, problems: .init(password: failure.description.capitalizedFirst + "."), status: .badRequest)
        }
    }

    func page(_ settings: Settings, context: TendRequestContext, newToken: (secret: String, name: String)? = nil,
              problems: SettingsPage.Problems = .init(), status: HTTPResponse.Status = .ok) async throws -> Response {
        var tokens: [APIToken] = []
        if let account = context.account { tokens = try await app.tokens.list(of: account) }
        var backups: (folder: String, last: BackupOutcome?)?
        if let automatic = app.database.automaticBackups { backups = (automatic.folder, await automatic.lastOutcome()) }
        let model = SettingsPage(settings: settings, tokens: tokens,
                                 feedURL: try await app.tending(context).calendarFeed().map { "\(context.origin)/feeds/\($0).ics" },
                                 backups: backups, systemZone: .current, newToken: newToken, problems: problems)
        return try await app.page("settings", model, title: "Settings", section: .settings, context: context, status: status)
    }
}
