import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import TendCore
import TendServices

/// The one HTTP client of the digest's pushes: no redirects (a redirect could lead into the instance's own
/// network), a connect and a read timeout. It lives as long as the process.
enum PushClient {
    static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
        redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10), read: .seconds(20))))

    /// POSTs `body`; a status that is not 2xx is a failure that quotes the receiver.
    static func post(_ url: String, body: Data, headers: [(String, String)], what: String) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await shared.execute(request, timeout: .seconds(30))
        } catch {
            throw DeliveryFailure("\(what) at \(shown(url)) could not be reached: \(describe(error))")
        }
        let text = (try? await response.body.collect(upTo: 4096)).map { String(buffer: $0) } ?? ""
        guard (200..<300).contains(Int(response.status.code)) else {
            let detail = text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)
            // A 4xx other than a rate limit will not change by itself; a 5xx or 429 may.
            let permanent = (400..<500).contains(Int(response.status.code)) && response.status.code != 429 && response.status.code != 408
            throw DeliveryFailure("\(what) at \(shown(url)) answered \(response.status.code) \(response.status.reasonPhrase)\(detail.isEmpty ? "" : ": \(detail)")",
                                  permanent: permanent)
        }
    }

    /// The address without its query (which may hold a token).
    static func shown(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "the address" }
        c.query = nil
        c.user = nil
        c.password = nil
        return c.string ?? "the address"
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("deadlineExceeded") { return "no answer in time" }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "the connection was refused" }
        if text.contains("certificate") || text.contains("CERTIFICATE") { return "its certificate is not trusted" }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// The digest as an ntfy notification: a title, the first suggestions, a click that opens Today.
public struct NtfySender: DigestChannelSender {
    public let channel = DigestSchedule.Channel.ntfy
    public init() {}

    public func deliver(_ message: DigestMessage) async throws {
        guard let target = message.ntfy else { throw DeliveryFailure("no ntfy topic is set", permanent: true) }
        var headers = [("Title", Self.headerSafe((message.isTest ? "[Test] " : "") + "Tend: " + message.digest.subject)),
                       ("Priority", String(target.priority)), ("Tags", "seedling"), ("Content-Type", "text/plain; charset=utf-8")]
        if let today = message.today { headers.append(("Click", today)) }
        if let token = target.token { headers.append(("Authorization", "Bearer \(token)")) }
        try await PushClient.post(target.url, body: Data(Self.body(message).utf8), headers: headers, what: "the ntfy topic")
    }

    /// A few lines: who to reach out to, birthdays, and what else there is.
    static func body(_ m: DigestMessage) -> String {
        let d = m.digest
        var lines = d.suggestions.prefix(5).enumerated().map { "\($0.offset + 1). \($0.element.personName): \($0.element.action)" }
        if d.suggestions.count > 5 { lines.append("…and \(d.suggestions.count - 5) more on Today") }
        if d.suggestions.isEmpty { lines.append("Nobody to reach out to today.") }
        if !d.birthdays.isEmpty { lines.append("Birthdays: " + d.birthdays.map { DigestRendering.birthdayLine($0) }.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }

    /// Header values are one line of Latin-1 for many HTTP stacks: ntfy reads RFC 2047 words in a title.
    static func headerSafe(_ s: String) -> String {
        let line = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return line.unicodeScalars.allSatisfy({ $0.isASCII }) ? line : "=?UTF-8?B?" + Data(line.utf8).base64EncodedString() + "?="
    }
}

/// The digest as JSON to the account's URL, signed: `X-Tend-Signature: sha256=HEX`, the HMAC-SHA256 of the
/// body with the webhook's secret. `X-Tend-Delivery` is the same for every attempt of one delivery.
public struct WebhookSender: DigestChannelSender {
    public let channel = DigestSchedule.Channel.webhook
    public init() {}

    public func deliver(_ message: DigestMessage) async throws {
        guard let target = message.webhook else { throw DeliveryFailure("no webhook is set", permanent: true) }
        let body = try Self.payload(message)
        try await PushClient.post(target.url, body: body, headers: [
            ("Content-Type", "application/json"), ("User-Agent", "Tend"), ("X-Tend-Event", message.isTest ? "digest.test" : "digest"),
            ("X-Tend-Delivery", message.key), ("X-Tend-Signature", "sha256=" + Self.signature(body, secret: target.secret)),
        ], what: "the webhook")
    }

    public static func signature(_ body: Data, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    struct Payload: Encodable {
        struct Person: Encodable { var id: Int64; var name: String }
        struct Links: Encodable { var done: String; var snooze: String; var open: String }
        struct Item: Encodable {
            var key: String, kind: String, person: Person, reason: String, action: String, draft: String, links: Links?
        }
        struct BirthdayItem: Encodable { var person: Person; var date: String; var daysAway: Int; var turning: Int? }
        struct MomentItem: Encodable { var person: Person; var polarity: String; var what: String; var on: String }
        var event: String
        var delivery: String
        var test: Bool
        var date: String
        var subject: String
        var suggestions: [Item]
        var more: String?
        var birthdays: [BirthdayItem]
        var openMoments: [MomentItem]
        var drifting: String?
        var today: String?
    }

    /// The JSON the README documents.
    static func payload(_ m: DigestMessage) throws -> Data {
        let d = m.digest
        let value = Payload(
            event: m.isTest ? "digest.test" : "digest", delivery: m.key, test: m.isTest, date: d.day.description, subject: d.subject,
            suggestions: d.suggestions.map { s in
                Payload.Item(key: s.key, kind: s.kind.rawValue, person: .init(id: s.personID.rawValue, name: s.personName), reason: s.reason,
                             action: s.action, draft: s.draft, links: m.links[s.key].map { .init(done: $0.done, snooze: $0.snooze, open: $0.open) })
            },
            more: d.restSummary,
            birthdays: d.birthdays.map { .init(person: .init(id: $0.personID.rawValue, name: $0.name), date: $0.day.description, daysAway: $0.daysAway, turning: $0.turning) },
            openMoments: d.openMoments.map { .init(person: .init(id: $0.personID.rawValue, name: $0.name), polarity: $0.isWin ? "win" : "struggle", what: $0.words, on: $0.on.description) },
            drifting: d.drifting, today: m.today)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}

/// Refuses addresses inside the instance's own network (loopback, private, link-local, unique-local,
/// carrier-grade NAT, multicast, unspecified) for an instance others reach. The name is resolved at each
/// send, so a name that later points inside is refused then.
public struct PrivateAddressGuard: DeliveryTargetGuard {
    public let allowPrivate: Bool
    public init(allowPrivate: Bool) { self.allowPrivate = allowPrivate }

    public func check(_ url: String) async throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = c.host, !host.isEmpty else {
            throw DeliveryFailure("'\(PushClient.shown(url))' is not an http:// or https:// address", permanent: true)
        }
        if allowPrivate { return }
        if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else { throw DeliveryFailure("cannot find \(host): no such host name") }
        if let inside = addresses.first(where: Self.isInternal) {
            throw DeliveryFailure("\(host) is an address inside this server's network (\(inside)); this Tend does not send there (start it with --allow-private-targets to allow it)",
                                  permanent: true)
        }
    }

    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let info = p {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                out.append(String(cString: buffer))
            }
            p = info.pointee.ai_next
        }
        return out
    }

    /// Whether a numeric address is one of this network's own.
    public static func isInternal(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let b = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            return isInternal(v4: b)
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else { return true }
        let b = withUnsafeBytes(of: v6) { Array($0) }
        if b.allSatisfy({ $0 == 0 }) { return true }                                    // ::
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }             // ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {     // ::ffff:a.b.c.d
            return isInternal(v4: Array(b[12..<16]))
        }
        if b[0] & 0xFE == 0xFC { return true }                                          // fc00::/7
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true }                          // fe80::/10
        if b[0] == 0xFF { return true }                                                 // multicast
        return false
    }

    static func isInternal(v4 b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return true
        case (100, 64...127): return true
        case (169, 254): return true
        case (172, 16...31): return true
        case (192, 168): return true
        case (192, 0) where b[2] == 0: return true
        case (198, 18...19): return true
        case (224...255, _): return true
        default: return false
        }
    }
}
