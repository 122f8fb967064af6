import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

/// A person's routes: their page, logging a touch, recording and closing a moment, moving tiers,
/// archiving, merging a duplicate; touches and moments by id lead to it.
struct PersonRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("people/:id", use: show)
        router.post("people/:id/touches", use: logTouch)
        router.post("people/:id/moments", use: recordMoment)
        router.post("people/:id/tier", use: setTier)
        router.post("people/:id/archive", use: archive)
        router.post("people/:id/merge", use: merge)
        router.get("touches/:id", use: showTouch)
        router.get("moments/:id", use: showMoment)
        router.post("moments/:id/dismiss", use: closeMoment)
        router.post("people/:id/feeds", use: followFeed)
        router.post("people/:id/feeds/:feed/remove", use: unfollowFeed)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        try await personPage(try id("id", context), context: context)
    }

    @Sendable func logTouch(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let (today, _) = try await self.today(tending)
        let form = context.form
        return try await showingFormProblems(of: person, context: context) {
            let intent = try Intent.parse(form["intent"] ?? "")
            let channel = try Channel.parse(form["channel"] ?? "")
            let day = try self.day(form["date"], default: today)
            let logged = try await tending.logTouch(to: [.id(person.id)], on: day, channel: channel, intent: intent, note: form["note"] ?? "")
            let answered = logged.answered.map { " It answers: \($0.kind.words)." }.joined()
            return Response.see("/people/\(person.id)", flash: (["Logged a \(intent) on \(day)." + answered] + logged.warnings).joined(separator: " "))
        }
    }

    @Sendable func recordMoment(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let (today, _) = try await self.today(tending)
        let form = context.form
        return try await showingFormProblems(of: person, context: context) {
            let kind = try Moment.Kind.parse(form["kind"] ?? "")
            let about = try Moment.Subject.parse(form["about"] ?? "self")
            let day = try self.day(form["date"], default: today)
            let m = try await tending.recordMoment(.id(person.id), kind: kind, about: about, on: day, note: form["note"] ?? "")
            return Response.see("/people/\(person.id)", flash: "Recorded \(m.kind.isWin ? "a win" : "a struggle"): \(m.kind.words). It is on Today while it matters.")
        }
    }

    /// Runs a touch or moment form's work; a word it does not know or a bad date is shown beside the form.
    private func showingFormProblems(of person: Person, context: TendRequestContext,
                                     _ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch let error as VocabularyError {
            return try await personPage(person.id.rawValue, context: context, touchProblem: error.description.capitalizedFirst + ".")
        } catch let error as HTTPError where error.status == .badRequest {
            return try await personPage(person.id.rawValue, context: context, touchProblem: error.body ?? "Check the date.")
        }
    }

    @Sendable func setTier(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let (today, _) = try await self.today(tending)
        let form = context.form
        guard let tier = form["tier"].flatMap(Tier.init(rawValue:)) else { throw HTTPError(.badRequest, message: "Choose a tier.") }
        let target = form["target"].flatMap(Tier.init(rawValue:))
        do {
            let p = try await tending.setTier(.id(person.id), to: tier, target: .some(target), reason: form["reason"], on: today)
            return Response.see("/people/\(p.id)", flash: "\(p.displayName) is \(p.tier.rawValue)" + (p.targetTier.map { ", aiming for \($0.rawValue)." } ?? "."))
        } catch let error as TendError {
            return try await personPage(person.id.rawValue, context: context, touchProblem: error.description.capitalizedFirst + ".")
        }
    }

    @Sendable func archive(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let (today, _) = try await self.today(tending)
        let archive = context.form["archived"] == "true"
        let p = try await tending.editPerson(.id(person.id), on: today) { $0.archived = archive }
        return Response.see("/people/\(p.id)", flash: archive ? "Archived \(p.displayName): off the agenda and lists." : "\(p.displayName) is back.")
    }

    @Sendable func merge(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let (today, _) = try await self.today(tending)
        do {
            let m = try await tending.merge(.id(person.id), PersonReference(typed: context.form["duplicate"] ?? ""), on: today)
            return Response.see("/people/\(person.id)",
                                flash: "Merged \(m.removed.displayName) into \(m.person.displayName): \(m.touchesMoved) touches and \(m.momentsMoved) moments moved.")
        } catch let error as TendError {
            let hint = if case .ambiguousPerson = error { " Type more of the name, or the id." } else { "" }
            return try await personPage(person.id.rawValue, context: context, mergeProblem: error.description.capitalizedFirst + "." + hint,
                                        status: .badRequest)
        }
    }

    @Sendable func showTouch(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        guard let touch = try await tending.touch(TouchID(try id("id", context))), let first = touch.people.first else {
            throw WebNotFound(message: "There is no such touch.")
        }
        return Response.redirect(to: "/people/\(first)#touch-\(touch.id)", type: .normal)
    }

    @Sendable func showMoment(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        guard let moment = try await tending.moment(MomentID(try id("id", context))) else {
            throw WebNotFound(message: "There is no such moment.")
        }
        return Response.redirect(to: "/people/\(moment.personID)#moment-\(moment.id)", type: .normal)
    }

    @Sendable func closeMoment(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        guard let moment = try await tending.closeMoment(MomentID(try id("id", context))) else {
            throw WebNotFound(message: "There is no such moment.")
        }
        return Response.see("/people/\(moment.personID)", flash: "Closed: \(moment.kind.words).")
    }

    /// Follows a feed of the person's or their company's: the address of a feed or of a site that names one.
    @Sendable func followFeed(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let form = context.form
        let address = form["address"] ?? ""
        let owner: Feed.Owner
        if form["whose"] == "company" {
            guard let company = person.profile.company else {
                return try await personPage(person.id.rawValue, context: context, feedProblem: "\(person.displayName) has no company on their profile.",
                                            feedAddress: address)
            }
            owner = .company(company)
        } else {
            owner = .person(person.id)
        }
        do {
            let feed = try await tending.followFeed(address, of: owner, fetcher: app.feedFetcher, at: now())
            return Response.see("/people/\(person.id)#feeds-h",
                                flash: "Following \(feed.title ?? FeedPoller.shown(feed.url)). Its new posts that read as news will wait in News.")
        } catch let error as TendError {
            return try await personPage(person.id.rawValue, context: context, feedProblem: error.description.asSentence, feedAddress: address)
        }
    }

    @Sendable func unfollowFeed(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try tending(context)
        let person = try await self.person(try id("id", context), tending)
        let id = FeedID(try id("feed", context))
        do { try await tending.unfollowFeed(id) } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such feed.")
        }
        return Response.see("/people/\(person.id)#feeds-h", flash: "Stopped following the feed. What it brought to News stays there.")
    }

    func personPage(_ id: Int64, context: TendRequestContext, touchProblem: String? = nil, mergeProblem: String? = nil,
                    feedProblem: String? = nil, feedAddress: String = "", status: HTTPResponse.Status? = nil) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await self.today(tending)
        let d: Tending.PersonDetail
        do {
            d = try await tending.detail(.id(PersonID(id)), asOf: today)
        } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such person.")
        }
        var model = PersonPage(detail: d, today: today, touchProblem: touchProblem, mergeProblem: mergeProblem)
        let p = d.person
        let (feeds, posts) = try await tending.feeds(of: p.id, at: now())
        model.feeds = .init(feeds: feeds, posts: posts, person: p, problem: feedProblem, address: feedAddress)
        return try await page("person", model, title: p.displayName, section: .people, context: context,
                              status: status ?? (touchProblem == nil && feedProblem == nil ? .ok : .badRequest))
    }
}
