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

    public init(group: String? = nil, name: String, parameters: [(name: String, values: [String])] = [],
                rawValue: String, raw: String, line: Int) {
        self.group = group
        self.name = name
        self.parameters = parameters
        self.rawValue = rawValue
        self.raw = raw
        self.line = line
    }

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
        values(of: "ENCODING").contains { $0.uppercased() == "QUOTED-PRINTABLE" } || types.contains("quoted-printable")
    }

    var isBinary: Bool {
        values(of: "ENCODING").contains { ["B", "BASE64"].contains($0.uppercased()) }
    }

    /// The value decoded: quoted-printable in its charset, then escapes undone (for a single text value).
    public var text: String {
        let t = ContentLine.unescape(decoded)
        // Character by character: Foundation's substring search goes through NSString on Linux.
        guard t.contains(where: { $0 == "\r\n" || $0 == "\r" }) else { return t }
        return String(t.map { $0 == "\r\n" || $0 == "\r" ? "\n" : $0 })
    }

    /// The value with any transfer encoding undone but escapes still in place, for splitting structured values.
    public var decoded: String {
        guard isQuotedPrintable else { return rawValue }
        let bytes = ContentLine.quotedPrintableBytes(rawValue)
        let charset = values(of: "CHARSET").first?.lowercased() ?? "utf-8"
        if charset == "utf-8" || charset == "utf8", let s = String(bytes: bytes, encoding: .utf8) { return s }
        if ["windows-1252", "cp1252"].contains(charset), let s = String(bytes: bytes, encoding: .windowsCP1252) { return s }
        if let s = String(bytes: bytes, encoding: .utf8) { return s }
        return String(bytes: bytes, encoding: .isoLatin1) ?? rawValue
    }

    /// The value split on unescaped `separator` (`;` for N, ADR and ORG; `,` for lists), each part unescaped.
    public func components(separatedBy separator: Character) -> [String] {
        ContentLine.split(decoded, on: separator).map(ContentLine.unescape)
    }

    // MARK: Reading

    /// Parses one unfolded line; nil when it has no `:` outside quotes or no name.
    public static func parse(_ raw: String, line: Int) -> ContentLine? {
        var inQuotes = false
        var colon: String.Index?
        for i in raw.indices {
            let c = raw[i]
            if c == "\"" { inQuotes.toggle() } else if c == ":" && !inQuotes { colon = i; break }
        }
        guard let colon else { return nil }
        let head = raw[..<colon]
        var pieces = splitParameters(head)
        guard !pieces.isEmpty else { return nil }
        var name = pieces.removeFirst().trimmed
        var group: String?
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
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

    private static func splitParameters(_ head: Substring) -> [String] {
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
    static func unescape(_ text: String) -> String {
        guard text.contains(Character("\\")) else { return text }
        var out = "", escaped = false
        for c in text {
            if escaped {
                switch c {
                case "n", "N": out.append("\n")
                default: out.append(c)
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
                out[out.count - 1].text.removeLast() // the soft break's "="
                out[out.count - 1].text += physical.drop(while: { $0 == " " || $0 == "\t" })
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
            start = i
        }
        lines.append(text[start..<bytes.endIndex])
        return lines
    }

    private static func isQuotedPrintableHead(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        return line[..<colon].range(of: "QUOTED-PRINTABLE", options: .caseInsensitive) != nil
    }
}
