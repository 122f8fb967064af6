import Foundation
import Hummingbird
import TendCore
import TendInterop
import TendServices

/// Bringing people in (import with a preview), taking them out (backup, vCards, calendar), and the
/// calendar feed a calendar app subscribes to.
extension WebApp {
    struct ImportModel: PageModel {
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

    struct PreviewModel: PageModel {
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
        var canImport: Bool
        var backup: String?
        // Mustache reads stored properties only.
        var hasAdded = false
        var hasUpdated = false
        var hasSkipped = false

        struct Updated { var line: Int; var name: String; var into: String; var changed: String; var matchedBy: String }
    }

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

    func addInteropRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("import") { _, context in
            try await importPage(context: context)
        }

        router.post("import") { _, context in
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

        router.post("import/confirm") { _, context in
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

        router.get("export/backup.json") { _, context in
            let tending = try tending(context)
            let (today, _) = try await today(tending)
            return download(try await tending.backup().encoded(), type: "application/json", name: "tend-backup-\(today).json")
        }

        router.get("export/contacts.vcf") { request, context in
            let tending = try tending(context)
            let query = request.uri.queryParameters
            guard let version = VCardWriter.Version(rawValue: query["version"].map(String.init) ?? "4.0") else {
                throw HTTPError(.badRequest, message: "A vCard version is 4.0 or 3.0.")
            }
            let tier = try query["tier"].flatMap { $0.isEmpty ? nil : $0 }.map { raw in
                guard let t = Tier(rawValue: String(raw)) else { throw HTTPError(.badRequest, message: "'\(raw)' is not a tier.") }
                return t
            }
            let tag = query["tag"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let selection = ExportSelection(tier: tier, tag: tag, includeArchived: tier == nil && tag == nil)
            let (text, _) = try await tending.vCards(selection, version: version)
            let name = ["tend", tier?.rawValue, tag].compactMap { $0 }.joined(separator: "-") + ".vcf"
            return download(Data(text.utf8), type: "text/vcard; charset=utf-8", name: name)
        }

        router.get("export/calendar.ics") { _, context in
            let tending = try tending(context)
            let (today, _) = try await today(tending)
            return download(Data(try await tending.calendar(on: today, now: now()).utf8), type: "text/calendar; charset=utf-8", name: "tend.ics")
        }

        router.post("settings/calendar-feed") { _, context in
            let tending = try tending(context)
            switch context.form["action"] {
            case "on":
                try await tending.renewCalendarFeed()
                return Response.see("/settings#calendar", flash: "Calendar feed turned on: subscribe to its address in your calendar app.")
            case "renew":
                try await tending.renewCalendarFeed()
                return Response.see("/settings#calendar", flash: "Your calendar feed has a new address; the old one no longer works.")
            case "off":
                try await tending.revokeCalendarFeed()
                return Response.see("/settings#calendar", flash: "Calendar feed turned off; its address no longer works.")
            default:
                throw HTTPError(.badRequest, message: "Say whether to renew the feed or turn it off.")
            }
        }
    }

    /// The calendar feed: no session, the secret in the address is the key. An unknown or
    /// revoked address is simply not found.
    func addFeedRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("feeds/:file") { _, context in try await calendarFeed(context) }
        // Calendar apps ask with HEAD whether a subscription changed.
        router.head("feeds/:file") { _, context in
            var response = try await calendarFeed(context)
            response.body = .init()
            return response
        }
    }

    func calendarFeed(_ context: TendRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics") else { throw WebNotFound() }
        let token = String(file.dropLast(4))
        guard token.count >= 32, let account = try await database.accessTokens.account(calendarFeed: token) else { throw WebNotFound() }
        let tending = Tending(database: database, account: account)
        let (today, _) = try await today(tending)
        var response = Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, max-age=900"],
                                body: .init(byteBuffer: ByteBuffer(string: try await tending.calendar(on: today, now: now()))))
        response.headers[.contentDisposition] = "inline; filename=\"tend.ics\""
        return response
    }

    func download(_ data: Data, type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: Self.attachment(name), .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `Content-Disposition` for a download named `name` (which may hold a tag the user typed): an ASCII
    /// `filename` with anything unsafe replaced, and the exact name as RFC 6266's `filename*`.
    static func attachment(_ name: String) -> String {
        let plain = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || s.properties.numericType != nil || "-_.".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        let exact = name.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")) ?? plain
        return "attachment; filename=\"\(plain)\"; filename*=UTF-8''\(exact)"
    }

    struct ImportFailure: Error {
        var message: String
        var problems: [String] = []
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
        let form = context.form
        let chosen = form["format"] ?? "auto"
        let labels: [ImportFormat: String] = [.auto: "Find out from the file", .vcard: "vCard (.vcf)", .linkedin: "LinkedIn Connections.csv",
                                              .google: "Google Contacts CSV", .csv: "Other CSV", .backup: "Tend backup (.json)"]
        var model = ImportModel(
            problem: problem, problems: Array(problems.prefix(50)),
            formats: ImportFormat.allCases.map { Option(value: $0.rawValue, label: labels[$0] ?? $0.rawValue, selected: $0.rawValue == chosen) },
            tiers: Self.tierOptions(selected: form["tier"].flatMap(Tier.init(rawValue:))),
            map: form["map"] ?? "", tags: form["tags"] ?? "", skipInvalid: form.has("skip_invalid"))
        model.hasProblems = !model.problems.isEmpty
        return try await page("import", model, title: "Import", section: .people, context: context, status: status)
    }

    func previewPage(_ p: PendingImport, token: String, report: ImportReport?, backup: String?, context: TendRequestContext) async throws -> Response {
        var model = PreviewModel(
            filename: p.filename, format: report?.format ?? "backup", token: token,
            summary: report?.summary ?? "", added: Array((report?.added ?? []).prefix(200)),
            updated: (report?.updated ?? []).prefix(200).map { .init(line: $0.line, name: $0.name, into: $0.into, changed: $0.changed.joined(separator: ", "), matchedBy: $0.matchedBy) },
            unchanged: report?.unchanged.count ?? 0, skipped: Array((report?.skipped ?? []).prefix(200)),
            canImport: backup != nil || !(report?.added.isEmpty ?? true) || !(report?.updated.isEmpty ?? true) || (report?.relations ?? 0) > 0,
            backup: backup)
        model.hasAdded = !model.added.isEmpty
        model.hasUpdated = !model.updated.isEmpty
        model.hasSkipped = !model.skipped.isEmpty
        model.hasUnchanged = model.unchanged > 0
        return try await page("importPreview", model, title: "Import preview", section: .people, context: context)
    }
}
