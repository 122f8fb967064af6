import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// The Captured review and Settings → Mail.
struct CapturedRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("captured", use: show)
        router.post("captured/confirm", use: confirm)
        router.post("captured/add", use: addPerson)
        router.post("captured/ignore", use: ignore)
        router.post("captured/forget", use: forgetImported)
        router.post("captured/:id", use: review)
        router.get("settings/mail", use: mail)
        router.post("settings/mail", use: saveRules)
        router.post("settings/mail/connect", use: connect)
        router.post("settings/mail/import", use: importMbox)
        router.post("settings/mail/:id/sync", use: sync)
        router.post("settings/mail/:id/forget", use: forget)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        let captured = try await tending.captured(today: today)
        let boxes = try await app.mailboxes?.list(account: tending.account).count ?? 0
        let imported = try await tending.importedSources()
        return try await app.page("captured", CapturedPage(captured, hasMailboxes: boxes > 0, imported: imported), title: "Captured",
                                  section: .captured, context: context)
    }

    /// Forgets what one kind of imported file (WhatsApp, Telegram, mbox) brought in.
    @Sendable func forgetImported(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        do {
            let n = try await tending.forgetImported(context.form["source"] ?? "")
            return Response.see("/captured", flash: "Forgot the import and the \(n) touch\(n == 1 ? "" : "es") it made.")
        } catch let e as TendError {
            throw HTTPError(.badRequest, message: e.description.capitalizedFirst + ".")
        }
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        let n = try await tending.confirmCaptured(today: today)
        return Response.see("/captured", flash: "Confirmed \(n) touch\(n == 1 ? "" : "es") as proposed.")
    }

    @Sendable func review(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let id = TouchID(try app.id("id", context))
        let intent: Intent
        do { intent = try Intent.parse(context.form["intent"] ?? "") } catch { throw HTTPError(.badRequest, message: error.description.capitalizedFirst + ".") }
        do {
            let t = try await tending.reviewCaptured(id, intent: intent)
            return Response.see("/captured#t\(t.id)", flash: "The touch of \(t.on.spelledOut) is \(t.intent) now.")
        } catch TendError.noSuchTouch {
            throw WebNotFound(message: "There is no such captured touch.")
        }
    }

    @Sendable func addPerson(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        do {
            let p = try await tending.addCorrespondent(context.form["address"] ?? "", name: context.form["name"], on: today)
            return Response.see("/captured", flash: "Added \(p.displayName) as familiar; mail with them is captured from now on.")
        } catch let e as TendError {
            return Response.see("/captured", flash: e.description.capitalizedFirst + ".")
        }
    }

    @Sendable func ignore(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let address = context.form["address"] ?? ""
        guard MailCapture.isAddress(address.lowercased()) else { throw HTTPError(.badRequest, message: "That is not an email address.") }
        try await tending.dismissCorrespondent(address)
        return Response.see("/captured", flash: "\(address) will not be offered again.")
    }

    // MARK: Settings → Mail

    func mailPage(_ tending: Tending, context: TendRequestContext, form: MailPage.Form = MailPage.Form(), tested: String? = nil,
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let settings = try await tending.captureSettings()
        let boxes = try await app.mailboxes?.list(account: tending.account) ?? []
        let zone = try await tending.settings().resolvedTimeZone()
        let model = MailPage(settings: settings, mailboxes: boxes, canConnect: app.mailboxes?.box != nil, zone: zone, form: form, tested: tested)
        var response = try await app.page("mail", model, title: "Mail", section: .settings, context: context)
        response.status = status
        return response
    }

    @Sendable func mail(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await mailPage(try app.tending(context), context: context)
    }

    @Sendable func saveRules(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let f = context.form
        var s = try await tending.captureSettings()
        s.addresses = (f["addresses"] ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" }).map(String.init)
        var problem: String?
        for (name, path) in [("max_recipients", \CaptureSettings.maxRecipients), ("reply_after_days", \.replyAfterDays),
                             ("window_days", \.windowDays), ("poll_minutes", \.pollMinutes)] as [(String, WritableKeyPath<CaptureSettings, Int>)] {
            guard let text = f[name]?.trimmingCharacters(in: .whitespaces) else { continue }
            if let n = Int(text) { s[keyPath: path] = n } else { problem = "'\(text)' is not a number." }
        }
        s.keepSubjects = f["keep_subjects"] == "1"
        if let problem { return Response.see("/settings/mail", flash: problem) }
        do {
            _ = try await tending.saveCaptureSettings(s)
            return Response.see("/settings/mail", flash: "Mail rules saved.")
        } catch let e as TendError {
            return Response.see("/settings/mail", flash: e.description.capitalizedFirst + ".")
        }
    }

    @Sendable func connect(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        guard let mailboxes = app.mailboxes else { throw HTTPError(.notFound, message: "Mail capture is not set up on this server.") }
        let f = context.form
        let form = MailPage.Form(host: f["host"] ?? "", port: f["port"] ?? "", user: f["user"] ?? "", folders: f["folders"] ?? "",
                                 starttls: f["starttls"] == "1")
        let port: Int?
        if let text = f["port"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let n = Int(text) else {
                return try await mailPage(tending, context: context, form: form, tested: "'\(text)' is not a port number.", status: .badRequest)
            }
            port = n
        } else {
            port = nil
        }
        let login = MailboxLogin(host: form.host, port: port, security: form.starttls ? .starttls : .tls, username: form.user, password: f["password"] ?? "")
        let folders = form.folders.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            if f["test"] == "1" {
                let probe = try await mailboxes.test(login, folders: folders)
                return try await mailPage(tending, context: context, form: form, tested: "Connected: \(probe.summary). Press Connect to read it.")
            }
            let (mailbox, probe) = try await mailboxes.connect(login, folders: folders, account: tending.account, now: app.now())
            return Response.see("/settings/mail#m\(mailbox.id)",
                                flash: "Connected \(mailbox.username): \(probe.summary). Tend reads it in the background; the People page fills in within minutes.")
        } catch let failure as MailboxFailure {
            return try await mailPage(tending, context: context, form: form, tested: failure.message.capitalizedFirst + ".", status: .badRequest)
        } catch let e as TendError {
            return try await mailPage(tending, context: context, form: form, tested: e.description.capitalizedFirst + ".", status: .badRequest)
        }
    }

    @Sendable func sync(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        guard let mailboxes = app.mailboxes else { throw HTTPError(.notFound, message: "Mail capture is not set up on this server.") }
        let id = MailboxID(try app.id("id", context))
        do {
            switch try await mailboxes.readNow(id, account: tending.account, now: app.now()) {
            case .success(let report): return Response.see("/settings/mail#m\(id)", flash: "Read: \(report.summary).")
            case .failure(let f): return Response.see("/settings/mail#m\(id)", flash: f.message.capitalizedFirst + " (tried again later).")
            }
        } catch TendError.noSuchMailbox {
            throw WebNotFound(message: "There is no such mailbox.")
        }
    }

    @Sendable func forget(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        guard let mailboxes = app.mailboxes else { throw HTTPError(.notFound, message: "Mail capture is not set up on this server.") }
        do {
            let n = try await mailboxes.forget(MailboxID(try app.id("id", context)), account: tending.account)
            return Response.see("/settings/mail", flash: "Forgot the mailbox and the \(n) touch\(n == 1 ? "" : "es") it made.")
        } catch TendError.noSuchMailbox {
            throw WebNotFound(message: "There is no such mailbox.")
        }
    }

    /// An mbox file: a form's upload (up to 20 MB, without JavaScript) or the file itself streamed by the page's script,
    /// whatever its size. Each 500 messages are one transaction; reading the same mail again adds nothing.
    @Sendable func importMbox(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let query = request.uri.queryParameters
        let streamed = CSRFMiddleware.isRawFile(request.headers[.contentType] ?? "")
        let dryRun = (context.form["dry_run"] ?? query["dry_run"].map(String.init)) == "1"
        let me = (context.form["me"] ?? query["me"].map(String.init) ?? "")
            .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" || $0 == "\r" }).map(String.init)
        let upload = streamed ? nil : context.upload
        if !streamed, upload?.data.isEmpty != false {
            return Response.see("/settings/mail#import", flash: "Choose an mbox file to import.")
        }
        do {
            var capturer = try await MailCapturer(tending: tending, source: "mbox", extraAddresses: me, dryRun: dryRun, now: app.now())
            let report: CaptureReport
            if let upload {
                var given = false
                report = try await capturer.captureMbox(read: {
                    defer { given = true }
                    return given ? nil : [UInt8](upload.data)
                })
            } else {
                var chunks = request.body.makeAsyncIterator()
                report = try await capturer.captureMbox(read: {
                    guard let chunk = try await chunks.next() else { return nil }
                    return Array(buffer: chunk)
                })
            }
            let flash = dryRun ? "Checked: \(report.summary). Nothing was written (dry run)."
                : "Imported: \(report.summary).\(report.asks > 0 ? " Review the proposed asks below." : "")"
            return Self.done(dryRun || report.touches == 0 ? "/settings/mail#import" : "/captured", flash: flash, streamed: streamed)
        } catch let e as TendError {
            return Self.done("/settings/mail#import", flash: e.description.capitalizedFirst + ".", streamed: streamed)
        } catch let e as HTTPError where e.status == .requestTimeout {
            return Self.done("/settings/mail#import", flash: (e.body ?? "The upload stopped.") + " What arrived before is kept; import the file again for the rest.",
                             streamed: streamed)
        }
    }

    /// Where to go next with what happened: a redirect for a form; for the script, which would follow a redirect itself
    /// (and spend the flash on a page it does not show), the address as JSON.
    static func done(_ location: String, flash: String, streamed: Bool) -> Response {
        var response = Response.see(location, flash: flash)
        guard streamed else { return response }
        response.status = .ok
        response.headers[.location] = nil
        response.headers[.contentType] = "application/json"
        let body = (try? JSONEncoder().encode(["location": location])) ?? Data()
        response.body = .init(byteBuffer: ByteBuffer(data: body))
        return response
    }
}
