import Foundation

/// An address with an optional display name: `Tend <tend@example.org>`.
public struct MailAddress: Hashable, Sendable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Reads `tend@example.org`, `<tend@example.org>` or `Tend <tend@example.org>` (the name may be quoted);
    /// nil for anything else.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let open = t.lastIndex(of: "<"), t.hasSuffix(">") {
            let address = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            var name = t[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard Self.isAddress(address) else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            guard Self.isAddress(t) else { return nil }
            self.init(address: t)
        }
    }

    /// What an SMTP envelope and a header carry unquoted: one `@`, a dotted domain, no spaces, controls or specials.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value != 127 && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// As a header writes it: a name with specials is quoted, one with non-ASCII is encoded (RFC 2047).
    var header: String {
        guard let name, !name.isEmpty else { return address }
        return "\(MIME.phrase(name)) <\(address)>"
    }
}

/// A message with a plain-text part and, optionally, an HTML alternative.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// Without angle brackets: `digest.42.2026-12-02.email@example.org`.
    public var messageID: String
    public var text: String
    public var html: String?
    /// Further headers, in order (`List-Unsubscribe`, `Auto-Submitted`); values are ASCII.
    public var headers: [(name: String, value: String)]

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String, text: String, html: String? = nil,
                headers: [(name: String, value: String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.headers = headers
    }

    /// The message as it goes over the wire after DATA (before dot-stuffing): 7-bit, CRLF line ends,
    /// no line over 78 characters in the headers or 76 in the bodies.
    public func rendered(boundary: String = "=_tend_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")) -> String {
        var lines: [String] = []
        func header(_ name: String, _ value: String) { lines.append(MIME.fold(name + ": " + value)) }
        header("Date", MIME.date(date))
        header("From", from.header)
        header("To", to.map(\.header).joined(separator: ", "))
        header("Subject", MIME.unstructured(subject))
        header("Message-ID", "<\(messageID)>")
        for h in headers { header(h.name, h.value) }
        header("MIME-Version", "1.0")
        if let html {
            header("Content-Type", "multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a message in two forms: plain text and HTML.")
            for (type, body) in [("text/plain", text), ("text/html", html)] {
                lines.append("--" + boundary)
                lines.append("Content-Type: \(type); charset=utf-8")
                lines.append("Content-Transfer-Encoding: quoted-printable")
                lines.append("")
                lines.append(MIME.quotedPrintable(body))
            }
            lines.append("--" + boundary + "--")
        } else {
            header("Content-Type", "text/plain; charset=utf-8")
            header("Content-Transfer-Encoding", "quoted-printable")
            lines.append("")
            lines.append(MIME.quotedPrintable(text))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// The encodings of RFC 2045 and 2047 and the date of RFC 5322.
public enum MIME {
    /// `Tue, 01 Dec 2026 16:45:10 +0000`.
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// An unstructured header value (a subject): as it is when ASCII, else encoded words.
    public static func unstructured(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) && !clean.contains("=?") ? clean : encodedWords(clean)
    }

    /// A display name: bare when it is plain words, quoted when it holds specials, encoded when not ASCII.
    public static func phrase(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }), !clean.contains("=?") else {
            return encodedWords(clean)
        }
        let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
        if clean.unicodeScalars.allSatisfy({ atext.contains($0) }) && !clean.hasPrefix(" ") && !clean.hasSuffix(" ") { return clean }
        return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, split between characters, joined by spaces
    /// (which a reader drops between encoded words).
    public static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk = Data()
        // 75 − len("=?UTF-8?B?") − len("?=") = 63 characters of base64: 45 bytes.
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + chunk.base64EncodedString() + "?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + chunk.base64EncodedString() + "?=") }
        return words.joined(separator: " ")
    }

    /// Folds a header line at spaces so no line passes 78 characters where a space allows (RFC 5322 2.2.3).
    public static func fold(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var out: [String] = []
        var current = ""
        for (i, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            // The name and the value's first word stay together: a break there would start the value with a space.
            if i <= 1 { current = i == 0 ? String(word) : current + " " + word; continue }
            if current.count + 1 + word.count > 78 && !current.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(current)
                current = " " + word
            } else {
                current += " " + word
            }
        }
        out.append(current)
        return out.joined(separator: "\r\n")
    }

    /// Quoted-printable (RFC 2045 6.7) of UTF-8 text, with CRLF hard line breaks and soft breaks keeping
    /// every line within 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var out: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded: [String] = []
            let bytes = Array(line.utf8)
            for (i, b) in bytes.enumerated() {
                let last = i == bytes.count - 1
                if (b == 0x20 || b == 0x09) && !last {
                    encoded.append(String(UnicodeScalar(b)))
                } else if b >= 33 && b <= 126 && b != 61 && !(i == 0 && b == 0x2E) {
                    // A leading dot is encoded too, so that no line of the body starts with one.
                    encoded.append(String(UnicodeScalar(b)))
                } else {
                    encoded.append(String(format: "=%02X", b))
                }
            }
            // Soft breaks: at most 75 characters plus "=" per line, never inside an escape.
            var current = ""
            for piece in encoded {
                if current.count + piece.count > 75 {
                    out.append(current + "=")
                    current = ""
                }
                current += piece
            }
            out.append(current)
        }
        return out.joined(separator: "\r\n")
    }
}
