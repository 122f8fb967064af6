import Foundation
import TendCore
import TendInterop
import TendStore

extension Tending {
    /// The source name of what a Monica export brings, on its imported records and in News.
    static let monicaSource = "monica"

    /// Imports a Monica export in one transaction: its contacts merged into the network as any import's are
    /// (a contact imported before is the same person again, by its Monica uuid), then its activities, calls and
    /// conversations as touches and its life events as moments, each once: importing the same export, or a later
    /// one, adds only what is new. A life event that a later touch in the export answered is recorded as answered.
    /// A later export that shows someone's new company or title proposes the job change in News, as LinkedIn does.
    /// - Throws: `TendError.importProblems` when a record cannot be read and `skipInvalid` is off.
    public func importMonica(_ export: MonicaExport, options: ImportOptions, on day: Day,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        if !export.problems.isEmpty && !options.skipInvalid {
            throw TendError.importProblems(export.problems.map { "contact \($0.line)\($0.name.map { " (\($0))" } ?? ""): \($0.message)" })
        }
        let tagsToAdd = try options.checkedTags()
        let source = Self.monicaSource
        let body: @Sendable (any TendSession) async throws -> ImportReport = { s in
            let zone = try await s.settings.load().resolvedTimeZone()
            let known = try await s.importedRecords.records(source: source)
            let existing = try await s.people.people(PeopleFilter(includeArchived: true))
            var plan = ImportPlan(existing: existing, tier: options.tier, tags: tagsToAdd)
            var report = ImportReport(format: "monica", dryRun: options.dryRun)
            report.unit = "contact"
            var skipped: [ImportReport.Skipped] = export.problems.map { .init(line: $0.line, name: $0.name, reason: $0.message) }

            // Contacts: each to a slot of the plan, or skipped when Tend deleted the person an earlier import made.
            var slotOf: [String: Int] = [:]
            var forgotten = Set<String>()
            for c in export.contacts {
                var pinned: Int?
                if case .person(let id)? = known["contact:\(c.uuid)"] {
                    guard let id, let slot = plan.slot(of: id) else {
                        forgotten.insert(c.uuid)
                        skipped.append(.init(line: c.record, name: c.contact.profile.displayName,
                                             reason: "deleted in Tend after an earlier import; not brought back"))
                        continue
                    }
                    pinned = slot
                }
                slotOf[c.uuid] = plan.take(c.contact, pinned: pinned, cadenceDays: c.cadenceDays, archived: c.archived)
            }
            let relations = plan.resolveRelations(existing: try await s.people.allRelations())
            let people = plan.report(format: "monica", dryRun: options.dryRun)
            report.added = people.added
            report.merged = people.merged
            report.relations = relations.count
            report.notImported = export.notImported
            let proposals = try await plan.jobProposals(in: s, format: "monica", on: day)
            report.proposed = proposals.map(\.report)

            // Touches and moments not imported before, with the contacts they name.
            var touches: [(key: String, touch: NewTouchDraft)] = []
            for t in export.touches where known[t.key] == nil {
                let slots = t.contacts.compactMap { slotOf[$0] }
                guard !slots.isEmpty else {
                    if t.contacts.contains(where: forgotten.contains) { continue }
                    skipped.append(.init(line: t.record, name: nil, reason: "\(t.key.prefix { $0 != ":" }) names no contact in the export"))
                    continue
                }
                touches.append((t.key, NewTouchDraft(on: t.when.day(in: zone), slots: slots, channel: t.channel,
                                                     note: String(t.note.prefix(2000)))))
            }
            var moments: [(key: String, slot: Int, kind: Moment.Kind, on: Day, note: String)] = []
            for m in export.lifeEvents where known[m.key] == nil {
                guard let slot = slotOf[m.contact] else { continue }
                moments.append((m.key, slot, m.kind, m.when.day(in: zone), String(m.note.prefix(2000))))
            }
            report.touches = touches.count
            report.moments = moments.count
            report.skipped = skipped.sorted { $0.line < $1.line }
            if options.dryRun { return report }

            let ids = try await plan.write(in: s, on: day, relations: relations, progress: progress)
            for p in proposals { _ = try await s.proposals.propose(p.proposal) }
            var records: [ImportedRecord] = []
            for (uuid, slot) in slotOf where known["contact:\(uuid)"] == nil {
                records.append(ImportedRecord(source: source, externalID: "contact:\(uuid)", entity: .person(ids[slot])))
            }
            // Touches in batches; each person's days, to find which life events a later touch answered.
            var touchDays: [PersonID: [Day]] = [:]
            var start = 0
            while start < touches.count {
                let chunk = touches[start..<min(touches.count, start + 1000)]
                let logged = try await s.touches.log(chunk.map { t in
                    NewTouch(on: t.touch.on, people: t.touch.slots.compactMap { ids[$0] }, channel: t.touch.channel,
                             intent: .checkIn, note: t.touch.note)
                })
                for (t, touch) in zip(chunk, logged) {
                    records.append(ImportedRecord(source: source, externalID: t.key, entity: .touch(touch.id)))
                    for p in touch.people { touchDays[p, default: []].append(touch.on) }
                }
                start += 1000
            }
            for m in moments {
                guard let person = ids[m.slot] else { continue }
                var moment = try await s.moments.record(NewMoment(personID: person, kind: m.kind, on: m.on, note: m.note))
                if let answered = touchDays[person]?.filter({ $0 >= m.on }).min() {
                    moment.state = .answered
                    moment.answeredOn = answered
                    try await s.moments.update(moment)
                }
                records.append(ImportedRecord(source: source, externalID: m.key, entity: .moment(moment.id)))
            }
            try await s.importedRecords.remember(records)
            return report
        }
        return options.dryRun ? try await read(body) : try await write(body)
    }
}

/// A touch of an import before its people have ids: the plan's slots.
struct NewTouchDraft: Sendable {
    var on: Day
    var slots: [Int]
    var channel: Channel
    var note: String
}
