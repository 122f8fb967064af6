import Foundation
import Testing
import TendTestSupport
@testable import TendMail

/// The SMTP client against a real server (aiosmtpd) on loopback: plain with AUTH, STARTTLS, TLS from the
/// first byte, and each way it can fail with a message a person can act on.
@Suite(.enabled(if: MailServer.available, "needs Python's aiosmtpd (bash .ci/run installs it)"))
struct SMTPClientTests {
    static func message(to: String = "ana@example.org", subject: String = "Dimanche : João’s birthday") -> MailMessage {
        MailMessage(from: MailAddress(name: "Tend", address: "tend@example.org"), to: [MailAddress(name: "Ana Lima", address: to)],
                    subject: subject, date: Date(timeIntervalSince1970: 1_796_140_800), messageID: "digest.test@example.org",
                    text: "Hello\n.a line that starts with a dot\n" + String(repeating: "long ", count: 300), html: "<p>Hello</p>")
    }

    static func client(_ url: String) throws -> SMTPClient {
        SMTPClient(configuration: try SMTPConfiguration(url: url))
    }

    @Test func sendsWithAuthOverPlainConnection() async throws {
        let server = try MailServer(user: "tend", password: "s3cret pass")
        defer { server.stop() }
        try await Self.client("smtp://tend:s3cret%20pass@127.0.0.1:\(server.port)?tls=none&timeout=10").send(Self.message())
        let received = try server.messages()
        try #require(received.count == 1)
        #expect(received[0].contains("X-Envelope-From: tend@example.org"))
        #expect(received[0].contains("X-Envelope-To: ana@example.org"))
        // The dot-stuffed line arrives as it was written: a QP-encoded dot (=2E), undone by the reader.
        #expect(received[0].contains("=2Ea line that starts with a dot"))
        #expect(received[0].contains("Message-ID: <digest.test@example.org>"))
    }

    @Test func aRefusedLoginSaysWhoAndWhere() async throws {
        let server = try MailServer(user: "tend", password: "right")
        defer { server.stop() }
        await #expect {
            try await Self.client("smtp://tend:wrong@127.0.0.1:\(server.port)?tls=none&timeout=10").send(Self.message())
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("authentication failed for tend at 127.0.0.1:\(server.port)") && message.contains("535")
                && !message.contains("wrong")
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func sendsOverSTARTTLSWhenTheCertificateIsTrusted() async throws {
        let server = try MailServer(security: .starttls, user: "tend", password: "pw")
        defer { server.stop() }
        let ca = try #require(server.certificate).path
        try await Self.client("smtp://tend:pw@localhost:\(server.port)?ca=\(ca)&timeout=10").send(Self.message())
        #expect(try server.messages().count == 1)
    }

    @Test func anUntrustedCertificateIsSaidSo() async throws {
        let server = try MailServer(security: .starttls, user: "tend", password: "pw")
        defer { server.stop() }
        await #expect {
            try await Self.client("smtp://tend:pw@localhost:\(server.port)?timeout=10").send(Self.message())
        } throws: { error in
            "\(error)".contains("certificate of localhost:\(server.port) is not trusted")
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func sendsOverTLSFromTheFirstByte() async throws {
        let server = try MailServer(security: .tls)
        defer { server.stop() }
        let ca = try #require(server.certificate).path
        try await Self.client("smtps://localhost:\(server.port)?ca=\(ca)&timeout=10").send(Self.message())
        #expect(try server.messages().count == 1)
    }

    @Test func aServerWithoutSTARTTLSIsRefusedUnlessTheURLSaysNone() async throws {
        let server = try MailServer()
        defer { server.stop() }
        await #expect {
            try await Self.client("smtp://127.0.0.1:\(server.port)?timeout=10").send(Self.message())
        } throws: { error in
            (error as? SMTPError)?.isPermanent == true && "\(error)".contains("does not offer STARTTLS")
        }
    }

    @Test func aRefusedRecipientIsPermanentAndQuotesTheServer() async throws {
        let server = try MailServer()
        defer { server.stop() }
        await #expect {
            try await Self.client("smtp://127.0.0.1:\(server.port)?tls=none&timeout=10").send(Self.message(to: "nobody@refused.example"))
        } throws: { error in
            (error as? SMTPError)?.isPermanent == true && "\(error)".hasPrefix("recipient refused: nobody@refused.example: 550")
        }
    }

    @Test func noServerIsAConnectionRefused() async throws {
        let server = try MailServer()
        let port = server.port
        server.stop()
        await #expect {
            try await Self.client("smtp://127.0.0.1:\(port)?tls=none&timeout=5").send(Self.message())
        } throws: { error in
            "\(error)" == "127.0.0.1:\(port) refused the connection: no mail server listens there"
        }
    }
}

/// A server that accepts the connection and never speaks: every step has a timeout.
@Suite struct SMTPTimeoutTests {
    @Test func aSilentServerTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let client = SMTPClient(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(listener.port)?tls=none&timeout=1"))
        await #expect {
            try await client.send(SMTPClientTests.message())
        } throws: { error in
            "\(error)" == "127.0.0.1:\(listener.port) did not answer connecting within 1 seconds"
        }
    }
}

/// The SMTP URL: every mistake named.
@Suite struct SMTPConfigurationTests {
    @Test func defaultsFollowTheScheme() throws {
        let a = try SMTPConfiguration(url: "smtp://tend%40example.org:p%40ss@smtp.example.org")
        #expect(a.port == 587 && a.security == .starttls && a.username == "tend@example.org" && a.password == "p@ss")
        #expect(a.description == "smtp://tend@example.org@smtp.example.org:587 (STARTTLS)")
        #expect(!a.description.contains("p@ss"))
        let b = try SMTPConfiguration(url: "smtps://smtp.example.org")
        #expect(b.port == 465 && b.security == .tls && b.username == nil)
    }

    @Test(arguments: [
        ("http://smtp.example.org", "the SMTP URL starts with 'http://'"),
        ("smtp://", "the SMTP URL names no host"),
        ("smtp://h.example:99999", "the SMTP URL's port is 1 to 65535"),
        ("smtp://h.example?tls=maybe", "tls= in the SMTP URL is starttls, tls or none, not 'maybe'"),
        ("smtp://h.example?timeout=0", "timeout= in the SMTP URL is 1 to 600 seconds"),
        ("smtp://h.example?ca=/no/such/file.pem", "ca= in the SMTP URL names /no/such/file.pem, which cannot be read"),
        ("smtp://h.example?verbose=1", "the SMTP URL has an unknown option 'verbose'"),
        ("smtps://h.example?tls=starttls", "smtps:// is TLS from the start"),
        ("smtp://:secret@h.example", "the SMTP URL has a password but no user name"),
        ("not a url", "the SMTP URL"),
    ])
    func mistakesAreNamed(url: String, message: String) {
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: url) }
        do { _ = try SMTPConfiguration(url: url) } catch {
            #expect(error.message.hasPrefix(message), "\(error.message)")
            #expect(!error.message.contains("secret"))
        }
    }
}

/// The reply parser, on what a server may send.
@Suite struct SMTPReplyParserTests {
    @Test func multiLineRepliesAreJoined() throws {
        var parser = SMTPReplyParser()
        let (replies, consumed) = try parser.replies(in: Array("250-smtp.example.org\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n220 x".utf8))
        #expect(replies == [SMTPReply(code: 250, lines: ["smtp.example.org", "STARTTLS", "AUTH PLAIN LOGIN"])])
        #expect(consumed == 58)
    }

    @Test func aBareCodeIsAReply() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed(Array("354".utf8)) == SMTPReply(code: 354, lines: [""]))
    }

    @Test(arguments: ["HTTP/1.1 400 Bad Request", "25", "250x", "650 no", "250-a", "199 low"])
    func whatIsNotAReplyIsRefused(line: String) {
        var parser = SMTPReplyParser()
        if line == "250-a" {
            // A continuation and then another code.
            #expect(throws: SMTPProtocolError.self) { _ = try parser.feed(Array("250-a".utf8)); _ = try parser.feed(Array("251 b".utf8)) }
        } else {
            #expect(throws: SMTPProtocolError.self) { _ = try parser.feed(Array(line.utf8)) }
        }
    }

    @Test func overlongLinesAndRepliesAreRefused() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPProtocolError.self) { _ = try parser.feed(Array(("250 " + String(repeating: "x", count: 3000)).utf8)) }
        var many = SMTPReplyParser()
        #expect(throws: SMTPProtocolError.self) {
            for _ in 0..<300 { _ = try many.feed(Array("250-x".utf8)) }
        }
    }
}
