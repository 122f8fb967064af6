import Crypto
import Foundation
import TendCore
import TendMail
import TendServices

/// The digest by email: a `multipart/alternative` message (text and HTML) through the instance's SMTP server.
public struct EmailSender: DigestChannelSender {
    public let channel = DigestSchedule.Channel.email
    public let client: SMTPClient
    public let from: MailAddress
    let now: @Sendable () -> Date

    public init(client: SMTPClient, from: MailAddress, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.from = from
        self.now = now
    }

    public func deliver(_ message: DigestMessage) async throws {
        do {
            try await client.send(mail(message))
        } catch {
            throw DeliveryFailure(error.message, permanent: error.isPermanent)
        }
    }

    /// The email for a digest message.
    public func mail(_ m: DigestMessage) -> MailMessage {
        var headers: [(name: String, value: String)] = [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All")]
        if let unsubscribe = m.unsubscribe {
            headers.append(("List-Unsubscribe", "<\(unsubscribe)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        headers.append(("List-Id", "Tend digest <digest.\(Self.domain(of: from.address))>"))
        let to = m.recipient.flatMap { MailAddress(parsing: $0) }.map { [$0] } ?? []
        return MailMessage(from: from, to: to, subject: (m.isTest ? "[Test] " : "") + m.digest.subject, date: now(),
                           messageID: Self.messageID(key: m.key, domain: Self.domain(of: from.address)),
                           text: DigestRendering.text(m), html: DigestRendering.html(m), headers: headers)
    }

    /// The same for every attempt at one delivery, so that a repeat is recognisably the same message.
    static func messageID(key: String, domain: String) -> String {
        let hash = SHA256.hash(data: Data(key.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        return "digest.\(hash)@\(domain)"
    }

    static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "tend.invalid"
    }
}
