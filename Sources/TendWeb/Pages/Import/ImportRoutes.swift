import Foundation
import Hummingbird
import TendCore
import TendInterop
import TendServices

/// Bringing people in: a file is read and previewed (nothing written), then imported on confirmation.
struct ImportRoutes: PageRoutes {
    let app: WebApp

    /// What the preview left for the confirmation: the file and how to read it, for one account, for an hour.
    struct PendingImport: Codable {
        var account: Int64
        var filename: String
        var format: String
        var map: String?
        var tier: String?
        var tags: [String]
        var skipInvalid: Bool
        var data: Data
        /// For a chat export: the user's name in it, and the choices made in the preview (by chat key).
        var me: String? = nil
        var choices: [String: String]? = nil
    }

    /// What a file came to: people, a backup, or chats.
    enum Outcome {
        case contacts(ImportReport)
        case backup(String)
        case chats(ChatImportReport)
        case calendar(CalendarImportReport)

        var summary: String {
            switch self {
            case .contacts(let r): r.summary
            case .backup(let words): words
            case .chats(let r): r.summary
            case .calendar(let r): r.summary
            }
        }
    }

    struct ImportFailure: Error {
        var message: String
        var problems: [String] = []
    }

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("import", use: show)
        router.post("import", use: preview)
        router.post("import/confirm", use: confirm)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await importPage(context: context)
    }

    @Sendable func preview(_ request: Request, context: TendRequestContext) async throws -> Response {
        let form = context.form
        guard let upload = context.upload, !upload.data.isEmpty else {
            return try await importPage(context: context, problem: "Choose a file to import.", status: .badRequest)
        }
        let pending = PendingImport(
            account: try tending(context).account.rawValue, filename: upload.filename, format: form["format"] ?? "auto",
            map: form["map"], tier: form["tier"], tags: form.list("tags"), skipInvalid: form.has("skip_invalid"), data: upload.data,
            me: form["me"])
        do {
            let outcome = try await runImport(pending, context: context, dryRun: true)
            let token = Token.random()
            let value = String(decoding: try JSONEncoder().encode(pending), as: UTF8.self)
            try await database.keyValues.put("import.\(token)", value: value, expiresAt: now().addingTimeInterval(3600), onlyIfNew: true)
            return try await previewPage(pending, token: token, outcome: outcome, context: context)
        } catch let failure as ImportFailure {
            return try await importPage(context: context, problem: failure.message, problems: failure.problems, status: .badRequest)
        }
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        guard let token = context.form["token"],
              let stored = try await database.keyValues.get("import.\(token)", now: now()),
              let pending = try? JSONDecoder().decode(PendingImport.self, from: Data(stored.value.utf8)),
              var pending = try? JSONDecoder().decode(PendingImport.self, from: Data(stored.value.utf8)),
              pending.account == tending.account.rawValue else {
            return try await importPage(context: context, problem: "That preview has expired. Choose the file again.", status: .badRequest)
        }
        // A chat export's preview sends a choice per chat: kept with the pending import, and previewed again on asking.
        let keys = context.form.all("chatkey"), picked = context.form.all("choice")
        if !keys.isEmpty {
            guard keys.count == picked.count, keys.count <= 10_000 else {
                return try await importPage(context: context, problem: "The choices sent do not fit the preview. Choose the file again.", status: .badRequest)
            }
            var choices: [String: String] = [:]
            for (k, v) in zip(keys, picked) where !v.isEmpty { choices[k] = v }
            pending.choices = choices
        }
        do {
            if context.form["then"] == "preview" {
                let outcome = try await runImport(pending, context: context, dryRun: true)
                let value = String(decoding: try JSONEncoder().encode(pending), as: UTF8.self)
                try await database.keyValues.put("import.\(token)", value: value, expiresAt: now().addingTimeInterval(3600), onlyIfNew: false)
                return try await previewPage(pending, token: token, outcome: outcome, context: context)
            }
            let outcome = try await runImport(pending, context: context, dryRun: false)
            try await database.keyValues.remove("import.\(token)")
            if case .chats(let r) = outcome, r.touches > 0 { return Response.see("/captured", flash: r.summary) }
            if case .calendar(let r) = outcome, r.added + r.moved + r.removed > 0 { return Response.see("/captured", flash: r.summary) }
            return Response.see("/people", flash: outcome.summary)
        } catch let failure as ImportFailure {
            return try await importPage(context: context, problem: failure.message, problems: failure.problems, status: .badRequest)
        }
    }









    /// Reads the file and imports it (or works out what importing would do), the same service the CLI calls.
    /// - Returns: The report of a contacts or chats import, or what a backup restore did.
    func runImport(_ p: PendingImport, context: TendRequestContext, dryRun: Bool) async throws -> Outcome {
        let tending = try tending(context)
        guard let format = ImportFormat(rawValue: p.format) else { throw ImportFailure(message: "'\(p.format)' is not a format Tend reads.") }
        let tier: Tier?
        if let t = p.tier {
            guard let parsed = Tier(rawValue: t) else { throw ImportFailure(message: "'\(t)' is not a tier.") }
            tier = parsed
        } else { tier = nil }
        let mapping: [String: ContactField]?
        do { mapping = try p.map.map(ContactCSV.mapping) } catch { throw ImportFailure(message: error.message.capitalizedFirst + ".") }
        let content: ImportContent
        do { content = try ImportFile.read(p.data, format: format, mapping: mapping, filename: p.filename) } catch {
            throw ImportFailure(message: "\(p.filename): \(error.message).")
        }
        let (today, _) = try await today(tending)
        var chats = ChatImportOptions(me: p.me.map { [$0] } ?? [])
        for (key, value) in p.choices ?? [:] {
            switch value {
            case "new": chats.choices[key] = .add
            case "skip": chats.choices[key] = .skip
            case "include": chats.choices[key] = .include
            default:
                guard value.hasPrefix("p"), let id = Int64(value.dropFirst()), id > 0 else { throw ImportFailure(message: "“\(value)” is not a choice for a chat.") }
                chats.choices[key] = .person(.id(PersonID(id)))
            }
        }
        do {
            // A calendar's "you" is an address (Settings → Mail has the rest).
            let calendarMe = p.me.map { MailCapture.isAddress($0.trimmed.lowercased()) ? [$0] : [] } ?? []
            switch try await tending.importContent(content, tier: tier, tags: p.tags, skipInvalid: p.skipInvalid, dryRun: dryRun, on: today,
                                                   chats: chats, calendar: CalendarImportOptions(me: calendarMe), now: now()) {
            case .calendar(let report):
                return .calendar(report)
            case .backup(let restored):
                let words = "\(restored.people) people, \(restored.touches) touches and \(restored.moments) moments"
                return .backup(restored.restored ? "Restored \(words)." : "This is a Tend backup of \(words). Restoring it brings back everything in it.")
            case .contacts(let report):
                return .contacts(report)
            case .chats(let report):
                return .chats(report)
            }
        } catch TendError.importProblems(let problems) {
            throw ImportFailure(message: "\(p.filename): \(problems.count == 1 ? "a record" : "\(problems.count) records") cannot be read, so nothing was imported. Fix the file, or tick “Skip records that cannot be read”.",
                                problems: problems)
        } catch let e as TendError {
            throw ImportFailure(message: e.description.capitalizedFirst + ".")
        }
    }

    func importPage(context: TendRequestContext, problem: String? = nil, problems: [String] = [],
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = ImportPage(form: context.form, problem: problem, problems: problems)
        return try await page("import", model, title: "Import", section: .people, context: context, status: status)
    }

    func previewPage(_ p: PendingImport, token: String, outcome: Outcome, context: TendRequestContext) async throws -> Response {
        switch outcome {
        case .chats(let report):
            let model = ChatPreviewPage(filename: p.filename, token: token, report: report, choices: p.choices ?? [:])
            return try await page("chatPreview", model, title: "Import preview", section: .people, context: context)
        case .calendar(let report):
            let model = CalendarPreviewPage(filename: p.filename, token: token, report: report)
            return try await page("calendarPreview", model, title: "Import preview", section: .people, context: context)
        case .contacts(let report):
            let model = ImportPreviewPage(filename: p.filename, token: token, report: report, backup: nil)
            return try await page("importPreview", model, title: "Import preview", section: .people, context: context)
        case .backup(let words):
            let model = ImportPreviewPage(filename: p.filename, token: token, report: nil, backup: words)
            return try await page("importPreview", model, title: "Import preview", section: .people, context: context)
        }
    }
}
