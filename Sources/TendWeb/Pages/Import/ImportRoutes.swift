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
            map: form["map"], tier: form["tier"], tags: form.list("tags"), skipInvalid: form.has("skip_invalid"), data: upload.data)
        do {
            let (report, backup) = try await runImport(pending, context: context, dryRun: true)
            let token = Token.random()
            let value = String(decoding: try JSONEncoder().encode(pending), as: UTF8.self)
            try await database.keyValues.put("import.\(token)", value: value, expiresAt: now().addingTimeInterval(3600), onlyIfNew: true)
            return try await previewPage(pending, token: token, report: report, backup: backup, context: context)
        } catch let failure as ImportFailure {
            return try await importPage(context: context, problem: failure.message, problems: failure.problems, status: .badRequest)
        }
    }

    @Sendable func confirm(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        guard let token = context.form["token"],
              let stored = try await database.keyValues.get("import.\(token)", now: now()),
              let pending = try? JSONDecoder().decode(PendingImport.self, from: Data(stored.value.utf8)),
              pending.account == tending.account.rawValue else {
            return try await importPage(context: context, problem: "That preview has expired. Choose the file again.", status: .badRequest)
        }
        do {
            let (report, backup) = try await runImport(pending, context: context, dryRun: false)
            try await database.keyValues.remove("import.\(token)")
            return Response.see("/people", flash: backup ?? report?.summary ?? "Imported.")
        } catch let failure as ImportFailure {
            return try await importPage(context: context, problem: failure.message, problems: failure.problems, status: .badRequest)
        }
    }









    /// Reads the file and imports it (or works out what importing would do), the same service the CLI calls.
    /// - Returns: The report of a contacts import, or what a backup restore did.
    func runImport(_ p: PendingImport, context: TendRequestContext, dryRun: Bool) async throws -> (ImportReport?, String?) {
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
        do { content = try ImportFile.read(p.data, format: format, mapping: mapping) } catch {
            throw ImportFailure(message: "\(p.filename): \(error.message).")
        }
        let (today, _) = try await today(tending)
        do {
            switch try await tending.importContent(content, tier: tier, tags: p.tags, skipInvalid: p.skipInvalid, dryRun: dryRun, on: today) {
            case .backup(let restored):
                let words = "\(restored.people) people, \(restored.touches) touches and \(restored.moments) moments"
                return (nil, restored.restored ? "Restored \(words)." : "This is a Tend backup of \(words). Restoring it brings back everything in it.")
            case .contacts(let report):
                return (report, nil)
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

    func previewPage(_ p: PendingImport, token: String, report: ImportReport?, backup: String?, context: TendRequestContext) async throws -> Response {
        let model = ImportPreviewPage(filename: p.filename, token: token, report: report, backup: backup)
        return try await page("importPreview", model, title: "Import preview", section: .people, context: context)
    }
}
