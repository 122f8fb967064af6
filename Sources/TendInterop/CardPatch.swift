import Foundation
import TendCore

/// A card a phone or an address book wrote, and what Tend knows of the person on it: the fields Tend keeps
/// (name, emails, phones, company, title, city, dates, notes, tags, links) are read from it and written back
/// into it line by line, so every other property (a photo, addresses, labels, X- properties) stays as written.
public enum CardPatch {
    /// What a card is to Tend.
    public enum Reading: Sendable {
        /// A person's card, with what it says of them and its UID.
        case person(Profile, uid: String?)
        /// A card that is not a person (a contact group, a company's card), kept as it is.
        case other(uid: String?)
        /// Not one vCard Tend can read, and why.
        case unreadable(String)
    }

    /// Reads exactly one vCard.
    public static func read(_ text: String) -> Reading {
        let read = VCardReader.read(text)
        let cards = read.contacts.count + read.ignored.count + read.problems.count
        guard cards == 1 else {
            if cards == 0 { return .unreadable("this is not a vCard (it has no BEGIN:VCARD … END:VCARD)") }
            return .unreadable(read.problems.first?.message ?? "a card holds exactly one vCard, and this holds \(cards)")
        }
        if let p = read.problems.first { return .unreadable(p.message) }
        if read.ignored.first != nil { return .other(uid: uid(of: text)) }
        let c = read.contacts[0]
        return .person(c.profile, uid: c.uid.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The card's UID as written.
    public static func uid(of text: String) -> String? {
        for (line, _) in ContentLine.unfold(text) {
            if let p = ContentLine.parse(line, line: 0), p.name == "UID", p.group == nil {
                let v = p.text.trimmed
                return v.isEmpty ? nil : v
            }
        }
        return nil
    }

    /// Every property of a card by name (upper case), with its value unescaped.
    public static func values(in text: String) -> [(name: String, value: String)] {
        ContentLine.unfold(text).compactMap { ContentLine.parse($0.text, line: $0.line) }.map { ($0.name, $0.text) }
    }

    /// The fields of a person a card carries, for telling what changed.
    public struct Fields: Hashable, Sendable, Codable {
        public var displayName: String
        public var givenName: String?
        public var familyName: String?
        public var nickname: String?
        public var emails: [String]
        public var phones: [String]
        public var company: String?
        public var title: String?
        public var city: String?
        public var birthday: Birthday?
        public var anniversary: Birthday?
        public var notes: String
        public var tags: [String]
        public var links: [String]

        public init(_ p: Profile) {
            displayName = p.displayName
            givenName = p.givenName
            familyName = p.familyName
            nickname = p.nickname
            // Order is not compared: a card keeps its lines in its own order.
            emails = p.emails.map { $0.lowercased() }.sorted()
            phones = p.phones.sorted()
            company = p.company
            title = p.title
            city = p.city
            birthday = p.birthday
            anniversary = p.anniversary
            notes = p.notes
            tags = p.tags.map { $0.lowercased() }.sorted()
            links = p.links.map { ContactKey.strippedURL($0.url) }.sorted()
        }
    }

    /// Gives `mine` the fields `theirs` changed from `base`, and keeps the rest: a write from a client that
    /// had not seen a change made in Tend keeps that change, field by field.
    public static func merge(theirs: Profile, base: Profile, into mine: Profile) -> Profile {
        var out = mine
        let t = Fields(theirs), b = Fields(base)
        if t.displayName != b.displayName { out.displayName = theirs.displayName }
        if t.givenName != b.givenName || t.familyName != b.familyName {
            out.givenName = theirs.givenName
            out.familyName = theirs.familyName
        }
        if t.nickname != b.nickname { out.nickname = theirs.nickname }
        if t.emails != b.emails { out.emails = theirs.emails }
        if t.phones != b.phones { out.phones = theirs.phones }
        if t.company != b.company { out.company = theirs.company }
        if t.title != b.title { out.title = theirs.title }
        if t.city != b.city { out.city = theirs.city }
        if t.birthday != b.birthday { out.birthday = theirs.birthday }
        if t.anniversary != b.anniversary { out.anniversary = theirs.anniversary }
        if t.notes != b.notes { out.notes = theirs.notes }
        if t.tags != b.tags { out.tags = theirs.tags }
        if t.links != b.links { out.links = theirs.links }
        // What Tend has no field for is the card's own: the client's version is the one.
        out.cardExtras = theirs.cardExtras
        return out
    }

    /// The name a nested card's lines go by while the outer card is patched: no property is called so.
    static let nestedLine = "\u{0}NESTED"

    /// `card` saying what `profile` says: the lines of each field that differs are rewritten, every other
    /// line is kept as written. A card that says it already comes back byte for byte.
    public static func apply(_ profile: Profile, to card: String) -> String {
        guard case .person(let current, _) = read(card) else { return card }
        let want = Fields(profile), have = Fields(current)
        guard want != have else { return card }

        var lines: [ContentLine] = []
        var begin: [String] = [], end: [String] = []
        var depth = 0
        for (text, line) in ContentLine.unfold(card) {
            let upper = text.trimmed.uppercased()
            if upper == "BEGIN:VCARD" { depth += 1; if depth == 1 { begin.append(text); continue } }
            if upper == "END:VCARD" { depth -= 1; if depth == 0 { end.append(text); break } }
            guard depth >= 1, !text.trimmed.isEmpty else { continue }
            if var p = ContentLine.parse(text, line: line) {
                // A card nested in this one (2.1's AGENT), its BEGIN and END included, is written back as it is: its
                // lines are none of the fields Tend changes, which are the outer card's (as `VCardReader` reads them).
                if depth > 1 || upper == "END:VCARD" {
                    p.name = Self.nestedLine
                    p.group = nil
                }
                lines.append(p)
            }
        }
        let v4 = lines.first { $0.name == "VERSION" }?.text.trimmed.hasPrefix("4") ?? false
        var added: [String] = []
        func text(_ s: String) -> String { ContentLine.escape(s) }
        func remove(_ names: Set<String>) {
            let groups = Set(lines.filter { names.contains($0.name) }.compactMap { $0.group?.lowercased() })
            lines.removeAll { names.contains($0.name) || ($0.name == "X-ABLABEL" && $0.group.map { groups.contains($0.lowercased()) } ?? false) }
        }
        func replaceValue(_ i: Int, _ value: String) {
            var l = lines[i]
            // The group, name and parameters as written, unless the old value was encoded (2.1's quoted-printable).
            let written = l.raw.hasSuffix(":" + l.rawValue) && !l.isQuotedPrintable ? String(l.raw.dropLast(l.rawValue.count + 1)) : nil
            l.parameters.removeAll { $0.name == "ENCODING" || $0.name == "CHARSET" }
            lines[i] = ContentLine(group: l.group, name: l.name, parameters: l.parameters, rawValue: value,
                                   raw: (written ?? head(l)) + ":" + value, line: l.line)
        }
        func components(_ l: ContentLine) -> [String] {
            var parts = ContentLine.split(l.rawValue, on: ";")
            // A value ending in a lone backslash (it escapes nothing, and reads as a backslash): written escaped, or
            // it would escape the separator written after it and shift every part behind (found by the card target).
            if let last = parts.last, last.reversed().prefix(while: { $0 == "\\" }).count % 2 == 1 { parts[parts.count - 1] = last + "\\" }
            return parts
        }

        if want.displayName != have.displayName {
            if let i = lines.firstIndex(where: { $0.name == "FN" }) { replaceValue(i, text(profile.displayName)) } else {
                added.append("FN:" + text(profile.displayName))
            }
        }
        if want.givenName != have.givenName || want.familyName != have.familyName {
            if let i = lines.firstIndex(where: { $0.name == "N" }) {
                var parts = components(lines[i])
                while parts.count < 5 { parts.append("") }
                parts[0] = text(profile.familyName ?? "")
                parts[1] = text(profile.givenName ?? "")
                replaceValue(i, parts.joined(separator: ";"))
            } else {
                added.append("N:" + [profile.familyName, profile.givenName, nil, nil, nil].map { text($0 ?? "") }.joined(separator: ";"))
            }
        }
        if want.nickname != have.nickname {
            remove(["NICKNAME"])
            if let n = profile.nickname { added.append("NICKNAME:" + text(n)) }
        }
        if want.emails != have.emails {
            var left = profile.emails
            lines.removeAll { l in
                guard l.name == "EMAIL" else { return false }
                guard let a = VCardReader.emailAddress(l.text.trimmed), let i = left.firstIndex(where: { $0.lowercased() == a.lowercased() }) else { return true }
                left.remove(at: i)
                return false
            }
            added += left.map { (v4 ? "EMAIL:" : "EMAIL;TYPE=INTERNET:") + text($0) }
        }
        if want.phones != have.phones {
            var left = profile.phones
            lines.removeAll { l in
                guard l.name == "TEL" else { return false }
                guard let i = left.firstIndex(of: VCardWriter.phoneValue(l)) else { return true }
                left.remove(at: i)
                return false
            }
            added += left.map { (v4 ? "TEL;VALUE=text:" : "TEL:") + text($0) }
        }
        if want.company != have.company {
            if let i = lines.firstIndex(where: { $0.name == "ORG" }) {
                var parts = components(lines[i])
                if let c = profile.company {
                    parts[0] = text(c)
                    replaceValue(i, parts.joined(separator: ";"))
                } else {
                    // Units without their organisation, or a second organisation, would read as the organisation.
                    remove(["ORG"])
                }
            } else if let c = profile.company {
                added.append("ORG:" + text(c))
            }
        }
        if want.title != have.title {
            if let i = lines.firstIndex(where: { $0.name == "TITLE" && !$0.text.trimmed.isEmpty }) {
                if let t = profile.title { replaceValue(i, text(t)) } else { lines.remove(at: i) }
            } else if let t = profile.title {
                added.append("TITLE:" + text(t))
            }
        }
        if want.birthday != have.birthday {
            remove(["BDAY"])
            if let b = profile.birthday { added.append("BDAY" + VCardWriter.date(b, v4: v4)) }
        }
        if want.anniversary != have.anniversary {
            remove(["ANNIVERSARY", "X-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY", "X-MS-ANNIVERSARY"])
            if let a = profile.anniversary { added.append((v4 ? "ANNIVERSARY" : "X-ANNIVERSARY") + VCardWriter.date(a, v4: v4)) }
        }
        if want.city != have.city {
            if let i = lines.firstIndex(where: { $0.name == "ADR" }) {
                var parts = components(lines[i])
                while parts.count < 7 { parts.append("") }
                parts[3] = text(profile.city ?? "")
                if parts.allSatisfy({ $0.isEmpty }) { lines.remove(at: i) } else { replaceValue(i, parts.joined(separator: ";")) }
            } else if let city = profile.city {
                added.append("ADR:;;;" + text(city) + ";;;")
            }
        }
        if want.notes != have.notes {
            remove(["NOTE"])
            if !profile.notes.isEmpty { added.append("NOTE:" + text(profile.notes)) }
        }
        if want.tags != have.tags {
            remove(["CATEGORIES", "X-CATEGORIES"])
            if !profile.tags.isEmpty { added.append("CATEGORIES:" + profile.tags.map(text).joined(separator: ",")) }
        }
        if want.links != have.links {
            var left = profile.links
            var droppedGroups = Set<String>()
            lines.removeAll { l in
                guard ["URL", "X-SOCIALPROFILE", "X-EVOLUTION-BLOG-URL"].contains(l.name) else { return false }
                let url = l.name == "X-SOCIALPROFILE" && l.text.trimmed.isEmpty ? l.values(of: "X-USER").first ?? "" : l.text.trimmed
                if let i = left.firstIndex(where: { ContactKey.sameURL($0.url, url) }) {
                    left.remove(at: i)
                    return false
                }
                if let g = l.group?.lowercased() { droppedGroups.insert(g) }
                return true
            }
            lines.removeAll { $0.name == "X-ABLABEL" && $0.group.map { droppedGroups.contains($0.lowercased()) } ?? false }
            let used = Set(lines.compactMap { $0.group?.lowercased() })
            var n = 0
            for link in left {
                repeat { n += 1 } while used.contains("tend\(n)")
                added.append("tend\(n).URL:" + link.url)
                added.append("tend\(n).X-ABLabel:" + text(link.label))
            }
        }

        // New lines go before the UID and revision when the card ends with them, else at the end. A quoted-printable
        // line (vCard 2.1) is written unfolded: folding would break its soft line breaks.
        var body = lines.map { $0.isQuotedPrintable ? $0.raw : ContentLine.fold($0.raw) }
        var tail: [String] = []
        while let last = lines.last, ["UID", "REV", "PRODID"].contains(last.name) {
            tail.insert(body.removeLast(), at: 0)
            lines.removeLast()
        }
        body += added.map(ContentLine.fold) + tail
        return (begin.map(ContentLine.fold) + body + end.map(ContentLine.fold)).map { $0.hasSuffix("\r\n") ? $0 : $0 + "\r\n" }.joined()
    }

    /// A line's group, name and parameters, as `convert` writes them.
    static func head(_ l: ContentLine) -> String {
        (l.group.map { $0 + "." } ?? "") + l.name + l.parameters.map { p, values in
            ";" + p + "=" + values.map { $0.contains(where: { ":;,".contains($0) }) ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }.joined()
    }

    /// The card in the vCard version a client asked for ("3.0" or "4.0"): as it is when it is in that version
    /// already; else a person's card is written again by `VCardWriter` (every property kept, converted: a photo
    /// as a `data:` URI in 4.0, `X-ADDRESSBOOKSERVER-KIND` as `KIND`), and another card has its version line changed.
    public static func converted(_ card: String, to version: String) -> String {
        guard let want = VCardWriter.Version(rawValue: version) else { return card }
        let lines = ContentLine.unfold(card)
        let have = lines.lazy.compactMap { ContentLine.parse($0.text, line: 0) }.first { $0.name == "VERSION" }?.text.trimmed ?? "3.0"
        guard have != version else { return card }
        switch read(card) {
        case .person(let profile, _):
            return VCardWriter.write(.init(person: Person(id: PersonID(0), profile: profile, addedOn: Day(year: 2000, month: 1, day: 1)!)),
                                     version: want)
        default:
            var out: [String] = []
            for (text, _) in lines {
                guard let p = ContentLine.parse(text, line: 0) else { out.append(text); continue }
                if p.name == "VERSION" { out.append("VERSION:" + version); continue }
                if want == .v4, p.name == "X-ADDRESSBOOKSERVER-KIND" { out.append("KIND:" + p.rawValue.lowercased()); continue }
                if want == .v3, p.name == "KIND" { out.append("X-ADDRESSBOOKSERVER-KIND:" + p.rawValue.lowercased()); continue }
                if want == .v4, p.name == "X-ADDRESSBOOKSERVER-MEMBER" { out.append("MEMBER:" + p.rawValue); continue }
                if want == .v3, p.name == "MEMBER" { out.append("X-ADDRESSBOOKSERVER-MEMBER:" + p.rawValue); continue }
                out.append(text)
            }
            return out.filter { !$0.isEmpty }.map(written).joined()
        }
    }

    /// A card with `uid` as its UID (a client that sent none gets one kept for good).
    public static func settingUID(_ uid: String, in card: String) -> String {
        var out: [String] = []
        var done = false
        for (text, _) in ContentLine.unfold(card) {
            if let p = ContentLine.parse(text, line: 0), p.name == "UID", p.group == nil { continue }
            if !done, text.trimmed.uppercased() == "END:VCARD" {
                out.append("UID:" + ContentLine.escape(uid))
                done = true
            }
            out.append(text)
        }
        return out.filter { !$0.isEmpty }.map(written).joined()
    }

    /// A logical line as a card holds it: folded at 75 octets, but a quoted-printable line (vCard 2.1) unfolded,
    /// since folding would break its soft line breaks.
    static func written(_ line: String) -> String {
        if let p = ContentLine.parse(line, line: 0), p.isQuotedPrintable { return line + "\r\n" }
        return ContentLine.fold(line)
    }
}
