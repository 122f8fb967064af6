import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Why mail could not be sent, in words a person can act on. `isPermanent` when trying again cannot help
/// without a change (a refused recipient); a timeout or a 4xx reply is worth another try.
public struct SMTPError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var isPermanent: Bool

    public init(_ message: String, permanent: Bool = false) {
        self.message = message
        self.isPermanent = permanent
    }

    public var description: String { message }
}

/// Sends mail over SMTP (RFC 5321) on SwiftNIO: EHLO, STARTTLS or TLS from the start, AUTH PLAIN or
/// LOGIN, dot-stuffing, and a timeout on connecting and on every reply.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup

    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// Sends `message` to its recipients, from `from` (the envelope's sender).
    public func send(_ message: MailMessage) async throws(SMTPError) {
        let data = message.rendered()
        do {
            let session = try await connect()
            do {
                try await session.deliver(from: message.from.address, to: message.to.map(\.address), data: data)
                await session.quit()
            } catch {
                await session.close()
                throw error
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError("sending mail through \(configuration.address) failed: \(error)")
        }
    }

    /// Connects and greets; authenticates when the configuration has a user.
    func connect() async throws -> SMTPSession {
        let c = configuration
        let tls: NIOSSLContext?
        do {
            tls = c.security == .none ? nil : try Self.tlsContext(c)
        } catch {
            throw SMTPError("cannot set up TLS for \(c.address): \(error)", permanent: true)
        }
        let replies = NIOLockedValueBox<NIOLoopBound<SMTPReplies>?>(nil)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.seconds(Int64(c.timeout)))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = SMTPReplies(timeout: .seconds(Int64(c.timeout)))
                    if c.security == .tls, let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(c.host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                    let bound = NIOLoopBound(handler, eventLoop: channel.eventLoop)
                    replies.withLockedValue { $0 = bound }
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: c.host, port: c.port).get()
        } catch {
            throw SMTPError(Self.describeConnect(error, c))
        }
        guard let handler = replies.withLockedValue({ $0 }) else { throw SMTPError("the connection to \(c.address) was not set up") }
        let session = SMTPSession(channel: channel, replies: handler, configuration: c, tls: tls)
        do {
            try await session.open()
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    static func serverName(_ host: String) -> String? { MailTLS.serverName(host) }

    static func tlsContext(_ c: SMTPConfiguration) throws -> NIOSSLContext { try MailTLS.context(trustedCAFile: c.trustedCAFile) }

    static func describeConnect(_ error: any Error, _ c: SMTPConfiguration) -> String {
        MailTLS.describeConnect(error, host: c.host, address: c.address, timeout: c.timeout, what: "mail server")
    }

    static func describeTLS(_ error: any Error, _ c: SMTPConfiguration) -> String? {
        MailTLS.describeTLS(error, address: c.address, trustHint: "; add ?ca=/path/to/ca.pem to the SMTP URL to trust a private authority",
                            portHint: "(port 587 takes STARTTLS: smtp://; port 465 takes TLS: smtps://)")
    }

    static func shortened(_ error: any Error) -> String { MailTLS.shortened(error) }
}

/// One conversation with the server.
final class SMTPSession: Sendable {
    let channel: any Channel
    let replies: NIOLoopBound<SMTPReplies>
    let configuration: SMTPConfiguration
    let tls: NIOSSLContext?
    private let extensions = NIOLockedValueBox<[String: String]>([:])

    init(channel: any Channel, replies: NIOLoopBound<SMTPReplies>, configuration: SMTPConfiguration, tls: NIOSSLContext?) {
        self.channel = channel
        self.replies = replies
        self.configuration = configuration
        self.tls = tls
    }

    var address: String { configuration.address }

    /// The next reply, within the timeout.
    func reply(after step: String) async throws -> SMTPReply {
        let replies = self.replies
        do {
            return try await channel.eventLoop.flatSubmit { replies.value.next() }.get()
        } catch let error as SMTPReplies.Failure {
            switch error {
            case .timeout: throw SMTPError("\(address) did not answer \(step) within \(configuration.timeout) seconds")
            case .closed: throw SMTPError("\(address) closed the connection after \(step)")
            }
        } catch let error as SMTPProtocolError {
            throw SMTPError("\(address) broke the SMTP protocol after \(step): \(error.message)")
        } catch {
            if let tls = SMTPClient.describeTLS(error, configuration) { throw SMTPError(tls, permanent: false) }
            throw SMTPError("the conversation with \(address) failed after \(step): \(SMTPClient.shortened(error))")
        }
    }

    func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text))
        } catch {
            // What closed the channel (a failed TLS handshake) says more than the failed write.
            let replies = self.replies
            let cause = (try? await channel.eventLoop.submit { replies.value.recordedFailure }.get()) ?? nil
            if let tls = SMTPClient.describeTLS(cause ?? error, configuration) { throw SMTPError(tls) }
            throw SMTPError("the connection to \(address) failed: \(SMTPClient.shortened(cause ?? error))")
        }
    }

    /// Sends a command line and reads its reply; `shown` is what a message may repeat of it.
    func command(_ line: String, shown: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(after: shown ?? String(line.prefix(while: { $0 != " " && $0 != ":" })))
    }

    func open() async throws {
        let greeting = try await reply(after: "connecting")
        guard greeting.code == 220 else { throw SMTPError("\(address) refused the session: \(greeting)", permanent: greeting.code >= 500) }
        try await hello()
        if configuration.security == .starttls {
            guard extensions.withLockedValue({ $0["STARTTLS"] != nil }) else {
                throw SMTPError("\(address) does not offer STARTTLS; use smtps:// if it takes TLS on another port, or ?tls=none only for a relay on this machine",
                                permanent: true)
            }
            let ready = try await command("STARTTLS")
            guard ready.code == 220 else { throw SMTPError("\(address) refused STARTTLS: \(ready)") }
            guard let tls else { throw SMTPError("TLS is not set up") }
            let name = SMTPClient.serverName(configuration.host)
            do {
                try await channel.eventLoop.flatSubmit { [channel] in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
                    }
                }.get()
            } catch {
                throw SMTPError(SMTPClient.describeTLS(error, configuration) ?? "TLS with \(address) failed: \(error)")
            }
            try await hello()
        }
        if let user = configuration.username {
            try await authenticate(user: user, password: configuration.password ?? "")
        }
    }

    /// EHLO (HELO when the server knows no EHLO), remembering the extensions it offers.
    private func hello() async throws {
        var reply = try await command("EHLO \(configuration.clientName)", shown: "EHLO")
        if reply.code >= 500 {
            reply = try await command("HELO \(configuration.clientName)", shown: "HELO")
            extensions.withLockedValue { $0 = [:] }
        } else {
            var found: [String: String] = [:]
            for line in reply.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let name = parts.first else { continue }
                found[name.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
            }
            extensions.withLockedValue { $0 = found }
        }
        guard reply.code == 250 else { throw SMTPError("\(address) refused the greeting: \(reply)", permanent: reply.code >= 500) }
    }

    private func authenticate(user: String, password: String) async throws {
        let offered = Set((extensions.withLockedValue { $0["AUTH"] } ?? "").uppercased().split(separator: " ").map(String.init))
        let failed = "authentication failed for \(user) at \(address)"
        if offered.contains("PLAIN") {
            let token = Data("\0\(user)\0\(password)".utf8).base64EncodedString()
            let reply = try await command("AUTH PLAIN \(token)", shown: "AUTH PLAIN")
            guard reply.code == 235 else { throw SMTPError("\(failed): \(reply)") }
        } else if offered.contains("LOGIN") {
            var reply = try await command("AUTH LOGIN", shown: "AUTH LOGIN")
            guard reply.code == 334 else { throw SMTPError("\(failed): \(reply)") }
            reply = try await command(Data(user.utf8).base64EncodedString(), shown: "the user name")
            guard reply.code == 334 else { throw SMTPError("\(failed): \(reply)") }
            reply = try await command(Data(password.utf8).base64EncodedString(), shown: "the password")
            guard reply.code == 235 else { throw SMTPError("\(failed): \(reply)") }
        } else if offered.isEmpty {
            throw SMTPError("\(address) does not offer authentication\(configuration.security == .none ? " without TLS" : ""); remove the user from the SMTP URL if it needs none",
                            permanent: true)
        } else {
            throw SMTPError("\(address) offers authentication by \(offered.sorted().joined(separator: ", ")); Tend speaks PLAIN and LOGIN",
                            permanent: true)
        }
    }

    func deliver(from: String, to recipients: [String], data: String) async throws {
        let sender = try await command("MAIL FROM:<\(from)>", shown: "MAIL FROM")
        guard sender.code == 250 else {
            throw SMTPError("\(address) refused the sender \(from): \(sender)", permanent: sender.code >= 500)
        }
        for recipient in recipients {
            let reply = try await command("RCPT TO:<\(recipient)>", shown: "RCPT TO")
            guard reply.code == 250 || reply.code == 251 else {
                throw SMTPError("recipient refused: \(recipient): \(reply)", permanent: reply.code >= 500)
            }
        }
        let go = try await command("DATA")
        guard go.code == 354 else { throw SMTPError("\(address) refused the message: \(go)", permanent: go.code >= 500) }
        try await write(Self.dotStuffed(data) + ".\r\n")
        let accepted = try await reply(after: "the message")
        guard accepted.code == 250 else { throw SMTPError("\(address) refused the message: \(accepted)", permanent: accepted.code >= 500) }
    }

    /// A line that starts with a dot gets another (RFC 5321 4.5.2); the text ends with CRLF.
    static func dotStuffed(_ data: String) -> String {
        var out = data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if out.hasPrefix(".") { out = "." + out }
        if !out.hasSuffix("\r\n") { out += "\r\n" }
        return out
    }

    /// QUIT, without waiting for its reply: the message was delivered at the server's 250, and the caller records
    /// that at once (a process that dies between the two sends it again).
    func quit() async {
        try? await write("QUIT\r\n")
        await close()
    }

    func close() async {
        try? await channel.close()
    }
}

/// Lines into replies.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: 0x0A) else {
            guard buffer.readableBytes <= SMTPReplyParser.maximumLine else {
                throw SMTPProtocolError(message: "the server sent a reply line over \(SMTPReplyParser.maximumLine) bytes")
            }
            return .needMoreData
        }
        let length = end - buffer.readerIndex
        guard var line = buffer.readBytes(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == 0x0D { line.removeLast() }
        if let reply = try parser.feed(line) {
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .continue
    }
}

/// Hands replies to the one waiting for them, failing the wait after a timeout or when the connection ends.
final class SMTPReplies: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    enum Failure: Error { case timeout, closed }

    let timeout: TimeAmount
    private var buffered: [SMTPReply] = []
    private var waiting: (promise: EventLoopPromise<SMTPReply>, timer: Scheduled<Void>)?
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiting {
            self.waiting = nil
            waiting.timer.cancel()
            waiting.promise.succeed(reply)
        } else if buffered.count < 16 {
            buffered.append(reply)
        } else {
            fail(SMTPProtocolError(message: "the server sent replies nobody asked for"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(Failure.closed)
        context.fireChannelInactive()
    }

    /// The first error the connection met, if any.
    var recordedFailure: (any Error)? { failure }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        if let waiting {
            self.waiting = nil
            waiting.timer.cancel()
            waiting.promise.fail(error)
        }
    }

    /// The next reply; on the channel's event loop.
    func next() -> EventLoopFuture<SMTPReply> {
        guard let context else { return MultiThreadedEventLoopGroup.singleton.any().makeFailedFuture(Failure.closed) }
        let loop = context.eventLoop
        if !buffered.isEmpty { return loop.makeSucceededFuture(buffered.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        let timer = loop.scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.fail(Failure.timeout)
            self.context?.close(promise: nil)
        }
        waiting = (promise, timer)
        return promise.futureResult
    }
}
