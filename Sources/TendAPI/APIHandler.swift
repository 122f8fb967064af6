import Foundation
import Logging
import OpenAPIRuntime
import TendCore
import TendInterop
import TendServices
import TendStore

/// The operations of `openapi.yaml`, each a thin shell over the same services the web pages and the
/// CLI call. The caller's account comes from `TokenMiddleware`.
struct APIHandler: APIProtocol {
    let database: any TendDatabase
    let now: @Sendable () -> Date
    let agendaCache: AgendaCache?
    /// Digests: saving a schedule, the next one planned.
    let scheduler: Scheduler
    /// Mail capture's mailboxes; nil where the server reads no mail.
    let mailboxes: Mailboxes?
    /// Calendar subscriptions; nil where the server polls none.
    var calendars: CalendarSubscriptions? = nil
    /// How feeds are fetched when one is followed (the instance's rule on private addresses in it).
    let feedFetcher: any FeedFetching

    /// The calling account's services.
    func tending() throws -> Tending {
        guard let caller = Caller.current else { throw TokenMiddleware.unauthorized("This needs a personal access token.") }
        return Tending(database: database, account: caller.account, agendaCache: agendaCache)
    }

    /// Today in the account's time zone.
    func today(_ tending: Tending) async throws -> Day {
        try await tending.today(at: now()).day
    }

    /// The day a parameter names, or today.
    func day(_ text: String?, field: String = "date", _ tending: Tending) async throws -> Day {
        guard let text else { return try await today(tending) }
        guard let day = Day(text) else { throw APIProblem.badRequest("\(field) '\(text)' is not a date (YYYY-MM-DD).", field: field) }
        return day
    }

    /// A page size: 50 unless asked, at most 200.
    func limit(_ value: Int?) throws -> Int {
        guard let value else { return 50 }
        guard (1...200).contains(value) else { throw APIProblem.badRequest("limit is 1 to 200, not \(value).", field: "limit") }
        return value
    }

    func optionalDay(_ text: String?, field: String) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(text) else { throw APIProblem.badRequest("\(field) '\(text)' is not a date (YYYY-MM-DD).", field: field) }
        return day
    }

    // MARK: People

    func listPeople(_ input: Operations.ListPeople.Input) async throws -> Operations.ListPeople.Output {
        let tending = try tending()
        let q = input.query
        let day = try await day(q.date, tending)
        let limit = try limit(q.limit)
        let offset = try q.cursor.map { try Cursor.offset($0) } ?? 0
        let sort = Tending.PeopleSort(rawValue: q.sort?.rawValue ?? "name") ?? .name
        let tier = q.tier.flatMap { Tier(rawValue: $0.rawValue) }
        // The service pages by page number; a cursor holds the offset, which is always a multiple of the limit it was made with.
        let (lines, total) = try await tending.peoplePage(
            PeopleFilter(tier: tier, tag: q.tag.map { $0.trimmed.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }, includeArchived: q.archived ?? false),
            search: q.q, sort: sort, descending: q.descending ?? false, page: offset / limit + 1, pageSize: limit, asOf: day)
        let start = offset / limit * limit
        let next = start + lines.count < total && !lines.isEmpty ? Cursor.make(offset: start + lines.count) : nil
        return .ok(.init(body: .json(.init(items: lines.map { Map.person($0.person, last: $0.lastNeedFree, nextDue: $0.nextDue) },
                                           total: total, nextCursor: next))))
    }

    func createPerson(_ input: Operations.CreatePerson.Input) async throws -> Operations.CreatePerson.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the person as JSON.") }
        var profile = Profile(displayName: body.value2.name)
        try Map.apply(body.value1, to: &profile)
        let target = try Map.target(body.value1.targetTier?.rawValue)
        let day = try await today(tending)
        let person = try await tending.addPerson(profile, tier: body.value2.tier.flatMap { Tier(rawValue: $0.rawValue) } ?? .familiar,
                                                 targetTier: target ?? nil, cadenceDays: body.value1.cadenceDays.flatMap { $0 == 0 ? nil : $0 },
                                                 on: day)
        return .created(.init(body: .json(try await detail(person.id, tending, day))))
    }

    func getPerson(_ input: Operations.GetPerson.Input) async throws -> Operations.GetPerson.Output {
        let tending = try tending()
        let day = try await day(input.query.date, tending)
        return .ok(.init(body: .json(try await detail(PersonID(input.path.personId), tending, day))))
    }

    func updatePerson(_ input: Operations.UpdatePerson.Input) async throws -> Operations.UpdatePerson.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the changes as JSON.") }
        let id = PersonID(input.path.personId)
        let day = try await today(tending)
        let target = try Map.target(body.value1.targetTier?.rawValue)
        _ = try await tending.editPerson(.id(id), on: day, reason: body.value2.reason) { p in
            if let name = body.value2.name { p.profile.displayName = name }
            try Map.apply(body.value1, to: &p.profile)
            if let tier = body.value2.tier.flatMap({ Tier(rawValue: $0.rawValue) }) { p.tier = tier }
            if let target { p.targetTier = target }
            if let c = body.value1.cadenceDays { p.cadenceDays = c == 0 ? nil : c }
            if let archived = body.value2.archived { p.archived = archived }
        }
        return .ok(.init(body: .json(try await detail(id, tending, day))))
    }

    func addRelation(_ input: Operations.AddRelation.Input) async throws -> Operations.AddRelation.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the relation as JSON.") }
        let id = PersonID(input.path.personId)
        try await requirePerson(PersonID(body.personId), tending, field: "personId")
        guard let kind = Relation.Kind(rawValue: body.kind.rawValue) else { throw APIProblem.invalid("Unknown relation.", field: "kind") }
        _ = try await tending.relate(.id(id), kind, .id(PersonID(body.personId)))
        return .created(.init(body: .json(try await detail(id, tending, try await today(tending)))))
    }

    func removeRelation(_ input: Operations.RemoveRelation.Input) async throws -> Operations.RemoveRelation.Output {
        let tending = try tending()
        let id = PersonID(input.path.personId)
        try await requirePerson(PersonID(input.path.otherId), tending, field: "otherId")
        guard let kind = Relation.Kind(rawValue: input.path.kind.rawValue) else { throw APIProblem.invalid("Unknown relation.", field: "kind") }
        try await tending.unrelate(.id(id), kind, .id(PersonID(input.path.otherId)))
        return .noContent(.init())
    }

    func listTierChanges(_ input: Operations.ListTierChanges.Input) async throws -> Operations.ListTierChanges.Output {
        let tending = try tending()
        let id = PersonID(input.path.personId)
        try await requirePerson(id, tending)
        let history = try await tending.tierHistory(of: id)
        return .ok(.init(body: .json(.init(items: history.map(Map.tierChange)))))
    }

    func changeTier(_ input: Operations.ChangeTier.Input) async throws -> Operations.ChangeTier.Output {
        let tending = try tending()
        guard case .json(let body) = input.body else { throw APIProblem.badRequest("Send the tier as JSON.") }
        let id = PersonID(input.path.personId)
        let day = try await day(body.date, tending)
        guard let tier = Tier(rawValue: body.tier.rawValue) else { throw APIProblem.invalid("Unknown tier.", field: "tier") }
        let target = try Map.target(body.targetTier?.rawValue)
        _ = try await tending.setTier(.id(id), to: tier, target: target.map { .some($0) } ?? .none, reason: body.reason, on: day)
        return .created(.init(body: .json(try await detail(id, tending, day))))
    }

    func search(_ input: Operations.Search.Input) async throws -> Operations.Search.Output {
        let tending = try tending()
        let text = input.query.q.trimmed
        guard !text.isEmpty else { throw APIProblem.badRequest("Say what to search for.", field: "q") }
        let found = try await tending.search(text).prefix(try limit(input.query.limit))
        return .ok(.init(body: .json(.init(items: found.map { Map.person($0, last: nil, nextDue: nil) }))))
    }

    /// A person of this account by id, with relations and when they are next due.
    func detail(_ id: PersonID, _ tending: Tending, _ day: Day) async throws -> Components.Schemas.Person {
        let d = try await tending.detail(.id(id), asOf: day)
        return Map.person(d.person, last: d.summary.lastNeedFree, nextDue: d.nextDue, relations: d.relations)
    }

    /// Ids in the API are ids, never names: a missing id is 404 whatever people are called. The services
    /// answer an unknown id themselves; this is for a second person, to name the field, and for reads
    /// that would otherwise answer an empty list.
    func requirePerson(_ id: PersonID, _ tending: Tending, field: String? = nil) async throws {
        guard try await tending.person(id: id) != nil else {
            throw field.map { APIProblem.notFound("No person \(id.rawValue) (\($0)).") } ?? APIProblem.notFound("No person \(id.rawValue).")
        }
    }
}
