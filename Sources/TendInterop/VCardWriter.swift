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
        lines.append("N:" + [p.familyName, p.givenName, nil, nil, nil].map { text($0 ?? "") }.joined(separator: ";"))
        if let n = p.nickname { lines.append("NICKNAME:" + text(n)) }
        for e in p.emails { lines.append((v4 ? "EMAIL:" : "EMAIL;TYPE=INTERNET:") + text(e)) }
        for t in p.phones { lines.append((v4 ? "TEL;VALUE=text:" : "TEL:") + text(t)) }
        if let c = p.company { lines.append("ORG:" + text(c)) }
        if let t = p.title { lines.append("TITLE:" + text(t)) }
        if let b = p.birthday { lines.append("BDAY" + date(b, v4: v4)) }
        if let a = p.anniversary { lines.append((v4 ? "ANNIVERSARY" : "X-ANNIVERSARY") + date(a, v4: v4)) }
        // The city goes out as an address unless the card came with addresses of its own.
        if let city = p.city, !p.cardExtras.contains(where: { name(of: $0) == "ADR" }) {
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
        lines += p.cardExtras.filter { raw in
            guard let line = ContentLine.parse(raw, line: 0), line.name == "RELATED" else { return true }
            return !relatedNames.contains(ContactKey.name(line.text))
        }
        lines.append("END:VCARD")
        return lines.map(ContentLine.fold).joined()
    }

    static func name(of raw: String) -> String? {
        ContentLine.parse(raw, line: 0)?.name
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
