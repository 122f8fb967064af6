import Foundation
import TendCore

/// An account's address book as CardDAV clients see it: its change counter and the properties clients set.
public struct AddressBookState: Hashable, Sendable {
    /// Raised by every change to a card: the book's ctag and sync token.
    public var counter: Int64
    /// The account revision the cards were last brought in line with the people at; when the account's
    /// revision is still this, no card needs looking at.
    public var syncedRevision: Int64
    /// Dead properties clients stored with PROPPATCH (`{namespace}name` → the XML of the value), the display name among them.
    public var properties: [String: String]
    /// Random, made with the book's row: which book a sync token is of (empty for books from before epochs and
    /// for a book not written yet).
    public var epoch: String

    public init(counter: Int64 = 0, syncedRevision: Int64 = -1, properties: [String: String] = [:], epoch: String = "") {
        self.counter = counter
        self.syncedRevision = syncedRevision
        self.properties = properties
        self.epoch = epoch
    }
}

/// One card in an account's address book: a person's, or another card a client stored (a group), or the
/// tombstone of a card that was deleted.
public struct StoredCard: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// A person's card: what Tend knows of them is applied to it.
        case person
        /// A card that is not a person (a contact group, a company): kept as written.
        case other
    }

    /// The resource's name in the book, as the client gave it (decoded).
    public var href: String
    public var uid: String
    public var kind: Kind
    public var person: PersonID?
    /// The card as served; nil for a tombstone.
    public var vcard: String?
    /// The card as the client itself last wrote it, for working out what its next write changes.
    public var base: String?
    public var etag: String?
    /// A digest of what Tend knew of the person when the card was last brought in line.
    public var digest: String?
    /// The book's counter when the card last changed.
    public var change: Int64
    public var deleted: Bool

    public init(href: String, uid: String, kind: Kind, person: PersonID?, vcard: String?, base: String?, etag: String?,
                digest: String?, change: Int64, deleted: Bool) {
        self.href = href
        self.uid = uid
        self.kind = kind
        self.person = person
        self.vcard = vcard
        self.base = base
        self.etag = etag
        self.digest = digest
        self.change = change
        self.deleted = deleted
    }
}

/// A card's entry in a listing: enough to tell whether a client has it, without its text.
public struct CardEntry: Hashable, Sendable {
    public var href: String
    public var uid: String
    public var kind: StoredCard.Kind
    public var person: PersonID?
    public var etag: String?
    public var digest: String?
    public var change: Int64
    public var deleted: Bool
    /// Whether a client ever wrote it (else Tend made it for someone in the network).
    public var written: Bool

    public init(href: String, uid: String, kind: StoredCard.Kind, person: PersonID?, etag: String?, digest: String?,
                change: Int64, deleted: Bool, written: Bool) {
        self.href = href
        self.uid = uid
        self.kind = kind
        self.person = person
        self.etag = etag
        self.digest = digest
        self.change = change
        self.deleted = deleted
        self.written = written
    }
}

/// The account's address book: one per account, created on first use.
public protocol AddressBookRepository: Sendable {
    /// The book's state, creating an empty book the first time.
    func state() async throws -> AddressBookState
    /// Raises the counter and returns its new value: the change number of the card about to be written.
    func nextChange() async throws -> Int64
    /// Notes the account revision the cards now match (see `AddressBookState.syncedRevision`).
    func setSyncedRevision(_ revision: Int64) async throws
    func setProperties(_ properties: [String: String]) async throws

    /// Every card and tombstone, without their text, by href.
    func entries() async throws -> [CardEntry]
    /// Cards and tombstones changed after `change`, oldest change first.
    func entries(changedAfter change: Int64) async throws -> [CardEntry]
    /// One card or tombstone by href.
    func card(href: String) async throws -> StoredCard?
    /// Cards by href, in one query (hrefs not in the book are left out).
    func cards(hrefs: [String]) async throws -> [StoredCard]
    /// The live card with this UID, if any.
    func card(uid: String) async throws -> StoredCard?
    /// The card of a person, live or a tombstone.
    func card(person: PersonID) async throws -> StoredCard?
    /// Inserts or replaces the card at its href.
    func save(_ card: StoredCard) async throws
}
