import Foundation
import OpenAPIRuntime
import TendCore
import TendServices
import TendStore

extension APIHandler {
    // MARK: Touches

    func listTouches(_ input: Operations.ListTouches.Input) async throws -> Operations.ListTouches.Output {
        let tending = try tending()
        let q = input.query
        let limit = try limit(q.limit)
        let touches = try await tending.touches(ListQuery(
            person: q.person.map(PersonID.init), since: try optionalDay(q.since, field: "since"), until: try optionalDay(q.until, field: "until"),
            after: try q.cursor.map { try Cursor.position($0) }, limit: limit))
        let next = touches.count == limit ? touches.last.map { Cursor.make(day: $0.on, id: $0.id.rawValue) } : nil
        return .ok(.init(body: .json(.init(items: touches.map(Map.touch), nextCursor: next))))
    }

    func logTouch(_ input: Operations.LogTouch.Input) async throws -> Operations.LogTouch.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the touch as JSON.") }
        let day = try await day(body.on, field: "on", tending)
        for id in body.people { try await requirePerson(PersonID(id), tending, field: "people") }
        if let m = body.momentId, try await tending.moment(MomentID(m)) == nil {
            throw APIProblem.notFound("No moment \(m) (momentId).")
        }
        let intent = try Intent.parse(body.intent.rawValue)
        let channel = body.channel.flatMap { Channel(rawValue: $0.rawValue) } ?? .message
        let logged = try await tending.logTouch(to: body.people.map { .id(PersonID($0)) }, on: day, channel: channel, intent: intent,
                                                note: body.note ?? "", moment: body.momentId.map(MomentID.init))
        return .created(.init(body: .json(Map.logged(logged))))
    }

    func getTouch(_ input: Operations.GetTouch.Input) async throws -> Operations.GetTouch.Output {
        let tending = try tending()
        guard let touch = try await tending.touch(TouchID(input.path.touchId)) else { throw TendError.noSuchTouch(input.path.touchId) }
        return .ok(.init(body: .json(Map.touch(touch))))
    }

    // MARK: Moments

    func listMoments(_ input: Operations.ListMoments.Input) async throws -> Operations.ListMoments.Output {
        let tending = try tending()
        let q = input.query
        let limit = try limit(q.limit)
        let moments = try await tending.moments(
            ListQuery(person: q.person.map(PersonID.init), after: try q.cursor.map { try Cursor.position($0) }, limit: limit),
            state: q.state.flatMap { Moment.State(rawValue: $0.rawValue) })
        let next = moments.count == limit ? moments.last.map { Cursor.make(day: $0.on, id: $0.id.rawValue) } : nil
        return .ok(.init(body: .json(.init(items: moments.map(Map.moment), nextCursor: next))))
    }

    func recordMoment(_ input: Operations.RecordMoment.Input) async throws -> Operations.RecordMoment.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the moment as JSON.") }
        try await requirePerson(PersonID(body.personId), tending, field: "personId")
        let day = try await day(body.on, field: "on", tending)
        let kind = try Moment.Kind.parse(body.kind.rawValue)
        let about = body.about.flatMap { Moment.Subject(rawValue: $0.rawValue) } ?? .themself
        let moment = try await tending.recordMoment(.id(PersonID(body.personId)), kind: kind, about: about, on: day, note: body.note ?? "")
        return .created(.init(body: .json(Map.moment(moment))))
    }

    func getMoment(_ input: Operations.GetMoment.Input) async throws -> Operations.GetMoment.Output {
        let tending = try tending()
        guard let moment = try await tending.moment(MomentID(input.path.momentId)) else { throw TendError.noSuchMoment(String(input.path.momentId)) }
        return .ok(.init(body: .json(Map.moment(moment))))
    }

    func closeMoment(_ input: Operations.CloseMoment.Input) async throws -> Operations.CloseMoment.Output {
        let tending = try tending()
        guard let moment = try await tending.closeMoment(MomentID(input.path.momentId)) else {
            throw TendError.noSuchMoment(String(input.path.momentId))
        }
        return .ok(.init(body: .json(Map.moment(moment))))
    }

    // MARK: Agenda and ledger

    func getAgenda(_ input: Operations.GetAgenda.Input) async throws -> Operations.GetAgenda.Output {
        let tending = try tending()
        let day = try await day(input.query.date, tending)
        var agenda = try await tending.agenda(for: day)
        if let limit = input.query.limit {
            guard (1...1000).contains(limit) else { throw APIProblem.badRequest("limit is 1 to 1000, not \(limit).", field: "limit") }
            agenda.limit = limit
        }
        return .ok(.init(body: .json(.init(date: day.description, suggestions: agenda.shown.map(Map.suggestion),
                                           total: agenda.suggestions.count, rest: agenda.restSummary,
                                           coverage: Map.coverage(agenda.coverage)))))
    }

    func getWeek(_ input: Operations.GetWeek.Input) async throws -> Operations.GetWeek.Output {
        let tending = try tending()
        let day = try await day(input.query.date, tending)
        let plan = try await tending.week(from: day)
        let capacity = try await tending.settings().agendaLength
        return .ok(.init(body: .json(.init(date: day.description, capacity: capacity, days: plan.days.map {
            .init(date: $0.day.description, suggestions: $0.suggestions.map(Map.suggestion), more: $0.more)
        }))))
    }

    func completeSuggestion(_ input: Operations.CompleteSuggestion.Input) async throws -> Operations.CompleteSuggestion.Output {
        let tending = try tending()
        var body: Components.Schemas.CompletionInput?
        if case .json(let b)? = input.body { body = b }
        let day = try await day(body?.date, tending)
        let done = try await tending.complete(input.path.key, on: day, channel: body?.channel.flatMap { Channel(rawValue: $0.rawValue) },
                                              intent: try body?.intent.map { try Intent.parse($0.rawValue) }, note: body?.note)
        return .ok(.init(body: .json(.init(suggestion: Map.suggestion(done.suggestion), logged: done.logged.map(Map.logged)))))
    }

    func snoozeSuggestion(_ input: Operations.SnoozeSuggestion.Input) async throws -> Operations.SnoozeSuggestion.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the day to snooze until as JSON.") }
        let day = try await day(body.date, tending)
        guard let until = Day(body.until) else { throw APIProblem.badRequest("until '\(body.until)' is not a date (YYYY-MM-DD).", field: "until") }
        let suggestion = try await tending.snooze(input.path.key, on: day, until: until)
        return .ok(.init(body: .json(Map.suggestion(suggestion))))
    }

    func dismissSuggestion(_ input: Operations.DismissSuggestion.Input) async throws -> Operations.DismissSuggestion.Output {
        let tending = try tending()
        var date: String?
        if case .json(let b)? = input.body { date = b.date }
        let day = try await day(date, tending)
        return .ok(.init(body: .json(Map.suggestion(try await tending.dismiss(input.path.key, on: day)))))
    }

    func getLedger(_ input: Operations.GetLedger.Input) async throws -> Operations.GetLedger.Output {
        let tending = try tending()
        let day = try await day(input.query.date, tending)
        let ledger = try await tending.ledger(asOf: day)
        return .ok(.init(body: .json(.init(date: day.description, mostlyAsk: ledger.mostlyAsk.map(Map.ledgerLine),
                                           givenTo: ledger.givenTo.map(Map.ledgerLine)))))
    }
}

// MARK: News

extension APIHandler {
    func listNews(_ input: Operations.ListNews.Input) async throws -> Operations.ListNews.Output {
        let tending = try tending()
        let state: Proposal.State? = switch input.query.state ?? .pending {
        case .pending: .pending
        case .confirmed: .confirmed
        case .dismissed: .dismissed
        case .all: nil
        }
        let items = try await tending.news(state: state, limit: 500)
        return .ok(.init(body: .json(.init(items: items.map(Map.news), waiting: try await tending.newsWaiting()))))
    }

    func confirmNews(_ input: Operations.ConfirmNews.Input) async throws -> Operations.ConfirmNews.Output {
        let tending = try tending()
        var kind: Moment.Kind?
        if case .json(let body) = input.body, let k = body.kind {
            do { kind = try Moment.Kind.parse(k.rawValue) } catch { throw APIProblem.badRequest(error.description, field: "kind") }
        }
        let today = try await today(tending)
        let (p, moment) = try await tending.confirmNews(ProposalID(input.path.newsId), as: kind, on: today)
        let item = try await newsItem(p, tending)
        return .ok(.init(body: .json(.init(news: Map.news(item), moment: Map.moment(moment)))))
    }

    func dismissNews(_ input: Operations.DismissNews.Input) async throws -> Operations.DismissNews.Output {
        let tending = try tending()
        let today = try await today(tending)
        let p = try await tending.dismissNews(ProposalID(input.path.newsId), on: today)
        return .ok(.init(body: .json(Map.news(try await newsItem(p, tending)))))
    }

    private func newsItem(_ p: Proposal, _ tending: Tending) async throws -> Tending.NewsItem {
        guard let person = try await tending.person(id: p.personID) else { throw TendError.noSuchPerson(String(p.personID.rawValue)) }
        return Tending.NewsItem(proposal: p, person: person)
    }
}
