import Foundation

/// The keys by which two records are the same person: an email, a phone number, a LinkedIn profile.
public enum ContactKey {
    /// Emails compare without case.
    public static func email(_ email: String) -> String {
        email.trimmed.lowercased()
    }

    /// The last nine digits of a number, so "+44 20 7946 0958" and "020 7946 0958" match;
    /// nil for numbers too short to tell people apart.
    public static func phone(_ phone: String) -> String? {
        let digits = phone.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init)
        // Six digits or fewer are too few to tell two people apart (a test export's "123456" on two cards).
        guard digits.count >= 7 else { return nil }
        return String(digits.suffix(9))
    }

    /// "linkedin.com/in/ana-lima" for any form of a LinkedIn profile address; nil for other links.
    public static func linkedIn(_ url: String) -> String? {
        let s = strippedURL(url)
        guard let range = find("linkedin.com/in/", in: s) else { return nil }
        let host = s[..<range.lowerBound]
        guard host.isEmpty || host.hasSuffix(".") else { return nil }
        let handle = s[range.upperBound...].split(separator: "/").first.map(String.init) ?? ""
        guard !handle.isEmpty else { return nil }
        // Foundation's percent decoding goes through NSString on Linux: only when there is something to decode.
        return "linkedin.com/in/" + (handle.utf8.contains(UInt8(ascii: "%")) ? handle.removingPercentEncoding ?? handle : handle)
    }

    /// Two addresses of one page: scheme, "www.", query and trailing slashes aside.
    public static func sameURL(_ a: String, _ b: String) -> Bool { strippedURL(a) == strippedURL(b) }

    /// Where an ASCII `needle` first occurs in `s`, searched byte by byte (a generic substring search costs
    /// a third of reading a 30,000-row LinkedIn file).
    static func find(_ needle: String, in s: String) -> Range<String.Index>? {
        let n = Array(needle.utf8), u = s.utf8
        guard let first = n.first else { return nil }
        var from = u.startIndex
        while let start = u[from...].firstIndex(of: first) {
            if u[start...].starts(with: n) { return start..<u.index(start, offsetBy: n.count) }
            from = u.index(after: start)
        }
        return nil
    }

    public static func strippedURL(_ url: String) -> String {
        var s = url.trimmed.lowercased()
        for prefix in ["https://", "http://"] where s.hasPrefix(prefix) { s.removeFirst(prefix.count) }
        if s.hasPrefix("www.") { s.removeFirst(4) }
        if let q = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { s = String(s[..<q]) }
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    /// A name compared without case, accents or extra spaces.
    public static func name(_ name: String) -> String {
        fold(name.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
}

extension Profile {
    /// This profile with what `other` adds: fields this one lacks, emails, phones, links, tags,
    /// notes and kept vCard properties it does not have yet. This one wins where both have a value,
    /// and filling it twice from the same record changes nothing the second time.
    public func filled(from other: Profile) -> Profile {
        var p = self
        let q = other
        p.givenName = p.givenName ?? q.givenName
        p.familyName = p.familyName ?? q.familyName
        p.nickname = p.nickname ?? q.nickname
        p.company = p.company ?? q.company
        p.title = p.title ?? q.title
        p.city = p.city ?? q.city
        p.howWeMet = p.howWeMet ?? q.howWeMet
        p.metOn = [p.metOn, q.metOn].compactMap { $0 }.min()
        p.birthday = Self.date(p.birthday, q.birthday)
        p.anniversary = Self.date(p.anniversary, q.anniversary)
        for e in q.emails where !p.emails.contains(where: { ContactKey.email($0) == ContactKey.email(e) }) { p.emails.append(e) }
        for t in q.phones where !p.phones.contains(where: { $0 == t || (ContactKey.phone($0) != nil && ContactKey.phone($0) == ContactKey.phone(t)) }) {
            p.phones.append(t)
        }
        for t in q.tags where !p.tags.contains(t.lowercased()) { p.tags.append(t.lowercased()) }
        p.tags.sort()
        for l in q.links where !p.links.contains(where: { ContactKey.sameURL($0.url, l.url) }) { p.links.append(l) }
        let note = q.notes.trimmed
        if !note.isEmpty, !p.notes.contains(note) {
            p.notes = p.notes.isEmpty ? note : p.notes + "\n\n" + note
        }
        for line in q.cardExtras where !p.cardExtras.contains(line) { p.cardExtras.append(line) }
        return p
    }

    /// A known date wins; a date with a year beats the same date without one.
    static func date(_ a: Birthday?, _ b: Birthday?) -> Birthday? {
        if let a, let b, a.year == nil, b.year != nil, a.month == b.month, a.day == b.day { return b }
        return a ?? b
    }

    /// The names of the fields that differ between two profiles, for saying what an import changed.
    public func changedFields(to other: Profile) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ name: String, _ path: KeyPath<Profile, T>) { if self[keyPath: path] != other[keyPath: path] { out.append(name) } }
        check("name", \.displayName); check("given name", \.givenName); check("family name", \.familyName)
        check("nickname", \.nickname); check("emails", \.emails); check("phones", \.phones); check("company", \.company)
        check("title", \.title); check("city", \.city); check("how we met", \.howWeMet); check("met on", \.metOn)
        check("birthday", \.birthday); check("anniversary", \.anniversary); check("notes", \.notes); check("tags", \.tags)
        check("links", \.links); check("other vCard properties", \.cardExtras)
        return out
    }
}

/// Lower case, no accents, no width variants: what name lookups, import matching and PostgreSQL's
/// search index compare, so "Chloé" and "CHLOE" are the same everywhere.
public func fold(_ s: String) -> String {
    // Folding goes through NSString on Linux; plain ASCII only needs its case folded.
    if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
    return s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
}
