import Foundation

/// One address of a message: `"Ana Lima" <ana@example.com>`.
public struct MailParty: Hashable, Sendable, Codable {
    public var name: String
    /// Lowercased, as addresses are compared.
    public var address: String

    public init(name: String = "", address: String) {
        self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        self.address = address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}

/// What mail capture reads of a message: its headers, never its body.
public struct MailHeader: Hashable, Sendable {
    /// Without the angle brackets; nil when the message has none.
    public var messageID: String?
    /// When it was written (its Date), else when the server received it.
    public var date: Date?
    public var from: [MailParty]
    public var to: [MailParty]
    public var cc: [MailParty]
    /// Only a sent copy has them.
    public var bcc: [MailParty]
    public var subject: String
    public var listID: String?
    public var listUnsubscribe: String?
    public var precedence: String?
    public var autoSubmitted: String?

    public init(messageID: String? = nil, date: Date? = nil, from: [MailParty] = [], to: [MailParty] = [], cc: [MailParty] = [],
                bcc: [MailParty] = [], subject: String = "", listID: String? = nil, listUnsubscribe: String? = nil,
                precedence: String? = nil, autoSubmitted: String? = nil) {
        self.messageID = messageID
        self.date = date
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.subject = subject
        self.listID = listID
        self.listUnsubscribe = listUnsubscribe
        self.precedence = precedence
        self.autoSubmitted = autoSubmitted
    }

    /// Everyone it went to, each address once, in order.
    public var recipients: [MailParty] {
        var seen = Set<String>()
        return (to + cc + bcc).filter { !$0.address.isEmpty && seen.insert($0.address).inserted }
    }

    /// What identifies the message wherever it is read (a mailbox, an mbox, a copy in another folder): its
    /// Message-ID, else a digest of its date, sender, recipients and subject.
    public var key: String {
        if let id = messageID?.trimmingCharacters(in: .whitespaces), !id.isEmpty, id.count <= 900 { return "mid:" + id.lowercased() }
        let parts = [date.map { String(Int64($0.timeIntervalSince1970)) } ?? "",
                     from.map(\.address).joined(separator: ","),
                     recipients.map(\.address).sorted().joined(separator: ","), subject]
        return "hash:" + StableHash.hex(parts.joined(separator: "\u{1}"))
    }
}

/// A 128-bit FNV-1a digest: stable across runs and platforms (Swift's `Hasher` is seeded per process).
public enum StableHash {
    public static func hex(_ text: String) -> String {
        var a: UInt64 = 0xcbf29ce484222325, b: UInt64 = 0x84222325cbf29ce4
        for byte in text.utf8 {
            a = (a ^ UInt64(byte)) &* 0x100000001b3
            b = (b ^ UInt64(byte)) &* 0x100000001b3 &+ 0x9e3779b97f4a7c15
        }
        return String(format: "%016llx%016llx", a, b)
    }
}

/// How the account's mail is read.
public struct CaptureSettings: Hashable, Sendable, Codable {
    /// The user's own addresses besides the account's email, lowercased.
    public var addresses: [String]
    /// A message to more people than this is an announcement, not a touch.
    public var maxRecipients: Int
    /// Days after which an intimate or meaningful person's unanswered message is a Reply on the agenda.
    public var replyAfterDays: Int
    /// Whether a captured touch keeps its subject as its note.
    public var keepSubjects: Bool
    /// How far back a mailbox's first sync reads.
    public var windowDays: Int
    /// Minutes between polls of a mailbox.
    public var pollMinutes: Int

    public init(addresses: [String] = [], maxRecipients: Int = 20, replyAfterDays: Int = 3, keepSubjects: Bool = true,
                windowDays: Int = 365, pollMinutes: Int = 15) {
        self.addresses = addresses
        self.maxRecipients = maxRecipients
        self.replyAfterDays = replyAfterDays
        self.keepSubjects = keepSubjects
        self.windowDays = windowDays
        self.pollMinutes = pollMinutes
    }

    /// The settings checked, addresses lowercased and each once; a clear message for the first bad value.
    public func validated() throws(ValidationError) -> CaptureSettings {
        var s = self
        var seen = Set<String>()
        s.addresses = []
        for raw in addresses {
            let a = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !a.isEmpty else { continue }
            guard MailCapture.isAddress(a) else { throw ValidationError(field: "addresses", message: "“\(raw)” is not an email address") }
            if seen.insert(a).inserted { s.addresses.append(a) }
        }
        guard s.addresses.count <= 50 else { throw ValidationError(field: "addresses", message: "at most 50 addresses of your own") }
        guard (1...1000).contains(maxRecipients) else { throw ValidationError(field: "max-recipients", message: "between 1 and 1000 recipients, not \(maxRecipients)") }
        guard (1...60).contains(replyAfterDays) else { throw ValidationError(field: "reply-after-days", message: "between 1 and 60 days, not \(replyAfterDays)") }
        guard (1...3650).contains(windowDays) else { throw ValidationError(field: "window-days", message: "between 1 and 3650 days, not \(windowDays)") }
        guard (5...1440).contains(pollMinutes) else { throw ValidationError(field: "poll-minutes", message: "between 5 and 1440 minutes, not \(pollMinutes)") }
        return s
    }
}

/// The rules of mail capture: which messages are touches, who they are with, and what they were for.
public enum MailCapture {
    /// What a message is to the user.
    public enum Reading: Hashable, Sendable {
        /// The user wrote it to these people (each once, the user left out).
        case sent(to: [MailParty])
        /// Someone wrote it to the user.
        case received(from: MailParty)
        case skipped(Skip)

        public var isSkipped: Bool {
            if case .skipped = self { return true }
            return false
        }
    }

    public enum Skip: String, Hashable, Sendable, CaseIterable {
        case list, bulk, automatic, tooManyRecipients, noReply, onlyYou, notYours, undated, future

        public var words: String {
            switch self {
            case .list: "mailing list"
            case .bulk: "bulk mail"
            case .automatic: "automatic reply"
            case .tooManyRecipients: "too many recipients"
            case .noReply: "no-reply address"
            case .onlyYou: "only to yourself"
            case .notYours: "neither from nor to you"
            case .undated: "no date"
            case .future: "dated in the future"
            }
        }
    }

    /// Reads a message by the rules: lists, bulk and automatic mail, announcements and no-reply senders are skipped.
    /// - Parameter me: The user's addresses, lowercased.
    public static func read(_ m: MailHeader, me: Set<String>, maxRecipients: Int) -> Reading {
        guard m.date != nil else { return .skipped(.undated) }
        if let list = m.listID, !list.trimmingCharacters(in: .whitespaces).isEmpty { return .skipped(.list) }
        if let p = m.precedence?.trimmingCharacters(in: .whitespaces).lowercased(), ["bulk", "list", "junk"].contains(p) { return .skipped(.bulk) }
        if let a = m.autoSubmitted?.trimmingCharacters(in: .whitespaces).lowercased(), !a.isEmpty, !a.hasPrefix("no") { return .skipped(.automatic) }
        let recipients = m.recipients
        if recipients.count > maxRecipients { return .skipped(.tooManyRecipients) }
        guard let sender = m.from.first(where: { !$0.address.isEmpty }) else { return .skipped(.notYours) }
        if me.contains(sender.address) {
            let others = recipients.filter { !me.contains($0.address) }
            if others.isEmpty { return .skipped(.onlyYou) }
            let reachable = others.filter { !isNoReply($0.address) }
            return reachable.isEmpty ? .skipped(.noReply) : .sent(to: reachable)
        }
        if isNoReply(sender.address) { return .skipped(.noReply) }
        // Mail with an unsubscribe link is a newsletter even without a list header.
        if m.listUnsubscribe.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? false { return .skipped(.bulk) }
        guard recipients.contains(where: { me.contains($0.address) }) else { return .skipped(.notYours) }
        return .received(from: sender)
    }

    /// `noreply@`, `no-reply@`, `donotreply@`, `mailer-daemon@`, `notifications@`, `bounce…@` and the like.
    public static func isNoReply(_ address: String) -> Bool {
        let local = address.split(separator: "@").first.map { $0.lowercased() } ?? address.lowercased()
        let plain = local.filter { $0.isLetter || $0.isNumber }
        let exact: Set<String> = ["noreply", "donotreply", "dontreply", "mailerdaemon", "postmaster", "notifications", "notification",
                                  "notify", "alerts", "bounce", "bounces", "automailer", "autoreply", "nobody"]
        if exact.contains(plain) { return true }
        return plain.hasPrefix("noreply") || plain.hasPrefix("donotreply") || plain.hasSuffix("noreply") || local.hasPrefix("bounce")
    }

    /// A simple check that a string is one address (`local@domain`).
    public static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              s.count <= 254 else { return false }
        return !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
    }

    /// The intent a captured message is proposed with: an ask when its subject reads as a request; thanks,
    /// congratulations or support when it says so; else a check-in.
    public static func proposedIntent(subject: String) -> Intent {
        let s = " " + subject.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
            .map { $0.isLetter || $0.isNumber || $0 == "'" || $0 == "?" ? $0 : " " }.reduce(into: "") { $0.append($1) } + " "
        // A reply or forward keeps its subject: "Re: Question" is still the question's thread.
        // Searched as bytes: Foundation's substring search went through NSString, a quarter of importing a large chat export.
        func has(_ words: [String]) -> Bool { words.contains { ContactKey.find(" \($0) ", in: s) != nil || ContactKey.find(" \($0)?", in: s) != nil } }
        // Thanks for a favour is not a new one.
        if has(["thanks", "thank you", "thx", "danke", "merci", "gracias", "grazie", "obrigado", "obrigada", "bedankt"]) { return .thanks }
        if has(["advice", "advise", "your opinion", "your thoughts", "feedback on", "ratschlag", "conseil", "consejo", "consiglio", "conselho"]) { return .ask(.advice) }
        if has(["intro", "introduction", "introduce", "introduce me", "referral", "vorstellung", "presentacion"]) { return .ask(.help) }
        if has(["favour", "favor", "a favour", "a favor", "gefallen", "faveur", "favore"]) { return .ask(.favour) }
        if has(["question", "quick question", "help", "could you", "would you", "can you", "request", "frage", "hilfe", "konntest du",
                "kannst du", "wurdest du", "aide", "pourrais tu", "pourriez vous", "pregunta", "ayuda", "podrias", "domanda", "aiuto",
                "pergunta", "ajuda", "vraag", "hulp"]) { return .ask(.help) }
        // An ask wrapped in congratulations is still an ask, so these come after the asks.
        // A reply in a thread called "Congrats!" may be their congratulations answered, so only a
        // message that starts a thread is proposed as celebrating or supporting.
        let isReply = bareSubject(subject).count < subject.trimmingCharacters(in: .whitespacesAndNewlines).count
        if !isReply {
            if has(["congrats", "congratulations", "congratulation", "well done", "happy birthday", "gluckwunsch", "herzlichen gluckwunsch",
                    "gratuliere", "felicitations", "felicidades", "enhorabuena", "congratulazioni", "auguri", "parabens", "gefeliciteerd",
                    "proficiat"]) { return .celebrate }
            if has(["sorry to hear", "so sorry", "thinking of you", "condolences", "holding up", "here for you", "beileid",
                    "condoleances", "pesame", "condolencias", "condoglianze", "sentimos mucho", "sinto muito", "gecondoleerd", "sterkte"]) { return .support }
        }
        return .checkIn
    }

    /// A subject without its reply and forward prefixes ("Re: Fwd: Dinner" → "Dinner").
    public static func bareSubject(_ subject: String) -> String {
        var s = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        let prefixes = ["re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "vs:", "tr:", "rv:", "r:", "antw:"]
        var changed = true
        while changed {
            changed = false
            for p in prefixes where s.lowercased().hasPrefix(p) {
                s = String(s.dropFirst(p.count)).trimmingCharacters(in: .whitespaces)
                changed = true
            }
        }
        return s
    }
}
