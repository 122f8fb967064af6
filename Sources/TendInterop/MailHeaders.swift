import Foundation
import TendCore

/// The header fields of a message (RFC 5322) as mail capture reads them: unfolded, RFC 2047 words decoded,
/// addresses and dates parsed. Whatever the bytes, it returns what it can and never fails.
public enum MailHeaders {
    /// The fields of a header block (up to its first empty line), in order, names lowercased, values unfolded.
    public static func fields(_ bytes: some Collection<UInt8>) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        var current: [UInt8] = []
        func flush() {
            defer { current.removeAll(keepingCapacity: true) }
            guard let colon = current.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return }
            let name = String(decoding: current[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, !name.contains(" ") else { return }
            out.append((name, text(current[(colon + 1)...]).trimmingCharacters(in: .whitespaces)))
        }
        let all = Array(bytes)
        var i = 0
        while i < all.count {
            var j = all[i...].firstIndex(of: 10) ?? all.count
            let next = j + 1
            if j > i && all[j - 1] == 13 { j -= 1 }
            if j == i { break } // the empty line: the body follows
            let line = all[i..<j]
            if line.first == 32 || line.first == 9 {
                // A folded continuation: the line break goes, the whitespace stays.
                if !current.isEmpty { current.append(contentsOf: line) }
            } else {
                flush()
                current.append(contentsOf: line)
            }
            i = next
        }
        flush()
        return out
    }

    /// Header bytes as text: UTF-8 when they are (mail written by modern clients), else Latin-1.
    static func text(_ bytes: some Collection<UInt8>) -> String {
        if let s = String(validating: Array(bytes), as: UTF8.self) { return s }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// The message's header as capture reads it.
    public static func header(_ bytes: some Collection<UInt8>) -> MailHeader {
        header(fields(bytes))
    }

    public static func header(_ fields: [(name: String, value: String)]) -> MailHeader {
        func first(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        func all(_ name: String) -> [MailParty] { fields.filter { $0.name == name }.flatMap { addresses($0.value) } }
        return MailHeader(messageID: first("message-id").flatMap(messageID), date: first("date").flatMap(date),
                          from: all("from"), to: all("to"), cc: all("cc"), bcc: all("bcc"),
                          subject: first("subject").map(decodeWords) ?? "", listID: first("list-id"),
                          listUnsubscribe: first("list-unsubscribe"), precedence: first("precedence"),
                          autoSubmitted: first("auto-submitted"))
    }

    /// `<abc@host>` → `abc@host`; nil for an empty one.
    public static func messageID(_ value: String) -> String? {
        var v = value.trimmingCharacters(in: .whitespaces)
        if let open = v.firstIndex(of: "<"), let close = v[open...].firstIndex(of: ">") { v = String(v[v.index(after: open)..<close]) }
        v = v.trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }

    // MARK: RFC 2047

    /// Decodes `=?charset?B?…?=` and `=?charset?Q?…?=` words; the space between two encoded words goes.
    /// A word that cannot be decoded stays as it was.
    public static func decodeWords(_ text: String) -> String {
        guard text.contains("=?") else { return unfoldSpaces(text) }
        var out = ""
        var rest = Substring(text)
        var pendingSpace = ""
        var lastWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = encodedWord(rest) {
                if !lastWasEncoded { out += pendingSpace }
                pendingSpace = ""
                out += decoded
                rest = after
                lastWasEncoded = true
                continue
            }
            let c = rest.removeFirst()
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                pendingSpace.append(c == "\t" ? " " : (c == "\r" || c == "\n" ? "" : " "))
                continue
            }
            out += pendingSpace
            pendingSpace = ""
            out.append(c)
            lastWasEncoded = false
        }
        return unfoldSpaces(out + pendingSpace)
    }

    private static func unfoldSpaces(_ s: String) -> String {
        s.contains("\r") || s.contains("\n") ? String(s.filter { $0 != "\r" && $0 != "\n" }) : s
    }

    /// One encoded word at the start of `s`, and what follows it.
    private static func encodedWord(_ s: Substring) -> (String, Substring)? {
        let body = s.dropFirst(2)
        guard let q1 = body.firstIndex(of: "?") else { return nil }
        let charset = body[..<q1].split(separator: "*").first.map(String.init) ?? "" // RFC 2231's language suffix
        let afterCharset = body[body.index(after: q1)...]
        guard let q2 = afterCharset.firstIndex(of: "?") else { return nil }
        let mode = afterCharset[..<q2].uppercased()
        let payloadStart = afterCharset.index(after: q2)
        guard let end = afterCharset[payloadStart...].range(of: "?=") else { return nil }
        let payload = afterCharset[payloadStart..<end.lowerBound]
        guard !payload.contains(" "), payload.count <= 4096 else { return nil }
        let bytes: [UInt8]
        switch mode {
        case "B":
            var b64 = String(payload)
            while b64.count % 4 != 0 { b64 += "=" }
            guard let d = Data(base64Encoded: b64) else { return nil }
            bytes = Array(d)
        case "Q":
            bytes = qBytes(payload)
        default: return nil
        }
        guard let text = decode(bytes, charset: charset) else { return nil }
        return (text, afterCharset[end.upperBound...])
    }

    private static func qBytes(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "_") { out.append(32); i += 1; continue }
            if u[i] == UInt8(ascii: "="), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(u[i])
            i += 1
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: b - 48
        case 65...70: b - 55
        case 97...102: b - 87
        default: nil
        }
    }

    /// Bytes in a named charset; nil when the charset is unknown or the bytes are not in it.
    static func decode(_ bytes: [UInt8], charset: String) -> String? {
        let name = charset.lowercased()
        if name == "utf-8" || name == "utf8" || name == "us-ascii" { return String(validating: bytes, as: UTF8.self) ?? String(decoding: bytes, as: UTF8.self) }
        if ["iso-8859-1", "latin1", "iso8859-1"].contains(name) { return String(bytes.map { Character(Unicode.Scalar($0)) }) }
        if name == "iso-8859-15" || name == "latin-9" { return String(bytes.map { Character(latin9($0)) }) }
        if let encoding = ContentLine.encoding(named: name) ?? otherEncoding(name), let s = String(bytes: bytes, encoding: encoding) { return s }
        return nil
    }

    private static func otherEncoding(_ name: String) -> String.Encoding? {
        switch name {
        case "koi8-r": String.Encoding(rawValue: 0x8000_0A02)
        case "gb2312", "gbk", "gb18030": String.Encoding(rawValue: 0x8000_0632)
        case "big5": String.Encoding(rawValue: 0x8000_0A03)
        case "euc-kr", "ks_c_5601-1987": String.Encoding(rawValue: 0x8000_0940)
        default: nil
        }
    }

    /// ISO-8859-15 differs from Latin-1 in eight places, the euro sign among them.
    private static func latin9(_ b: UInt8) -> Unicode.Scalar {
        switch b {
        case 0xA4: "\u{20AC}"
        case 0xA6: "\u{0160}"
        case 0xA8: "\u{0161}"
        case 0xB4: "\u{017D}"
        case 0xB8: "\u{017E}"
        case 0xBC: "\u{0152}"
        case 0xBD: "\u{0153}"
        case 0xBE: "\u{0178}"
        default: Unicode.Scalar(b)
        }
    }

    // MARK: Addresses

    /// An address list (`To`, `Cc`, `From`): display names decoded, groups opened, comments dropped.
    public static func addresses(_ value: String) -> [MailParty] {
        var out: [MailParty] = []
        var phrase = ""
        var angle: String?
        var inQuote = false, escaped = false
        var commentDepth = 0
        var inAngle = false
        var bare = ""
        func finish() {
            defer { phrase = ""; angle = nil; bare = "" }
            let address = (angle ?? bare).trimmingCharacters(in: .whitespaces)
            guard address.contains("@") else { return }
            let name = angle == nil ? "" : decodeWords(phrase.trimmingCharacters(in: .whitespaces))
            out.append(MailParty(name: name, address: address.filter { !$0.isWhitespace }))
        }
        for c in value {
            if escaped {
                if inAngle { angle?.append(c) } else { phrase.append(c); bare.append(c) }
                escaped = false
                continue
            }
            if commentDepth > 0 {
                if c == "(" { commentDepth += 1 } else if c == ")" { commentDepth -= 1 } else if c == "\\" { escaped = true }
                continue
            }
            if inQuote {
                if c == "\\" { escaped = true } else if c == "\"" { inQuote = false } else { phrase.append(c) }
                continue
            }
            if inAngle {
                if c == ">" { inAngle = false } else { angle?.append(c) }
                continue
            }
            switch c {
            case "\"": inQuote = true
            case "(": commentDepth = 1
            case "<": inAngle = true; angle = ""
            case ",", ";": finish()
            case ":":
                // A group's name ("Friends: a@x, b@y;"): what came before is no address.
                phrase = ""; bare = ""
            default:
                phrase.append(c)
                if !c.isWhitespace || !bare.isEmpty { bare.append(c) }
            }
        }
        finish()
        return out
    }

    // MARK: Dates

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = ["ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4 * 60, "est": -5 * 60, "cdt": -5 * 60,
                                              "cst": -6 * 60, "mdt": -6 * 60, "mst": -7 * 60, "pdt": -7 * 60, "pst": -8 * 60,
                                              "cet": 60, "cest": 120, "bst": 60]

    /// An RFC 5322 date (`Tue, 1 Dec 2026 09:15:00 +0100`), with the obsolete forms real mail has: two-digit
    /// years, zone names, no seconds, no weekday, a trailing comment. Nil when it is not one.
    public static func date(_ value: String) -> Date? {
        var s = value
        if let paren = s.firstIndex(of: "(") { s = String(s[..<paren]) }
        var tokens = s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).map { $0.lowercased() }
        if let first = tokens.first, first.count >= 3, first.allSatisfy(\.isLetter), !months.contains(String(first.prefix(3))) { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }
        var day: Int?, month: Int?
        if let d = Int(tokens[0]), let m = months.firstIndex(of: String(tokens[1].prefix(3))) {
            (day, month) = (d, m + 1)
        } else if let m = months.firstIndex(of: String(tokens[0].prefix(3))), let d = Int(tokens[1]) {
            (day, month) = (d, m + 1) // "Dec 1 2026", as some old clients wrote
        }
        guard let day, let month, (1...31).contains(day), var year = Int(tokens[2]) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard (1900...9999).contains(year) else { return nil }
        let time = tokens[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.count <= 3, let h = time[0], let mi = time[1], (0...23).contains(h), (0...59).contains(mi) else { return nil }
        let sec = time.count == 3 ? (time[2] ?? -1) : 0
        guard (0...60).contains(sec) else { return nil }
        var offsetMinutes = 0
        if tokens.count >= 5 {
            let z = tokens[4]
            if (z.hasPrefix("+") || z.hasPrefix("-")), z.count == 5, let n = Int(z.dropFirst()) {
                offsetMinutes = (z.hasPrefix("-") ? -1 : 1) * ((n / 100) * 60 + n % 100)
            } else if let named = zones[z] {
                offsetMinutes = named
            }
        }
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (year, month, day, h, mi, min(sec, 59))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let utc = calendar.date(from: c), calendar.component(.day, from: utc) == day else { return nil }
        return utc.addingTimeInterval(TimeInterval(-offsetMinutes * 60))
    }
}
