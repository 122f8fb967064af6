import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback web server standing in for blogs and newsrooms: each path answers as it is told (a body with an
/// ETag and Last-Modified that a conditional GET matches, a redirect, a status, or silence), and every request is
/// counted.
public final class Site: Sendable {
    public enum Page: Sendable {
        case body(Data, type: String, etag: String? = nil, lastModified: String? = nil)
        case redirect(Int, to: String)
        case status(Int)
        /// Never answers.
        case stall
        /// Bytes already gzip-compressed, sent with `Content-Encoding: gzip`.
        case gzip(Data, type: String)
    }

    public struct Request: Sendable {
        public var path: String
        public var headers: [(String, String)]
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private let channel: any Channel
    private let state = NIOLockedValueBox<(pages: [String: Page], requests: [Request])>(([:], []))
    public var port: Int { channel.localAddress?.port ?? 0 }
    public var url: String { "http://127.0.0.1:\(port)" }
    public var requests: [Request] { state.withLockedValue { $0.requests } }

    public func serve(_ path: String, _ page: Page) { state.withLockedValue { $0.pages[path] = page } }

    /// Serves a file's bytes with an ETag, so a second fetch is answered 304.
    public func serve(_ path: String, _ data: Data, type: String = "application/rss+xml", etag: String? = nil) {
        serve(path, .body(data, type: type, etag: etag, lastModified: etag == nil ? nil : "Tue, 01 Dec 2026 08:00:00 GMT"))
    }

    public init() throws {
        let state = self.state
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Handler(state: state)) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    public func close() { try? channel.close().wait() }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let state: NIOLockedValueBox<(pages: [String: Page], requests: [Request])>
        var head: HTTPRequestHead?

        init(state: NIOLockedValueBox<(pages: [String: Page], requests: [Request])>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h
            case .body: break
            case .end:
                guard let head else { return }
                let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
                let request = Request(path: path, headers: head.headers.map { ($0.name, $0.value) })
                let page = state.withLockedValue { s -> Page? in
                    s.requests.append(request)
                    return s.pages[path]
                }
                var headers = HTTPHeaders()
                var status = 200
                var body = Data()
                switch page ?? .status(404) {
                case .stall:
                    return
                case .status(let code):
                    status = code
                case .redirect(let code, let to):
                    status = code
                    headers.add(name: "Location", value: to)
                case .gzip(let data, let type):
                    body = data
                    headers.add(name: "Content-Type", value: type)
                    headers.add(name: "Content-Encoding", value: "gzip")
                case .body(let data, let type, let etag, let lastModified):
                    if let etag, request.header("If-None-Match") == etag {
                        status = 304
                    } else {
                        body = data
                        headers.add(name: "Content-Type", value: type)
                        if let etag { headers.add(name: "ETag", value: etag) }
                        if let lastModified { headers.add(name: "Last-Modified", value: lastModified) }
                    }
                }
                headers.add(name: "Content-Length", value: String(body.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers))), promise: nil)
                if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil) }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
