/// A reply of an SMTP server: a three-digit code and its lines of text.
public struct SMTPReply: Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }

    /// "550 5.1.1 no such user", the lines joined.
    public var description: String {
        let text = lines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? String(code) : "\(code) \(text)"
    }
}

/// What breaks the protocol: a reply that is not one.
public struct SMTPProtocolError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Reads replies line by line (RFC 5321 4.2): `250-first`, `250-second`, `250 last`. Bounded: a line of
/// at most 2,048 bytes and a reply of at most 200 lines.
public struct SMTPReplyParser: Sendable {
    public static let maximumLine = 2048
    public static let maximumLines = 200

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Takes one line without its line end; returns the reply it completes, if it does.
    public mutating func feed(_ line: some Collection<UInt8>) throws(SMTPProtocolError) -> SMTPReply? {
        guard line.count <= Self.maximumLine else { throw SMTPProtocolError(message: "the server sent a reply line over \(Self.maximumLine) bytes") }
        let bytes = Array(line)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), (2...5).contains(bytes[0] - 0x30) else {
            throw SMTPProtocolError(message: "the server sent something that is not an SMTP reply: \(Self.shown(bytes))")
        }
        let value = Int(bytes[0] - 0x30) * 100 + Int(bytes[1] - 0x30) * 10 + Int(bytes[2] - 0x30)
        if let code, code != value {
            throw SMTPProtocolError(message: "the server changed reply code within a reply (\(code), then \(value))")
        }
        let separator = bytes.count > 3 ? bytes[3] : 0x20
        guard separator == 0x20 || separator == 0x2D else {
            throw SMTPProtocolError(message: "the server sent something that is not an SMTP reply: \(Self.shown(bytes))")
        }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        code = value
        lines.append(text)
        guard lines.count <= Self.maximumLines else { throw SMTPProtocolError(message: "the server sent a reply of over \(Self.maximumLines) lines") }
        if separator == 0x2D { return nil }
        let reply = SMTPReply(code: value, lines: lines)
        code = nil
        lines = []
        return reply
    }

    /// Every reply in `bytes` (lines ended by CRLF or LF); what follows the last line end is left over.
    public mutating func replies(in bytes: [UInt8]) throws(SMTPProtocolError) -> (replies: [SMTPReply], consumed: Int) {
        var out: [SMTPReply] = []
        var start = 0
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if let reply = try feed(line) { out.append(reply) }
            start = end + 1
        }
        guard bytes.count - start <= Self.maximumLine else { throw SMTPProtocolError(message: "the server sent a reply line over \(Self.maximumLine) bytes") }
        return (out, start)
    }

    /// The start of an unexpected line, printable.
    static func shown(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self).unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : String($0) }.joined()
        return "'\(text)\(bytes.count > 60 ? "…" : "")'"
    }
}
