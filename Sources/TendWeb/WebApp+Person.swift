import Foundation
import Hummingbird
import TendCore
import TendServices
import TendStore

extension WebApp {
    struct PersonModel: PageModel {
        var csrf = ""
        var id: Int64
        var name: String
        var subtitle: String
        var archived: Bool
        var archiveValue: String
        var archiveLabel: String
        var ladder: [Rung]
        var nextStep: String?
        var cadence: String
        var nextDue: String
        var isDue: Bool
        var tiers: [Option]
        var targets: [Option]
        var hasHistory: Bool
        var history: [Line]
        var needFree: Int
        var gives: Int
        var asks: Int
        var takerWarning: String?
        var facts: [Fact]
        var notes: String?
        var touchProblem: String?
        var intents: [Option]
        var channels: [Option]
        var today: String
        var wins: [Option]
        var struggles: [Option]
        var timeline: [Entry]
        var hasRelations: Bool
        var relations: [Related]
        var mergeProblem: String?

        struct Rung { var label: String; var `class`: String }
        struct Line { var date: String; var text: String }
        struct Fact { var label: String; var value: String; var href: String? }
        struct Entry {
            var anchor: String
            var date: String
            var badge: String?
            var badgeClass: String
            var text: String
            var momentID: Int64
            var dismissForm: Bool
        }
        struct Related { var label: String; var id: Int64; var name: String }
    }

    func addPersonRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("people/:id") { _, context in
            try await personPage(try id("id", context), context: context)
        }

        router.post("people/:id/touches") { _, context in
            let tending = try tending(context)
            let person = try await self.person(try id("id", context), tending)
            let (today, _) = try await self.today(tending)
            let form = context.form
            do {
                let intent = try Intent.parse(form["intent"] ?? "")
                let channel = try Channel.parse(form["channel"] ?? "")
                let day = try self.day(form["date"], default: today)
                let logged = try await tending.logTouch(to: [.id(person.id)], on: day, channel: channel, intent: intent, note: form["note"] ?? "")
                let answered = logged.answered.map { " It answers: \($0.kind.words)." }.joined()
                return Response.see("/people/\(person.id)", flash: (["Logged a \(intent) on \(day)." + answered] + logged.warnings).joined(separator: " "))
            } catch let error as VocabularyError {
                return try await personPage(person.id.rawValue, context: context, touchProblem: error.description.capitalizedFirst + ".")
            } catch let error as HTTPError where error.status == .badRequest {
                return try await personPage(person.id.rawValue, context: context, touchProblem: error.body ?? "Check the date.")
            }
        }

        router.post("people/:id/moments") { _, context in
            let tending = try tending(context)
            let person = try await self.person(try id("id", context), tending)
            let (today, _) = try await self.today(tending)
            let form = context.form
            do {
                let kind = try Moment.Kind.parse(form["kind"] ?? "")
                let about = try Moment.Subject.parse(form["about"] ?? "self")
                let day = try self.day(form["date"], default: today)
                let m = try await tending.recordMoment(.id(person.id), kind: kind, about: about, on: day, note: form["note"] ?? "")
                return Response.see("/people/\(person.id)", flash: "Recorded \(m.kind.isWin ? "a win" : "a struggle"): \(m.kind.words). It is on Today while it matters.")
            } catch let error as VocabularyError {
                return try await personPage(person.id.rawValue, context: context, touchProblem: error.description.capitalizedFirst + ".")
            } catch let error as HTTPError where error.status == .badRequest {
                return try await personPage(person.id.rawValue, context: context, touchProblem: error.body ?? "Check the date.")
            }
        }

        router.post("people/:id/tier") { _, context in
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

        router.post("people/:id/archive") { _, context in
            let tending = try tending(context)
            let person = try await self.person(try id("id", context), tending)
            let (today, _) = try await self.today(tending)
            let archive = context.form["archived"] == "true"
            let p = try await tending.editPerson(.id(person.id), on: today) { $0.archived = archive }
            return Response.see("/people/\(p.id)", flash: archive ? "Archived \(p.displayName): off the agenda and lists." : "\(p.displayName) is back.")
        }

        router.post("people/:id/merge") { _, context in
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

        router.get("touches/:id") { _, context in
            let tending = try tending(context)
            guard let touch = try await tending.touch(TouchID(try id("id", context))), let first = touch.people.first else {
                throw WebNotFound(message: "There is no such touch.")
            }
            return Response.redirect(to: "/people/\(first)#touch-\(touch.id)", type: .normal)
        }

        router.get("moments/:id") { _, context in
            let tending = try tending(context)
            guard let moment = try await tending.moment(MomentID(try id("id", context))) else {
                throw WebNotFound(message: "There is no such moment.")
            }
            return Response.redirect(to: "/people/\(moment.personID)#moment-\(moment.id)", type: .normal)
        }

        router.post("moments/:id/dismiss") { _, context in
            let tending = try tending(context)
            guard let moment = try await tending.closeMoment(MomentID(try id("id", context))) else {
                throw WebNotFound(message: "There is no such moment.")
            }
            return Response.see("/people/\(moment.personID)", flash: "Closed: \(moment.kind.words).")
        }
    }

    func personPage(_ id: Int64, context: TendRequestContext, touchProblem: String? = nil, mergeProblem: String? = nil,
                    status: HTTPResponse.Status? = nil) async throws -> Response {
        let tending = try tending(context)
        let (today, _) = try await self.today(tending)
        let d: Tending.PersonDetail
        do {
            d = try await tending.detail(.id(PersonID(id)), asOf: today)
        } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such person.")
        }
        let p = d.person, pr = p.profile
        let s = d.summary
        var facts: [PersonModel.Fact] = []
        func fact(_ label: String, _ value: String?, href: String? = nil) {
            if let value, !value.isEmpty { facts.append(.init(label: label, value: value, href: href)) }
        }
        fact("Nickname", pr.nickname)
        fact("Work", [pr.title, pr.company].compactMap { $0 }.joined(separator: ", "))
        fact("City", pr.city)
        func spelled(_ b: Birthday) -> String { "\(b.day) \(Day(year: 2000, month: b.month, day: 1)!.monthName)" + (b.year.map { " \($0)" } ?? "") }
        fact("Birthday", pr.birthday.map(spelled))
        fact("Anniversary", pr.anniversary.map(spelled))
        fact("Met", [pr.howWeMet, pr.metOn?.spelledOut].compactMap { $0 }.joined(separator: ", "))
        for e in pr.emails { fact("Email", e, href: "mailto:\(e)") }
        for ph in pr.phones { fact("Phone", ph, href: "tel:\(ph.filter { $0.isNumber || $0 == "+" })") }
        for l in pr.links { fact(l.label, l.url, href: l.url.hasPrefix("http") ? l.url : nil) }
        fact("Tags", pr.tags.joined(separator: ", "))

        let touchEntries = d.touches.map { t in
            PersonModel.Entry(anchor: "touch-\(t.id)", date: t.on.description, badge: t.intent.description,
                              badgeClass: t.intent.isAsk ? "support" : "",
                              text: " \(t.channel.rawValue.replacingOccurrences(of: "-", with: " "))" + (t.people.count > 1 ? ", with \(t.people.count - 1) more" : "")
                                + (t.note.isEmpty ? "" : " — \(t.note)"),
                              momentID: 0, dismissForm: false)
        }
        let momentEntries = d.moments.map { m in
            PersonModel.Entry(anchor: "moment-\(m.id)", date: m.on.description, badge: m.kind.isWin ? "win" : "struggle",
                              badgeClass: m.kind.isWin ? "" : "support",
                              text: " \(m.kind.words)" + (m.about == .themself ? "" : " (\(m.about.rawValue))") + " · \(m.state.rawValue)"
                                + (m.note.isEmpty ? "" : " — \(m.note)"),
                              momentID: m.id.rawValue, dismissForm: m.state == .open)
        }
        let timeline = (momentEntries + touchEntries).sorted { $0.date > $1.date }
        let nextStep = p.targetTier.flatMap { t in t > p.tier ? Agenda.nextStep(from: p.tier, to: t, name: pr.greetingName).action : nil }
        let model = PersonModel(
            id: p.id.rawValue, name: p.displayName,
            subtitle: [p.tier.title, pr.company].compactMap { $0 }.joined(separator: " · "),
            archived: p.archived, archiveValue: p.archived ? "false" : "true", archiveLabel: p.archived ? "Unarchive" : "Archive",
            ladder: Tier.allCases.map { t in .init(label: t.title, class: t == p.tier ? "current" : t == p.targetTier ? "target" : "") },
            nextStep: nextStep, cadence: d.cadenceDays.map { "every \($0) days" } ?? "none",
            nextDue: d.nextDue?.spelledOut ?? "—", isDue: d.nextDue.map { $0 <= today } ?? false,
            tiers: Self.tierOptions(selected: p.tier),
            targets: Tier.allCases.filter { $0 > p.tier }.map { Option(value: $0.rawValue, label: $0.title, selected: $0 == p.targetTier) },
            hasHistory: !d.tierHistory.isEmpty,
            history: d.tierHistory.reversed().map { t in
                .init(date: t.on.description, text: (t.from.map { "\($0.title) → \(t.to.title)" } ?? "Added as \(t.to.title)") + (t.reason.map { " — \($0)" } ?? ""))
            },
            needFree: s.needFreeLastYear, gives: s.givesLastYear, asks: s.asksLastYear,
            takerWarning: s.asksLastYear > 0 && s.asksLastYear >= s.needFreeLastYear
                ? "You have asked at least as often as you have shown up for \(pr.greetingName)." : nil,
            facts: facts, notes: pr.notes.isEmpty ? nil : pr.notes, touchProblem: touchProblem,
            intents: Intent.allNames.map { Option(value: $0, label: $0.replacingOccurrences(of: ":", with: ": ").capitalizedFirst) },
            channels: Self.channelOptions(), today: today.description,
            wins: Moment.Win.allCases.map { Option(value: "win:\($0.rawValue)", label: $0.words.capitalizedFirst) },
            struggles: Moment.Struggle.allCases.map { Option(value: "struggle:\($0.rawValue)", label: $0.words.capitalizedFirst) },
            timeline: timeline, hasRelations: !d.relations.isEmpty,
            relations: d.relations.map { r in
                .init(label: r.forward ? r.kind.words.capitalizedFirst + ":" : "Introduced", id: r.personID.rawValue, name: r.name)
            },
            mergeProblem: mergeProblem)
        return try await page("person", model, title: p.displayName, section: .people, context: context,
                              status: status ?? (touchProblem == nil ? .ok : .badRequest))
    }
}
