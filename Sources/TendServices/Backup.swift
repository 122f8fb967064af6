import Foundation
import TendCore
import TendStore

/// Everything one account holds, with its ids: a lossless backup, and the unit `tend copy` moves.
/// Written as JSON with sorted keys, so the same data always gives the same file.
public struct Backup: Codable, Sendable, Equatable {
    public static let currentFormat = "tend-backup-1"

    public var format: String
    public var settings: Settings
    public var people: [PersonRecord]
    public var relations: [Relation]
    public var moments: [Moment]
    public var touches: [Touch]
    public var suggestionStates: [StateRecord]
    /// The News inbox in every state, so that dismissed news stays dismissed after a restore (absent when empty,
    /// and in backups made before it was kept).
    public var proposals: [ProposalRecord]?
    /// The feeds followed; a restored feed's first poll records the posts already there as seen.
    public var feeds: [FeedRecord]?
    /// Mail capture (absent when never used): its settings, every message read, so that reading the same mail again
    /// after a restore adds nothing, and the correspondents dismissed. Mailboxes are not in it: their passwords are
    /// sealed with this instance's key, so a restored account connects its mailboxes again; calendar subscriptions
    /// neither, for the same reason (their addresses are sealed), and the coming meetings they knew come back with the
    /// first read of a calendar subscribed or imported again (its touches are recognised: nothing is added twice).
    public var capture: CaptureRecord?
    /// What each record of an import (a Monica export) became, so that importing it again after a restore adds
    /// nothing twice (absent when nothing was imported with ids).
    public var imported: [ImportRecord]?

    public struct ImportRecord: Codable, Sendable, Equatable {
        public var source: String
        public var externalID: String
        /// "person", "touch" or "moment".
        public var kind: String
        /// What it became; nil when that was deleted since.
        public var id: Int64?

        init(_ r: ImportedRecord) {
            source = r.source
            externalID = r.externalID
            switch r.entity {
            case .person(let id): kind = "person"; self.id = id?.rawValue
            case .touch(let id): kind = "touch"; self.id = id?.rawValue
            case .moment(let id): kind = "moment"; self.id = id?.rawValue
            }
        }

        var record: ImportedRecord? {
            let entity: ImportedRecord.Entity
            switch kind {
            case "person": entity = .person(id.map(PersonID.init))
            case "touch": entity = .touch(id.map(TouchID.init))
            case "moment": entity = .moment(id.map(MomentID.init))
            default: return nil
            }
            return ImportedRecord(source: source, externalID: externalID, entity: entity)
        }
    }

    public struct CaptureRecord: Codable, Sendable, Equatable {
        public var settings: CaptureSettings
        public var messages: [MessageRecord]
        public var dismissed: [String]
    }

    public struct MessageRecord: Codable, Sendable, Equatable {
        public var key: String
        public var source: String
        public var on: Day
        public var direction: CapturedMessage.Direction
        /// The touch it made or joined.
        public var touch: TouchID?
        /// Who wrote it, for a received message.
        public var person: PersonID?
        public var subject: String
        /// Recipients not in Tend, for "people to add".
        public var strangers: [MailParty]
    }

    public struct ProposalRecord: Codable, Sendable, Equatable {
        public var personID: PersonID
        public var kind: Moment.Kind
        public var about: Moment.Subject
        public var on: Day
        public var note: String
        public var source: String
        public var link: String?
        public var job: Position?
        public var state: Proposal.State
        public var decidedOn: Day?
        public var key: String
    }

    public struct FeedRecord: Codable, Sendable, Equatable {
        /// A person's feed, or else a company's.
        public var person: PersonID?
        public var company: String?
        public var url: String
        public var title: String?
        public var site: String?
        public var addedOn: Day
    }

    public struct PersonRecord: Codable, Sendable, Equatable {
        public var person: Person
        public var tierHistory: [TierChange]
    }

    public struct StateRecord: Codable, Sendable, Equatable {
        public var key: String
        public var state: SuggestionState
    }

    /// The JSON form.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a backup, or says why the data is not one.
    public static func decode(_ data: Data) throws -> Backup {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let format = object["format"] as? String else {
            throw TendError.invalid(ValidationError(field: "file", message: "this is not a Tend backup (no \"format\" field in a JSON object)"))
        }
        guard format == currentFormat else {
            throw TendError.invalid(ValidationError(field: "file", message: "unknown backup format '\(format)'; this Tend reads \(currentFormat)"))
        }
        do {
            return try JSONDecoder().decode(Backup.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup is damaged at \(Self.path(context.codingPath)): \(context.debugDescription)"))
        } catch let DecodingError.keyNotFound(key, context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup lacks '\(key.stringValue)' at \(Self.path(context.codingPath))"))
        } catch let DecodingError.typeMismatch(_, context) {
            throw TendError.invalid(ValidationError(field: "file", message: "the backup has a wrong value at \(Self.path(context.codingPath))"))
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

extension Tending {
    /// A complete, lossless backup of this account.
    public func backup() async throws -> Backup {
        try await read { s in
            var people: [Backup.PersonRecord] = []
            for p in try await s.people.people(PeopleFilter(includeArchived: true)).sorted(by: { $0.id < $1.id }) {
                people.append(.init(person: p, tierHistory: try await s.people.tierHistory(of: p.id)))
            }
            // Proposals in the order of their people and keys, so that a restored backup exports the same.
            let proposals = try await s.proposals.proposals(state: nil, limit: Int(Int32.max))
                .sorted { ($0.personID, $0.key) < ($1.personID, $1.key) }
                .map { Backup.ProposalRecord(personID: $0.personID, kind: $0.kind, about: $0.about, on: $0.on, note: $0.note, source: $0.source,
                                             link: $0.link, job: $0.job, state: $0.state, decidedOn: $0.decidedOn, key: $0.key) }
            let feeds = try await s.feeds.feeds().map { f -> Backup.FeedRecord in
                let (person, company): (PersonID?, String?) = switch f.owner {
                case .person(let id): (id, nil)
                case .company(let name): (nil, name)
                }
                return Backup.FeedRecord(person: person, company: company, url: f.url, title: f.title, site: f.site, addedOn: f.addedOn)
            }
            let captureSettings = try await s.capture.settings()
            let messages = try await s.capture.messages().map {
                Backup.MessageRecord(key: $0.key, source: $0.source, on: $0.on, direction: $0.direction, touch: $0.touchID,
                                     person: $0.personID, subject: $0.subject, strangers: $0.strangers)
            }
            let dismissed = try await s.capture.dismissedCorrespondents().sorted()
            let capture = captureSettings == CaptureSettings() && messages.isEmpty && dismissed.isEmpty
                ? nil : Backup.CaptureRecord(settings: captureSettings, messages: messages, dismissed: dismissed)
            let imported = try await s.importedRecords.all().map(Backup.ImportRecord.init)
            return Backup(
                format: Backup.currentFormat, settings: try await s.settings.load(), people: people,
                relations: try await s.people.allRelations(), moments: try await s.moments.all(), touches: try await s.touches.all(),
                suggestionStates: try await s.suggestionStates.states().sorted { $0.key < $1.key }.map { .init(key: $0.key, state: $0.value) },
                proposals: proposals.isEmpty ? nil : proposals, feeds: feeds.isEmpty ? nil : feeds, capture: capture,
                imported: imported.isEmpty ? nil : imported)
        }
    }

    /// Throws unless a backup could be restored here now (the account holds nobody), for a dry run.
    public func checkRestorable() async throws {
        try await read { try await Self.checkRestorable(in: $0) }
    }

    static func checkRestorable(in s: any TendSession) async throws {
        let existing = try await s.people.count()
        guard existing == 0 else { throw TendError.restoreNeedsEmpty(people: existing) }
    }

    /// Restores a backup into this account, which must hold nobody yet. All or nothing.
    ///
    /// Into an instance that holds nobody at all, the backup's ids are kept, so exporting gives the
    /// backup back (and `tend copy` moves ids as they are); anywhere else every person, moment and touch
    /// gets a new id, so a backup can neither collide with nor probe another account's rows.
    /// - Parameter keepingIDs: Keep the ids even in an instance that holds others (`tend copy`, whose
    ///   destination holds only what it copied).
    public func restore(_ backup: Backup, keepingIDs: Bool = false) async throws {
        try backup.check()
        try await write { s in
            try await Self.checkRestorable(in: s)
            let keep = try await keepingIDs ? true : s.instanceIsEmpty()
            let restored = keep ? backup : try await backup.renumbered(in: s)
            try await s.settings.save(restored.settings)
            for record in restored.people {
                _ = try Self.check(record.person.profile)
                try await s.people.restore(record.person, history: record.tierHistory)
            }
            for relation in restored.relations { try await s.people.relate(relation) }
            for moment in restored.moments { try await s.moments.restore(moment) }
            for touch in restored.touches { try await s.touches.restore(touch) }
            for record in restored.suggestionStates { try await s.suggestionStates.set(record.state, for: record.key) }
            for p in restored.proposals ?? [] {
                try await s.proposals.restore(NewProposal(personID: p.personID, kind: p.kind, about: p.about, on: p.on, note: p.note,
                                                          source: p.source, link: p.link, job: p.job, key: p.key),
                                              state: p.state, decidedOn: p.decidedOn)
            }
            for f in restored.feeds ?? [] {
                let owner: Feed.Owner = if let id = f.person { .person(id) } else { .company(f.company ?? "") }
                // Due at once: the first poll after a restore reads it afresh.
                _ = try await s.feeds.add(owner: owner, url: f.url, title: f.title, site: f.site, on: f.addedOn,
                                          nextCheckAt: Date(timeIntervalSince1970: 0))
            }
            if let c = restored.capture {
                try await s.capture.save(c.settings)
                try await s.capture.record(c.messages.map {
                    CapturedMessage(key: $0.key, source: $0.source, on: $0.on, direction: $0.direction, touchID: $0.touch,
                                    personID: $0.person, subject: $0.subject, strangers: $0.strangers)
                })
                for address in c.dismissed { try await s.capture.dismissCorrespondent(address) }
            }
            try await s.importedRecords.remember((restored.imported ?? []).compactMap(\.record))
            try await s.finishRestore()
        }
    }
}

extension Backup {
    /// The largest id a backup may hold: JSON clients read numbers as doubles, exact up to 2⁵³.
    public static let largestID = (Int64(1) << 53) - 1

    /// Throws unless every id is positive, within `largestID` and unique, and every reference points at
    /// a person or moment of this same backup.
    public func check() throws {
        func fail(_ message: String) -> TendError { .invalid(ValidationError(field: "file", message: "the backup is damaged: " + message)) }
        func unique<ID: Hashable>(_ ids: [ID], _ raw: (ID) -> Int64, _ what: String) throws -> Set<ID> {
            var seen = Set<ID>()
            for id in ids {
                guard (1...Self.largestID).contains(raw(id)) else { throw fail("\(what) id \(raw(id)) is not between 1 and 2^53 - 1") }
                guard seen.insert(id).inserted else { throw fail("\(what) id \(raw(id)) appears twice") }
            }
            return seen
        }
        let people = try unique(people.map(\.person.id), \.rawValue, "person")
        let moments = try unique(moments.map(\.id), \.rawValue, "moment")
        let touchIDs = try unique(touches.map(\.id), \.rawValue, "touch")
        for r in relations where !people.contains(r.person) || !people.contains(r.other) {
            throw fail("a relation names person \(people.contains(r.person) ? r.other : r.person), who is not in it")
        }
        for m in self.moments where !people.contains(m.personID) {
            throw fail("moment \(m.id) is about person \(m.personID), who is not in it")
        }
        for t in touches {
            if let p = t.people.first(where: { !people.contains($0) }) { throw fail("touch \(t.id) names person \(p), who is not in it") }
            if let m = t.momentID, !moments.contains(m) { throw fail("touch \(t.id) answers moment \(m), which is not in it") }
        }
        for p in proposals ?? [] {
            guard people.contains(p.personID) else { throw fail("news '\(p.note.prefix(60))' is about person \(p.personID), who is not in it") }
            func within(_ text: String?, _ range: ClosedRange<Int>) -> Bool { text.map { range.contains($0.utf8.count) } ?? true }
            guard within(p.key, 1...1000), within(p.note, 0...2000), within(p.source, 1...500), within(p.link, 8...2000),
                  within(p.job?.company, 1...500), within(p.job?.title, 1...500) else {
                throw fail("news about person \(p.personID) has an empty or overlong key, note, source, link, company or title")
            }
            guard (p.state == .pending) == (p.decidedOn == nil) else {
                throw fail("news about person \(p.personID) is \(p.state.rawValue) \(p.decidedOn == nil ? "with no" : "with a") day of decision")
            }
        }
        if let c = capture {
            let valid: CaptureSettings
            do { valid = try c.settings.validated() } catch { throw fail("its mail settings: \(error.message)") }
            guard valid == c.settings else { throw fail("its own addresses in the mail settings are not lowercased and distinct") }
            var keys = Set<String>()
            for m in c.messages {
                guard (1...1000).contains(m.key.utf8.count), keys.insert(m.key).inserted else {
                    throw fail("a captured message's key is empty, overlong or appears twice")
                }
                guard (1...100).contains(m.source.utf8.count), m.subject.utf8.count <= 1000, m.strangers.count <= 50,
                      m.strangers.allSatisfy({ (1...320).contains($0.address.utf8.count) && $0.name.utf8.count <= 500 }) else {
                    throw fail("the captured message \(m.key.prefix(60)) has an empty or overlong source, subject or recipient")
                }
                if let t = m.touch, !touchIDs.contains(t) { throw fail("the captured message \(m.key.prefix(60)) made touch \(t), which is not in it") }
                if let p = m.person, !people.contains(p) { throw fail("the captured message \(m.key.prefix(60)) is from person \(p), who is not in it") }
                guard m.direction == .sent || m.person != nil else { throw fail("the received message \(m.key.prefix(60)) names no one who wrote it") }
            }
            for a in c.dismissed where !(1...320).contains(a.utf8.count) || a != a.lowercased() {
                throw fail("a dismissed correspondent's address is empty, overlong or not lowercased")
            }
            guard Set(c.dismissed).count == c.dismissed.count else { throw fail("a dismissed correspondent appears twice") }
        }
        var importKeys = Set<String>()
        for r in imported ?? [] {
            guard (1...50).contains(r.source.utf8.count), (1...500).contains(r.externalID.utf8.count),
                  importKeys.insert(r.source + " " + r.externalID).inserted else {
                throw fail("an imported record's source or id is empty, overlong or appears twice")
            }
            guard let id = r.id else { continue }
            let known = switch r.kind {
            case "person": people.contains(PersonID(id))
            case "touch": touchIDs.contains(TouchID(id))
            case "moment": moments.contains(MomentID(id))
            default: throw fail("the imported record \(r.externalID.prefix(60)) is a '\(r.kind.prefix(20))', not a person, touch or moment")
            }
            guard known else { throw fail("the imported record \(r.externalID.prefix(60)) became \(r.kind) \(id), which is not in it") }
        }
        var followed = Set<String>()
        for f in feeds ?? [] {
            let owner: Feed.Owner
            switch (f.person, f.company?.trimmed) {
            case (let id?, nil): owner = .person(id)
            case (nil, let name?) where !name.isEmpty: owner = .company(name)
            default: throw fail("the feed \(f.url.prefix(100)) needs either a person or a company")
            }
            if case .person(let id) = owner, !people.contains(id) { throw fail("the feed \(f.url.prefix(100)) is of person \(id), who is not in it") }
            guard (try? Tending.checkedFeedAddress(f.url)) == f.url, f.url.utf8.count >= 8, (f.company?.utf8.count ?? 0) <= 500,
                  (f.title?.utf8.count ?? 0) <= 500, (f.site?.utf8.count ?? 0) <= 2000 else {
                throw fail("the feed '\(f.url.prefix(100))' is not an http(s) address, or its company, title or site is too long")
            }
            guard followed.insert(owner.key + " " + f.url).inserted else { throw fail("the feed \(f.url.prefix(100)) appears twice for one owner") }
        }
    }

    /// The same backup with fresh ids for every person, moment and touch, and every reference and
    /// snooze key following them.
    func renumbered(in s: any TendSession) async throws -> Backup {
        let fresh = try await s.freshIDs(people: people.count, moments: moments.count, touches: touches.count)
        let personIDs = Dictionary(uniqueKeysWithValues: zip(people.map(\.person.id), fresh.people.map(PersonID.init)))
        let momentIDs = Dictionary(uniqueKeysWithValues: zip(moments.map(\.id), fresh.moments.map(MomentID.init)))
        let touchIDs = Dictionary(uniqueKeysWithValues: zip(touches.map(\.id), fresh.touches.map(TouchID.init)))
        // `check()` has made sure every reference is in the maps.
        func person(_ id: PersonID) -> PersonID { personIDs[id] ?? id }
        func moment(_ id: MomentID) -> MomentID { momentIDs[id] ?? id }
        var copy = self
        for i in copy.people.indices { copy.people[i].person.id = person(copy.people[i].person.id) }
        for i in copy.relations.indices {
            copy.relations[i].person = person(copy.relations[i].person)
            copy.relations[i].other = person(copy.relations[i].other)
        }
        for i in copy.moments.indices {
            copy.moments[i].id = moment(copy.moments[i].id)
            copy.moments[i].personID = person(copy.moments[i].personID)
        }
        for (i, id) in zip(copy.touches.indices, fresh.touches) {
            copy.touches[i].id = TouchID(id)
            copy.touches[i].people = copy.touches[i].people.map(person)
            copy.touches[i].momentID = copy.touches[i].momentID.map(moment)
        }
        if let proposals = copy.proposals { copy.proposals = proposals.map { var p = $0; p.personID = person(p.personID); return p } }
        if var c = copy.capture {
            c.messages = c.messages.map { var m = $0; m.touch = m.touch.flatMap { touchIDs[$0] }; m.person = m.person.map(person); return m }
            copy.capture = c
        }
        if let feeds = copy.feeds { copy.feeds = feeds.map { var f = $0; f.person = f.person.map(person); return f } }
        if let imported = copy.imported {
            copy.imported = imported.map { r in
                var r = r
                r.id = r.id.flatMap { id -> Int64? in
                    switch r.kind {
                    case "person": personIDs[PersonID(id)]?.rawValue
                    case "touch": touchIDs[TouchID(id)]?.rawValue
                    default: momentIDs[MomentID(id)]?.rawValue
                    }
                }
                return r
            }
        }
        // A snooze or dismissal is keyed by kind, then the person's or the moment's id.
        copy.suggestionStates = suggestionStates.compactMap { record in
            var parts = record.key.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, let old = Int64(parts[1]) else { return nil }
            switch parts[0] {
            case "celebrate", "support", "follow-up":
                guard let new = momentIDs[MomentID(old)] else { return nil }
                parts[1] = String(new.rawValue)
            default:
                guard let new = personIDs[PersonID(old)] else { return nil }
                parts[1] = String(new.rawValue)
            }
            return StateRecord(key: parts.joined(separator: ":"), state: record.state)
        }
        return copy
    }
}

/// Moves a whole instance, every account and everything in it, into an empty database:
/// from SQLite to PostgreSQL when a personal instance becomes a hosted one.
public enum InstanceCopy {
    public struct Summary: Sendable {
        public var accounts = 0
        public var people = 0
        public var touches = 0
        public var moments = 0
    }

    public static func copy(from source: any TendDatabase, to destination: any TendDatabase) async throws -> Summary {
        guard try await destination.accounts.count() == 0 else {
            throw TendError.invalid(ValidationError(field: "to", message: "the destination already has accounts; copy into an empty database"))
        }
        var summary = Summary()
        for account in try await source.accounts.all() {
            let backup = try await Tending(database: source, account: account.id).backup()
            try await destination.accounts.restore(account)
            try await Tending(database: destination, account: account.id).restore(backup, keepingIDs: true)
            summary.accounts += 1
            summary.people += backup.people.count
            summary.touches += backup.touches.count
            summary.moments += backup.moments.count
        }
        return summary
    }
}
