import Foundation
import TendCore

/// A chat app's export, as Tend reads it: who wrote on which day, never what they wrote (only the first words of each
/// writer's day, from which an ask is told from a check-in, and which are dropped after the import).
public struct ChatExport: Sendable, Equatable {
    public enum App: String, Sendable, Codable, CaseIterable {
        case whatsapp, telegram

        public var name: String { self == .whatsapp ? "WhatsApp" : "Telegram" }
    }

    public var app: App
    public var chats: [Chat]
    /// The exporting user, when the export says (Telegram's `personal_information`): their sender id and name.
    public var ownID: String?
    public var ownName: String?

    public init(app: App, chats: [Chat], ownID: String? = nil, ownName: String? = nil) {
        self.app = app
        self.chats = chats
        self.ownID = ownID
        self.ownName = ownName
    }
}

/// One conversation of an export.
public struct Chat: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Between the user and one other person.
        case personal
        case group
        /// A bot, a channel, saved messages: never a touch.
        case other
    }

    public struct Sender: Sendable, Equatable {
        public var name: String
        /// Telegram's `from_id` ("user123"); nil for WhatsApp, whose senders are known by name only.
        public var id: String?
        public var messages: Int

        public init(name: String, id: String? = nil, messages: Int = 0) {
            self.name = name
            self.id = id
            self.messages = messages
        }
    }

    /// One sender's messages on one day (the day as the export writes it).
    public struct Day: Sendable, Equatable {
        public var day: TendCore.Day
        public var sender: Int
        public var messages: Int
        /// The start of the sender's first message that day (at most 200 characters).
        public var firstText: String

        public init(day: TendCore.Day, sender: Int, messages: Int, firstText: String) {
            self.day = day
            self.sender = sender
            self.messages = messages
            self.firstText = firstText
        }
    }

    /// What tells this chat apart in later exports of it: Telegram's chat id, else WhatsApp's chat name.
    public var key: String
    public var title: String
    public var kind: Kind
    public var senders: [Sender]
    /// Oldest first; a sender's day once.
    public var days: [Day]
    /// A phone number the export gives for the other person (Telegram's contact list, a WhatsApp chat named by its number).
    public var phone: String?
    /// Telegram's id of the other person of a personal chat ("user123").
    public var peerID: String?

    public init(key: String, title: String, kind: Kind, senders: [Sender] = [], days: [Day] = [], phone: String? = nil, peerID: String? = nil) {
        self.key = key
        self.title = title
        self.kind = kind
        self.senders = senders
        self.days = days
        self.phone = phone
        self.peerID = peerID
    }

    public var messages: Int { senders.reduce(0) { $0 + $1.messages } }

    /// "+49 151 2345678": a name that is only a phone number (WhatsApp names a chat so when the number is not a contact).
    public static func phoneLike(_ name: String) -> Bool {
        let t = name.trimmed
        let digits = t.filter(\.isASCIIDigit).count
        return digits >= 7 && t.allSatisfy { $0.isASCIIDigit || " +-()./\u{A0}\u{202A}\u{202C}\u{200E}".contains($0) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Collects messages into a chat's senders and days as they are read.
struct ChatBuilder {
    var chat: Chat
    private var senderIndex: [String: Int] = [:]
    private struct Slot: Hashable { var day: Int; var sender: Int }
    private var dayIndex: [Slot: Int] = [:]

    init(key: String, title: String, kind: Chat.Kind) {
        chat = Chat(key: key, title: title, kind: kind)
    }

    /// Senders by the name exactly as written, so that a name is folded once, not once per message.
    private var senderByRaw: [String: Int] = [:]

    mutating func add(day: Day, senderName: String, senderID: String? = nil, text: Substring) {
        let s: Int
        if senderID == nil, let known = senderByRaw[senderName] {
            s = known
        } else if let known = senderIndex[senderID ?? ContactKey.name(senderName)] {
            s = known
            if senderID == nil { senderByRaw[senderName] = s }
        } else {
            let senderKey = senderID ?? ContactKey.name(senderName)
            s = chat.senders.count
            chat.senders.append(Chat.Sender(name: senderName, id: senderID))
            senderIndex[senderKey] = s
            if senderID == nil { senderByRaw[senderName] = s }
        }
        chat.senders[s].messages += 1
        let slot = Slot(day: day.ordinal, sender: s)
        if let d = dayIndex[slot] {
            chat.days[d].messages += 1
        } else {
            dayIndex[slot] = chat.days.count
            chat.days.append(Chat.Day(day: day, sender: s, messages: 1, firstText: String(text.prefix(200))))
        }
    }

    func finish() -> Chat {
        var c = chat
        // Oldest first whatever order the export wrote (a Telegram export is in order; an edited WhatsApp one may not be).
        c.days = c.days.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
        return c
    }
}

/// WhatsApp's "Export chat": a `.txt` with a line per message (`[31/12/2025, 21:15:03] Ana: text` on iPhones,
/// `12/31/25, 9:15 PM - Ana: text` on Android in the US, `31.12.25, 21:15 - Ana: text` in Germany,
/// `2025-12-31 21:15 - Ana: text` elsewhere), messages that go on over several lines, and system lines. Whether a
/// date is day/month or month/day is decided from the whole file.
public enum WhatsAppChat {
    /// One message line's start, before the order of its date is known.
    struct Header {
        var a: Int, b: Int, c: Int
        var yearFirst: Bool
        /// The name, for a message; nil for a system line.
        var sender: Substring?
        var text: Substring
        var line: Int
    }

    /// Whether these bytes start as a WhatsApp export does.
    public static func looksLike(_ text: Substring) -> Bool {
        for (n, line) in text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: true).enumerated() where n < 5 {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            return header(l, line: 1) != nil
        }
        return false
    }

    /// The chat's name from an export's file name: "WhatsApp Chat with Ana Lima.txt", "WhatsApp Chat - Ana Lima.zip",
    /// "WhatsApp-Chat mit Ana Lima.txt"; nil for "_chat.txt" and other names that do not say.
    public static func title(fromFileName name: String) -> String? {
        var base = FileName.last(name)
        for ext in [".txt", ".zip"] where base.lowercased().hasSuffix(ext) { base.removeLast(ext.count) }
        let lower = base.lowercased()
        let prefixes = ["whatsapp chat with ", "whatsapp chat - ", "whatsapp-chat mit ", "whatsapp chat mit ", "chat de whatsapp con ",
                        "discussion whatsapp avec ", "chat whatsapp con ", "conversa do whatsapp com ", "whatsapp-chat met ",
                        "whatsapp chat met ", "whatsapp chat: "]
        for p in prefixes where lower.hasPrefix(p) {
            let t = String(base.dropFirst(p.count)).trimmed
            return t.isEmpty ? nil : t
        }
        return nil
    }

    /// Reads one chat. `title` is its name (from the file's); without one, the other person's name is taken from its lines.
    public static func read(_ text: String, title: String?) throws(ImportFileError) -> Chat {
        var headers: [Header] = []
        var lineNumber = 0
        var sawAMPM = false
        var separator: Character = "/"
        var firstNonBlank = true
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{FEFF}" || $0 == "\u{200E}" }) { continue }
            if let h = header(line, line: lineNumber) {
                if h.ampm { sawAMPM = true }
                if firstNonBlank { separator = h.separator }
                headers.append(h.header)
            } else if firstNonBlank {
                throw ImportFileError("line \(lineNumber) is not a WhatsApp message line (like “[31/12/2025, 21:15:03] Name: text” or “31/12/2025, 21:15 - Name: text”); export the chat from WhatsApp again")
            }
            // Any other line goes on the message before it.
            firstNonBlank = false
        }
        guard !headers.isEmpty else { throw ImportFileError("the chat export is empty") }
        let dayFirst = try order(headers, separator: separator, sawAMPM: sawAMPM)

        let name = title?.trimmed
        var builder = ChatBuilder(key: "whatsapp:" + ContactKey.name(name ?? ""), title: name ?? "", kind: .personal)
        var groupHint = false
        for h in headers {
            let (y, m, d) = h.yearFirst ? (h.a, h.b, h.c) : dayFirst ? (h.c, h.b, h.a) : (h.c, h.a, h.b)
            let year = y < 100 ? 2000 + y : y
            guard let day = Day(year: year, month: m, day: d) else {
                let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
                throw ImportFileError((1...12).contains(m) ? "line \(h.line): there is no \(d) \(months[m - 1]) \(year)"
                                                            : "line \(h.line): there is no month \(m)")
            }
            guard var sender = h.sender else {
                if isGroupNotice(h.text) { groupHint = true }
                continue
            }
            sender = trimMarks(sender)
            let text = trimMarks(h.text)
            // iPhones write system notices as the chat's own messages, behind a left-to-right mark.
            if h.text.unicodeScalars.first == "\u{200E}", isSystemText(text) {
                if isGroupNotice(text) { groupHint = true }
                continue
            }
            builder.add(day: day, senderName: String(sender), text: text)
        }
        var chat = builder.finish()
        let others = chat.senders.filter { name == nil || ContactKey.name($0.name) != ContactKey.name(name!) }
        if groupHint || chat.senders.count > 2 || (name != nil && chat.senders.count == 2 && others.count == 2) { chat.kind = .group }
        if chat.title.isEmpty {
            // No name from the file: a two-person chat is named after the one of the two that is not the user, decided later.
            chat.title = chat.senders.map(\.name).joined(separator: " & ")
            chat.key = "whatsapp:" + ContactKey.name(chat.title)
        }
        if let name, Chat.phoneLike(name) { chat.phone = name.filter { $0.isASCIIDigit || $0 == "+" } }
        return chat
    }

    /// Day/month or month/day: a first number over 12 says day first, a second over 12 month first; when no date says,
    /// the order in which the dates never go backwards, else the locale's habit (dots for day first, AM/PM for month first).
    static func order(_ headers: [Header], separator: Character, sawAMPM: Bool) throws(ImportFileError) -> Bool {
        var firstOver: Header?, secondOver: Header?
        for h in headers where !h.yearFirst {
            if h.a > 12, firstOver == nil { firstOver = h }
            if h.b > 12, secondOver == nil { secondOver = h }
        }
        switch (firstOver, secondOver) {
        case (let f?, let s?):
            throw ImportFileError("line \(max(f.line, s.line)): its date is in another day/month order than line \(min(f.line, s.line))'s; export the chat from WhatsApp again")
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil):
            func backwards(dayFirst: Bool) -> Int {
                var count = 0, last = Int.min
                for h in headers {
                    let (y, m, d) = h.yearFirst ? (h.a, h.b, h.c) : dayFirst ? (h.c, h.b, h.a) : (h.c, h.a, h.b)
                    let v = (y < 100 ? 2000 + y : y) * 10_000 + m * 100 + d
                    if v < last { count += 1 }
                    last = v
                }
                return count
            }
            let dm = backwards(dayFirst: true), md = backwards(dayFirst: false)
            if dm != md { return dm < md }
            return separator == "." || !sawAMPM
        }
    }

    /// Left-to-right and other direction marks WhatsApp puts around names and attachments.
    static func trimMarks(_ s: Substring) -> Substring {
        let marks: Set<Unicode.Scalar> = ["\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}",
                                          "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}", " ", "\u{A0}", "~"]
        var u = s.unicodeScalars[...]
        while let f = u.first, marks.contains(f) { u = u.dropFirst() }
        while let l = u.last, marks.contains(l) { u = u.dropLast() }
        return Substring(u)
    }

    /// The end-to-end encryption notice and its kind, which iPhones write as if the chat's name had sent them.
    static func isSystemText(_ text: Substring) -> Bool {
        let lower = text.lowercased()
        return ["end-to-end encrypted", "ende-zu-ende-verschlüsselt", "cifrados de extremo a extremo", "chiffrés de bout en bout",
                "crittografati end-to-end", "criptografia de ponta a ponta", "end-to-end versleuteld", "created group", "created this group",
                "hat die gruppe", "creó el grupo", "a créé le groupe", "ha creato il gruppo", "criou o grupo"].contains { lower.contains($0) }
    }

    static func isGroupNotice(_ text: Substring) -> Bool {
        let lower = text.lowercased()
        return ["group", "gruppe", "grupo", "groupe", "gruppo", "groep"].contains { lower.contains($0) }
    }

    struct ParsedHeader {
        var header: Header
        var ampm: Bool
        var separator: Character
    }

    /// A message line's start: `[`? date `,`? time (AM/PM)? (`]` | ` -`) then `Name: text` or a system text.
    static func header(_ line: Substring, line lineNumber: Int) -> ParsedHeader? {
        var u = Array(line.utf8.prefix(64))
        var i = 0
        // Marks and a byte-order mark before the line.
        func skip(_ bytes: [UInt8]) -> Bool {
            guard u.count >= i + bytes.count, Array(u[i..<(i + bytes.count)]) == bytes else { return false }
            i += bytes.count
            return true
        }
        while skip([0xE2, 0x80, 0x8E]) || skip([0xEF, 0xBB, 0xBF]) || skip([0xE2, 0x80, 0x8F]) {}
        let bracket = skip([UInt8(ascii: "[")])
        func number(max digits: Int) -> (Int, Int)? {
            var v = 0, n = 0
            while i < u.count, n < digits, (0x30...0x39).contains(u[i]) { v = v * 10 + Int(u[i] - 0x30); i += 1; n += 1 }
            return n == 0 ? nil : (v, n)
        }
        // Spaces as WhatsApp writes them: plain, no-break, narrow no-break.
        func spaces() -> Int {
            var n = 0
            while true {
                if skip([0x20]) || skip([0xC2, 0xA0]) || skip([0xE2, 0x80, 0xAF]) { n += 1 } else { return n }
            }
        }
        guard let (a, aDigits) = number(max: 4), i < u.count else { return nil }
        let sepByte = u[i]
        guard sepByte == UInt8(ascii: "/") || sepByte == UInt8(ascii: ".") || sepByte == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let (b, _) = number(max: 2), i < u.count, u[i] == sepByte else { return nil }
        i += 1
        guard let (c, cDigits) = number(max: 4) else { return nil }
        let yearFirst = aDigits == 4
        guard yearFirst ? cDigits <= 2 : aDigits <= 2 && (cDigits == 2 || cDigits == 4) else { return nil }
        _ = skip([UInt8(ascii: ".")])
        _ = skip([UInt8(ascii: ",")])
        _ = spaces()
        guard let (hour, _) = number(max: 2), skip([UInt8(ascii: ":")]), let (minute, mDigits) = number(max: 2), mDigits == 2 else { return nil }
        if skip([UInt8(ascii: ":")]) {
            guard let (_, sDigits) = number(max: 2), sDigits == 2 else { return nil }
        }
        _ = spaces()
        var ampm = false
        // AM/PM in the spellings phones use: "PM", "pm", "p.m.", "p. m.".
        if i < u.count, [UInt8(ascii: "a"), UInt8(ascii: "p"), UInt8(ascii: "A"), UInt8(ascii: "P")].contains(u[i]) {
            let save = i
            i += 1
            _ = skip([UInt8(ascii: ".")])
            _ = spaces()
            if skip([UInt8(ascii: "m")]) || skip([UInt8(ascii: "M")]) {
                _ = skip([UInt8(ascii: ".")])
                ampm = true
            } else {
                i = save
            }
        }
        guard hour <= (ampm ? 12 : 23), minute <= 59 else { return nil }
        _ = spaces()
        if bracket {
            guard skip([UInt8(ascii: "]")]) else { return nil }
            _ = spaces()
        } else {
            guard skip([UInt8(ascii: "-")]) || skip([0xE2, 0x80, 0x93]) else { return nil }
            _ = spaces()
        }
        // The rest of the line, from the byte reached (the prefix looked at is ASCII up to here, and marks are whole).
        let restStart = line.utf8.index(line.utf8.startIndex, offsetBy: i)
        let rest = Substring(line.unicodeScalars[restStart...])
        var sender: Substring?
        var text = rest
        // A system line ("Ana added Bruno") has no colon after a name, and a sender's name is short.
        let bytes = rest.utf8
        var j = bytes.startIndex, scanned = 0
        while j < bytes.endIndex, scanned < 400 {
            if bytes[j] == UInt8(ascii: ":") {
                let next = bytes.index(after: j)
                if next == bytes.endIndex || bytes[next] == 0x20 {
                    let name = rest[..<j]
                    if !name.isEmpty, name.unicodeScalars.count <= 100 {
                        sender = name
                        text = next == bytes.endIndex ? rest[next...] : rest[bytes.index(after: next)...]
                    }
                    break
                }
            }
            j = bytes.index(after: j)
            scanned += 1
        }
        u = []
        return ParsedHeader(header: Header(a: a, b: b, c: c, yearFirst: yearFirst, sender: sender, text: text, line: lineNumber),
                            ampm: ampm, separator: Character(Unicode.Scalar(sepByte)))
    }
}

/// Telegram Desktop's "Export chat history" in JSON: `result.json`, with every chat (`chats.list`) or one chat.
public enum TelegramExport {
    /// Whether the bytes start as a Telegram export does.
    public static func looksLike(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        if head.contains("\"personal_information\"") || head.contains("\"chats\"") && head.contains("\"list\"") { return !head.contains("\"format\"") }
        return head.contains("\"messages\"") && (head.contains("\"personal_chat\"") || head.contains("\"private_group\"")
            || head.contains("\"private_supergroup\"") || head.contains("\"public_supergroup\"") || head.contains("\"bot_chat\""))
    }

    public static func read(_ data: Data) throws(ImportFileError) -> ChatExport {
        let root: JSONValue
        do { root = try JSONParser.parse(data) } catch {
            throw ImportFileError("this is not a complete JSON file (\(error)); export it from Telegram Desktop again")
        }
        guard case .object(let top) = root else { throw ImportFileError("this is not a Telegram export: it is not a JSON object") }
        var ownID: String?, ownName: String?
        if let me = top["personal_information"]?.object {
            ownID = me["user_id"]?.string.map { "user" + $0 }
            ownName = [me["first_name"]?.string, me["last_name"]?.string].compactMap { $0 }.joined(separator: " ")
            if ownName?.isEmpty == true { ownName = nil }
        }
        // Phone numbers by name from the contact list, for matching.
        var phones: [String: String] = [:]
        var phonesByID: [String: String] = [:]
        for c in top["contacts"]?["list"]?.array ?? [] {
            guard let phone = c["phone_number"]?.string else { continue }
            let name = [c["first_name"]?.string, c["last_name"]?.string].compactMap { $0 }.joined(separator: " ")
            if !name.isEmpty { phones[ContactKey.name(name)] = phone }
            if let id = c["user_id"]?.string { phonesByID["user" + id] = phone }
        }
        let list: [JSONValue]
        if let chats = top["chats"]?["list"]?.array {
            list = chats
        } else if top["messages"] != nil {
            list = [root]
        } else {
            throw ImportFileError("this is not a Telegram export: it has no \"chats\" and no \"messages\" (export it from Telegram Desktop as JSON)")
        }
        var chats: [Chat] = []
        for (n, value) in list.enumerated() {
            guard let c = value.object else { throw ImportFileError("chat \(n + 1) is not a JSON object") }
            guard let id = c["id"]?.string else { throw ImportFileError("chat \(n + 1) has no id") }
            let type = c["type"]?.string ?? ""
            let kind: Chat.Kind = switch type {
            case "personal_chat": .personal
            case "private_group", "private_supergroup", "public_supergroup": .group
            default: .other
            }
            let title = c["name"]?.string ?? (kind == .personal ? "Deleted account" : "Chat \(id)")
            guard let messages = c["messages"]?.array else { throw ImportFileError("chat \(n + 1) (“\(title)”) has no messages list") }
            var builder = ChatBuilder(key: "telegram:\(id)", title: title, kind: kind)
            for (k, m) in messages.enumerated() {
                guard m["type"]?.string == "message" else { continue }
                guard let date = m["date"]?.string, let day = Day(String(date.prefix(10))) else {
                    throw ImportFileError("chat “\(title)”, message \(k + 1): it has no date")
                }
                let from = m["from"]?.string ?? "Deleted account"
                builder.add(day: day, senderName: from, senderID: m["from_id"]?.string, text: Substring(text(of: m["text"])))
            }
            var chat = builder.finish()
            if kind == .personal {
                chat.peerID = "user\(id)"
                chat.phone = phonesByID["user\(id)"] ?? phones[ContactKey.name(title)]
            }
            chats.append(chat)
        }
        return ChatExport(app: .telegram, chats: chats, ownID: ownID, ownName: ownName)
    }

    /// A message's text: a string, or a list of strings and entities (`{"type": "bold", "text": "…"}`).
    static func text(of value: JSONValue?) -> String {
        switch value {
        case .string(let s): return String(s.prefix(200))
        case .array(let parts):
            var out = ""
            for p in parts {
                if case .string(let s) = p { out += s } else if let s = p["text"], case .string(let t) = s { out += t }
                if out.count >= 200 { break }
            }
            return String(out.prefix(200))
        default: return ""
        }
    }
}

/// Chat exports among import files: a WhatsApp `.txt`, a `.zip` of one (its media ignored) or of several, Telegram's
/// `result.json` (or a zip of its folder).
public enum ChatFiles {
    /// Everything unpacked from one zip, at most.
    public static let maximumUnpacked = ImportFile.maximumSize

    /// The chats in a file, nil when it holds none (and was not said to); a file said to be a chat export that is not
    /// one is refused with what it is instead.
    public static func read(_ data: Data, format: ImportFormat, filename: String?) throws(ImportFileError) -> ChatExport? {
        guard [.auto, .whatsapp, .telegram].contains(format) else { return nil }
        let bytes = [UInt8](data.prefix(8))
        if ZipArchive.looksLike(bytes) { return try zip([UInt8](data), format: format, filename: filename) }
        if format != .whatsapp, TelegramExport.looksLike(data) { return try TelegramExport.read(data) }
        if format == .telegram { throw ImportFileError("this is not Telegram's result.json (Telegram Desktop: Settings → Advanced → Export Telegram data, as JSON)") }
        let head = String(decoding: data.prefix(2048), as: UTF8.self)
        guard WhatsAppChat.looksLike(Substring(head)) else {
            if format == .whatsapp { throw ImportFileError("this is not a WhatsApp chat export: its first line is not a message line (like “[31/12/2025, 21:15:03] Name: text”)") }
            return nil
        }
        return ChatExport(app: .whatsapp, chats: [try WhatsAppChat.read(chatText(data), title: filename.flatMap(WhatsAppChat.title(fromFileName:)))])
    }

    /// A chat's text: UTF-8 as WhatsApp writes it (a byte that is not is read as U+FFFD, costing a character, not the
    /// chat), or UTF-16 with its byte-order mark after an editor has saved it so.
    static func chatText(_ data: Data) -> String {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]), let s = String(data: data, encoding: .utf16) { return s }
        return String(decoding: data, as: UTF8.self)
    }

    static func zip(_ bytes: [UInt8], format: ImportFormat, filename: String?) throws(ImportFileError) -> ChatExport {
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes) } catch { throw ImportFileError("this zip cannot be read: \(error.message)") }
        let files = archive.entries.filter { !$0.isDirectory && !$0.name.hasPrefix("__MACOSX/") && !FileName.last($0.name).hasPrefix("._") }
        var budget = maximumUnpacked
        func unpack(_ e: ZipArchive.Entry) throws(ImportFileError) -> [UInt8] {
            do {
                let out = try archive.data(of: e, limit: min(budget, ImportFile.maximumSize))
                budget -= out.count
                return out
            } catch { throw ImportFileError("this zip cannot be read: \(error.message)") }
        }
        if format != .whatsapp, let json = files.first(where: { FileName.last($0.name) == "result.json" }) {
            return try TelegramExport.read(Data(try unpack(json)))
        }
        let chats = files.filter { $0.name.lowercased().hasSuffix(".txt") }
        guard !chats.isEmpty else {
            throw ImportFileError("this zip holds no chat: a WhatsApp export has a .txt in it (“_chat.txt” or “WhatsApp Chat with ….txt”), Telegram's a result.json")
        }
        var read: [Chat] = []
        for entry in chats {
            let text = chatText(Data(try unpack(entry)))
            let title = WhatsAppChat.title(fromFileName: entry.name) ?? (chats.count == 1 ? filename.flatMap(WhatsAppChat.title(fromFileName:)) : nil)
            do { read.append(try WhatsAppChat.read(text, title: title)) } catch { throw ImportFileError("\(entry.name), \(error.message)") }
        }
        return ChatExport(app: .whatsapp, chats: read)
    }
}

extension ChatExport {
    /// Several exports of one app as one (WhatsApp exports a chat per file).
    public static func merged(_ exports: [ChatExport]) throws(ImportFileError) -> ChatExport {
        guard var first = exports.first else { throw ImportFileError("no chats") }
        for e in exports.dropFirst() {
            guard e.app == first.app else { throw ImportFileError("these are exports of \(first.app.name) and \(e.app.name); import each app's on its own") }
            first.chats += e.chats
            first.ownID = first.ownID ?? e.ownID
            first.ownName = first.ownName ?? e.ownName
        }
        return first
    }

    /// Which sender of each chat is the user: a sender named in `names`; else Telegram's own id; else, in a chat named after
    /// the other person, the other sender; else the one name that writes in every chat (of two or more).
    /// - Returns: The sender index per chat (nil where the user never wrote or cannot be told), and the name found.
    public func own(names: [String]) -> (senders: [Int?], name: String?) {
        let wanted = Set(names.map(ContactKey.name).filter { !$0.isEmpty })
        if !wanted.isEmpty {
            let found = chats.map { c in c.senders.firstIndex { wanted.contains(ContactKey.name($0.name)) } }
            return (found, names.first)
        }
        if let ownID {
            return (chats.map { c in c.senders.firstIndex { $0.id == ownID } }, ownName)
        }
        // The name in every chat, when there are several.
        var inEvery: Set<String>?
        for c in chats where c.kind != .other {
            let names = Set(c.senders.map { ContactKey.name($0.name) })
            inEvery = inEvery.map { $0.intersection(names) } ?? names
        }
        if chats.count >= 2, let common = inEvery, common.count == 1, let name = common.first {
            let shown = chats.lazy.flatMap(\.senders).first { ContactKey.name($0.name) == name }?.name
            return (chats.map { c in c.senders.firstIndex { ContactKey.name($0.name) == name } }, shown)
        }
        var shown: String?
        let found: [Int?] = chats.map { c in
            if let peer = c.peerID, c.kind == .personal, c.senders.count == 2, let other = c.senders.firstIndex(where: { $0.id == peer }) {
                return 1 - other
            }
            let title = ContactKey.name(c.title)
            guard c.kind == .personal, c.senders.count == 2, !title.isEmpty,
                  let other = c.senders.firstIndex(where: { ContactKey.name($0.name) == title }) else { return nil }
            shown = shown ?? c.senders[1 - other].name
            return 1 - other
        }
        return (found, shown)
    }
}

/// File names as uploads and archives give them.
public enum FileName {
    /// The last component of a path, after either slash ("C:\\Users\\x\\chat.txt" and "a/b/chat.txt" alike); "" for a
    /// name of slashes. Foundation's `lastPathComponent` traps on some strings (found by fuzzing: a byte-order mark and a
    /// left-to-right mark before slashes), and a file name is anything a client sends.
    public static func last(_ path: String) -> String {
        path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    }
}
