import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TendCore

/// What a feed holds: its title and site, and its entries in the feed's order (usually newest first).
public struct FeedDocument: Equatable, Sendable {
    public var format: Format
    public var title: String?
    /// The site the feed is about.
    public var link: String?
    public var entries: [FeedEntry]

    public enum Format: String, Sendable {
        case rss2 = "RSS 2.0", rss1 = "RSS 1.0", atom = "Atom", jsonFeed = "JSON Feed"
    }
}

/// One post of a feed.
public struct FeedEntry: Equatable, Sendable {
    /// The feed's own id for it (a guid, an Atom id), when it gives one.
    public var id: String?
    /// Plain text: markup taken out, entities read.
    public var title: String
    /// The post's address, absolute.
    public var link: String?
    public var published: Date?
    /// The summary or content as plain text, at most `FeedReader.summaryLength` characters.
    public var summary: String

    public init(id: String?, title: String, link: String?, published: Date?, summary: String) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.summary = summary
    }

    /// What makes it the same post when the feed is read again: its id, else its address, else its title and date.
    public var key: String {
        if let id, !id.isEmpty { return "id:" + id }
        if let link { return "link:" + link }
        return "title:" + title + "|" + (published.map { String(Int($0.timeIntervalSince1970)) } ?? "")
    }
}

/// A feed that cannot be read, in words for the person who gave its address.
public struct FeedError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed 1.0 and 1.1; finds a site's feeds in its HTML.
///
/// XML is read with entity declarations refused (an XML bomb is never expanded), no external entities, and no
/// network access; dates in the formats feeds write in the wild (RFC 822 with or without seconds and weekday,
/// named and numeric zones, two-digit years, ISO 8601 with or without a zone or a time).
public enum FeedReader {
    /// Entries read from one feed; a feed holding more is read up to here (they come newest first).
    public static let maximumEntries = 500
    public static let summaryLength = 500

    /// - Parameters:
    ///   - data: The feed's bytes.
    ///   - url: The address it was fetched from, to make relative links absolute.
    public static func read(_ data: Data, url: String? = nil) throws(FeedError) -> FeedDocument {
        let base = url.flatMap { URL(string: $0) }
        var start = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        while start < data.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(data[start]) { start += 1 }
        guard start < data.endIndex else { throw FeedError("the feed is empty") }
        switch data[start] {
        case UInt8(ascii: "{"):
            return try readJSON(data[start...], base: base)
        case UInt8(ascii: "<"):
            let head = String(decoding: data[start..<min(data.endIndex, start + 4096)], as: UTF8.self).lowercased()
            if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || (head.contains("<html") && !head.contains("<rss") && !head.contains("<feed")) {
                throw FeedError("this is a web page, not a feed")
            }
            return try readXML(Data(data[start...]), base: base)
        default:
            throw FeedError("this is neither XML nor JSON, so not a feed")
        }
    }

    // MARK: XML

    /// The document as UTF-8 with its declaration saying so. FoundationXML's parser traps on names that are not
    /// valid UTF-8 (found by fuzzing), so it is only ever given text already decoded: UTF-8 checked, ISO-8859-1,
    /// Windows-1252, ASCII and UTF-16 converted, any other encoding refused.
    static func utf8Document(_ data: Data) throws(FeedError) -> Data {
        let head = String(decoding: data.prefix(300), as: UTF8.self)
        var declared = "utf-8"
        if let m = head.firstMatch(of: /^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/) { declared = m.1.lowercased() }
        let encoding: String.Encoding
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16
        } else {
            switch declared {
            case "utf-8", "utf8": encoding = .utf8
            case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1": encoding = .isoLatin1
            case "windows-1252", "cp1252": encoding = .windowsCP1252
            case "us-ascii", "ascii": encoding = .ascii
            case "utf-16", "utf16": encoding = .utf16
            default: throw FeedError("the feed's encoding \(declared) is not one Tend reads (UTF-8, UTF-16, ISO-8859-1, Windows-1252)")
            }
        }
        if encoding == .utf8 {
            guard String(validating: data, as: UTF8.self) != nil else { throw FeedError("the feed is not valid UTF-8 text") }
            return withoutProcessingInstructions(data)
        }
        guard var text = String(data: data, encoding: encoding) else { throw FeedError("the feed is not valid \(declared.uppercased()) text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if let m = text.firstMatch(of: /^<\?xml[^>]*?(encoding\s*=\s*["'][^"']*["'])/) {
            text.replaceSubrange(m.1.startIndex..<m.1.endIndex, with: "encoding=\"utf-8\"")
        }
        return withoutProcessingInstructions(Data(text.utf8))
    }

    /// Processing instructions taken out, all but the XML declaration that opens the document: no feed needs one
    /// (`<?xml-stylesheet?>` styles it for browsers), and FoundationXML dereferences a null pointer on one with no
    /// data (`<?x?>`, found by fuzzing).
    static func withoutProcessingInstructions(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        let lt = UInt8(ascii: "<"), q = UInt8(ascii: "?"), gt = UInt8(ascii: ">")
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        // The declaration: `<?xml` then a space, at the very start, closed before any other markup begins.
        if bytes.count > 6, bytes[0] == lt, bytes[1] == q, Array(bytes[2..<5]) == Array("xml".utf8), [0x20, 0x09, 0x0A, 0x0D].contains(bytes[5]) {
            var j = 6
            while j + 1 < bytes.count, bytes[j] != lt, !(bytes[j] == q && bytes[j + 1] == gt) { j += 1 }
            if j + 1 < bytes.count, bytes[j] == q {
                out += bytes[0...(j + 1)]
                i = j + 2
            }
        }
        var removed = false
        while i < bytes.count {
            if bytes[i] == lt, i + 1 < bytes.count, bytes[i + 1] == q {
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == q && bytes[j + 1] == gt) { j += 1 }
                i = j + 2
                // A space, not nothing: what was on either side must not join into a new `<?`.
                out.append(0x20)
                removed = true
                continue
            }
            out.append(bytes[i])
            i += 1
        }
        return removed ? Data(out) : data
    }

    private static func readXML(_ raw: Data, base: URL?) throws(FeedError) -> FeedDocument {
        let data = try utf8Document(raw)
        let root: XMLNode
        do { root = try SafeXML.parse(data) } catch {
            switch error {
            case .entities: throw FeedError("the feed declares XML entities, which Tend does not expand")
            case .malformed(let line): throw FeedError("the feed is not well-formed XML (line \(line))")
            case .notUTF8: throw FeedError("the feed is not valid UTF-8 text")
            }
        }
        switch (root.name, root.namespace) {
        case ("rss", _):
            guard let channel = root.child("channel") else { throw FeedError("an RSS feed with no channel") }
            return rss2(channel, base: base)
        case ("RDF", _):
            return rss1(root, base: base)
        case ("feed", _):
            return atom(root, base: base)
        default:
            throw FeedError("an XML document of another kind (<\(root.name)>), not a feed")
        }
    }

    private static func rss2(_ channel: XMLNode, base: URL?) -> FeedDocument {
        let site = channel.child("link", ns: "")?.text.trimmed.nilIfBlank.map { absolute($0, base) } ?? nil
        let siteURL = site.flatMap { URL(string: $0) } ?? base
        let entries = channel.children(named: "item").prefix(maximumEntries).map { item -> FeedEntry in
            let guid = item.child("guid")
            let link = item.child("link", ns: "")?.text.trimmed.nilIfBlank
                ?? (guid?.attributes["isPermaLink"]?.lowercased() != "false" ? guid?.text.trimmed.nilIfBlank : nil)
            let content = item.child("encoded", ns: Namespace.content)?.text ?? ""
            let description = item.child("description")?.text ?? ""
            return FeedEntry(id: guid?.text.trimmed.nilIfBlank, title: plain(item.child("title")?.text ?? ""),
                             link: link.flatMap { absolute($0, siteURL) },
                             published: (item.child("pubDate")?.text ?? item.child("date", ns: Namespace.dc)?.text).flatMap(FeedDate.parse),
                             summary: summary(description.isEmpty ? content : description))
        }
        return FeedDocument(format: .rss2, title: channel.child("title").map { plain($0.text) }?.nilIfBlank, link: site, entries: Array(entries))
    }

    private static func rss1(_ root: XMLNode, base: URL?) -> FeedDocument {
        let channel = root.child("channel")
        let site = channel?.child("link")?.text.trimmed.nilIfBlank.flatMap { absolute($0, base) }
        let entries = root.children(named: "item").prefix(maximumEntries).map { item -> FeedEntry in
            let about = item.attributes["rdf:about"] ?? item.attributes["about"]
            let link = item.child("link")?.text.trimmed.nilIfBlank ?? about
            return FeedEntry(id: about?.nilIfBlank, title: plain(item.child("title")?.text ?? ""), link: link.flatMap { absolute($0, base) },
                             published: item.child("date", ns: Namespace.dc).flatMap { FeedDate.parse($0.text) },
                             summary: summary(item.child("description")?.text ?? item.child("encoded", ns: Namespace.content)?.text ?? ""))
        }
        return FeedDocument(format: .rss1, title: channel?.child("title").map { plain($0.text) }?.nilIfBlank, link: site, entries: Array(entries))
    }

    private static func atom(_ feed: XMLNode, base: URL?) -> FeedDocument {
        let feedBase = xmlBase(feed, base)
        let entries = feed.children(named: "entry").prefix(maximumEntries).map { entry -> FeedEntry in
            let entryBase = xmlBase(entry, feedBase)
            let content = entry.child("summary") ?? entry.child("content")
            return FeedEntry(id: entry.child("id")?.text.trimmed.nilIfBlank, title: atomText(entry.child("title")),
                             link: atomLink(entry, entryBase),
                             published: (entry.child("published") ?? entry.child("updated") ?? entry.child("issued")
                                         ?? entry.child("modified")).flatMap { FeedDate.parse($0.text) },
                             summary: summary(content.map { atomText($0) } ?? ""))
        }
        return FeedDocument(format: .atom, title: feed.child("title").map { atomText($0) }?.nilIfBlank, link: atomLink(feed, feedBase),
                            entries: Array(entries))
    }

    /// The `alternate` link (or one with no `rel`), resolved against `xml:base`.
    private static func atomLink(_ node: XMLNode, _ base: URL?) -> String? {
        let links = node.children(named: "link")
        let chosen = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" && $0.attributes["href"] != nil }
        guard let chosen, let href = chosen.attributes["href"]?.trimmed, !href.isEmpty else { return nil }
        return absolute(href, xmlBase(chosen, base))
    }

    /// Atom's text constructs: `html` and `xhtml` are markup, `text` is text.
    private static func atomText(_ node: XMLNode?) -> String {
        guard let node else { return "" }
        return plain(node.attributes["type"] == "xhtml" ? node.deepText : node.text)
    }

    /// `xml:base` on an element, resolved against the base around it.
    private static func xmlBase(_ node: XMLNode, _ around: URL?) -> URL? {
        guard let b = node.attributes["xml:base"] ?? node.attributes["base"], !b.isEmpty else { return around }
        return URL(string: b, relativeTo: around)?.absoluteURL ?? around
    }

    // MARK: JSON Feed

    private static func readJSON(_ data: Data.SubSequence, base: URL?) throws(FeedError) -> FeedDocument {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: Data(data)) } catch { throw FeedError("the feed is not valid JSON") }
        guard let feed = object as? [String: Any] else { throw FeedError("a JSON document of another kind, not a JSON Feed") }
        guard let version = feed["version"] as? String, version.hasPrefix("https://jsonfeed.org/version/") || version.hasPrefix("http://jsonfeed.org/version/") else {
            throw FeedError("a JSON document of another kind (no JSON Feed version), not a JSON Feed")
        }
        let site = (feed["home_page_url"] as? String).flatMap { absolute($0, base) }
        let siteURL = site.flatMap { URL(string: $0) } ?? base
        let items = (feed["items"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        let entries = items.prefix(maximumEntries).map { item -> FeedEntry in
            let id: String? = (item["id"] as? String) ?? (item["id"] as? NSNumber).map { $0.stringValue }
            let text = (item["summary"] as? String) ?? (item["content_text"] as? String) ?? (item["content_html"] as? String) ?? ""
            return FeedEntry(id: id?.nilIfBlank, title: plain(item["title"] as? String ?? ""),
                             link: ((item["url"] as? String) ?? (item["external_url"] as? String)).flatMap { absolute($0, siteURL) },
                             published: ((item["date_published"] as? String) ?? (item["date_modified"] as? String)).flatMap(FeedDate.parse),
                             summary: summary(text))
        }
        return FeedDocument(format: .jsonFeed, title: (feed["title"] as? String).map(plain)?.nilIfBlank, link: site, entries: Array(entries))
    }

    // MARK: Discovery

    /// The feeds a web page names in `<link rel="alternate" type="…" href="…">`, absolute, in the page's order.
    public static func discover(html data: Data, url: String) -> [String] {
        let html = String(decoding: data.prefix(1_000_000), as: UTF8.self)
        var base = URL(string: url)
        if let tag = html.firstMatch(of: /<base\s[^>]*>/.ignoresCase()), let href = attributes(String(tag.0))["href"] {
            base = URL(string: href, relativeTo: base)?.absoluteURL ?? base
        }
        let types: Set<String> = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml", "application/json"]
        var found: [String] = []
        for tag in html.matches(of: /<link\s[^>]*>/.ignoresCase()) {
            let a = attributes(String(tag.0))
            guard let rel = a["rel"]?.lowercased().split(separator: " "), rel.contains("alternate"),
                  let type = a["type"]?.lowercased().split(separator: ";").first.map({ $0.trimmed }), types.contains(type),
                  let href = a["href"], let absolute = absolute(href, base), !found.contains(absolute) else { continue }
            found.append(absolute)
        }
        return found
    }

    /// A tag's attributes, names in lower case, values with HTML's entities read.
    static func attributes(_ tag: String) -> [String: String] {
        var out: [String: String] = [:]
        for m in tag.matches(of: /([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/) {
            let quoted: Substring? = m.2 ?? m.3
            let value: Substring = quoted ?? m.4 ?? ""
            out[m.1.lowercased()] = HTMLText.entities(String(value))
        }
        return out
    }

    // MARK: Text

    /// An address made absolute against `base`; nil unless it is http(s) in the end.
    static func absolute(_ text: String, _ base: URL?) -> String? {
        let t = text.trimmed
        guard !t.isEmpty, let u = URL(string: t, relativeTo: base)?.absoluteURL, let scheme = u.scheme?.lowercased(),
              scheme == "http" || scheme == "https" else { return nil }
        return u.absoluteString
    }

    /// Markup taken out, entities read, whitespace made single spaces.
    static func plain(_ text: String) -> String { HTMLText.plain(text) }

    static func summary(_ text: String) -> String {
        let p = plain(text)
        return p.count > summaryLength ? String(p.prefix(summaryLength - 1)) + "…" : p
    }

    enum Namespace {
        static let content = "http://purl.org/rss/1.0/modules/content/"
        static let dc = "http://purl.org/dc/elements/1.1/"
    }
}

/// HTML to plain text, for titles and summaries.
enum HTMLText {
    /// Tags and comments taken out (with the text of scripts and styles), entities read, whitespace single spaces.
    /// A scanner, not regular expressions: a post's content can be tens of kilobytes, read for every entry polled.
    static func plain(_ text: String) -> String {
        guard text.contains("<") || text.contains("&") else { return collapse(text) }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        /// Whether `word` (lower case ASCII) is at `j`, in any case.
        func lowerStarts(_ word: String, at j: Int) -> Bool {
            var k = j
            for w in word.unicodeScalars {
                guard k < scalars.count else { return false }
                var v = scalars[k].value
                if v >= 65 && v <= 90 { v += 32 }
                guard v == w.value else { return false }
                k += 1
            }
            return true
        }
        while i < scalars.count {
            let c = scalars[i]
            guard c == "<" else { out.append(c); i += 1; continue }
            if lowerStarts("<!--", at: i) {
                var j = i + 4
                while j < scalars.count, !(scalars[j] == "-" && lowerStarts("-->", at: j)) { j += 1 }
                i = min(scalars.count, j + 3)
            } else if lowerStarts("<script", at: i) || lowerStarts("<style", at: i) {
                let close = lowerStarts("<script", at: i) ? "</script" : "</style"
                var j = i + 1
                while j < scalars.count, !(scalars[j] == "<" && lowerStarts(close, at: j)) { j += 1 }
                while j < scalars.count, scalars[j] != ">" { j += 1 }
                i = j + 1
            } else {
                var j = i + 1
                if j < scalars.count, scalars[j] == "/" { j += 1 }
                var name = ""
                while j < scalars.count, name.count < 12, scalars[j].properties.isAlphabetic || ("0"..."9").contains(scalars[j]) {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                while j < scalars.count, scalars[j] != ">" { j += 1 }
                i = j + 1
                // Inline markup joins words ("<em>things</em>."); blocks and breaks part them.
                if !Self.inline.contains(name.lowercased()) { out.append(" ") }
                continue
            }
            out.append(" ")
        }
        return collapse(entities(String(out)))
    }

    static let inline: Set<String> = ["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
                                      "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "font", "strike", "tt"]

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»", "copy": "©",
        "reg": "®", "trade": "™", "eacute": "é", "egrave": "è", "agrave": "à", "uuml": "ü", "ouml": "ö", "auml": "ä",
        "szlig": "ß", "ccedil": "ç", "ntilde": "ñ", "euro": "€", "pound": "£", "middot": "·", "bull": "•",
    ]

    /// `&amp;`, `&#233;`, `&#xE9;` and the common named entities; anything else is left as written.
    static func entities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacing(/&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/) { m -> String in
            let body = m.1
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                return UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(m.0)
            }
            if body.hasPrefix("#") {
                return UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? String(m.0)
            }
            return named[String(body)] ?? String(m.0)
        }
    }
}

/// Dates as feeds write them.
public enum FeedDate {
    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    /// RFC 822's named zones, and the ones feeds use besides.
    static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "cet": 1, "cest": 2, "bst": 1, "ist": 5, "jst": 9, "aest": 10, "aedt": 11,
    ]

    /// An RFC 822 date ("Tue, 10 Jun 2003 04:00:00 GMT", "10 Jun 03 04:00 +0200") or an ISO 8601 one
    /// ("2003-06-10T04:00:00Z", "2003-06-10T04:00:00.123+02:00", "2003-06-10"); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let t = text.trimmed
        guard !t.isEmpty, t.count < 100 else { return nil }
        if let first = t.first, first.isNumber, t.count >= 10, t.dropFirst(4).first == "-" { return iso(t) }
        return rfc822(t)
    }

    static func rfc822(_ t: String) -> Date? {
        var parts = t.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let f = parts.first, f.first?.isLetter == true { parts.removeFirst() } // the weekday
        guard parts.count >= 4, let day = Int(parts[0]), let month = months[String(parts[1].lowercased().prefix(3))],
              var year = Int(parts[2]) else { return nil }
        if parts[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let time = parts[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.allSatisfy({ $0 != nil }), let h = time[0], let m = time[1] else { return nil }
        let s = time.count > 2 ? time[2] ?? 0 : 0
        var offset = 0
        if parts.count >= 5 {
            guard let o = zoneOffset(parts[4]) else { return nil }
            offset = o
        }
        return make(year, month, day, h, m, s, 0, offset)
    }

    static func iso(_ t: String) -> Date? {
        let chars = Array(t.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<(from + count)] { guard (48...57).contains(c) else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        guard let y = num(0, 4), chars.count >= 10, chars[4] == 45, let mo = num(5, 2), chars[7] == 45, let d = num(8, 2) else { return nil }
        if chars.count == 10 { return make(y, mo, d, 0, 0, 0, 0, 0) }
        guard chars[10] == 84 || chars[10] == 116 || chars[10] == 32, let h = num(11, 2), chars.count >= 16, chars[13] == 58, let mi = num(14, 2) else { return nil }
        var i = 16, s = 0, nanos = 0
        if i < chars.count, chars[i] == 58 { guard let sec = num(i + 1, 2) else { return nil }; s = sec; i += 3 }
        if i < chars.count, chars[i] == 46 || chars[i] == 44 {
            i += 1
            var digits = 0
            while i < chars.count, (48...57).contains(chars[i]) {
                if digits < 9 { nanos = nanos * 10 + Int(chars[i] - 48); digits += 1 }
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        let rest = String(decoding: chars[i...], as: UTF8.self).trimmed
        guard let offset = rest.isEmpty ? 0 : zoneOffset(rest) else { return nil }
        return make(y, mo, d, h, mi, s, nanos, offset)
    }

    /// Seconds east of UTC: "+0200", "-05:00", "GMT", "EST".
    static func zoneOffset(_ z: String) -> Int? {
        if let hours = zones[z.lowercased()] { return hours * 3600 }
        guard let sign = z.first, sign == "+" || sign == "-" else { return nil }
        let digits = z.dropFirst().filter { $0 != ":" }
        guard digits.count == 4 || digits.count == 2, let v = Int(digits) else { return nil }
        let (h, m) = digits.count == 4 ? (v / 100, v % 100) : (v, 0)
        guard h <= 14, m < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }

    static func make(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ nanos: Int, _ offset: Int) -> Date? {
        guard (1...9999).contains(y), (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm): no calendar object, no time zone database.
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanos) / 1e9)
    }
}

extension String {
    var nilIfBlank: String? { trimmed.isEmpty ? nil : self }
}
