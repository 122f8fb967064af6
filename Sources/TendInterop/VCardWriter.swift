import Foundation
import TendCore

/// Writes people as vCards 4.0 (RFC 6350) or 3.0 (RFC 2426), for other address books.
public enum VCardWriter {
    public enum Version: String, CaseIterable, Sendable {
        case v4 = "4.0", v3 = "3.0"
    }

    /// A person and the people they are related to, by name.
    public struct Card: Sendable {
        public var person: Person
        public var related: [(kind: Relation.Kind, name: String)]

        public init(person: Person, related: [(kind: Relation.Kind, name: String)] = []) {
            self.person = person
            self.related = related
        }
    }

    public static func write(_ cards: [Card], version: Version = .v4) -> String {
        var out = ""
        for card in cards { out += write(card, version: version) }
        return out
    }

    public static func write(_ card: Card, version: Version) -> String {
        let p = card.person.profile
        let v4 = version == .v4
        var lines = ["BEGIN:VCARD", "VERSION:\(version.rawValue)", "PRODID:-//Tend//Tend vCard export//EN"]
        func text(_ s: String) -> String { ContentLine.escape(s) }
        lines.append("FN:" + text(p.displayName))
        // Lines kept from the card a person came from: some stand in for Tend's own line while they still
        // say the same (an N with a prefix, an ORG with units, a TEL or EMAIL with its types).
        var kept = p.cardExtras.compactMap { ContentLine.parse($0, line: 0) }
        func takeKept(_ name: String, where matches: (ContentLine) -> Bool) -> ContentLine? {
            guard let i = kept.firstIndex(where: { $0.name == name && matches($0) }) else { return nil }
            return kept.remove(at: i)
        }
        let sameName: (ContentLine) -> Bool = { n in
            let parts = n.components(separatedBy: ";").map { $0.trimmed }
            return (parts.first ?? "") == (p.familyName ?? "") && (parts.count > 1 ? parts[1] : "") == (p.givenName ?? "")
        }
        if let n = takeKept("N", where: sameName) { lines += convert(n, version) } else {
            lines.append("N:" + [p.familyName, p.givenName, nil, nil, nil].map { text($0 ?? "") }.joined(separator: ";"))
        }
        kept.removeAll { $0.name == "N" }
        if let n = p.nickname { lines.append("NICKNAME:" + text(n)) }
        for e in p.emails {
            if var line = takeKept("EMAIL", where: { VCardReader.emailAddress($0.text.trimmed)?.lowercased() == e.lowercased() }) {
                // Its types go out again; the value is the address alone (not `"Omega" <omega@…>`).
                line.rawValue = text(e)
                line.parameters.removeAll { $0.name == "ENCODING" || $0.name == "CHARSET" }
                lines += convert(line, version)
            } else {
                lines.append((v4 ? "EMAIL:" : "EMAIL;TYPE=INTERNET:") + text(e))
            }
        }
        // An address since removed in Tend is not written back.
        kept.removeAll { $0.name == "EMAIL" }
        for t in p.phones {
            if let line = takeKept("TEL", where: { Self.phoneValue($0) == t }) { lines += convert(line, version) } else {
                lines.append((v4 ? "TEL;VALUE=text:" : "TEL:") + text(t))
            }
        }
        kept.removeAll { $0.name == "TEL" }
        if let c = p.company {
            let firstOrg: (ContentLine) -> Bool = { $0.components(separatedBy: ";").map { $0.trimmed }.first { !$0.isEmpty } == c }
            if let org = takeKept("ORG", where: firstOrg) { lines += convert(org, version) } else { lines.append("ORG:" + text(c)) }
        }
        if let t = p.title { lines.append("TITLE:" + text(t)) }
        if let b = p.birthday { lines.append("BDAY" + date(b, v4: v4)) }
        if let a = p.anniversary { lines.append((v4 ? "ANNIVERSARY" : "X-ANNIVERSARY") + date(a, v4: v4)) }
        // The city goes out as an address unless the card came with addresses of its own.
        if let city = p.city, !kept.contains(where: { $0.name == "ADR" }) {
            lines.append("ADR:;;;" + text(city) + ";;;")
        }
        if !p.notes.isEmpty { lines.append("NOTE:" + text(p.notes)) }
        if !p.tags.isEmpty { lines.append("CATEGORIES:" + p.tags.map(text).joined(separator: ",")) }
        // Labels travel as Apple's X-ABLabel on a grouped URL, which other readers pass over.
        for (i, link) in p.links.enumerated() {
            lines.append("link\(i + 1).URL:" + link.url)
            lines.append("link\(i + 1).X-ABLabel:" + text(link.label))
        }
        for (i, r) in card.related.enumerated() {
            guard let word = relatedType(r.kind) else { continue }
            if v4 {
                lines.append("RELATED;TYPE=\(word);VALUE=text:" + text(r.name))
            } else {
                lines.append("related\(i + 1).X-ABRELATEDNAMES:" + text(r.name))
                lines.append("related\(i + 1).X-ABLabel:_$!<\(word.prefix(1).uppercased() + word.dropFirst())>!$_")
            }
        }
        // A relation kept from an import is left out once it is a relation in Tend, which is written above.
        let relatedNames = Set(card.related.map { ContactKey.name($0.name) })
        for line in kept where !(line.name == "RELATED" && relatedNames.contains(ContactKey.name(line.text))) {
            lines += convert(line, version)
        }
        lines.append("END:VCARD")
        return lines.map(ContentLine.fold).joined()
    }

    static func name(of raw: String) -> String? {
        ContentLine.parse(raw, line: 0)?.name
    }

    static func phoneValue(_ line: ContentLine) -> String {
        let v = line.text.trimmed
        return v.lowercased().hasPrefix("tel:") ? String(v.dropFirst(4)) : v
    }

    /// Properties of older versions that have no place in `version`: 4.0 has no LABEL (an ADR
    /// parameter now), AGENT, CLASS, NAME, MAILER or SORT-STRING; no reader needs a PROFILE.
    static func dropped(_ name: String, _ version: Version) -> Bool {
        switch name {
        case "PROFILE", "AGENT": true
        case "LABEL", "CLASS", "NAME", "MAILER", "SORT-STRING": version == .v4
        default: false
        }
    }

    /// A kept line as `version` writes it: no CHARSET, quoted-printable decoded, base64 a `data:` URI in
    /// 4.0, types in 4.0's lower case, a name every reader takes; nothing when `version` has no such property.
    static func convert(_ line: ContentLine, _ version: Version) -> [String] {
        guard !dropped(line.name, version) else { return [] }
        let v4 = version == .v4
        var name = line.name
        if !line.isWellNamed {
            name = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "-" })
            if !name.hasPrefix("X-") { name = "X-" + name }
        }
        var value = line.isQuotedPrintable ? ContentLine.escape(line.decoded.replacingOccurrences(of: "\r\n", with: "\n"), also: "")
            : line.rawValue
        var parameters: [(String, [String])] = []
        // Base64 that does not decode (a photo cut short) goes out as a URI, which readers do not decode.
        let brokenBase64 = line.isBinary && !value.lowercased().hasPrefix("data:") && Data(base64Encoded: value.filter { !$0.isWhitespace }) == nil
        if brokenBase64 && !v4 { value = "data:\(mediaTypeFor(line.name, line.values(of: "TYPE").first));base64," + value.filter { !$0.isWhitespace } }
        let isDataURI = value.lowercased().hasPrefix("data:")
        var mediaType: String?
        for (pname, values) in line.parameters {
            switch pname {
            case "CHARSET":
                continue
            case "ENCODING":
                guard line.isBinary, !isDataURI else { continue }
                if !v4 { parameters.append(("ENCODING", ["b"])) }
            case "TYPE" where line.isBinary && !isDataURI && v4 && ["PHOTO", "LOGO", "SOUND", "KEY"].contains(line.name):
                mediaType = values.first.map { mediaTypeFor(line.name, $0) }
            case "TYPE":
                // vCard 2.1's bare types (`TEL;CELL;PREF`) become one TYPE parameter.
                let types = values.flatMap { $0.split(separator: ",").map { String($0).trimmed } }
                    .filter { !$0.isEmpty && !["quoted-printable", "base64", "8bit", "7bit"].contains($0.lowercased()) }
                    .map { v4 ? $0.lowercased() : $0 }
                guard !types.isEmpty else { continue }
                if let i = parameters.firstIndex(where: { $0.0 == "TYPE" }) { parameters[i].1 += types } else { parameters.append(("TYPE", types)) }
            case "VALUE" where isDataURI:
                continue
            default:
                if !values.isEmpty { parameters.append((pname, values)) }
            }
        }
        if line.isBinary && !isDataURI && v4 {
            value = "data:\(mediaType ?? mediaTypeFor(line.name, nil));base64," + value.filter { !$0.isWhitespace }
        }
        if value.lowercased().hasPrefix("data:") && !v4 { parameters.append(("VALUE", ["uri"])) }
        if v4, line.name == "TEL", !value.lowercased().hasPrefix("tel:"), !parameters.contains(where: { $0.0 == "VALUE" }) {
            parameters.insert(("VALUE", ["text"]), at: 0)
        }
        let head = (line.group.map { $0 + "." } ?? "") + name + parameters.map { p, values in
            ";" + p + "=" + values.map { $0.contains(where: { ":;,".contains($0) }) ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }.joined()
        return [head + ":" + value]
    }

    /// The media type of a base64 value by its vCard 2.1/3.0 TYPE (`JPEG`, `image/png`).
    static func mediaTypeFor(_ property: String, _ type: String?) -> String {
        let t = (type ?? "").lowercased()
        if t.contains("/") { return t }
        switch property {
        case "SOUND": return t.isEmpty ? "audio/basic" : "audio/" + t
        case "KEY": return t.isEmpty ? "application/octet-stream" : (t == "pgp" ? "application/pgp-keys" : "application/" + t)
        default: return "image/" + (t.isEmpty ? "jpeg" : t == "jpg" ? "jpeg" : t)
        }
    }

    /// vCard 4.0: `19850412` or `--0412`. vCard 3.0: `1985-04-12`, or Apple's year-less form.
    static func date(_ b: Birthday, v4: Bool) -> String {
        let mm = b.month < 10 ? "0\(b.month)" : "\(b.month)", dd = b.day < 10 ? "0\(b.day)" : "\(b.day)"
        switch (b.year, v4) {
        case (let y?, true): return ":" + pad4(y) + mm + dd
        case (nil, true): return ":--" + mm + dd
        case (let y?, false): return ":" + pad4(y) + "-" + mm + "-" + dd
        case (nil, false): return ";X-APPLE-OMIT-YEAR=1604:1604-" + mm + "-" + dd
        }
    }

    static func pad4(_ y: Int) -> String {
        let s = String(y)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// vCard 4.0's RELATED type for a relation; nil for one it has no word for.
    public static func relatedType(_ kind: Relation.Kind) -> String? {
        switch kind {
        case .partner: "spouse"
        case .child: "child"
        case .parent: "parent"
        case .sibling: "sibling"
        case .colleague: "colleague"
        case .introducedBy: nil
        }
    }
}
