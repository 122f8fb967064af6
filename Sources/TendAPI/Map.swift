import Foundation
import TendCore
import TendServices
import TendStore

/// Between the domain's types and the API's generated ones.
enum Map {
    static func person(_ p: Person, last: Day?, nextDue: Day?, relations: [Tending.RelatedPerson]? = nil) -> Components.Schemas.Person {
        let f = p.profile
        return .init(
            id: p.id.rawValue, name: f.displayName, givenName: f.givenName, familyName: f.familyName, nickname: f.nickname,
            emails: f.emails, phones: f.phones, company: f.company, title: f.title, city: f.city, howWeMet: f.howWeMet,
            metOn: f.metOn?.description, birthday: f.birthday?.description, anniversary: f.anniversary?.description,
            notes: f.notes, tags: f.tags, links: f.links.map { .init(label: $0.label.isEmpty ? nil : $0.label, url: $0.url) },
            tier: tier(p.tier), targetTier: p.targetTier.map(tier), cadenceDays: p.cadenceDays, archived: p.archived,
            addedOn: p.addedOn.description, lastNeedFreeTouch: last?.description, nextDue: nextDue?.description,
            relations: relations?.map { .init(kind: .init(rawValue: $0.kind.rawValue)!, personId: $0.personID.rawValue, name: $0.name, forward: $0.forward) })
    }

    static func tier(_ t: Tier) -> Components.Schemas.Tier { .init(rawValue: t.rawValue)! }

    /// A target tier as sent: nil when left out, `.some(nil)` to clear it.
    static func target(_ raw: String?) throws -> Tier?? {
        guard let raw else { return nil }
        if raw.isEmpty { return .some(nil) }
        guard let t = Tier(rawValue: raw) else { throw APIProblem.invalid("'\(raw)' is not a tier.", field: "targetTier") }
        return .some(t)
    }

    /// Applies the fields sent: a field left out is kept; an empty string clears a text field.
    static func apply(_ f: Components.Schemas.PersonFields, to p: inout Profile) throws {
        func text(_ value: String?, _ field: WritableKeyPath<Profile, String?>) {
            if let value { p[keyPath: field] = value.isEmpty ? nil : value }
        }
        text(f.givenName, \.givenName)
        text(f.familyName, \.familyName)
        text(f.nickname, \.nickname)
        text(f.company, \.company)
        text(f.title, \.title)
        text(f.city, \.city)
        text(f.howWeMet, \.howWeMet)
        if let v = f.notes { p.notes = v }
        if let v = f.emails { p.emails = v }
        if let v = f.phones { p.phones = v }
        if let v = f.tags { p.tags = v }
        if let v = f.links {
            p.links = try v.enumerated().map { i, l in
                let url = l.url.trimmed
                guard !url.isEmpty else { throw APIProblem.invalid("A link needs an address.", field: "links[\(i)].url") }
                return Link(label: l.label?.trimmed ?? "", url: url)
            }
        }
        if let v = f.metOn {
            if v.isEmpty { p.metOn = nil } else {
                guard let d = Day(v) else { throw APIProblem.invalid("'\(v)' is not a date (YYYY-MM-DD).", field: "metOn") }
                p.metOn = d
            }
        }
        for (value, field, name) in [(f.birthday, \Profile.birthday, "birthday"), (f.anniversary, \Profile.anniversary, "anniversary")] {
            guard let value else { continue }
            if value.isEmpty { p[keyPath: field] = nil; continue }
            guard let b = Birthday(value) else {
                throw APIProblem.invalid("'\(value)' is not a date (YYYY-MM-DD, or --MM-DD without the year).", field: name)
            }
            p[keyPath: field] = b
        }
    }

    static func tierChange(_ c: TierChange) -> Components.Schemas.TierChange {
        .init(from: c.from.map(tier), to: tier(c.to), on: c.on.description, reason: c.reason)
    }

    static func touch(_ t: Touch) -> Components.Schemas.Touch {
        .init(id: t.id.rawValue, on: t.on.description, people: t.people.map(\.rawValue), channel: .init(rawValue: t.channel.rawValue)!,
              intent: .init(rawValue: t.intent.description)!, note: t.note, momentId: t.momentID?.rawValue)
    }

    static func logged(_ l: Tending.LoggedTouch) -> Components.Schemas.LoggedTouch {
        .init(touch: touch(l.touch), warnings: l.warnings, answered: l.answered.map(moment))
    }

    static func moment(_ m: Moment) -> Components.Schemas.Moment {
        .init(id: m.id.rawValue, personId: m.personID.rawValue, kind: .init(rawValue: m.kind.description)!,
              about: .init(rawValue: m.about.rawValue)!, on: m.on.description, note: m.note, state: .init(rawValue: m.state.rawValue)!,
              answeredOn: m.answeredOn?.description, followedUpOn: m.followedUpOn?.description)
    }

    static func suggestion(_ s: Suggestion) -> Components.Schemas.Suggestion {
        .init(key: s.key, kind: .init(rawValue: s.kind.rawValue)!, personId: s.personID.rawValue, personName: s.personName,
              momentId: s.momentID?.rawValue, reason: s.reason, action: s.action, draft: s.draft, score: s.score,
              sendLinks: s.contact == nil ? nil : s.sendLinks.map {
                  .init(app: .init(rawValue: $0.app.rawValue)!, channel: .init(rawValue: $0.app.channel.rawValue)!, url: $0.url)
              })
    }

    static func coverage(_ c: Coverage) -> Components.Schemas.Coverage {
        .init(capacity: c.capacity, neededCapacity: c.neededCapacity, covered: c.isCovered, note: c.note,
              tiers: c.lines.map { .init(tier: .init(rawValue: $0.tier.rawValue)!, people: $0.people, cadence: $0.cadence,
                                         canKeep: $0.canKeep, behind: $0.behind) })
    }

    static func ledgerLine(_ l: Reciprocity.Line) -> Components.Schemas.LedgerLine {
        .init(personId: l.personID.rawValue, name: l.name, needFree: l.needFree, gives: l.gives, asks: l.asks)
    }

    static func chatReport(_ r: ChatImportReport) -> Components.Schemas.ChatImportReport {
        .init(app: r.app, dryRun: r.dryRun, me: r.me,
              chats: r.chats.map { l in
                  .init(key: l.key, title: l.title, kind: .init(rawValue: l.kind) ?? .other, messages: l.messages, yourDays: l.yourDays,
                        theirDays: l.theirDays, status: .init(rawValue: l.status.rawValue) ?? .skipped, people: l.people,
                        personIds: l.personIDs, matchedBy: l.matchedBy, touches: l.touches,
                        suggestions: l.suggestions.map { .init(personId: $0.personID, name: $0.name) }, reason: l.reason)
              },
              touches: r.touches, asks: r.asks, moments: r.moments, received: r.received, alreadyRead: r.alreadyRead,
              added: r.added, summary: r.summary)
    }

    static func calendarReport(_ r: CalendarImportReport) -> Components.Schemas.CalendarImportReport {
        .init(calendar: r.calendar, source: r.source, dryRun: r.dryRun, since: r.since.description, events: r.events, occurrences: r.occurrences,
              added: r.added, moved: r.moved, removed: r.removed, unchanged: r.unchanged, people: r.people, upcoming: r.upcoming,
              skipped: .init(additionalProperties: r.skipped), problems: r.problems,
              lines: r.lines.map { l in
                  .init(key: l.key, title: l.title, start: l.start, day: l.day.description, people: l.people,
                        channel: l.channel.flatMap { Components.Schemas.Channel(rawValue: $0.rawValue) },
                        status: .init(rawValue: l.status.rawValue) ?? .skipped, reason: l.reason)
              },
              summary: r.summary)
    }

    static func importReport(_ outcome: ImportOutcome, dryRun: Bool) -> Components.Schemas.ImportReport {
        switch outcome {
        case .calendar(let r):
            return .init(format: "ics", dryRun: dryRun, summary: r.summary, added: [], updated: [], unchanged: 0, skipped: [],
                         relations: 0, proposed: [])
        case .chats(let r):
            return .init(format: r.app.lowercased(), dryRun: dryRun, summary: r.summary, added: [], updated: [], unchanged: 0, skipped: [],
                         relations: 0, proposed: [])
        case .backup(let b):
            return .init(format: "backup", dryRun: dryRun, summary: b.summary, added: [], updated: [], unchanged: 0, skipped: [],
                         relations: 0, proposed: [], restored: .init(people: b.people, touches: b.touches, moments: b.moments))
        case .contacts(let r):
            return .init(format: r.format, unit: r.unit, dryRun: r.dryRun, summary: r.summary,
                         added: r.added.map { .init(line: $0.line, name: $0.name) },
                         updated: r.updated.map { .init(line: $0.line, name: $0.name, into: $0.into, personId: $0.personID?.rawValue,
                                                        matchedBy: $0.matchedBy, changed: $0.changed) },
                         unchanged: r.unchanged.count,
                         skipped: r.skipped.map { .init(line: $0.line, name: $0.name, reason: $0.reason) },
                         relations: r.relations,
                         proposed: r.proposed.map { .init(line: $0.line, name: $0.name, personId: $0.personID.rawValue, kind: $0.kind, note: $0.note) },
                         touches: r.touches, moments: r.moments,
                         notImported: r.notImported.sorted { $0.key < $1.key }.map { .init(what: $0.key, count: $0.value) })
        }
    }

    /// Kinds, subjects and states are closed vocabularies that the schema lists whole (as for `moment`).
    static func news(_ n: Tending.NewsItem) -> Components.Schemas.News {
        let p = n.proposal
        return .init(id: p.id.rawValue, personId: p.personID.rawValue, personName: n.person.displayName,
                     kind: .init(rawValue: p.kind.description)!, about: .init(rawValue: p.about.rawValue)!, on: p.on.description,
                     note: p.note, source: p.source, link: p.link,
                     job: p.job.map { .init(company: $0.company, title: $0.title) },
                     state: .init(rawValue: p.state.rawValue)!, decidedOn: p.decidedOn?.description)
    }
}
