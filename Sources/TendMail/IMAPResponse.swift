import Foundation

/// A value of an IMAP response (RFC 3501 §4): an atom or number, a string (quoted or literal), NIL, or a list.
public indirect enum IMAPValue: Hashable, Sendable {
    case atom(String)
    case string([UInt8])
    case nil_
    case list([IMAPValue])

    /// A string's or an atom's text (UTF-8, or Latin-1 bytes that are not); nil for NIL and lists.
    public var text: String? {
        switch self {
        case .atom(let a): a
        case .string(let bytes): String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
        case .nil_, .list: nil
        }
    }

    public var list: [IMAPValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var bytes: [UInt8]? {
        switch self {
        case .string(let b): b
        case .atom(let a): Array(a.utf8)
        case .nil_, .list: nil
        }
    }

    public var number: Int64? {
        if case .atom(let a) = self { return Int64(a) }
        return nil
    }
}

/// One response line, with its literals.
public struct IMAPResponse: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `* ...`
        case untagged
        /// `+ ...`: the server waits for more of a command.
        case continuation
        /// `A1 ...`: the end of a command.
        case tagged(String)
    }

    public var kind: Kind
    /// OK, NO, BAD, BYE or PREAUTH for a status response; nil otherwise.
    public var status: String?
    /// A status response's code (`UIDVALIDITY 42`, `CAPABILITY IMAP4rev1 ...`), without brackets.
    public var code: String?
    /// A status response's human text, or a continuation's.
    public var text: String
    /// `* 12 FETCH (...)`: 12.
    public var number: Int64?
    /// `CAPABILITY`, `LIST`, `SEARCH`, `FETCH`, `EXISTS`, `FLAGS`…, upper-cased.
    public var name: String?
    /// What follows the name.
    public var values: [IMAPValue]

    public init(kind: Kind, status: String? = nil, code: String? = nil, text: String = "", number: Int64? = nil, name: String? = nil,
                values: [IMAPValue] = []) {
        self.kind = kind
        self.status = status
        self.code = code
        self.text = text
        self.number = number
        self.name = name
        self.values = values
    }
}

public struct IMAPProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Splits a byte stream into responses and parses each. Pure: no I/O, fuzzed.
public enum IMAPParser {
    /// A response longer than this (its literals included) is refused: headers are small.
    public static let maximumResponse = 32 * 1024 * 1024
    /// Deepest nesting of lists accepted (BODYSTRUCTURE of a deep message is the worst a server sends).
    public static let maximumDepth = 64

    /// The length of the first complete response in `bytes` (its final CRLF included), nil when more is needed.
    /// A response's line ends in CRLF unless it ends with a literal's `{n}`: then n bytes follow, and the line goes on.
    public static func frameLength(_ bytes: some RandomAccessCollection<UInt8>) throws(IMAPProtocolError) -> Int? {
        var i = bytes.startIndex
        var consumed = 0
        while true {
            guard let nl = bytes[i...].firstIndex(of: 10) else {
                if bytes.count > maximumResponse { throw IMAPProtocolError("a response over \(maximumResponse / 1_048_576) MB") }
                return nil
            }
            let lineEnd = nl
            consumed = bytes.distance(from: bytes.startIndex, to: nl) + 1
            // Does the line end with {n} (before its CR)?
            var j = lineEnd
            if j > i, bytes[bytes.index(before: j)] == 13 { j = bytes.index(before: j) }
            guard j > i, bytes[bytes.index(before: j)] == UInt8(ascii: "}") else { return consumed }
            var k = bytes.index(before: j)
            var digits: [UInt8] = []
            while k > i {
                k = bytes.index(before: k)
                let b = bytes[k]
                if b == UInt8(ascii: "{") { break }
                if b == UInt8(ascii: "+") && digits.isEmpty { continue }
                guard b >= 48 && b <= 57, digits.count < 10 else { return consumed }
                digits.insert(b, at: 0)
            }
            guard bytes[k] == UInt8(ascii: "{"), !digits.isEmpty, let n = Int(String(decoding: digits, as: UTF8.self)) else { return consumed }
            guard n <= maximumResponse, consumed + n <= maximumResponse else { throw IMAPProtocolError("a literal of \(n) bytes, over the limit") }
            guard bytes.count >= consumed + n else { return nil }
            i = bytes.index(bytes.startIndex, offsetBy: consumed + n)
            consumed += n
        }
    }

    private static let statuses: Set<String> = ["OK", "NO", "BAD", "BYE", "PREAUTH"]

    /// Parses one framed response (as `frameLength` cut it).
    public static func parse(_ raw: [UInt8]) throws(IMAPProtocolError) -> IMAPResponse {
        var r = Reader(bytes: raw)
        let tag = r.word()
        guard !tag.isEmpty else { throw IMAPProtocolError("an empty response line") }
        let kind: IMAPResponse.Kind = tag == "*" ? .untagged : tag == "+" ? .continuation : .tagged(tag)
        if kind == .continuation {
            r.skipSpaces()
            return IMAPResponse(kind: kind, text: r.restOfLine())
        }
        r.skipSpaces()
        var word = r.word()
        var number: Int64?
        if let n = Int64(word), kind == .untagged {
            number = n
            r.skipSpaces()
            word = r.word()
        }
        let upper = word.uppercased()
        if statuses.contains(upper) && number == nil {
            r.skipSpaces()
            var code: String?
            if r.peek == UInt8(ascii: "[") {
                code = r.bracketed()
                r.skipSpaces()
            }
            return IMAPResponse(kind: kind, status: upper, code: code, text: r.restOfLine())
        }
        guard !word.isEmpty else { throw IMAPProtocolError("a response with no name: \(String(decoding: raw.prefix(80), as: UTF8.self))") }
        var values: [IMAPValue] = []
        while true {
            r.skipSpaces()
            if r.atLineEnd { break }
            values.append(try r.value(depth: 0))
        }
        return IMAPResponse(kind: kind, number: number, name: upper, values: values)
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }
        var atLineEnd: Bool { i >= bytes.count || bytes[i] == 13 || bytes[i] == 10 }

        mutating func skipSpaces() { while i < bytes.count, bytes[i] == 32 { i += 1 } }

        /// Up to the next space or line end.
        mutating func word() -> String {
            let start = i
            while i < bytes.count, bytes[i] != 32, bytes[i] != 13, bytes[i] != 10 { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func restOfLine() -> String {
            let start = i
            while i < bytes.count, bytes[i] != 13, bytes[i] != 10 { i += 1 }
            let slice = Array(bytes[start..<i])
            return String(validating: slice, as: UTF8.self) ?? String(slice.map { Character(Unicode.Scalar($0)) })
        }

        /// `[CODE args]` → `CODE args`.
        mutating func bracketed() -> String {
            i += 1
            let start = i
            var depth = 1
            while i < bytes.count, bytes[i] != 13, bytes[i] != 10 {
                if bytes[i] == UInt8(ascii: "[") { depth += 1 }
                if bytes[i] == UInt8(ascii: "]") { depth -= 1; if depth == 0 { break } }
                i += 1
            }
            let text = String(decoding: bytes[start..<min(i, bytes.count)], as: UTF8.self)
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1 }
            return text
        }

        mutating func value(depth: Int) throws(IMAPProtocolError) -> IMAPValue {
            guard depth < IMAPParser.maximumDepth else { throw IMAPProtocolError("lists nested over \(IMAPParser.maximumDepth) deep") }
            guard let b = peek else { throw IMAPProtocolError("a response cut short") }
            switch b {
            case UInt8(ascii: "("):
                i += 1
                var items: [IMAPValue] = []
                while true {
                    skipSpaces()
                    guard let c = peek, c != 13, c != 10 else { throw IMAPProtocolError("a list that is not closed") }
                    if c == UInt8(ascii: ")") { i += 1; return .list(items) }
                    items.append(try value(depth: depth + 1))
                }
            case UInt8(ascii: ")"):
                throw IMAPProtocolError("a “)” with no list open")
            case UInt8(ascii: "\""):
                i += 1
                var out: [UInt8] = []
                while true {
                    guard i < bytes.count, bytes[i] != 13, bytes[i] != 10 else { throw IMAPProtocolError("a quoted string that is not closed") }
                    let c = bytes[i]
                    i += 1
                    if c == UInt8(ascii: "\"") { return .string(out) }
                    if c == UInt8(ascii: "\\"), i < bytes.count { out.append(bytes[i]); i += 1; continue }
                    out.append(c)
                }
            case UInt8(ascii: "{"):
                i += 1
                let start = i
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
                guard let n = Int(String(decoding: bytes[start..<i], as: UTF8.self)), i - start <= 10 else { throw IMAPProtocolError("a literal without its length") }
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") { i += 1 }
                guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { throw IMAPProtocolError("a literal's length not closed") }
                i += 1
                if i < bytes.count, bytes[i] == 13 { i += 1 }
                guard i < bytes.count, bytes[i] == 10 else { throw IMAPProtocolError("a literal's length not followed by a line break") }
                i += 1
                guard n <= bytes.count - i else { throw IMAPProtocolError("a literal cut short") }
                let out = Array(bytes[i..<(i + n)])
                i += n
                return .string(out)
            default:
                // An atom; a section's brackets (BODY[HEADER.FIELDS (A B)]) are part of it, spaces and all.
                let start = i
                var brackets = 0
                while i < bytes.count {
                    let c = bytes[i]
                    if c == 13 || c == 10 { break }
                    if brackets == 0 && (c == 32 || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "{")) {
                        break
                    }
                    if c == UInt8(ascii: "[") { brackets += 1 }
                    if c == UInt8(ascii: "]") { brackets = max(0, brackets - 1) }
                    i += 1
                }
                guard i > start else { throw IMAPProtocolError("an unexpected byte \(b) in a response") }
                let atom = String(decoding: bytes[start..<i], as: UTF8.self)
                return atom.uppercased() == "NIL" ? .nil_ : .atom(atom)
            }
        }
    }
}

/// A message's FETCH data, as Tend asks for it.
public struct IMAPFetched: Hashable, Sendable {
    public var uid: Int64
    /// INTERNALDATE: when the server received it.
    public var internalDate: Date?
    public var envelope: IMAPEnvelope?
    /// The header fields asked for (BODY[HEADER.FIELDS (...)]), as the server sent them.
    public var headerFields: [UInt8]

    /// From a FETCH response's values; nil when it has no UID.
    public init?(_ response: IMAPResponse) {
        guard response.name == "FETCH", let items = response.values.first?.list else { return nil }
        var uid: Int64?
        var date: Date?
        var envelope: IMAPEnvelope?
        var header: [UInt8] = []
        var k = 0
        while k + 1 < items.count {
            let key = items[k].text?.uppercased() ?? ""
            let value = items[k + 1]
            switch key {
            case "UID": uid = value.number
            case "INTERNALDATE": date = value.text.flatMap(IMAPFetched.internalDate)
            case "ENVELOPE": envelope = value.list.flatMap(IMAPEnvelope.init)
            default:
                if key.hasPrefix("BODY[") { header = value.bytes ?? [] }
            }
            k += 2
        }
        guard let uid else { return nil }
        self.uid = uid
        self.internalDate = date
        self.envelope = envelope
        self.headerFields = header
    }

    public init(uid: Int64, internalDate: Date?, envelope: IMAPEnvelope?, headerFields: [UInt8]) {
        self.uid = uid
        self.internalDate = internalDate
        self.envelope = envelope
        self.headerFields = headerFields
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `01-Dec-2026 10:00:00 +0100` (the day may be space-padded).
    public static func internalDate(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 3 else { return nil }
        let dmy = parts[0].split(separator: "-")
        guard dmy.count == 3, let d = Int(dmy[0]), let m = months.firstIndex(of: dmy[1].lowercased()), let y = Int(dmy[2]) else { return nil }
        let hms = parts[1].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, parts[2].count == 5, let z = Int(parts[2].dropFirst()) else { return nil }
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, m + 1, d, hms[0], hms[1], hms[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let utc = calendar.date(from: c) else { return nil }
        let offset = (parts[2].hasPrefix("-") ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60)
        return utc.addingTimeInterval(TimeInterval(-offset))
    }
}

/// ENVELOPE (RFC 3501 §7.4.2), its strings as the server sent them (RFC 2047 words still encoded).
public struct IMAPEnvelope: Hashable, Sendable {
    public struct Address: Hashable, Sendable {
        public var name: String
        public var mailbox: String
        public var host: String
        public var address: String { host.isEmpty ? mailbox : "\(mailbox)@\(host)" }
    }

    public var date: String?
    public var subject: String?
    public var from: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var bcc: [Address]
    public var messageID: String?

    init?(_ items: [IMAPValue]) {
        guard items.count >= 10 else { return nil }
        func addresses(_ v: IMAPValue) -> [Address] {
            (v.list ?? []).compactMap { a in
                guard let parts = a.list, parts.count >= 4 else { return nil }
                // A group's start (NIL NIL "name" NIL) and end (NIL NIL NIL NIL) are no addresses.
                guard let mailbox = parts[2].text, let host = parts[3].text else { return nil }
                return Address(name: parts[0].text ?? "", mailbox: mailbox, host: host)
            }
        }
        date = items[0].text
        subject = items[1].text
        from = addresses(items[2])
        to = addresses(items[5])
        cc = addresses(items[6])
        bcc = addresses(items[7])
        messageID = items[9].text
    }
}
