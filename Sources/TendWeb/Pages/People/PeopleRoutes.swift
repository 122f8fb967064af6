import Foundation
import Hummingbird
import TendCore
import TendForms
import TendServices
import TendStore

/// People's routes: the list, and adding and editing a person with the person form.
struct PeopleRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("people", use: list)
        router.get("people/new", use: new)
        router.post("people", use: create)
        router.get("people/:id/edit", use: edit)
        router.post("people/:id", use: save)
    }

    @Sendable func list(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await self.today(tending)
        let query = request.uri.queryParameters
        let q = query["q"].map(String.init) ?? ""
        let tier = query["tier"].flatMap { Tier(rawValue: String($0)) }
        let tag = query["tag"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let sort = query["sort"].flatMap { Tending.PeopleSort(rawValue: String($0)) } ?? .name
        let descending = query["dir"] == "desc"
        let page = max(1, query["page"].flatMap { Int($0) } ?? 1)
        let (lines, total) = try await tending.peoplePage(PeopleFilter(tier: tier, tag: tag), search: q, sort: sort,
                                                           descending: descending, page: page, pageSize: PeoplePage.pageSize, asOf: today)
        let model = PeoplePage(lines: lines, total: total, tags: try await tending.tags(),
                               query: .init(q: q, tier: tier, tag: tag, sort: sort, descending: descending, page: page), today: today)
        return try await self.page("people", model, title: "People", section: .people, context: context)
    }

    @Sendable func new(_ request: Request, context: TendRequestContext) async throws -> Response {
        return try await personForm(PersonFormValues(tier: Tier.familiar.rawValue), problems: [:],
                                    person: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await self.today(tending)
        let values = PersonFormValues(context.form)
        let parsed = values.parse()
        guard parsed.problems.isEmpty, let tier = parsed.tier else {
            return try await personForm(values, problems: parsed.problems, person: nil, context: context, status: .badRequest)
        }
        do {
            let person = try await tending.addPerson(parsed.profile, tier: tier, targetTier: parsed.target,
                                                     cadenceDays: parsed.cadence, on: today)
            return Response.see("/people/\(person.id)", flash: "Added \(person.displayName).")
        } catch let TendError.invalid(problem) {
            return try await personForm(values, problems: [PersonFormValues.field(for: problem.field): problem.message],
                                        person: nil, context: context, status: .badRequest)
        }
    }

    @Sendable func edit(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        return try await personForm(PersonFormValues(person), problems: [:], person: person, context: context)
    }

    @Sendable func save(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await self.today(tending)
        let person = try await self.person(try id("id", context), tending)
        let values = PersonFormValues(context.form)
        let parsed = values.parse()
        guard parsed.problems.isEmpty, let tier = parsed.tier else {
            return try await personForm(values, problems: parsed.problems, person: person, context: context, status: .badRequest)
        }
        do {
            let updated = try await tending.editPerson(.id(person.id), on: today, reason: "edited") { p in
                p.profile = parsed.profile
                p.tier = tier
                p.targetTier = parsed.target
                p.cadenceDays = parsed.cadence
            }
            return Response.see("/people/\(updated.id)", flash: "Saved \(updated.displayName).")
        } catch let TendError.invalid(problem) {
            return try await personForm(values, problems: [PersonFormValues.field(for: problem.field): problem.message],
                                        person: person, context: context, status: .badRequest)
        }
    }



    func personForm(_ v: PersonFormValues, problems: [String: String], person: Person?, context: TendRequestContext,
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let model = PersonFormPage(values: v, problems: problems, person: person)
        return try await page("personForm", model, title: model.heading, section: .people, context: context, status: status)
    }
}
