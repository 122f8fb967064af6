import Foundation
import Hummingbird
import TendCore
import TendInterop
import TendServices

/// Taking people out: the backup, vCards, the calendar file; and the calendar feed a calendar app
/// subscribes to, which needs no session: the secret in its address is the key.
struct ExportRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("export/backup.json", use: backup)
        router.get("export/contacts.vcf", use: contacts)
        router.get("export/calendar.ics", use: calendar)
        router.post("settings/calendar-feed", use: calendarFeedSetting)
    }

    /// The calendar feed's routes, outside the session: an unknown or revoked address is simply not found.
    func addFeed(to router: RouterGroup<TendRequestContext>) {
        router.get("feeds/:file", use: calendarFeed)
        router.head("feeds/:file", use: calendarFeedHead)
    }

    @Sendable func backup(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await today(tending)
        return download(try await tending.backup().encoded(), type: "application/json", name: "tend-backup-\(today).json")
    }

    @Sendable func contacts(_ request: Request, context: TendRequestContext) async throws -> Response {
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

    @Sendable func calendar(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await today(tending)
        return download(Data(try await tending.calendar(on: today, now: now()).utf8), type: "text/calendar; charset=utf-8", name: "tend.ics")
    }

    @Sendable func calendarFeedSetting(_ request: Request, context: TendRequestContext) async throws -> Response {
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

    @Sendable func calendarFeed(_ request: Request, context: TendRequestContext) async throws -> Response {
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

    /// Calendar apps ask with HEAD whether a subscription changed.
    @Sendable func calendarFeedHead(_ request: Request, context: TendRequestContext) async throws -> Response {
        var response = try await calendarFeed(request, context: context)
        response.body = .init()
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
}
