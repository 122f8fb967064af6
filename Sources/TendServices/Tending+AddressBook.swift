import Crypto
import Foundation
import TendCore
import TendInterop
import TendStore

/// What a CardDAV client can get wrong, in the words of RFC 6352's preconditions.
public enum CardError: Error, Equatable, CustomStringConvertible {
    /// `If-Match` or `If-None-Match` did not hold.
    case preconditionFailed(String)
    /// The body is not one vCard.
    case notAVCard(String)
    /// A vCard Tend cannot keep as a person (no name, a field too long).
    case invalidCard(String)
    /// Another card of the book has this UID, or the UID at an href changed.
    case uidConflict(href: String?)
    case noSuchCard(String)

    public var description: String {
        switch self {
        case .preconditionFailed(let why): why
        case .notAVCard(let why): why
        case .invalidCard(let why): why
        case .uidConflict(let href): href.map { "another card of this address book (\($0)) has this UID" }
            ?? "a card's UID cannot change; delete the card and create a new one"
        case .noSuchCard(let href): "no card \(href)"
        }
    }
}

/// A card a client asked for: what is served, with its strong ETag.
public struct ServedCard: Hashable, Sendable {
    public var href: String
    public var etag: String
    public var vcard: String
}

/// What a PUT did.
public struct CardWrite: Hashable, Sendable {
    public var created: Bool
    /// The card's ETag when what is stored is what the client sent; nil when Tend changed it (the client reads it again).
    public var etag: String?
    public var person: PersonID?
}

/// The account's address book for CardDAV: a card per person (their card as the phone last wrote it, with
/// what Tend knows applied to it), other cards kept as written, and a change counter that is the book's ctag
/// and sync token. Changes made in Tend reach the cards the next time a client looks.
extension Tending {
    /// The largest card a client may store (photos included).
    public static let maxCardSize = 1_000_000

    /// The book, its cards brought in line with the people first.
    public func addressBook() async throws -> AddressBookState {
        try await bringCardsInLine()
        return try await read { s in try await s.addressBook.state() }
    }

    /// The live cards, by href.
    public func cardEntries() async throws -> (book: AddressBookState, cards: [CardEntry]) {
        try await bringCardsInLine()
        return try await read { s in (try await s.addressBook.state(), try await s.addressBook.entries().filter { !$0.deleted }) }
    }

    /// What changed after the book's counter was `change`: live cards and tombstones. Nil for a counter the book
    /// never had (a token from elsewhere).
    /// - Parameter epoch: The book's epoch the counter was taken from (a sync token's); nil for this book's own. A
    ///   change of 0 (the very beginning) is of every book.
    public func cardChanges(since change: Int64, epoch: String? = nil) async throws -> (book: AddressBookState, changes: [CardEntry])? {
        try await bringCardsInLine()
        return try await read { s in
            let book = try await s.addressBook.state()
            guard change >= 0, change <= book.counter, change == 0 || epoch == nil || epoch == book.epoch else { return nil }
            return (book, try await s.addressBook.entries(changedAfter: change))
        }
    }

    /// Live cards by href; hrefs with no card are left out.
    public func cards(hrefs: [String]) async throws -> [ServedCard] {
        try await bringCardsInLine()
        return try await read { s in
            try await s.addressBook.cards(hrefs: hrefs).compactMap(Self.served)
        }
    }

    public func card(href: String) async throws -> ServedCard? {
        try await cards(hrefs: [href]).first
    }

    /// Keeps dead properties a client set on the book (its display name, macOS's me-card).
    public func setBookProperties(_ change: @Sendable (inout [String: String]) -> Void) async throws {
        try await write { s in
            var properties = try await s.addressBook.state().properties
            change(&properties)
            try await s.addressBook.setProperties(properties)
        }
    }

    /// Stores a card a client wrote at `href`.
    /// - Parameters:
    ///   - ifMatch: The `If-Match` header's ETags (`*` for any); nil when there was none.
    ///   - ifNoneMatch: Whether `If-None-Match: *` was sent (create only).
    ///   - day: Today, for someone the card adds to the network.
    public func putCard(href: String, text: String, ifMatch: [String]?, ifNoneMatch: Bool, on day: Day) async throws -> CardWrite {
        guard text.utf8.count <= Self.maxCardSize else { throw CardError.invalidCard("a card is at most \(Self.maxCardSize) bytes") }
        let reading = CardPatch.read(text)
        if case .unreadable(let why) = reading {
            throw why.contains("no name") ? CardError.invalidCard(why) : CardError.notAVCard(why)
        }
        try await bringCardsInLine()
        return try await write { s in
            let revision = try await s.revision()
            let book = try await s.addressBook.state()
            let existing = try await s.addressBook.card(href: href)
            let live = existing.flatMap { $0.deleted ? nil : $0 }
            if ifNoneMatch, live != nil { throw CardError.preconditionFailed("a card exists at this address already") }
            if let ifMatch {
                guard let live, ifMatch.contains("*") || ifMatch.contains(live.etag ?? "") else {
                    throw CardError.preconditionFailed(live == nil ? "there is no card at this address" : "the card changed since it was read")
                }
            }
            let sent = text
            var text = text
            var uid: String
            switch reading {
            case .person(_, let u?), .other(let u?): uid = u
            default:
                uid = live?.uid ?? UUID().uuidString.lowercased()
                text = CardPatch.settingUID(uid, in: text)
            }
            if let live, live.uid != uid { throw CardError.uidConflict(href: nil) }
            if let other = try await s.addressBook.card(uid: uid), other.href != href { throw CardError.uidConflict(href: other.href) }

            var served = text, person: Person?
            if case .person(let incoming, _) = reading {
                if let live, live.kind == .person, let id = live.person, var p = try await s.people.person(id) {
                    // What the client changed since the card it last had; a conditional write had the card as served.
                    let matched = ifMatch.map { !$0.contains("*") } ?? false
                    let baseText = matched ? live.vcard : (live.base ?? live.vcard)
                    let base = baseText.flatMap { if case .person(let b, _) = CardPatch.read($0) { b } else { nil } } ?? incoming
                    let before = Position(p.profile)
                    p.profile = try Self.cardProfile(CardPatch.merge(theirs: incoming, base: base, into: p.profile))
                    if p.archived { p.archived = false }
                    try await s.people.update(p)
                    // A new company or title from a device is news, as from an import: proposed in the News inbox.
                    if let job = JobChange.between(before, Position(p.profile)) {
                        _ = try await s.proposals.propose(NewProposal(personID: p.id, kind: job.kind, on: day, note: job.note,
                                                                      source: "Address book (CardDAV)", job: job.to, key: job.key))
                    }
                    person = p
                } else {
                    person = try await Self.personForNewCard(incoming, revived: existing?.person, in: s, on: day)
                }
                served = CardPatch.apply(person!.profile, to: text)
            }
            let change = try await s.addressBook.nextChange()
            let etag = Self.etag(served)
            try await s.addressBook.save(StoredCard(
                href: href, uid: uid, kind: person == nil ? .other : .person, person: person?.id, vcard: served, base: text,
                etag: etag, digest: person.map { Self.cardDigest($0.profile) }, change: change, deleted: false))
            // A book in line before this write is in line after it: this write brought its own card in line.
            if book.syncedRevision == revision { try await s.addressBook.setSyncedRevision(revision + 1) }
            return CardWrite(created: live == nil, etag: served == sent ? etag : nil, person: person?.id)
        }
    }

    /// Deletes a card a client deleted: a tombstone every other client's next sync sees, and the person it was is
    /// archived (their touches and history stay; unarchiving brings the card back).
    public func deleteCard(href: String, ifMatch: [String]?) async throws {
        try await bringCardsInLine()
        try await write { s in
            let revision = try await s.revision()
            let book = try await s.addressBook.state()
            guard var card = try await s.addressBook.card(href: href), !card.deleted else { throw CardError.noSuchCard(href) }
            if let ifMatch, !(ifMatch.contains("*") || ifMatch.contains(card.etag ?? "")) {
                throw CardError.preconditionFailed("the card changed since it was read")
            }
            card.deleted = true
            card.change = try await s.addressBook.nextChange()
            try await s.addressBook.save(card)
            if card.kind == .person, let id = card.person, var p = try await s.people.person(id), !p.archived {
                p.archived = true
                try await s.people.update(p)
            }
            if book.syncedRevision == revision { try await s.addressBook.setSyncedRevision(revision + 1) }
        }
    }

    /// Brings every person's card in line with what Tend knows of them: a card for someone new, what changed
    /// applied to a card, a tombstone for someone archived or deleted and the card back for someone unarchived.
    /// Costs one small read when nothing changed since the last time.
    func bringCardsInLine() async throws {
        let (revision, book) = try await read { s in (try await s.revision(), try await s.addressBook.state()) }
        guard book.syncedRevision != revision else { return }
        try await write { s in
            let revision = try await s.revision()
            guard try await s.addressBook.state().syncedRevision != revision else { return }
            let people = try await s.people.people(PeopleFilter(includeArchived: true))
            let entries = try await s.addressBook.entries()
            var byPerson: [PersonID: CardEntry] = [:]
            for e in entries { if let p = e.person { byPerson[p] = e } }
            var stale: [(Person, CardEntry)] = []
            for p in people {
                if let e = byPerson[p.id] {
                    if p.archived {
                        if !e.deleted, var card = try await s.addressBook.card(href: e.href) {
                            card.deleted = true
                            card.change = try await s.addressBook.nextChange()
                            try await s.addressBook.save(card)
                        }
                    } else if e.deleted || e.digest != Self.cardDigest(p.profile) {
                        stale.append((p, e))
                    }
                } else if !p.archived {
                    let uid = UUID().uuidString.lowercased()
                    var card = VCardWriter.write(VCardWriter.Card(person: p), version: .v3)
                    card = CardPatch.settingUID(uid, in: card)
                    try await s.addressBook.save(StoredCard(
                        href: uid + ".vcf", uid: uid, kind: .person, person: p.id, vcard: card, base: nil, etag: Self.etag(card),
                        digest: Self.cardDigest(p.profile), change: try await s.addressBook.nextChange(), deleted: false))
                }
            }
            if !stale.isEmpty {
                let cards = Dictionary(try await s.addressBook.cards(hrefs: stale.map(\.1.href)).map { ($0.href, $0) }, uniquingKeysWith: { a, _ in a })
                for (p, e) in stale {
                    guard var card = cards[e.href], let text = card.vcard else { continue }
                    let served = CardPatch.apply(p.profile, to: text)
                    card.digest = Self.cardDigest(p.profile)
                    if served != text || card.deleted {
                        card.vcard = served
                        card.etag = Self.etag(served)
                        card.deleted = false
                        card.change = try await s.addressBook.nextChange()
                    }
                    try await s.addressBook.save(card)
                }
            }
            // A person's card whose person was deleted (a merge, `tend person delete`).
            for e in entries where e.kind == .person && !e.deleted && e.person == nil {
                if var card = try await s.addressBook.card(href: e.href) {
                    card.deleted = true
                    card.change = try await s.addressBook.nextChange()
                    try await s.addressBook.save(card)
                }
            }
            try await s.addressBook.setSyncedRevision(revision + 1)
        }
    }

    /// Someone a client's new card is: a person already in the network without a card of their own, found by
    /// the import rules (email, phone, LinkedIn profile, exact name), or someone new.
    static func personForNewCard(_ incoming: Profile, revived: PersonID?, in s: any TendSession, on day: Day) async throws -> Person {
        if let id = revived, var p = try await s.people.person(id) {
            p.profile = try cardProfile(p.profile.replacingCardFields(with: incoming))
            p.archived = false
            try await s.people.update(p)
            return p
        }
        // Someone with a card a client wrote is someone else (that client has two cards); a card Tend made itself is
        // taken over, so a phone that copies its own contacts into the book does not end up with each person twice.
        // Only the few the card could be are loaded: those sharing an email, a phone, a LinkedIn profile or the name's words.
        let keys = ImportPlan.Keys(incoming)
        var ids = Set(try await s.people.searchIDs(incoming.displayName))
        for found in try await s.people.ids(emails: keys.emails, phoneTails: keys.phones, withLinkedIn: !keys.linkedIn.isEmpty) {
            if let url = found.linkedIn, !keys.linkedIn.contains(ContactKey.linkedIn(url) ?? "") { continue }
            ids.insert(found.id)
        }
        var cards: [CardEntry] = []
        var written = Set<PersonID>()
        for id in ids {
            guard let card = try await s.addressBook.card(person: id) else { continue }
            cards.append(CardEntry(href: card.href, uid: card.uid, kind: card.kind, person: card.person, etag: card.etag, digest: card.digest,
                                   change: card.change, deleted: card.deleted, written: card.base != nil))
            if card.base != nil && !card.deleted { written.insert(id) }
        }
        let candidates = try await s.people.people(ids: Array(ids)).filter { !$0.archived && !written.contains($0.id) }
        var plan = ImportPlan(existing: candidates, tier: .familiar, tags: [])
        plan.take(ImportedContact(line: 1, profile: incoming))
        if case .merged(let i, _, _)? = plan.outcomes.last?.outcome, let p = plan.slots[i].existing,
           let old = cards.first(where: { $0.person == p.id }), var card = try await s.addressBook.card(href: old.href) {
            card.person = nil
            if !card.deleted {
                card.deleted = true
                card.change = try await s.addressBook.nextChange()
            }
            try await s.addressBook.save(card)
        }
        if case .merged(let i, _, _)? = plan.outcomes.last?.outcome, var p = plan.slots[i].existing {
            // Filled as an import fills: what Tend knew stays, the card adds what it lacked.
            var profile = plan.slots[i].profile
            profile.cardExtras = incoming.cardExtras
            p.profile = try cardProfile(profile)
            try await s.people.update(p)
            return p
        }
        return try await s.people.add(try cardProfile(incoming), tier: .familiar, targetTier: nil, cadenceDays: nil, on: day)
    }

    static func cardProfile(_ profile: Profile) throws -> Profile {
        do { return try check(profile) } catch let e as TendError {
            throw CardError.invalidCard(e.description)
        }
    }

    static func served(_ card: StoredCard) -> ServedCard? {
        guard !card.deleted, let vcard = card.vcard, let etag = card.etag else { return nil }
        return ServedCard(href: card.href, etag: etag, vcard: vcard)
    }

    /// A strong ETag: the served bytes' SHA-256, so it is the same in every response and changes with them.
    static func etag(_ vcard: String) -> String {
        "\"" + SHA256.hash(data: Data(vcard.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// What Tend knew of a person when their card was brought in line.
    static func cardDigest(_ profile: Profile) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(CardPatch.Fields(profile))) ?? Data()
        return SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

extension Profile {
    /// This profile with a card's fields in place of its own (a card written again at an href that was deleted).
    func replacingCardFields(with card: Profile) -> Profile {
        var p = card
        p.howWeMet = howWeMet
        p.metOn = metOn
        return p
    }
}
