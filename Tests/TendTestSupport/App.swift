import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TendServer
import TendWeb
import TendCore
import TendStore
import TendServices

/// A fixed clock: 27 November 2026, 10:00 UTC.
public let fixedNow = ISO8601DateFormatter().date(from: "2026-11-27T10:00:00Z")!

/// The real application over `db`, tested through its router (no network).
public func withApp(_ db: any TendDatabase, policy: Accounts.SignUpPolicy = .open, trustProxy: Bool = false,
                    clock: TestClock = TestClock(), senders: [any DigestChannelSender]? = nil, publicURL: String? = nil,
                    allowPrivateTargets: Bool = true, allowPrivateFetch: Bool = true, allowPlainCardDAV: Bool = true,
                    configure: (inout ServerConfiguration) -> Void = { _ in },
                    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    var configuration = testConfiguration(policy: policy, trustProxy: trustProxy)
    configuration.digestSenders = senders
    configuration.publicURL = publicURL
    configuration.allowPrivateTargets = allowPrivateTargets
    configuration.allowPrivateFetch = allowPrivateFetch
    // The router's test client has no remote address, so no loopback to trust.
    configuration.allowPlainCardDAV = allowPlainCardDAV
    configure(&configuration)
    let app = try buildApplication(database: db, configuration: configuration, now: { clock.now })
    try await app.test(.router) { client in try await body(client) }
}

/// The server's configuration in tests: a low bcrypt cost, quiet logs, any port.
public func testConfiguration(policy: Accounts.SignUpPolicy = .open, trustProxy: Bool = false, port: Int = 8080,
                              bodyTimeout: Duration = .seconds(30)) -> ServerConfiguration {
    var configuration = ServerConfiguration(host: "127.0.0.1", port: port,
                                            web: .init(signUpPolicy: policy, trustProxy: trustProxy, bcryptCost: 4, bodyTimeout: bodyTimeout),
                                            logLevel: .error, runsScheduler: false)
    configuration.secretBox = SecretBox(base64: SecretBox.newKey())
    return configuration
}

/// A clock a test moves forward by hand; it starts at `fixedNow`.
public final class TestClock: @unchecked Sendable {
    public init() {}
    private let lock = NSLock()
    private var current = fixedNow
    public var now: Date { lock.withLock { current } }
    public func advance(seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A browser: keeps cookies, sends forms with the CSRF token, follows nothing by itself.
public final class Browser: @unchecked Sendable {
    public typealias Exchange = @Sendable (String, HTTPRequest.Method, HTTPFields, ByteBuffer?) async throws -> (HTTPResponse.Status, HTTPFields, ByteBuffer)
    public let send: Exchange
    public var cookies: [String: String] = [:]

    /// A browser on the application's test client.
    public init(_ client: any TestClientProtocol) {
        send = { uri, method, headers, body in
            let r = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            return (r.status, r.headers, r.body)
        }
    }

    /// A browser with a connection of its own to a live server.
    public init(connection: TestClient) {
        send = { uri, method, headers, body in
            let r = try await connection.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
            return (r.status, r.headers, r.body ?? ByteBuffer())
        }
    }

    public struct Page {
        public var status: HTTPResponse.Status
        public var headers: HTTPFields
        public var body: String
        public var location: String? { headers[.location] }
        public func setCookie(_ name: String) -> String? { headers[values: .setCookie].first { $0.hasPrefix(name + "=") } }
    }

    private func remember(_ headers: HTTPFields) {
        for header in headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
    }

    public var cookieHeader: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0)=\($1)" }.sorted().joined(separator: "; ") }
        return h
    }

    @discardableResult
    public func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        var h = cookieHeader
        for f in headers { h.append(f) }
        let (status, responseHeaders, body) = try await send(uri, .get, h, nil)
        remember(responseHeaders)
        return Page(status: status, headers: responseHeaders, body: String(buffer: body))
    }

    /// Posts a form; `csrf: nil` sends the browser's token, `.some(x)` sends x instead (or none with "").
    @discardableResult
    public func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil, headers: HTTPFields = [:]) async throws -> Page {
        if cookies["tend_csrf"] == nil { try await get("/login") }
        var all = fields
        let token = csrf ?? cookies["tend_csrf"] ?? ""
        if !token.isEmpty { all.append(("_csrf", token)) }
        let body = all.map { "\(Self.encode($0))=\(Self.encode($1))" }.joined(separator: "&")
        var h = cookieHeader
        h[.contentType] = "application/x-www-form-urlencoded"
        for f in headers { h.append(f) }
        let (status, responseHeaders, responseBody) = try await send(uri, .post, h, ByteBuffer(string: body))
        remember(responseHeaders)
        return Page(status: status, headers: responseHeaders, body: String(buffer: responseBody))
    }

    /// Posts a multipart form with one file, as a browser's file upload does.
    @discardableResult
    public func postFile(_ uri: String, file: (name: String, filename: String, data: Data), _ fields: [(String, String)] = []) async throws -> Page {
        if cookies["tend_csrf"] == nil { try await get("/login") }
        let boundary = "----TendTestBoundary\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields + [("_csrf", cookies["tend_csrf"] ?? "")] {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.data + Data("\r\n--\(boundary)--\r\n".utf8)
        var h = cookieHeader
        h[.contentType] = "multipart/form-data; boundary=\(boundary)"
        let (status, responseHeaders, responseBody) = try await send(uri, .post, h, ByteBuffer(bytes: body))
        remember(responseHeaders)
        return Page(status: status, headers: responseHeaders, body: String(buffer: responseBody))
    }

    public static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s).replacingOccurrences(of: "%20", with: "+")
    }

    /// Signs up and stays signed in.
    public func signUp(_ email: String, password: String = "correct horse battery") async throws {
        let page = try await post("/signup", [("email", email), ("password", password)])
        #expect(page.status == .seeOther, "sign-up failed: \(page.body)")
    }

    /// The id at the end of a redirect like /people/12.
    public func createdID(_ page: Page) -> Int64? {
        page.location.flatMap { $0.split(separator: "/").last.flatMap { Int64($0.split(separator: "#")[0]) } }
    }
}
