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
        router.post("settings/app-passwords", use: createAppPassword)
        router.post("settings/app-passwords/:id/revoke", use: revokeAppPassword)
        router.get("settings/tend.mobileconfig", use: appleProfile)
        router.post("settings/password", use: changePassword)
        router.post("settings/digest", use: saveDigest)
        router.post("settings/digest/test", use: testDigest)
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
        settings.defaultCountry = form["default_country"]
        if problem == nil {
            do {
                let wanted = settings
                _ = try await tending.updateSettings { $0 = wanted }
                // A new time zone moves the next digest.
                try await app.scheduler.replan(account: tending.account, now: app.now())
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

    @Sendable func createAppPassword(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        let settings = try await app.tending(context).settings()
        do {
            let (secret, password) = try await app.appPasswords.create(for: account, name: context.form.raw("name") ?? "", at: app.now())
            var response = try await page(settings, context: context, newAppPassword: (secret, password.name))
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let error as TendError {
            return try await page(settings, context: context, problems: .init(appPassword: error.description.capitalizedFirst + "."), status: .badRequest)
        }
    }

    @Sendable func revokeAppPassword(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        do {
            try await app.appPasswords.revoke(try app.id("id", context), of: account)
        } catch TendError.noSuchAppPassword {
            throw WebNotFound()
        }
        return Response.see("/settings#phones", flash: "App password revoked; the device that had it is signed out.")
    }

    /// A configuration profile for iPhones, iPads and Macs: the CardDAV account, ready but for the password, which
    /// the device asks for as the profile is installed (so the file holds no secret).
    @Sendable func appleProfile(_ request: Request, context: TendRequestContext) async throws -> Response {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        let email = try await app.accounts.email(of: account)
        let body = PhonesSection.appleProfile(origin: context.origin, account: account, user: email ?? "tend")
        return Response(status: .ok, headers: [.contentType: "application/x-apple-aspen-config",
                                               .contentDisposition: "attachment; filename=\"tend.mobileconfig\""],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
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

    @Sendable func saveDigest(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let form = context.form
        var schedule = try await tending.digestSchedule()
        var problem: String?
        if let text = form["frequency"] {
            do throws(VocabularyError) { schedule.frequency = try DigestSchedule.Frequency.parse(text) } catch { problem = error.description.capitalizedFirst + "." }
        }
        if let text = form["weekday"] {
            if let n = Int(text) { schedule.weekday = n } else { problem = "'\(text)' is not a day of the week." }
        }
        if let text = form["time"] {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) {
                schedule.hour = h
                schedule.minute = m
            } else {
                problem = "'\(text)' is not a time of day (HH:MM)."
            }
        }
        schedule.email = form.has("email")
        schedule.sendEmpty = form.has("send_empty")
        schedule.emailTo = form["email_to"]
        if form.has("ntfy_url") || form.has("webhook_url") {
            schedule.ntfyURL = form["ntfy_url"]
            schedule.webhookURL = form["webhook_url"]
        }
        if let text = form["ntfy_priority"] {
            if let n = Int(text) { schedule.ntfyPriority = n } else { problem = "'\(text)' is not a priority." }
        }
        let token: Tending.SecretChange = form.has("ntfy_token_remove") ? .remove : form["ntfy_token"].map { .set($0) } ?? .keep
        if problem == nil {
            do {
                let saved = try await app.scheduler.saveSchedule(schedule, account: tending.account, ntfyToken: token,
                                                                 renewWebhookSecret: form.has("webhook_renew"), now: app.now())
                let planned = saved.schedule.frequency != .off
                if let secret = saved.webhookSecret {
                    var response = try await page(try await tending.settings(), context: context, newWebhookSecret: secret)
                    response.headers[.cacheControl] = "no-store"
                    return response
                }
                return Response.see("/settings#digest", flash: planned ? "Digest saved." : "Digest saved: it is off.")
            } catch let error as TendError {
                problem = error.description.capitalizedFirst + "."
            }
        }
        return try await page(try await tending.settings(), context: context, problems: .init(digest: problem), schedule: schedule,
                              status: .badRequest)
    }

    @Sendable func testDigest(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let channelText = context.form["channel"] ?? "email"
        let channel: DigestSchedule.Channel
        do throws(VocabularyError) { channel = try DigestSchedule.Channel.parse(channelText) } catch {
            return try await page(try await tending.settings(), context: context, problems: .init(digest: error.description.capitalizedFirst + "."),
                                  status: .badRequest)
        }
        let (today, settings) = try await app.today(tending)
        let delivery = try await app.scheduler.sendTest(account: tending.account, channel: channel, day: today, now: app.now())
        return try await page(settings, context: context, tested: delivery, status: .ok)
    }

    func page(_ settings: Settings, context: TendRequestContext, newToken: (secret: String, name: String)? = nil,
              newAppPassword: (secret: String, name: String)? = nil,
              problems: SettingsPage.Problems = .init(), schedule: DigestSchedule? = nil, tested: Delivery? = nil,
              newWebhookSecret: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        var tokens: [APIToken] = []
        if let account = context.account { tokens = try await app.tokens.list(of: account) }
        var backups: (folder: String, last: BackupOutcome?)?
        if let automatic = app.database.automaticBackups { backups = (automatic.folder, await automatic.lastOutcome()) }
        let tending = try app.tending(context)
        let stored = try await tending.digestSchedule()
        let digest = DigestSection(schedule: schedule ?? stored, next: try await app.scheduler.nextDigest(account: tending.account),
                                   log: try await tending.deliveryLog(), accountEmail: try await app.accounts.email(of: tending.account),
                                   mailReady: app.scheduler.senders[.email] != nil, zone: settings.resolvedTimeZone(),
                                   problem: problems.digest, tested: tested, newWebhookSecret: newWebhookSecret)
        var model = SettingsPage(settings: settings, tokens: tokens,
                                 feedURL: try await tending.calendarFeed().map { "\(context.origin)/feeds/\($0).ics" },
                                 backups: backups, systemZone: .current, digest: digest, newToken: newToken, problems: problems)
        model.show(try await tending.feeds(at: app.now()))
        model.phones = PhonesSection(origin: context.origin, account: tending.account, user: try await app.accounts.email(of: tending.account),
                                     passwords: try await app.appPasswords.list(of: tending.account), zone: settings.resolvedTimeZone(),
                                     new: newAppPassword, problem: problems.appPassword)
        return try await app.page("settings", model, title: "Settings", section: .settings, context: context, status: status)
    }
}
