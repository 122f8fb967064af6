import Foundation

/// One property of a vCard or an iCalendar object (RFC 6350 §3.3, RFC 5545 §3.1):
/// `[group.]NAME[;PARAM=VALUE...]:value`, after unfolding.
public struct ContentLine: Hashable, Sendable {
    public var group: String?
    /// Upper case.
    public var name: String
    /// Parameter names upper case; values as written, without quotes. vCard 2.1's bare
    /// parameters (`TEL;HOME;VOICE:`) are read as `TYPE` values.
    public var parameters: [(name: String, values: [String])]
    /// The value as written: still escaped, still encoded.
    public var rawValue: String
    /// The whole unfolded line as written, kept for properties Tend does not understand.
    public var raw: String
    /// The physical line it started on (1-based).
    public var line: Int
    /// vCard 2.1 has no escapes but `\;` (and, in practice, `\\`, `\,` and `\n`): any other backslash is
    /// the text's own. 3.0 and 4.0 readers drop the backslash of an unknown escape.
    public var keepsUnknownEscapes = false

    public init(group: String? = nil, name: String, parameters: [(name: String, values: [String])] = [],
                rawValue: String, raw: String, line: Int) {
        self.group = group
        self.name = name
        self.parameters = parameters
        self.rawValue = rawValue
        self.raw = raw
        self.line = line
    }

    /// Whether the name is one RFC 6350 allows (letters, digits, "-"), and so one every reader takes.
    public var isWellNamed: Bool { name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } }

    public static func == (a: ContentLine, b: ContentLine) -> Bool { a.raw == b.raw && a.line == b.line }
    public func hash(into h: inout Hasher) { h.combine(raw); h.combine(line) }

    /// Every value of a parameter, case kept.
    public func values(of parameter: String) -> [String] {
        parameters.filter { $0.name == parameter }.flatMap(\.values)
    }

    /// The `TYPE` values, lower case, split on commas.
    public var types: Set<String> {
        Set(values(of: "TYPE").flatMap { $0.split(separator: ",") }.map { $0.trimmed.lowercased() })
    }

    var isQuotedPrintable: Bool {
        // As `types.contains("quoted-printable")`, without building the set for every property read.
        for (name, values) in parameters {
            if name == "ENCODING", values.contains(where: { $0.uppercased() == "QUOTED-PRINTABLE" }) { return true }
            if name == "TYPE", values.contains(where: { value in
                value.utf8.count >= 16 && value.split(separator: ",").contains { $0.trimmed.lowercased() == "quoted-printable" }
            }) { return true }
        }
        return false
    }

    var isBinary: Bool {
        values(of: "ENCODING").contains { ["B", "BASE64"].contains($0.uppercased()) }
    }

    /// The value decoded: quoted-printable in its charset, then escapes undone (for a single text value).
    public var text: String {
        // Most values have no escape, no line break and no transfer encoding: they are their own text.
        if !rawValue.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0x0D }), !isQuotedPrintable { return rawValue }
        let t = ContentLine.unescape(decoded, keepingUnknown: keepsUnknownEscapes)
        // Character by character: Foundation's substring search goes through NSString on Linux.
        guard t.contains(where: { $0 == "\r\n" || $0 == "\r" }) else { return t }
        return String(t.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }

    /// The value with any transfer encoding undone but escapes still in place, for splitting structured values.
    public var decoded: String {
        guard isQuotedPrintable else { return rawValue }
        let bytes = ContentLine.quotedPrintableBytes(rawValue)
        if let charset = values(of: "CHARSET").first, let encoding = ContentLine.encoding(named: charset),
           let s = String(bytes: bytes, encoding: encoding) { return s }
        if let s = String(bytes: bytes, encoding: .utf8) { return s }
        return String(bytes: bytes, encoding: .isoLatin1) ?? rawValue
    }

    /// The encoding a `CHARSET` parameter names (vCard 2.1, and Android's 3.0), for the charsets phones
    /// and address books write; nil for one Foundation cannot decode.
    public static func encoding(named charset: String) -> String.Encoding? {
        switch charset.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": .utf8
        case "us-ascii", "ascii": .ascii
        case "iso-8859-1", "latin1", "iso8859-1", "l1": .isoLatin1
        case "iso-8859-2", "latin2", "iso8859-2": .isoLatin2
        case "windows-1250", "cp1250": .windowsCP1250
        case "windows-1251", "cp1251": .windowsCP1251
        case "windows-1252", "cp1252": .windowsCP1252
        case "windows-1253", "cp1253": .windowsCP1253
        case "windows-1254", "cp1254": .windowsCP1254
        case "shift-jis", "sjis", "x-sjis", "shiftjis", "ms-kanji", "cp932", "windows-31j": .shiftJIS
        case "euc-jp": .japaneseEUC
        case "iso-2022-jp": .iso2022JP
        case "utf-16": .utf16
        default: nil
        }
    }

    /// The value split on unescaped `separator` (`;` for N, ADR and ORG; `,` for lists), each part unescaped.
    public func components(separatedBy separator: Character) -> [String] {
        ContentLine.split(decoded, on: separator).map { ContentLine.unescape($0, keepingUnknown: keepsUnknownEscapes) }
    }

    // MARK: Reading

    /// Parses one unfolded line; nil when it has no `:` outside quotes or no name.
    public static func parse(_ raw: String, line: Int) -> ContentLine? {
        var colon = asciiColon(raw)
        if colon == nil {
            // Not all ASCII before the colon: Character by Character, as a quote or a colon with a combining mark is
            // neither.
            var inQuotes = false
            for i in raw.indices {
                let c = raw[i]
                if c == "\"" { inQuotes.toggle() } else if c == ":" && !inQuotes { colon = i; break }
            }
        }
        guard let colon else {
            // Evolution writes a bare `FN` for an empty name: a known property with no value. Anything
            // else without a colon (a stray line of base64) is not a property.
            let name = raw.trimmed.uppercased()
            guard bareProperties.contains(name) else { return nil }
            return ContentLine(name: name, rawValue: "", raw: name + ":", line: line)
        }
        let head = raw[..<colon]
        var pieces = splitParameters(head)
        guard !pieces.isEmpty else { return nil }
        var name = pieces.removeFirst().trimmed
        var group: String?
        if let dot = isASCII(name) ? name.utf8.lastIndex(of: UInt8(ascii: ".")) : name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        // RFC 6350 names are letters, digits and "-"; KAddressBook writes `X-messaging/gadu-All`. Any
        // printable name is read (and written out again as a valid one, `isWellNamed`).
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" }) else { return nil }
        var parameters: [(name: String, values: [String])] = []
        for piece in pieces where !piece.isEmpty {
            if let eq = piece.firstIndex(of: "=") {
                let pname = piece[..<eq].trimmed.uppercased()
                let values = splitValues(String(piece[piece.index(after: eq)...]))
                parameters.append((pname, values))
            } else {
                // vCard 2.1: a bare value names its parameter by what it is.
                let value = piece.trimmed
                let upper = value.uppercased()
                if ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"].contains(upper) {
                    parameters.append(("ENCODING", [value]))
                } else {
                    parameters.append(("TYPE", [value]))
                }
            }
        }
        return ContentLine(group: group, name: name.uppercased(), parameters: parameters,
                           rawValue: String(raw[raw.index(after: colon)...]), raw: raw, line: line)
    }

    /// The first colon outside quotes, found byte by byte when every byte up to it (and the one after it) is ASCII,
    /// so each byte is a Character of its own; nil to look Character by Character.
    private static func asciiColon(_ raw: String) -> String.Index? {
        var inQuotes = false
        let utf8 = raw.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b >= 0x80 { return nil }
            if b == UInt8(ascii: "\"") { inQuotes.toggle() } else if b == UInt8(ascii: ":") && !inQuotes {
                let next = utf8.index(after: i)
                return next == utf8.endIndex || utf8[next] < 0x80 ? i : nil
            }
            i = utf8.index(after: i)
        }
        return nil
    }

    static let bareProperties: Set<String> = ["FN", "N", "NICKNAME", "ORG", "TITLE", "ROLE", "NOTE", "EMAIL", "TEL", "URL", "BDAY",
                                              "ADR", "LABEL", "CATEGORIES", "NAME", "SOURCE", "UID"]

    // MARK: ASCII fast paths
    // Most lines are ASCII, where every byte is a Character of its own (a CR LF pair aside, which none of these
    // splits on): there the same splits are done on bytes, without forming Characters. Any other text goes Character
    // by Character, as a quote, a separator or a backslash followed by a combining mark is none of them.

    static func isASCII(_ text: some StringProtocol) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// Splits ASCII `text` on `separator` outside double quotes; `keepQuotes` keeps the quotes in the parts.
    private static func asciiSplit(_ text: some StringProtocol, on separator: UInt8, keepQuotes: Bool) -> [String] {
        var out: [String] = [], current: [UInt8] = [], inQuotes = false
        for b in text.utf8 {
            if b == UInt8(ascii: "\"") { inQuotes.toggle(); if keepQuotes { current.append(b) } }
            else if b == separator && !inQuotes { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
            else { current.append(b) }
        }
        out.append(String(decoding: current, as: UTF8.self))
        return out
    }

    private static func splitParameters(_ head: Substring) -> [String] {
        if isASCII(head) { return asciiSplit(head, on: UInt8(ascii: ";"), keepQuotes: true) }
        var out: [String] = [], current = "", inQuotes = false
        for c in head {
            if c == "\"" { inQuotes.toggle(); current.append(c) }
            else if c == ";" && !inQuotes { out.append(current); current = "" }
            else { current.append(c) }
        }
        out.append(current)
        return out
    }

    private static func splitValues(_ text: String) -> [String] {
        if isASCII(text) { return asciiSplit(text, on: UInt8(ascii: ","), keepQuotes: false) }
        var out: [String] = [], current = "", inQuotes = false
        for c in text {
            if c == "\"" { inQuotes.toggle() }
            else if c == "," && !inQuotes { out.append(current); current = "" }
            else { current.append(c) }
        }
        out.append(current)
        return out
    }

    /// Splits on `separator` where it is not escaped with a backslash.
    static func split(_ text: String, on separator: Character) -> [String] {
        if let sep = separator.asciiValue, isASCII(text) {
            var out: [String] = [], current: [UInt8] = [], escaped = false
            for b in text.utf8 {
                if escaped { current.append(UInt8(ascii: "\\")); current.append(b); escaped = false }
                else if b == UInt8(ascii: "\\") { escaped = true }
                else if b == sep { out.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                else { current.append(b) }
            }
            if escaped { current.append(UInt8(ascii: "\\")) }
            out.append(String(decoding: current, as: UTF8.self))
            return out
        }
        var out: [String] = [], current = "", escaped = false
        for c in text {
            if escaped { current.append("\\"); current.append(c); escaped = false }
            else if c == "\\" { escaped = true }
            else if c == separator { out.append(current); current = "" }
            else { current.append(c) }
        }
        if escaped { current.append("\\") }
        out.append(current)
        return out
    }

    /// Undoes `\n`, `\,`, `\;`, `\:` and `\\`.
    static func unescape(_ text: String, keepingUnknown: Bool = false) -> String {
        if !text.utf8.contains(UInt8(ascii: "\\")) { return text }
        if isASCII(text) {
            var out: [UInt8] = [], escaped = false
            out.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                if escaped {
                    switch b {
                    case UInt8(ascii: "n"), UInt8(ascii: "N"): out.append(0x0A)
                    case UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"): out.append(b)
                    default:
                        if keepingUnknown { out.append(UInt8(ascii: "\\")) }
                        out.append(b)
                    }
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else {
                    out.append(b)
                }
            }
            if escaped { out.append(UInt8(ascii: "\\")) }
            return String(decoding: out, as: UTF8.self)
        }
        var out = "", escaped = false
        for c in text {
            if escaped {
                switch c {
                case "n", "N": out.append("\n")
                case "\\", ",", ";", ":": out.append(c)
                default:
                    // Not an escape: vCard 2.1 writes backslashes as they are (`B\C`), so there it stays.
                    if keepingUnknown { out.append("\\") }
                    out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }

    static func quotedPrintableBytes(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: b - 48
            case 65...70: b - 55
            case 97...102: b - 87
            default: nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count,
               let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else if bytes[i] == UInt8(ascii: "="), i == bytes.count - 1 {
                i += 1 // a soft line break left at the very end
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    // MARK: Writing

    /// Escapes a text value: backslash, newline, and the given separators.
    public static func escape(_ text: String, also separators: String = ",;") -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default:
                if separators.contains(c) { out.append("\\"); out.append(c) } else { out.append(c) }
            }
        }
        return out
    }

    /// Folds a line at 75 octets, never inside a UTF-8 sequence, ending it with CRLF (RFC 6350 §3.2).
    public static func fold(_ line: String) -> String {
        var out = "", width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }

    /// Physical lines unfolded into logical ones, each with the line it starts on. A line that
    /// starts with a space or a tab continues the one before; so does the line after a
    /// quoted-printable value ending in `=` (vCard 2.1's soft line break).
    public static func unfold(_ text: String) -> [(text: String, line: Int)] {
        var out: [(text: String, line: Int)] = []
        var lineNumber = 0
        var continuesQP = false
        for physical in physicalLines(text) {
            lineNumber += 1
            if continuesQP, !out.isEmpty {
                // The soft break's "=" goes; the next line follows as it is, a leading space included
                // ("come=" then " to the aid" is "come to the aid").
                out[out.count - 1].text.removeLast()
                out[out.count - 1].text += physical
            } else if let first = physical.first, first == " " || first == "\t", !out.isEmpty {
                out[out.count - 1].text += physical.dropFirst()
            } else {
                out.append((String(physical), lineNumber))
            }
            let current = out.last?.text ?? ""
            continuesQP = current.hasSuffix("=") && isQuotedPrintableHead(current)
        }
        return out
    }

    /// The lines between "\r\n", "\n" or "\r", empty ones included: found byte by byte (line breaks are always
    /// Character boundaries), not by walking the file's Characters, which took 8% of importing 10,000 cards.
    static func physicalLines(_ text: String) -> [Substring] {
        let bytes = text.utf8
        var lines: [Substring] = []
        var start = bytes.startIndex, i = start
        while i < bytes.endIndex {
            let b = bytes[i]
            guard b == 0x0A || b == 0x0D else { i = bytes.index(after: i); continue }
            lines.append(text[start..<i])
            i = bytes.index(after: i)
            if b == 0x0D, i < bytes.endIndex, bytes[i] == 0x0A { i = bytes.index(after: i) }
            // iOS 5 ends lines with CR CR LF: one break, not a blank line that would cut a fold.
            else if b == 0x0D, i < bytes.endIndex, bytes[i] == 0x0D, bytes.index(after: i) < bytes.endIndex,
                    bytes[bytes.index(after: i)] == 0x0A { i = bytes.index(i, offsetBy: 2) }
            start = i
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }

    /// Physical lines of raw bytes, unfolded into logical ones and decoded: UTF-8, else the charset
    /// the line's `CHARSET` parameter names (vCard 2.1's 8-bit values), else nil. Unfolding bytes
    /// first mends a fold that fell inside a UTF-8 character (ownCloud folds octets, as RFC 2425 allows).
    public static func unfold(bytes: [UInt8]) -> [(text: String?, line: Int)] {
        var out: [(text: String?, line: Int)] = []
        // The logical line being read: while it is one physical line, only its range (most lines are: nothing is
        // copied before they are decoded); once a fold continues it, its bytes.
        var range: Range<Int>?, joined: [UInt8]?, startLine = 0
        func finish() {
            if let j = joined { out.append((decode(j[...]), startLine)) } else if let r = range { out.append((decode(bytes[r]), startLine)) }
            range = nil
            joined = nil
        }
        var continuesQP = false
        var start = 0, i = 0, n = 0
        while true {
            // The next physical line: up to "\r\n", "\n", "\r", or iOS 5's "\r\r\n".
            var end = i
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            let line = start..<end
            n += 1
            // (The joined bytes are taken out before they grow, so they are grown in place: a folded photo of
            // megabytes is not copied once per line.)
            if continuesQP, range != nil || joined != nil {
                var j = joined ?? Array(bytes[range!])
                joined = nil
                j.removeLast()
                j += bytes[line]
                joined = j
            } else if line.count > 0, bytes[line.lowerBound] == 0x20 || bytes[line.lowerBound] == 0x09, range != nil || joined != nil {
                var j = joined ?? Array(bytes[range!])
                joined = nil
                j += bytes[line.dropFirst()]
                joined = j
            } else {
                finish()
                range = line
                startLine = n
            }
            let current = joined.map { $0[...] } ?? range.map { bytes[$0] } ?? []
            continuesQP = current.last == UInt8(ascii: "=")
                && String(decoding: head(of: current), as: UTF8.self).range(of: "QUOTED-PRINTABLE", options: .caseInsensitive) != nil
            guard end < bytes.count else { break }
            i = end + 1
            if bytes[end] == 0x0D, i < bytes.count, bytes[i] == 0x0A { i += 1 }
            else if bytes[end] == 0x0D, i + 1 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A { i += 2 }
            start = i
        }
        finish()
        return out
    }

    /// The bytes before the first colon: the name and parameters, ASCII in every charset written here.
    private static func head(of line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line[..<(line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex)]
    }

    private static func decode(_ line: ArraySlice<UInt8>) -> String? {
        if let s = String(validating: line, as: UTF8.self) { return s }
        let head = String(decoding: head(of: line), as: UTF8.self).uppercased()
        guard let range = head.range(of: "CHARSET=") else { return nil }
        let name = head[range.upperBound...].prefix { $0 != ";" && $0 != ":" && $0 != "," }.replacingOccurrences(of: "\"", with: "")
        guard let encoding = encoding(named: name) else { return nil }
        return String(bytes: line, encoding: encoding)
    }

    private static func isQuotedPrintableHead(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[..<colon].range(of: "QUOTED-PRINTABLE", options: .caseInsensitive) != nil
    }
}
