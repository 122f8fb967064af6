import Foundation
import TendCore

/// Reads vCards 2.1, 3.0 and 4.0 as real address books write them (RFC 2426, RFC 6350, and the
/// vCard 2.1 spec): folded lines, escapes, grouped properties with Apple's labels, quoted-printable
/// values in any charset, bare 2.1 parameters. What Tend has no field for is kept for export.
public enum VCardReader {
    /// Every card in `text`; a card that cannot be read is a problem with its line, never a crash.
    public static func read(_ text: String) -> ReadContacts {
        read(lines: ContentLine.unfold(text).map { ($0.text, $0.line) })
    }

    /// Every card in a file's bytes: each line UTF-8, or in the charset it declares (vCard 2.1). A line
    /// that is neither costs its own card, never the file.
    public static func read(bytes: [UInt8]) -> ReadContacts {
        read(lines: ContentLine.unfold(bytes: bytes))
    }

    static func read(lines: [(text: String?, line: Int)]) -> ReadContacts {
        var result = ReadContacts()
        var card: [ContentLine] = []
        var start = 0, depth = 0, broken: ImportProblem?
        for (decoded, line) in lines {
            guard let raw = decoded else {
                let problem = ImportProblem(line: line, message: "line \(line) is not valid UTF-8 and names no charset Tend can read")
                if depth == 0 { result.problems.append(problem) } else if broken == nil { broken = problem }
                continue
            }
            let trimmed = raw.trimmed
            if isMarker(trimmed, "BEGIN:VCARD") {
                if depth == 0 { card = []; start = line; broken = nil }
                depth += 1
                continue
            }
            if isMarker(trimmed, "END:VCARD") {
                guard depth > 0 else {
                    result.problems.append(ImportProblem(line: line, message: "END:VCARD without a BEGIN:VCARD"))
                    continue
                }
                depth -= 1
                if depth == 0 {
                    if let broken { result.problems.append(broken) } else {
                        switch contact(card, line: start) {
                        case .contact(let c): result.contacts.append(c)
                        case .ignored(let why): result.ignored.append(why)
                        case .problem(let p): result.problems.append(p)
                        }
                    }
                }
                continue
            }
            guard depth > 0 else {
                if !trimmed.isEmpty {
                    result.problems.append(ImportProblem(line: line, message: "text outside any vCard: '\(trimmed.prefix(40))'"))
                }
                continue
            }
            // Properties of a card nested in another (2.1's AGENT) belong to neither.
            guard depth == 1, !trimmed.isEmpty else { continue }
            if let property = ContentLine.parse(raw, line: line) {
                card.append(property)
            } else if broken == nil {
                broken = ImportProblem(line: line, message: "not a vCard property: '\(trimmed.prefix(40))'")
            }
        }
        if depth > 0 {
            result.problems.append(ImportProblem(line: start, message: "this vCard has no END:VCARD (the file may be cut short)"))
        }
        return result
    }

    /// Whether a line, upper-cased, is `marker`; most lines are told apart by their first byte, without upper-casing
    /// them (only a `b` or `B` upper-cases to `B`, only an `e` or `E` to `E`).
    static func isMarker(_ line: String, _ marker: StaticString) -> Bool {
        guard let first = line.utf8.first else { return false }
        let want = marker.utf8Start.pointee
        if first < 0x80, first & 0xDF != want { return false }
        return line.uppercased() == marker.description
    }

    enum Outcome {
        case contact(ImportedContact)
        case ignored(ImportProblem)
        case problem(ImportProblem)
    }

    /// Properties that describe the card, not the person; not kept.
    static let meta: Set<String> = ["VERSION", "PRODID", "REV", "X-ABLABEL"]

    static func contact(_ lines: [ContentLine], line: Int) -> Outcome {
        let version = lines.first { $0.name == "VERSION" }?.text.trimmed ?? "3.0"
        var card = lines
        if version.hasPrefix("2") { for i in card.indices { card[i].keepsUnknownEscapes = true } }
        let labels = Dictionary(card.filter { $0.name == "X-ABLABEL" && $0.group != nil }.map { ($0.group!.lowercased(), cleanLabel($0.text)) },
                                uniquingKeysWith: { a, _ in a })
        func label(_ p: ContentLine) -> String? { p.group.flatMap { labels[$0.lowercased()] } }
        func text(_ name: String) -> String? {
            card.first { $0.name == name }.map { $0.text.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
        }

        let kind = (text("KIND") ?? text("X-ADDRESSBOOKSERVER-KIND"))?.lowercased()
        if kind == "group" {
            return .ignored(ImportProblem(line: line, name: text("FN"), message: "a contact group, not a person"))
        }
        if kind == "org" || text("X-ABSHOWAS")?.uppercased() == "COMPANY" {
            return .ignored(ImportProblem(line: line, name: text("FN"), message: "a company's card, not a person"))
        }

        var p = Profile(displayName: "")
        var related: [RelatedName] = []
        var extras: [String] = []
        var keptGroups: Set<String> = []
        func keepLine(_ property: ContentLine) {
            extras.append(keep(property, version))
            if let g = property.group?.lowercased() { keptGroups.insert(g) }
        }
        var cityTaken = false
        let name = card.first { $0.name == "N" }?.components(separatedBy: ";").map { $0.trimmed } ?? []
        func part(_ i: Int) -> String? { i < name.count && !name[i].isEmpty ? name[i] : nil }
        p.familyName = part(0)
        p.givenName = part(1)
        var titles = 0, orgs = 0

        for property in card {
            let value = property.text.trimmed
            switch property.name {
            case _ where meta.contains(property.name), "FN", "KIND", "X-ADDRESSBOOKSERVER-KIND":
                continue
            case "N":
                // A prefix, middle names or a suffix ("Dr.", "Jr.") have no field of their own: the line is
                // kept, and written out again while the given and family names are the same.
                if name.count > 2, name[2...].contains(where: { !$0.isEmpty }) { keepLine(property) }
            case "NICKNAME":
                if p.nickname == nil { p.nickname = property.components(separatedBy: ",").map { $0.trimmed }.first { !$0.isEmpty } }
            case "EMAIL":
                guard !value.isEmpty else { continue }
                if let address = emailAddress(value) {
                    p.emails.append(address)
                    // Its types (work, home, pref) go out again with it.
                    if carriesMore(property) { keepLine(property) }
                }
                // Not an address (a phone's garbled quoted-printable): the value is passed over, the card kept.
            case "TEL":
                guard !value.isEmpty else { continue }
                p.phones.append(value.lowercased().hasPrefix("tel:") ? String(value.dropFirst(4)) : value)
                if carriesMore(property) { keepLine(property) }
            case "ORG":
                let parts = property.components(separatedBy: ";").map { $0.trimmed }
                orgs += 1
                if orgs == 1 { p.company = parts.first { !$0.isEmpty } }
                // Units ("Marketing") and a second organisation are kept as written.
                if orgs > 1 || parts.filter({ !$0.isEmpty }).count > 1 { keepLine(property) }
            case "TITLE":
                guard !value.isEmpty else { continue }
                titles += 1
                if titles == 1 { p.title = value } else { keepLine(property) }
            case "NOTE":
                if !value.isEmpty { p.notes = p.notes.isEmpty ? value : p.notes + "\n\n" + value }
            case "CATEGORIES", "X-CATEGORIES":
                p.tags += property.components(separatedBy: ",").map { $0.trimmed }
                    .filter { !$0.isEmpty && !googleSystemGroups.contains($0.lowercased()) }
            case "BDAY":
                if let b = date(property) { p.birthday = b } else if !value.isEmpty { keepLine(property) }
            case "ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY":
                if let a = date(property) { p.anniversary = a } else if !value.isEmpty { keepLine(property) }
            case "X-ABDATE" where label(property)?.lowercased() == "anniversary":
                if let a = date(property), p.anniversary == nil { p.anniversary = a } else { keepLine(property) }
            case "X-EVOLUTION-BLOG-URL":
                if !value.isEmpty { addLink(&p, url: value, label: "Blog") }
            case "URL":
                if !value.isEmpty { addLink(&p, url: value, label: label(property) ?? linkLabel(types: property.types, url: value)) }
            case "X-SOCIALPROFILE":
                let url = value.isEmpty ? property.values(of: "X-USER").first ?? "" : value
                let service = property.types.first { !["pref", "home", "work", "other"].contains($0) }
                if !url.isEmpty { addLink(&p, url: url, label: label(property) ?? service.map(serviceName) ?? linkLabel(types: [], url: url)) }
            case "RELATED", "X-ABRELATEDNAMES", "X-EVOLUTION-SPOUSE", "X-SPOUSE", "X-MS-SPOUSE":
                let words = property.name == "RELATED" ? Array(property.types) : [label(property) ?? "spouse"]
                if let kind = words.lazy.compactMap(RelatedName.kind).first, !value.isEmpty {
                    let isText = property.values(of: "VALUE").contains { $0.lowercased() == "text" } || property.name != "RELATED"
                    if !isText, value.lowercased().hasPrefix("urn:uuid:") || value.lowercased().hasPrefix("uid:") {
                        related.append(RelatedName(kind: kind, uid: value))
                    } else {
                        related.append(RelatedName(kind: kind, name: value))
                    }
                    // Kept as written too, so an export gives other tools the same line.
                    if property.name == "RELATED", !isText { keepLine(property) }
                } else {
                    keepLine(property)
                }
            case "ADR":
                let parts = property.components(separatedBy: ";").map { $0.trimmed }
                let city = parts.count > 3 && !parts[3].isEmpty ? parts[3] : nil
                // An address that holds nothing but a city is the city (Tend writes the city so).
                let onlyCity = property.group == nil && property.parameters.isEmpty && city != nil
                    && parts.enumerated().allSatisfy { $0.offset == 3 || $0.element.isEmpty }
                if !cityTaken, let city {
                    p.city = city
                    cityTaken = true
                    if onlyCity { continue }
                }
                keepLine(property)
            default:
                keepLine(property)
                // A label that belongs to a kept property is kept with it.
                if let group = property.group, let l = card.first(where: { $0.name == "X-ABLABEL" && $0.group?.lowercased() == group.lowercased() }) {
                    extras.append(keep(l, version))
                }
            }
        }

        let fn = text("FN")
        let fromN = [part(3), part(1), part(2), part(0), part(4)].compactMap { $0 }.joined(separator: " ")
        p.displayName = fn ?? (fromN.isEmpty ? nil : fromN) ?? p.nickname ?? p.company ?? ""
        guard !p.displayName.isEmpty else {
            return .problem(ImportProblem(line: line, name: p.emails.first, message: "this vCard has no name (no FN or N)"))
        }
        p.cardExtras = extras
        do throws(ValidationError) {
            p = try p.validated()
        } catch {
            return .problem(ImportProblem(line: line, name: p.displayName, message: error.message))
        }
        let uid = card.first { $0.name == "UID" }?.text.trimmed
        return .contact(ImportedContact(line: line, profile: p, related: related, uid: uid))
    }

    static let plainTypes: Set<String> = ["internet", "voice", "quoted-printable", "8bit", "7bit"]

    /// Whether a TEL or EMAIL line says more than its value: types (cell, work), a preference, a group
    /// with a label. What Tend writes itself (`TYPE=INTERNET`, `VALUE=text`) is nothing more.
    static func carriesMore(_ property: ContentLine) -> Bool {
        if property.group != nil { return true }
        return property.parameters.contains { name, values in
            switch name {
            case "VALUE", "CHARSET", "ENCODING": false
            case "TYPE": values.contains { value in
                value.split(separator: ",").contains { !Self.plainTypes.contains($0.trimmed.lowercased()) }
            }
            default: true
            }
        }
    }

    /// The address in an EMAIL value: as it is, or inside `"Name" <address>` (Android 2.1 writes that);
    /// nil when it is no address at all.
    static func emailAddress(_ value: String) -> String? {
        var v = value.hasPrefix("mailto:") ? String(value.dropFirst(7)) : value
        if let open = v.lastIndex(of: "<"), let close = v.lastIndex(of: ">"), open < close {
            v = String(v[v.index(after: open)..<close]).trimmed
        }
        // Bytes: Foundation's substring search goes through NSString on Linux.
        guard v.utf8.contains(UInt8(ascii: "@")), !v.utf8.contains(UInt8(ascii: " ")) else { return nil }
        return v
    }

    /// Gmail marks every contact as a member of these; they are not the user's own labels.
    static let googleSystemGroups: Set<String> = ["mycontacts", "* mycontacts", "my contacts", "* my contacts", "starred", "* starred"]

    /// A property kept for export. vCard 2.1's encodings are undone so the line reads as 3.0 and 4.0.
    static func keep(_ property: ContentLine, _ version: String) -> String {
        guard version.hasPrefix("2") || property.isQuotedPrintable else { return property.raw }
        var head = (property.group.map { $0 + "." } ?? "") + property.name
        for (name, values) in property.parameters where name != "CHARSET" {
            if name == "ENCODING" {
                if property.isBinary { head += ";ENCODING=b" }
                continue
            }
            head += ";" + name + "=" + values.map { $0.contains(where: { ":;,".contains($0) }) ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        // A decoded quoted-printable value may hold line breaks; a content line cannot.
        return head + ":" + property.decoded.replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// "_$!<HomePage>!$_" → "HomePage".
    static func cleanLabel(_ label: String) -> String {
        let l = label.replacingOccurrences(of: "_$!<", with: "").replacingOccurrences(of: ">!$_", with: "").trimmed
        return l == "HomePage" ? "Homepage" : l
    }

    static func addLink(_ p: inout Profile, url: String, label: String) {
        guard !p.links.contains(where: { ContactKey.sameURL($0.url, url) }) else { return }
        p.links.append(Link(label: label, url: url))
    }

    static func serviceName(_ type: String) -> String {
        switch type.lowercased() {
        case "linkedin": "LinkedIn"
        case "twitter": "Twitter"
        case "x": "X"
        case "github": "GitHub"
        case "facebook": "Facebook"
        case "instagram": "Instagram"
        case "mastodon": "Mastodon"
        default: type.prefix(1).uppercased() + type.dropFirst()
        }
    }

    static func linkLabel(types: Set<String>, url: String) -> String {
        if ContactKey.linkedIn(url) != nil { return "LinkedIn" }
        if let t = types.first(where: { !["pref", "internet"].contains($0) }) {
            return t == "home" ? "Homepage" : t == "work" ? "Work" : serviceName(t)
        }
        return "Website"
    }

    /// BDAY and ANNIVERSARY in every form seen: `1985-04-12`, `19850412`, `--0412`, `--04-12`,
    /// with a time part, and Apple's year-less `1604-04-12;X-APPLE-OMIT-YEAR=1604`.
    static func date(_ property: ContentLine) -> Birthday? {
        var value = property.text.trimmed
        if let t = value.firstIndex(of: "T"), value.distance(from: value.startIndex, to: t) >= 6 { value = String(value[..<t]) }
        let omitYear = property.values(of: "X-APPLE-OMIT-YEAR").first.flatMap { Int($0) }
        return VCardDate.parse(value, omitYear: omitYear)
    }
}

/// Dates as contact files write them.
public enum VCardDate {
    /// Parses `1985-04-12`, `19850412`, `--0412`, `--04-12`; years 0, 1 and 1604 mean "no year" (as
    /// Android and Apple write year-less dates), as does `omitYear`.
    public static func parse(_ text: String, omitYear: Int? = nil) -> Birthday? {
        // Byte by byte: a date is ASCII digits and dashes, so any other byte (a Character beyond ASCII) is no date.
        let bytes = Array(text.utf8)
        let dash = UInt8(ascii: "-")
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let digits = bytes.filter { $0 != dash }
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        func number(_ d: ArraySlice<UInt8>) -> Int? { d.isEmpty ? nil : d.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        var year: Int?, rest: ArraySlice<UInt8>
        if bytes.count >= 2, bytes[0] == dash, bytes[1] == dash {
            rest = digits[...]
            guard rest.count == 4 else { return nil }
        } else {
            guard digits.count == 8 else { return nil }
            year = number(digits.prefix(4))
            rest = digits.dropFirst(4)
            // The dashes must sit where a date puts them, if any are written.
            if bytes.contains(dash), !(bytes.count == 10 && bytes[4] == dash && bytes[7] == dash) { return nil }
        }
        guard let month = number(rest.prefix(2)), let day = number(rest.suffix(2)) else { return nil }
        if let y = year, y <= 1 || y == 1604 || y == omitYear { year = nil }
        return Birthday(month: month, day: day, year: year)
    }
}
