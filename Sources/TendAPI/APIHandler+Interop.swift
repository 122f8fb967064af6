import Foundation
import OpenAPIRuntime
import TendCore
import TendInterop
import TendServices
import TendStore

extension APIHandler {
    func importContacts(_ input: Operations.ImportContacts.Input) async throws -> Operations.ImportContacts.Output {
        let tending = try tending()
        let q = input.query
        let body: HTTPBody
        switch input.body {
        case .textVcard(let b), .csv(let b), .binary(let b): body = b
        }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: ImportFile.maximumSize)
        } catch {
            throw APIProblem(status: .contentTooLarge, detail: "The file is over 64 MB; split it, or import it with `tend import`.")
        }
        let mapping = try q.map.map { text in
            do { return try ContactCSV.mapping(text) } catch let e as ValidationError { throw APIProblem.invalid(e.message, field: "map") }
        }
        let format = ImportFormat(rawValue: q.format?.rawValue ?? "auto") ?? .auto
        let content = try ImportFile.read(data, format: format, mapping: mapping, filename: q.filename)
        if case .chats = content {
            throw APIProblem.badRequest("This is a chat export: send it to POST /api/v1/chats/import.", field: "format")
        }
        if case .calendar = content {
            throw APIProblem.badRequest("This is a calendar: send it to POST /api/v1/calendars/import.", field: "format")
        }
        let tags = q.tag.map { [$0] } ?? []
        let outcome = try await tending.importContent(content, tier: q.tier.flatMap { Tier(rawValue: $0.rawValue) }, tags: tags,
                                                      skipInvalid: q.skipInvalid ?? false, dryRun: q.dryRun ?? false,
                                                      on: try await today(tending))
        return .ok(.init(body: .json(Map.importReport(outcome, dryRun: q.dryRun ?? false))))
    }

    func importChats(_ input: Operations.ImportChats.Input) async throws -> Operations.ImportChats.Output {
        let tending = try tending()
        let q = input.query
        let body: HTTPBody
        switch input.body {
        case .applicationZip(let b), .plainText(let b), .binary(let b): body = b
        }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: ImportFile.maximumSize)
        } catch {
            throw APIProblem(status: .contentTooLarge, detail: "The file is over 64 MB; split it, or import it with `tend import`.")
        }
        let format: ImportFormat = switch q.format {
        case .whatsapp?: .whatsapp
        case .telegram?: .telegram
        default: .auto
        }
        var choices: [String: ChatChoice] = [:]
        for c in q.chat ?? [] {
            // The last "=" divides: a chat's key has one ("whatsapp:ana lima" has none, but a title may).
            guard let eq = c.lastIndex(of: "=") else {
                throw APIProblem.badRequest("chat is CHAT=PERSON-ID, CHAT=new, CHAT=skip or GROUP=include, not “\(c)”.", field: "chat")
            }
            let value = String(c[c.index(after: eq)...]).trimmed
            let choice = ChatChoice(typed: value)
            if case .person(.name) = choice {
                throw APIProblem.badRequest("chat gives a person by id (or new, skip, include), not “\(value)”.", field: "chat")
            }
            choices[String(c[..<eq]).trimmed] = choice
        }
        guard case .chats(let export) = try ImportFile.read(data, format: format, filename: q.filename) else {
            throw APIProblem.badRequest("This is not a chat export (a WhatsApp .txt or .zip, or Telegram's result.json); contacts go to POST /api/v1/import.", field: "format")
        }
        let report = try await tending.importChats(export, options: ChatImportOptions(me: q.me ?? [], choices: choices, dryRun: q.dryRun ?? false),
                                                   on: try await today(tending))
        return .ok(.init(body: .json(Map.chatReport(report))))
    }

    func importCalendar(_ input: Operations.ImportCalendar.Input) async throws -> Operations.ImportCalendar.Output {
        let tending = try tending()
        let q = input.query
        let body: HTTPBody
        switch input.body {
        case .textCalendar(let b), .binary(let b): body = b
        }
        let data: Data
        do {
            data = try await Data(collecting: body, upTo: ImportFile.maximumSize)
        } catch {
            throw APIProblem(status: .contentTooLarge, detail: "The file is over 64 MB; split it, or import it with `tend import`.")
        }
        guard case .calendar(let file, _) = try ImportFile.read(data, format: .ics, filename: q.filename) else {
            throw APIProblem.badRequest("This is not an iCalendar file (.ics).", field: "format")
        }
        let since = try optionalDay(q.since, field: "since")
        let options = CalendarImportOptions(name: q.name, me: q.me ?? [], since: since, skipInvalid: q.skipInvalid ?? false, dryRun: q.dryRun ?? false)
        let name = try Tending.calendarName(q.name, file: file, filename: q.filename)
        let report = try await tending.importCalendar(file, options: options, name: name, now: now())
        return .ok(.init(body: .json(Map.calendarReport(report))))
    }

    func exportBackup(_ input: Operations.ExportBackup.Input) async throws -> Operations.ExportBackup.Output {
        let tending = try tending()
        let data = try await tending.backup().encoded()
        let payload = try JSONDecoder().decode(Operations.ExportBackup.Output.Ok.Body.JsonPayload.self, from: data)
        return .ok(.init(body: .json(payload)))
    }

    func exportContacts(_ input: Operations.ExportContacts.Input) async throws -> Operations.ExportContacts.Output {
        let tending = try tending()
        let q = input.query
        let people = q.person ?? []
        for id in people { try await requirePerson(PersonID(id), tending, field: "person") }
        let selection = ExportSelection(tier: q.tier.flatMap { Tier(rawValue: $0.rawValue) }, tag: q.tag,
                                        people: people.map { .id(PersonID($0)) }, includeArchived: q.tier == nil && q.tag == nil)
        let (text, _) = try await tending.vCards(selection, version: q.version == ._3_0 ? .v3 : .v4)
        return .ok(.init(body: .textVcard(HTTPBody(text))))
    }

    func exportCalendar(_ input: Operations.ExportCalendar.Input) async throws -> Operations.ExportCalendar.Output {
        let tending = try tending()
        let text = try await tending.calendar(on: try await today(tending), now: now())
        return .ok(.init(body: .textCalendar(HTTPBody(text))))
    }
}

// MARK: Calendar subscriptions

extension APIHandler {
    private func calendarService() throws -> CalendarSubscriptions {
        guard let calendars else { throw APIProblem.notFound("Calendar subscriptions are not set up on this server.") }
        return calendars
    }

    static func subscription(_ line: CalendarSubscriptionLine) -> Components.Schemas.CalendarSubscription {
        let s = line.subscription
        return .init(id: s.id.rawValue, name: s.name, address: s.shownURL, source: s.source, createdAt: s.createdAt, nextCheckAt: s.nextCheckAt,
                     checkedAt: s.checkedAt, lastSuccessAt: s.lastSuccessAt, failures: s.failures, lastError: s.lastError,
                     summary: s.summary.isEmpty ? nil : s.summary, status: line.status, read: line.read)
    }

    func listCalendarSubscriptions(_ input: Operations.ListCalendarSubscriptions.Input) async throws -> Operations.ListCalendarSubscriptions.Output {
        let tending = try tending()
        let lines = try await calendarService().list(account: tending.account, now: now())
        return .ok(.init(body: .json(.init(items: lines.map(Self.subscription)))))
    }

    func subscribeCalendar(_ input: Operations.SubscribeCalendar.Input) async throws -> Operations.SubscribeCalendar.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the address as JSON.") }
        let calendars = try calendarService()
        let (sub, report) = try await calendars.subscribe(body.address, name: body.name, account: tending.account, now: now())
        guard let line = try await calendars.list(account: tending.account, now: now()).first(where: { $0.subscription.id == sub.id }) else {
            throw TendError.noSuchCalendar(sub.id.rawValue)
        }
        return .created(.init(body: .json(.init(subscription: Self.subscription(line), report: Map.calendarReport(report)))))
    }

    func unsubscribeCalendar(_ input: Operations.UnsubscribeCalendar.Input) async throws -> Operations.UnsubscribeCalendar.Output {
        let tending = try tending()
        let removed = try await calendarService().unsubscribe(CalendarSubscriptionID(input.path.calendarId), account: tending.account)
        return .ok(.init(body: .json(.init(touchesRemoved: removed))))
    }

    func pollCalendar(_ input: Operations.PollCalendar.Input) async throws -> Operations.PollCalendar.Output {
        let tending = try tending()
        let calendars = try calendarService()
        let id = CalendarSubscriptionID(input.path.calendarId)
        let outcome = try await calendars.pollNow(id, account: tending.account, now: now())
        let line = try await calendars.list(account: tending.account, now: now()).first { $0.subscription.id == id }
        guard let line else { throw TendError.noSuchCalendar(id.rawValue) }
        switch outcome {
        case .success(let report):
            return .ok(.init(body: .json(.init(subscription: Self.subscription(line), notModified: report == nil, report: report.map { Map.calendarReport($0) }))))
        case .failure(let f) where f.message.hasPrefix("this calendar is being read"):
            throw APIProblem(status: .conflict, detail: f.message.capitalizedFirst + ".")
        case .failure(let f):
            throw APIProblem(status: .badGateway, detail: f.message.capitalizedFirst + " (tried again with backoff).")
        }
    }
}
