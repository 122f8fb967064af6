import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to read a mailbox. The password is never printed.
public struct IMAPConfiguration: Sendable, CustomStringConvertible {
    public enum Security: String, Sendable, CaseIterable {
        /// TLS from the first byte (port 993).
        case tls
        /// Plain, then STARTTLS before anything else is said (port 143).
        case starttls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    var password: String
    /// Trusts this certificate authority instead of the system's (a private server, the tests' Dovecot).
    public var trustedCAFile: String?
    /// Seconds for connecting and for each response.
    public var timeout: Int

    public init(host: String, port: Int, security: Security, username: String, password: String, trustedCAFile: String? = nil,
                timeout: Int = 30) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustedCAFile = trustedCAFile
        self.timeout = timeout
    }

    public var address: String { "\(host):\(port)" }
    public var description: String { "imap\(security == .tls ? "s" : "")://\(username)@\(address)" }
}

/// Why a mailbox could not be read, in words a person can act on.
public struct IMAPError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case connect, tls, login, folder, protocolError, timeout, closed }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A folder as LIST gives it.
public struct IMAPFolderInfo: Hashable, Sendable {
    /// As the server names it (modified UTF-7), for EXAMINE.
    public var name: String
    /// For people.
    public var displayName: String
    /// `\Sent`, `\Noselect`, … lower-cased.
    public var attributes: Set<String>

    public var selectable: Bool { !attributes.contains("\\noselect") && !attributes.contains("\\nonexistent") }
}

/// What EXAMINE said of a folder.
public struct IMAPFolderStatus: Hashable, Sendable {
    public var exists: Int
    public var uidValidity: Int64
    public var uidNext: Int64?
}

/// An IMAP client (RFC 3501) on SwiftNIO: only what reading headers takes. Every step has a timeout; a folder is only
/// ever EXAMINEd (read-only), and no body is fetched.
public final class IMAPSession: Sendable {
    let channel: any Channel
    let handler: NIOLoopBound<IMAPResponseHandler>
    public let configuration: IMAPConfiguration
    private let state = NIOLockedValueBox<(tag: Int, capabilities: Set<String>)>((0, []))

    /// The header fields read of each message.
    public static let headerFields = "LIST-ID LIST-UNSUBSCRIBE PRECEDENCE AUTO-SUBMITTED"

    init(channel: any Channel, handler: NIOLoopBound<IMAPResponseHandler>, configuration: IMAPConfiguration) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
    }

    public var capabilities: Set<String> { state.withLockedValue { $0.capabilities } }

    /// Connects, greets, upgrades to TLS when asked, and logs in.
    public static func connect(_ c: IMAPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(IMAPError) -> IMAPSession {
        let tls: NIOSSLContext
        do { tls = try MailTLS.context(trustedCAFile: c.trustedCAFile) } catch {
            throw IMAPError(.tls, "cannot set up TLS for \(c.address): \(error)")
        }
        let box = NIOLockedValueBox<NIOLoopBound<IMAPResponseHandler>?>(nil)
        let timeout = TimeAmount.seconds(Int64(c.timeout))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if c.security == .tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: MailTLS.serverName(c.host)))
                    }
                    let handler = IMAPResponseHandler(timeout: timeout)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(IMAPResponseDecoder()))
                    try channel.pipeline.syncOperations.addHandler(handler)
                    box.withLockedValue { $0 = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
                }
            }
        let channel: any Channel
        do { channel = try await bootstrap.connect(host: c.host, port: c.port).get() } catch {
            throw IMAPError(.connect, MailTLS.describeConnect(error, host: c.host, address: c.address, timeout: c.timeout, what: "mail server"))
        }
        guard let handler = box.withLockedValue({ $0 }) else { throw IMAPError(.connect, "the connection to \(c.address) was not set up") }
        let session = IMAPSession(channel: channel, handler: handler, configuration: c)
        do {
            try await session.open(tls: tls)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private func open(tls: NIOSSLContext) async throws(IMAPError) {
        let greeting = try await responses(tag: nil, step: "connecting")
        guard let hello = greeting.last else { throw IMAPError(.protocolError, "\(configuration.address) sent no greeting") }
        if hello.status == "BYE" { throw IMAPError(.connect, "\(configuration.address) refused the connection: \(hello.text)") }
        guard hello.status == "OK" || hello.status == "PREAUTH" else {
            throw IMAPError(.protocolError, "\(configuration.address) does not greet as an IMAP server does (is this the IMAP port?)")
        }
        remember(hello)
        if configuration.security == .starttls {
            if capabilities.isEmpty { _ = try await command("CAPABILITY") }
            guard capabilities.contains("STARTTLS") else {
                throw IMAPError(.tls, "\(configuration.address) does not offer STARTTLS; use TLS (port 993) if the server has it")
            }
            _ = try await command("STARTTLS")
            let name = MailTLS.serverName(configuration.host)
            do {
                try await channel.eventLoop.flatSubmit { [channel] in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
                    }
                }.get()
            } catch {
                throw IMAPError(.tls, MailTLS.describeTLS(error, address: configuration.address) ?? "TLS with \(configuration.address) failed: \(error)")
            }
            // What was said before TLS is forgotten (RFC 3501 §6.2.1).
            state.withLockedValue { $0.capabilities = [] }
            _ = try await command("CAPABILITY")
        } else if capabilities.isEmpty {
            _ = try await command("CAPABILITY")
        }
        guard hello.status != "PREAUTH" else { return }
        try await login()
    }

    private func login() async throws(IMAPError) {
        let c = configuration
        let failed = "the server refused the login of \(c.username) at \(c.address): check the user name and password (an app password, for Gmail, Outlook and iCloud)"
        do throws(IMAPError) {
            if capabilities.contains("AUTH=PLAIN") {
                let token = Data("\0\(c.username)\0\(c.password)".utf8).base64EncodedString()
                if capabilities.contains("SASL-IR") {
                    _ = try await command("AUTHENTICATE PLAIN \(token)", shown: "AUTHENTICATE PLAIN")
                } else {
                    _ = try await command("AUTHENTICATE PLAIN", shown: "AUTHENTICATE PLAIN", continuation: token)
                }
            } else {
                guard !capabilities.contains("LOGINDISABLED") else {
                    throw IMAPError(.login, "\(c.address) does not allow logging in here (LOGINDISABLED); use TLS or STARTTLS")
                }
                guard let user = Self.quoted(c.username), let password = Self.quoted(c.password) else {
                    throw IMAPError(.login, "\(c.address) offers no AUTHENTICATE PLAIN, and its LOGIN cannot carry this user name or password (line breaks or non-ASCII characters)")
                }
                _ = try await command("LOGIN \(user) \(password)", shown: "LOGIN")
            }
        } catch let e where e.kind == .protocolError && e.message.hasPrefix("NO") {
            // Dovecot and others say why in the tagged NO: "[AUTHENTICATIONFAILED] …" or "[UNAVAILABLE] Temporary …".
            let said = e.message.components(separatedBy: "\(c.address): ").dropFirst().joined(separator: ": ")
            if said.uppercased().contains("UNAVAILABLE") || said.lowercased().contains("temporary") {
                throw IMAPError(.login, "\(c.address) could not check the login just now (\(said)); it is tried again later")
            }
            throw IMAPError(.login, failed + (said.isEmpty ? "" : " (the server said: \(said))"))
        }
        // Servers often send new capabilities after login; ask when they did not.
        _ = try await command("CAPABILITY")
    }

    /// `"text"` with `\` and `"` escaped; nil for text that only a literal can carry.
    static func quoted(_ s: String) -> String? {
        guard s.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) else { return nil }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Every folder, with its SPECIAL-USE attributes.
    public func list() async throws(IMAPError) -> [IMAPFolderInfo] {
        try await command("LIST \"\" \"*\"").compactMap { r in
            guard r.name == "LIST", r.values.count >= 3, let name = r.values[2].text else { return nil }
            let attributes = Set((r.values[0].list ?? []).compactMap { $0.text?.lowercased() })
            return IMAPFolderInfo(name: name, displayName: ModifiedUTF7.decode(name), attributes: attributes)
        }
    }

    /// Opens a folder read-only.
    public func examine(_ folder: String) async throws(IMAPError) -> IMAPFolderStatus {
        guard let name = Self.quoted(folder) else { throw IMAPError(.folder, "the folder name “\(folder)” cannot be sent") }
        let found: [IMAPResponse]
        do { found = try await command("EXAMINE \(name)", shown: "EXAMINE") } catch let e where e.kind == .protocolError && e.message.hasPrefix("NO") {
            throw IMAPError(.folder, "the folder “\(ModifiedUTF7.decode(folder))” does not exist on \(configuration.address) (or cannot be opened)")
        }
        var status = IMAPFolderStatus(exists: 0, uidValidity: 0, uidNext: nil)
        for r in found {
            if r.name == "EXISTS", let n = r.number { status.exists = Int(n) }
            if let code = r.code {
                let parts = code.split(separator: " ")
                if parts.first?.uppercased() == "UIDVALIDITY", parts.count > 1, let v = Int64(parts[1]) { status.uidValidity = v }
                if parts.first?.uppercased() == "UIDNEXT", parts.count > 1, let v = Int64(parts[1]) { status.uidNext = v }
            }
        }
        return status
    }

    /// The UIDs of the open folder's messages received on or after `since`, and above `after`, ascending.
    public func search(since: Date?, after: Int64) async throws(IMAPError) -> [Int64] {
        var criteria: [String] = []
        if let since { criteria.append("SINCE \(Self.searchDate(since))") }
        if after > 0 { criteria.append("UID \(after + 1):*") }
        if criteria.isEmpty { criteria.append("ALL") }
        let found = try await command("UID SEARCH " + criteria.joined(separator: " "), shown: "UID SEARCH")
        // `n:*` always matches the highest UID, even one below n.
        return found.filter { $0.name == "SEARCH" }.flatMap { $0.values.compactMap(\.number) }.filter { $0 > after }.sorted()
    }

    /// The headers Tend reads of these messages of the open folder.
    public func fetch(_ uids: [Int64]) async throws(IMAPError) -> [IMAPFetched] {
        guard !uids.isEmpty else { return [] }
        let set = Self.sequenceSet(uids)
        let found = try await command("UID FETCH \(set) (UID INTERNALDATE ENVELOPE BODY.PEEK[HEADER.FIELDS (\(Self.headerFields))])", shown: "UID FETCH")
        return found.compactMap(IMAPFetched.init)
    }

    public func logout() async {
        _ = try? await command("LOGOUT")
        await close()
    }

    public func close() async {
        try? await channel.close()
    }

    /// `1:3,7,9:10`.
    static func sequenceSet(_ uids: [Int64]) -> String {
        let sorted = Array(Set(uids)).sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i]):\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    static func searchDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(c.day!)-\(months[c.month! - 1])-\(c.year!)"
    }

    private func remember(_ r: IMAPResponse) {
        if let code = r.code, code.uppercased().hasPrefix("CAPABILITY ") {
            let caps = Set(code.split(separator: " ").dropFirst().map { $0.uppercased() })
            state.withLockedValue { $0.capabilities = caps }
        }
        if r.name == "CAPABILITY" {
            let caps = Set(r.values.compactMap { $0.text?.uppercased() })
            state.withLockedValue { $0.capabilities = caps }
        }
    }

    /// Sends a command and waits for its tagged answer; the untagged responses before it are returned.
    /// A NO or BAD is an error whose message starts with that word.
    func command(_ line: String, shown: String? = nil, continuation: String? = nil) async throws(IMAPError) -> [IMAPResponse] {
        let tag = state.withLockedValue { s -> String in s.tag += 1; return "T\(s.tag)" }
        let step = shown ?? String(line.prefix(while: { $0 != " " }))
        let handler = self.handler
        let future = channel.eventLoop.flatSubmit { handler.value.expect(tag: tag, continuation: continuation) }
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: "\(tag) \(line)\r\n"))
        } catch {
            let cause = (try? await channel.eventLoop.submit { handler.value.recordedFailure }.get()) ?? nil
            throw failure(cause ?? error, step: step)
        }
        let all: [IMAPResponse]
        do { all = try await future.get() } catch { throw failure(error, step: step) }
        guard let done = all.last else { throw IMAPError(.protocolError, "no answer to \(step)") }
        let untagged = Array(all.dropLast())
        for r in untagged { remember(r) }
        remember(done)
        if let bye = untagged.first(where: { $0.status == "BYE" }), step != "LOGOUT" {
            throw IMAPError(.closed, "\(configuration.address) closed the session: \(bye.text)")
        }
        switch done.status {
        case "OK": return untagged
        case "NO": throw IMAPError(.protocolError, "NO: \(step) was refused by \(configuration.address): \(done.code.map { "[\($0)] " } ?? "")\(done.text)")
        default: throw IMAPError(.protocolError, "BAD: \(configuration.address) did not accept \(step): \(done.text)")
        }
    }

    /// The greeting: the first response.
    private func responses(tag: String?, step: String) async throws(IMAPError) -> [IMAPResponse] {
        let handler = self.handler
        do { return try await channel.eventLoop.flatSubmit { handler.value.expect(tag: nil, continuation: nil) }.get() } catch {
            throw failure(error, step: step)
        }
    }

    private func failure(_ error: any Error, step: String) -> IMAPError {
        if let e = error as? IMAPError { return e }
        if let e = error as? IMAPProtocolError { return IMAPError(.protocolError, "\(configuration.address) broke the IMAP protocol at \(step): \(e.message)") }
        if let f = error as? IMAPResponseHandler.Failure {
            switch f {
            case .timeout: return IMAPError(.timeout, "\(configuration.address) did not answer \(step) within \(configuration.timeout) seconds")
            case .closed: return IMAPError(.closed, "\(configuration.address) closed the connection at \(step)")
            }
        }
        if let tls = MailTLS.describeTLS(error, address: configuration.address) { return IMAPError(.tls, tls) }
        return IMAPError(.connect, "the conversation with \(configuration.address) failed at \(step): \(MailTLS.shortened(error))")
    }
}

/// Bytes into responses.
struct IMAPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = IMAPResponse

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = try IMAPParser.frameLength(buffer.readableBytesView), let bytes = buffer.readBytes(length: length) else {
            return .needMoreData
        }
        context.fireChannelRead(wrapInboundOut(try IMAPParser.parse(bytes)))
        return .continue
    }
}

/// Collects the responses to the command being waited for, failing the wait when a response takes longer than the
/// timeout or the connection ends.
final class IMAPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = IMAPResponse
    enum Failure: Error { case timeout, closed }

    let timeout: TimeAmount
    private var collected: [IMAPResponse] = []
    /// nil tag: the greeting (the first response ends the wait).
    private var waiting: (tag: String?, promise: EventLoopPromise<[IMAPResponse]>, continuation: String?)?
    private var timer: Scheduled<Void>?
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    var recordedFailure: (any Error)? { failure }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        if response.kind == .continuation {
            if let text = waiting?.continuation {
                waiting?.continuation = nil
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text + "\r\n")), promise: nil)
            } else {
                // Nothing more to give: cancel the command (RFC 4954's "*").
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "*\r\n")), promise: nil)
            }
            restartTimer()
            return
        }
        guard collected.count < 1_000_000 else { return fail(IMAPProtocolError("over a million responses to one command")) }
        collected.append(response)
        guard let waiting else { return }
        let ends: Bool = switch (waiting.tag, response.kind) {
        case (nil, _): true
        case (let t?, .tagged(let got)): t == got
        default: false
        }
        if ends {
            self.waiting = nil
            timer?.cancel()
            let all = collected
            collected = []
            waiting.promise.succeed(all)
        } else {
            restartTimer()
        }
    }

    typealias OutboundOut = ByteBuffer

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(Failure.closed)
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        if let waiting {
            self.waiting = nil
            timer?.cancel()
            waiting.promise.fail(error)
        }
    }

    private func restartTimer() {
        timer?.cancel()
        guard let context else { return }
        timer = context.eventLoop.scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            self.fail(Failure.timeout)
            self.context?.close(promise: nil)
        }
    }

    /// Waits for the tagged response of `tag`; on the channel's event loop.
    func expect(tag: String?, continuation: String?) -> EventLoopFuture<[IMAPResponse]> {
        guard let context else { return MultiThreadedEventLoopGroup.singleton.any().makeFailedFuture(Failure.closed) }
        if let failure { return context.eventLoop.makeFailedFuture(failure) }
        let promise = context.eventLoop.makePromise(of: [IMAPResponse].self)
        // The greeting may have come already.
        if tag == nil, !collected.isEmpty {
            let all = collected
            collected = []
            promise.succeed(all)
            return promise.futureResult
        }
        waiting = (tag, promise, continuation)
        restartTimer()
        return promise.futureResult
    }
}

/// IMAP's folder names (RFC 3501 §5.1.3): `&` starts modified base64 of UTF-16, `-` ends it, `&-` is `&`.
public enum ModifiedUTF7 {
    public static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let dash = after.firstIndex(of: "-") else { out += rest[amp...]; return out }
            let encoded = after[..<dash]
            if encoded.isEmpty {
                out += "&"
            } else {
                var b64 = encoded.replacingOccurrences(of: ",", with: "/")
                while b64.count % 4 != 0 { b64 += "=" }
                if let data = Data(base64Encoded: b64), data.count % 2 == 0 {
                    let units = stride(from: 0, to: data.count, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
                    out += String(decoding: units, as: UTF16.self)
                } else {
                    out += "&" + encoded + "-"
                }
            }
            rest = after[after.index(after: dash)...]
        }
        return out + rest
    }
}
