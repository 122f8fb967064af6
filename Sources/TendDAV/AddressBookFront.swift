import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TendCore
import TendHTTP
import TendInterop
import TendServices
import TendStore

/// One account's DAV resources: the root, the principal (which is also the address book home), the book
/// and its cards. Every answer comes from the address book services.
struct AddressBookFront<Context: ConnectionRequestContext>: Sendable {
    typealias Resource = DAVResource
    let account: StoredAccount
    let tending: Tending
    let configuration: CardDAVConfiguration
    let now: @Sendable () -> Date

    var id: String { String(account.id.rawValue) }
    var principalHref: String { "/dav/\(id)/" }
    var bookHref: String { "/dav/\(id)/contacts/" }
    func cardHref(_ name: String) -> String { bookHref + percentEncoded(name) }

    static var multiStatus: HTTPResponse.Status { .init(code: 207, reasonPhrase: "Multi-Status") }
    static var xmlHeaders: HTTPFields { [.contentType: "application/xml; charset=utf-8", HTTPField.Name("DAV")!: "1, 3, addressbook"] }
    /// The most a PROPFIND or REPORT body may hold (a multiget of 10,000 hrefs is about 700 KB).
    static var maxRequestSize: Int { 4 * 1024 * 1024 }

    func respond(to request: Request, resource: Resource, context: Context) async throws -> Response {
        var request = request
        let method = request.method
        switch (method.rawValue, resource) {
        case ("PROPFIND", _):
            return try await propfind(&request, resource, context)
        case ("PROPPATCH", .book), ("PROPPATCH", .principal):
            return try await proppatch(&request, resource, context)
        case ("REPORT", .book):
            return try await report(&request, context)
        case ("GET", .card(let name)), ("HEAD", .card(let name)):
            guard let card = try await tending.card(href: name) else { return davText(.notFound, "There is no card at this address.") }
            let bytes = ByteBuffer(string: card.vcard)
            return Response(status: .ok, headers: [.contentType: "text/vcard; charset=utf-8", .eTag: card.etag, .contentLength: String(bytes.readableBytes)],
                            body: method == .head ? .init() : .init(byteBuffer: bytes))
        case ("GET", _), ("HEAD", _):
            return davText(.ok, "This is Tend's CardDAV server. Add \(bookHref) to your address book app with your email and an app password.")
        case ("PUT", .card(let name)):
            return try await put(&request, name, context)
        case ("DELETE", .card(let name)):
            try await tending.deleteCard(href: name, ifMatch: Self.etags(request.headers[.ifMatch]))
            return Response(status: .noContent)
        case ("DELETE", _), ("MKCOL", _):
            return Response(status: .forbidden, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(
                "<D:resource-must-be-null/>", "Tend keeps one address book per account (macOS shows only the first), at \(bookHref); it cannot be deleted or added to."))))
        default:
            var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
            headers[.allow] = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT"
            return Response(status: .methodNotAllowed, headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: "\(method.rawValue) is not something this address takes.\n")))
        }
    }

    func failure(_ error: CardError) -> Response {
        func xml(_ status: HTTPResponse.Status, _ condition: String) -> Response {
            Response(status: status, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(condition, error.description))))
        }
        switch error {
        case .preconditionFailed: return davText(.preconditionFailed, error.description)
        case .notAVCard: return xml(.unsupportedMediaType, "<C:valid-address-data/>")
        case .invalidCard: return xml(.forbidden, "<C:valid-address-data/>")
        case .uidConflict(let href): return xml(.conflict, "<C:no-uid-conflict>" + (href.map { "<D:href>\(SafeXML.escape(cardHref($0)))</D:href>" } ?? "") + "</C:no-uid-conflict>")
        case .noSuchCard: return davText(.notFound, "There is no card at this address.")
        }
    }

    // MARK: Bodies

    func body(_ request: inout Request, _ context: Context, limit: Int) async throws -> ByteBuffer {
        do {
            return try await BodyDeadline.collect(&request, connection: context.connection, upTo: limit, within: configuration.bodyTimeout)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "That body is larger than this server takes (\(limit) bytes).")
        }
    }

    /// The XML of a request's body; nil when it has none.
    func xml(_ request: inout Request, _ context: Context) async throws -> XMLNode? {
        let buffer = try await body(&request, context, limit: Self.maxRequestSize)
        guard buffer.readableBytes > 0 else { return nil }
        let data = Data(buffer: buffer)
        if data.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return nil }
        do { return try SafeXML.parseUTF8(data) } catch {
            switch error {
            case .entities: throw HTTPError(.badRequest, message: "The request declares XML entities, which Tend does not expand.")
            case .malformed(let line): throw HTTPError(.badRequest, message: "The request is not well-formed XML (line \(line)).")
            case .notUTF8: throw HTTPError(.badRequest, message: "The request is not UTF-8 text.")
            }
        }
    }

    /// `If-Match`'s ETags, as written (quotes kept); nil without the header.
    static func etags(_ header: String?) -> [String]? {
        guard let header else { return nil }
        return header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: PROPFIND

    /// A resource being described, with what its properties are made of.
    enum Described {
        case root
        case principal
        case book(AddressBookState)
        case card(name: String, etag: String, vcard: String?)
    }

    func propfind(_ request: inout Request, _ resource: Resource, _ context: Context) async throws -> Response {
        let root = try await xml(&request, context)
        if let root, !(root.name == "propfind" && root.namespace == NS.dav) {
            throw HTTPError(.badRequest, message: "A PROPFIND's body is a DAV:propfind element.")
        }
        let asked: PropRequest = root.map { $0.child("allprop", ns: NS.dav) != nil ? .all : PropRequest($0) } ?? .all
        // Infinity is answered as 1: nothing here is deeper than a book and its cards.
        let depth = request.headers[HTTPField.Name("Depth")!]?.trimmingCharacters(in: .whitespaces) == "0" ? 0 : 1
        let book = try await tending.addressBook()
        switch resource {
        case .root:
            var parts = [describe(.root, href: "/dav/", asked, book)]
            if depth == 1 { parts.append(describe(.principal, href: principalHref, asked, book)) }
            return Self.multistatus(parts)
        case .principal:
            var parts = [describe(.principal, href: principalHref, asked, book)]
            if depth == 1 { parts.append(describe(.book(book), href: bookHref, asked, book)) }
            return Self.multistatus(parts)
        case .card(let name):
            guard let card = try await tending.card(href: name) else { return davText(.notFound, "There is no card at this address.") }
            return Self.multistatus([describe(.card(name: name, etag: card.etag, vcard: card.vcard), href: cardHref(name), asked, book)])
        case .book:
            let head = describe(.book(book), href: bookHref, asked, book)
            guard depth == 1 else { return Self.multistatus([head]) }
            let (_, entries) = try await tending.cardEntries()
            let front = self
            return Self.streamed { writer in
                try await writer.write(ByteBuffer(string: head))
                try await front.writeCards(entries, asked, book, into: &writer)
            }
        }
    }

    /// Cards' responses, their text loaded a chunk at a time only when it was asked for.
    func writeCards(_ entries: [CardEntry], _ asked: PropRequest, _ book: AddressBookState, version: String? = nil,
                    into writer: inout any ResponseBodyWriter) async throws {
        var start = 0
        while start < entries.count {
            let chunk = Array(entries[start..<min(entries.count, start + 200)])
            start += 200
            var texts: [String: ServedCard] = [:]
            if asked.wantsAddressData {
                for c in try await tending.cards(hrefs: chunk.map(\.href)) { texts[c.href] = c }
            }
            var out = ""
            for e in chunk {
                if asked.wantsAddressData {
                    guard let c = texts[e.href] else { continue }
                    out += describe(.card(name: e.href, etag: c.etag, vcard: Self.inVersion(c.vcard, version)), href: cardHref(e.href), asked, book)
                } else if let etag = e.etag {
                    out += describe(.card(name: e.href, etag: etag, vcard: nil), href: cardHref(e.href), asked, book)
                }
            }
            try await writer.write(ByteBuffer(string: out))
        }
    }

    /// The card in the version `address-data` asked for; its ETag stays the stored card's, as sabre/dav does.
    static func inVersion(_ vcard: String, _ version: String?) -> String {
        version.map { CardPatch.converted(vcard, to: $0) } ?? vcard
    }

    /// The vCard version a REPORT's `address-data` asks for, if any.
    static func version(_ root: XMLNode) -> String? {
        root.child("prop", ns: NS.dav)?.child("address-data", ns: NS.card)?.attributes["version"]
    }

    /// A response element: the properties asked for that the resource has, then those it has not.
    func describe(_ d: Described, href: String, _ asked: PropRequest, _ book: AddressBookState) -> String {
        switch asked {
        case .all:
            let names = allNames(d, book)
            return Multistatus.response(href: href, found: names.compactMap { n in value(n, d, book).map { (n, $0) } }, missing: [])
        case .names:
            return Multistatus.response(href: href, found: allNames(d, book).map { ($0, "") }, missing: [], names: true)
        case .some(let names):
            var found: [(PropName, String)] = [], missing: [PropName] = []
            for n in names { if let v = value(n, d, book) { found.append((n, v)) } else { missing.append(n) } }
            return Multistatus.response(href: href, found: found, missing: missing)
        }
    }

    func deadKey(_ d: Described) -> String? {
        switch d {
        case .principal: "home "
        case .book: "book "
        default: nil
        }
    }

    func allNames(_ d: Described, _ book: AddressBookState) -> [PropName] {
        var names: [PropName]
        switch d {
        case .root: names = [.resourcetype, .currentUserPrincipal, .displayname]
        case .principal: names = [.resourcetype, .currentUserPrincipal, .principalURL, .addressbookHomeSet, .displayname, .currentUserPrivilegeSet]
        case .book: names = [.resourcetype, .displayname, .getctag, .syncToken, .supportedReportSet, .supportedAddressData, .maxResourceSize,
                             .currentUserPrivilegeSet, .owner, .addressbookDescription, .currentUserPrincipal]
        case .card: names = [.resourcetype, .getetag, .getcontenttype]
        }
        if let key = deadKey(d) {
            for k in book.properties.keys.sorted() where k.hasPrefix(key) {
                let inner = String(k.dropFirst(key.count))
                if let close = inner.firstIndex(of: "}"), inner.hasPrefix("{") {
                    let n = PropName(String(inner[inner.index(after: inner.startIndex)..<close]), String(inner[inner.index(after: close)...]))
                    if !names.contains(n) { names.append(n) }
                }
            }
        }
        return names
    }

    static var privileges: String { "<D:privilege><D:read/></D:privilege><D:privilege><D:all/></D:privilege><D:privilege><D:write/></D:privilege>"
        + "<D:privilege><D:write-content/></D:privilege><D:privilege><D:write-properties/></D:privilege><D:privilege><D:bind/></D:privilege>"
        + "<D:privilege><D:unbind/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege>" }

    /// A property's element, or nil when the resource has no such property.
    func value(_ n: PropName, _ d: Described, _ book: AddressBookState) -> String? {
        if let key = deadKey(d), let dead = book.properties[key + n.description] { return dead }
        let href = { (h: String) in "<D:href>\(SafeXML.escape(h))</D:href>" }
        switch (n, d) {
        case (.resourcetype, .root): return n.element("<D:collection/>")
        case (.resourcetype, .principal): return n.element("<D:collection/><D:principal/>")
        case (.resourcetype, .book): return n.element("<D:collection/><C:addressbook/>")
        case (.resourcetype, .card): return n.element("")
        case (.currentUserPrincipal, _): return n.element(href(principalHref))
        case (.principalURL, .principal): return n.element(href(principalHref))
        case (.addressbookHomeSet, .principal), (.addressbookHomeSet, .root): return n.element(href(principalHref))
        case (.principalCollectionSet, .principal), (.principalCollectionSet, .root): return n.element(href("/dav/"))
        case (.owner, .book), (.owner, .card): return n.element(href(principalHref))
        case (.displayname, .root): return n.element("Tend")
        case (.displayname, .principal): return n.element(SafeXML.escape(account.email ?? "Tend"))
        case (.displayname, .book): return n.element("Tend")
        case (.addressbookDescription, .book): return n.element("The people in your Tend network")
        case (.currentUserPrivilegeSet, .root), (.currentUserPrivilegeSet, .principal):
            return n.element("<D:privilege><D:read/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege>")
        case (.currentUserPrivilegeSet, _): return n.element(Self.privileges)
        case (.getctag, .book(let b)): return n.element(SafeXML.escape(b.epoch.isEmpty ? String(b.counter) : "\(b.epoch)-\(b.counter)"))
        case (.syncToken, .book(let b)): return n.element(SafeXML.escape(SyncToken.uri(b.counter, epoch: b.epoch)))
        case (.supportedReportSet, .book):
            return n.element(["<C:addressbook-multiget/>", "<C:addressbook-query/>", "<D:sync-collection/>"]
                .map { "<D:supported-report><D:report>\($0)</D:report></D:supported-report>" }.joined())
        case (.supportedAddressData, .book):
            return n.element("<C:address-data-type content-type=\"text/vcard\" version=\"3.0\"/><C:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>")
        case (.maxResourceSize, .book): return n.element(String(Tending.maxCardSize))
        case (.getetag, .card(_, let etag, _)): return n.element(SafeXML.escape(etag))
        case (.getcontenttype, .card): return n.element("text/vcard; charset=utf-8")
        case (.getcontentlength, .card(_, _, let vcard?)): return n.element(String(vcard.utf8.count))
        case (.addressData, .card(_, _, let vcard?)): return n.element(SafeXML.escape(vcard))
        default: return nil
        }
    }

    static func multistatus(_ parts: [String]) -> Response {
        Response(status: multiStatus, headers: xmlHeaders,
                 body: .init(byteBuffer: ByteBuffer(string: Multistatus.head + parts.joined() + Multistatus.tail)))
    }

    /// A multistatus written as it is made: the whole listing of a large book never sits in memory.
    static func streamed(_ parts: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        Response(status: multiStatus, headers: xmlHeaders, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: Multistatus.head))
            try await parts(&writer)
            try await writer.write(ByteBuffer(string: Multistatus.tail))
            try await writer.finish(nil)
        })
    }

    // MARK: PROPPATCH

    func proppatch(_ request: inout Request, _ resource: Resource, _ context: Context) async throws -> Response {
        guard let root = try await xml(&request, context), root.name == "propertyupdate", root.namespace == NS.dav else {
            throw HTTPError(.badRequest, message: "A PROPPATCH's body is a DAV:propertyupdate element.")
        }
        let key = resource == .book ? "book " : "home "
        var sets: [(PropName, String)] = [], removes: [PropName] = []
        for op in root.children where op.namespace == NS.dav {
            let props = op.child("prop", ns: NS.dav)?.children ?? []
            if op.name == "set" { sets += props.map { (PropName($0), $0.serialized()) } }
            if op.name == "remove" { removes += props.map(PropName.init) }
        }
        let all = sets.map(\.0) + removes
        let href = resource == .book ? bookHref : principalHref
        let refused = all.filter { PropName.protected.contains($0) }
        let tooLarge = sets.filter { $0.1.utf8.count > 10_000 }.map(\.0)
        if !refused.isEmpty || !tooLarge.isEmpty || all.count > 100 {
            // All or nothing (RFC 4918 §9.2): what could have been done fails with 424.
            var out = "<D:response><D:href>\(SafeXML.escape(href))</D:href>"
            let bad = Set(refused + tooLarge)
            if !refused.isEmpty { out += "<D:propstat><D:prop>" + refused.map { $0.element("") }.joined() + "</D:prop><D:status>HTTP/1.1 403 Forbidden</D:status><D:error><D:cannot-modify-protected-property/></D:error></D:propstat>" }
            if !tooLarge.isEmpty { out += "<D:propstat><D:prop>" + tooLarge.map { $0.element("") }.joined() + "</D:prop><D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:propstat>" }
            let rest = all.filter { !bad.contains($0) }
            if !rest.isEmpty { out += "<D:propstat><D:prop>" + rest.map { $0.element("") }.joined() + "</D:prop><D:status>HTTP/1.1 424 Failed Dependency</D:status></D:propstat>" }
            return Self.multistatus([out + "</D:response>"])
        }
        let (toSet, toRemove) = (sets, removes)
        try await tending.setBookProperties { properties in
            for (n, xml) in toSet { properties[key + n.description] = xml }
            for n in toRemove { properties[key + n.description] = nil }
        }
        return Self.multistatus([Multistatus.response(href: href, found: all.map { ($0, "") }, missing: [], names: true)])
    }

    // MARK: PUT

    func put(_ request: inout Request, _ name: String, _ context: Context) async throws -> Response {
        if let type = request.headers[.contentType]?.lowercased(), !(type.contains("vcard") || type.hasPrefix("text/directory")) {
            return Response(status: .unsupportedMediaType, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(
                "<C:supported-address-data/>", "A card is sent as text/vcard, not \(type)."))))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await BodyDeadline.collect(&request, connection: context.connection, upTo: Tending.maxCardSize, within: configuration.bodyTimeout)
        } catch is NIOTooManyBytesError {
            return Response(status: .contentTooLarge, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(
                "<C:max-resource-size/>", "A card is at most \(Tending.maxCardSize) bytes here (a large photo makes it so; iOS has trouble above 1 MB too)."))))
        }
        guard let text = String(validating: Data(buffer: buffer), as: UTF8.self) else {
            throw CardError.notAVCard("a card is UTF-8 text")
        }
        let ifNoneMatch = request.headers[.ifNoneMatch]?.trimmingCharacters(in: .whitespaces) == "*"
        let day = try await tending.today(at: now()).day
        let written = try await tending.putCard(href: name, text: text, ifMatch: Self.etags(request.headers[.ifMatch]), ifNoneMatch: ifNoneMatch, on: day)
        var headers: HTTPFields = [:]
        // No ETag when the stored card is not what was sent: the client reads it again (RFC 6352 §6.3.2.3).
        if let etag = written.etag { headers[.eTag] = etag }
        if written.created { headers[.location] = cardHref(name) }
        return Response(status: written.created ? .created : .noContent, headers: headers)
    }

    // MARK: REPORT

    func report(_ request: inout Request, _ context: Context) async throws -> Response {
        guard let root = try await xml(&request, context) else { throw HTTPError(.badRequest, message: "A REPORT needs a body.") }
        let book = try await tending.addressBook()
        switch (root.name, root.namespace) {
        case ("addressbook-multiget", NS.card):
            return try await multiget(root, book)
        case ("sync-collection", NS.dav):
            return try await syncCollection(root, book)
        case ("addressbook-query", NS.card):
            return try await query(root, book)
        default:
            return Response(status: .forbidden, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(
                "<D:supported-report/>", "This address book answers addressbook-multiget, addressbook-query and sync-collection."))))
        }
    }

    /// The card name an href in a request names, if it is one of this book's.
    func name(ofHref href: String) -> String? {
        var path = href.trimmingCharacters(in: .whitespacesAndNewlines)
        if let url = URL(string: path), url.scheme != nil { path = url.path(percentEncoded: true) }
        guard let decoded = path.removingPercentEncoding, decoded.hasPrefix(bookHref) else { return nil }
        let name = String(decoded.dropFirst(bookHref.count))
        return name.isEmpty || name.contains("/") ? nil : name
    }

    func multiget(_ root: XMLNode, _ book: AddressBookState) async throws -> Response {
        let asked = PropRequest(root)
        let version = Self.version(root)
        var seen = Set<String>()
        let hrefs = root.children(named: "href").filter { $0.namespace == NS.dav }.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { seen.insert($0).inserted }
        let front = self
        return Self.streamed { writer in
            var start = 0
            while start < hrefs.count {
                let chunk = Array(hrefs[start..<min(hrefs.count, start + 200)])
                start += 200
                let names = chunk.map { front.name(ofHref: $0) }
                let cards = Dictionary(try await front.tending.cards(hrefs: names.compactMap { $0 }).map { ($0.href, $0) }, uniquingKeysWith: { a, _ in a })
                var out = ""
                for (href, name) in zip(chunk, names) {
                    if let name, let c = cards[name] {
                        out += front.describe(.card(name: name, etag: c.etag, vcard: Self.inVersion(c.vcard, version)), href: href, asked, book)
                    } else {
                        out += Multistatus.status(href: href, "404 Not Found")
                    }
                }
                try await writer.write(ByteBuffer(string: out))
            }
        }
    }

    func syncCollection(_ root: XMLNode, _ book: AddressBookState) async throws -> Response {
        let asked = PropRequest(root)
        let tokenText = root.child("sync-token", ns: NS.dav)?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var entries: [CardEntry]
        var counter: Int64
        var epoch: String
        if tokenText.isEmpty {
            let listing = try await tending.cardEntries()
            (entries, counter, epoch) = (listing.cards, listing.book.counter, listing.book.epoch)
        } else {
            guard let since = SyncToken.parse(tokenText),
                  let changes = try await tending.cardChanges(since: since.change, epoch: since.epoch) else {
                return Response(status: .forbidden, headers: Self.xmlHeaders, body: .init(byteBuffer: ByteBuffer(string: davError(
                    "<D:valid-sync-token/>", "This sync token is not one this address book gave out; sync from the start."))))
            }
            (entries, counter, epoch) = (changes.changes, changes.book.counter, changes.book.epoch)
        }
        var truncated = false
        if let limitText = root.child("limit", ns: NS.dav)?.child("nresults", ns: NS.dav)?.text.trimmingCharacters(in: .whitespaces),
           let limit = Int(limitText), limit >= 0, entries.count > limit {
            // The oldest changes first, and a token that picks up after the last of them.
            entries.sort { $0.change < $1.change }
            entries = Array(entries.prefix(limit))
            counter = entries.last?.change ?? (SyncToken.parse(tokenText)?.change ?? 0)
            truncated = true
        }
        let live = entries.filter { !$0.deleted }
        let gone = entries.filter(\.deleted)
        let cut = truncated
        let version = Self.version(root)
        let front = self, token = SyncToken.uri(counter, epoch: epoch), href = bookHref
        return Self.streamed { writer in
            try await front.writeCards(live, asked, book, version: version, into: &writer)
            try await writer.write(ByteBuffer(string: gone.map { Multistatus.status(href: front.cardHref($0.href), "404 Not Found") }.joined()))
            if cut { try await writer.write(ByteBuffer(string: Multistatus.status(href: href, "507 Insufficient Storage"))) }
            try await writer.write(ByteBuffer(string: "<D:sync-token>\(SafeXML.escape(token))</D:sync-token>"))
        }
    }

    func query(_ root: XMLNode, _ book: AddressBookState) async throws -> Response {
        let asked = PropRequest(root)
        let filter = CardQuery(root.child("filter", ns: NS.card))
        var limit = Int.max
        if let n = root.child("limit", ns: NS.card)?.child("nresults", ns: NS.card)?.text.trimmingCharacters(in: .whitespaces), let l = Int(n), l >= 0 { limit = l }
        let (_, entries) = try await tending.cardEntries()
        var out: [String] = []
        var start = 0
        scan: while start < entries.count {
            let chunk = Array(entries[start..<min(entries.count, start + 200)])
            start += 200
            for c in try await tending.cards(hrefs: chunk.map(\.href)) where filter.matches(c.vcard) {
                if out.count >= limit { break scan }
                out.append(describe(.card(name: c.href, etag: c.etag, vcard: Self.inVersion(c.vcard, Self.version(root))), href: cardHref(c.href), asked, book))
            }
        }
        return Self.multistatus(out)
    }
}

/// The book's sync tokens: its epoch and change counter as a URI (RFC 6578 wants one),
/// `http://tend.invalid/ns/sync/EPOCH/N` (`…/sync/N` for a book without an epoch). Tokens never expire: every
/// tombstone is kept.
enum SyncToken {
    static let prefix = "http://tend.invalid/ns/sync/"

    static func uri(_ counter: Int64, epoch: String) -> String { prefix + (epoch.isEmpty ? "" : epoch + "/") + String(counter) }

    static func parse(_ token: String) -> (epoch: String, change: Int64)? {
        guard token.hasPrefix(prefix) else { return nil }
        let rest = token.dropFirst(prefix.count)
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let n = Int64(parts[parts.count - 1]), n >= 0 else { return nil }
        let epoch = parts.count == 2 ? String(parts[0]) : ""
        guard epoch.count <= 64, epoch.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return (epoch, n)
    }
}
