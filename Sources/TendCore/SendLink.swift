/// A way to send a suggestion's draft in one tap: a link that opens the app with the message filled in
/// (issue 19). Coming back, "Done" logs the touch with the link's channel.
public struct SendLink: Hashable, Sendable, Codable {
    public enum App: String, Sendable, Codable, CaseIterable {
        case email, sms, whatsapp, signal, telegram

        public var title: String {
            switch self {
            case .email: "Email"
            case .sms: "SMS"
            case .whatsapp: "WhatsApp"
            case .signal: "Signal"
            case .telegram: "Telegram"
            }
        }

        /// The touch's channel when it was sent this way.
        public var channel: Channel { self == .email ? .email : .message }
    }

    public var app: App
    public var url: String

    public init(app: App, url: String) {
        self.app = app
        self.url = url
    }

    /// How a person can be reached: their first email, their first phone in E.164, their Telegram user name.
    public struct Contact: Hashable, Sendable, Codable {
        public var email: String?
        public var phone: String?
        public var telegram: String?

        /// A person's contact details; nil when there is none a link can use. A phone that cannot be put in
        /// E.164 with `defaultCountry` is left out (no broken SMS or WhatsApp link).
        public init?(_ person: Person, defaultCountry: String?) {
            let p = person.profile
            email = p.emails.first { $0.contains("@") && !$0.contains(" ") }
            phone = p.phones.lazy.compactMap { PhoneNumber.e164($0, defaultCountry: defaultCountry) }.first
            telegram = p.links.lazy.compactMap { SendLink.telegramUsername($0.url) }.first
            if email == nil && phone == nil && telegram == nil { return nil }
        }

        /// Sets the contact of the first `Agenda.linkedSuggestions` suggestions whose person is in `people`.
        static func attach(_ people: [Person], to suggestions: [Suggestion], defaultCountry: String?) -> [Suggestion] {
            guard !people.isEmpty else { return suggestions }
            let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var out = suggestions
            for i in out.indices.prefix(Agenda.linkedSuggestions) {
                if let p = byID[out[i].personID] { out[i].contact = Contact(p, defaultCountry: defaultCountry) }
            }
            return out
        }

        /// Email (`mailto:` with subject and body), SMS, WhatsApp, Signal (which takes no text), Telegram.
        public func links(subject: String, draft: String) -> [SendLink] {
            var out: [SendLink] = []
            if let email {
                out.append(SendLink(app: .email, url: "mailto:\(SendLink.encode(email, keeping: "@+"))?subject=\(SendLink.encode(subject))&body=\(SendLink.encode(draft))"))
            }
            if let phone {
                out.append(SendLink(app: .sms, url: "sms:\(phone)?body=\(SendLink.encode(draft))"))
                out.append(SendLink(app: .whatsapp, url: "https://wa.me/\(phone.dropFirst())?text=\(SendLink.encode(draft))"))
                out.append(SendLink(app: .signal, url: "https://signal.me/#p/\(phone)"))
            }
            if let telegram { out.append(SendLink(app: .telegram, url: "https://t.me/\(telegram)")) }
            return out
        }
    }

    /// The user name in a `t.me` or `telegram.me` address, when it is one.
    static func telegramUsername(_ url: String) -> String? {
        var s = url.trimmed.lowercased()
        for scheme in ["https://", "http://"] where s.hasPrefix(scheme) { s = String(s.dropFirst(scheme.count)) }
        if s.hasPrefix("www.") { s = String(s.dropFirst(4)) }
        guard let host = ["t.me/", "telegram.me/"].first(where: { s.hasPrefix($0) }) else { return nil }
        let name = s.dropFirst(host.count).prefix { $0 != "/" && $0 != "?" }
        // Telegram's user names: 5 to 32 of letters, digits and underscores.
        guard (5...32).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return String(name)
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters (and `keeping`): safe in a `mailto:`,
    /// `sms:` or query, with spaces as %20 (mail apps show a `+` as a plus).
    static func encode(_ s: String, keeping: String = "") -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) || keeping.contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
