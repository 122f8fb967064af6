import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import TendWeb
import TendCore
import TendPostgres
import TendSQLite
import TendStore
import TendServices

/// A fixed clock: 27 November 2026, 10:00 UTC.
let fixedNow = ISO8601DateFormatter().date(from: "2026-11-27T10:00:00Z")!

/// A fresh database for one test: a SQLite file, or with TEND_TEST_BACKEND=postgres a database of its own
/// on the server TEND_TEST_POSTGRES_URL names (`.ci/run` runs the web tests both ways).
func withDatabase(_ body: (any TendDatabase) async throws -> Void) async throws {
    let env = ProcessInfo.processInfo.environment
    let db: any TendDatabase
    let cleanup: @Sendable () async -> Void
    if env["TEND_TEST_BACKEND"] == "postgres", let server = env["TEND_TEST_POSTGRES_URL"] {
        let name = "tend_web_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        db = try await PostgresTendDatabase.open(url: try await PostgresAdmin.createDatabase(String(name), serverURL: server), poolSize: 8)
        cleanup = { try? await PostgresAdmin.dropDatabase(String(name), serverURL: server) }
    } else {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-web-\(UUID().uuidString)")
        db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("tend.sqlite").path)
        cleanup = { try? FileManager.default.removeItem(at: folder) }
    }
    do { try await body(db) } catch {
        try? await db.close()
        await cleanup()
        throw error
    }
    try await db.close()
    await cleanup()
}

/// The real application over `db`, tested through its router (no network).
func withApp(_ db: any TendDatabase, policy: TendServicesPolicy = .open, trustProxy: Bool = false,
             clock: TestClock = TestClock(),
             _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let app = try buildApplication(database: db, configuration: WebConfiguration(signUpPolicy: policy, trustProxy: trustProxy,
                                                                                 bcryptCost: 4, logLevel: .error),
                                   now: { clock.now })
    try await app.test(.router) { client in try await body(client) }
}

typealias TendServicesPolicy = Accounts.SignUpPolicy

/// A clock a test moves forward by hand; it starts at `fixedNow`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = fixedNow
    var now: Date { lock.withLock { current } }
    func advance(seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// A browser: keeps cookies, sends forms with the CSRF token, follows nothing by itself.
final class Browser: @unchecked Sendable {
    typealias Exchange = @Sendable (String, HTTPRequest.Method, HTTPFields, ByteBuffer?) async throws -> (HTTPResponse.Status, HTTPFields, ByteBuffer)
    let send: Exchange
    var cookies: [String: String] = [:]

    /// A browser on the application's test client.
    init(_ client: any TestClientProtocol) {
        send = { uri, method, headers, body in
            let r = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            return (r.status, r.headers, r.body)
        }
    }

    /// A browser with a connection of its own to a live server.
    init(connection: TestClient) {
        send = { uri, method, headers, body in
            let r = try await connection.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
            return (r.status, r.headers, r.body ?? ByteBuffer())
        }
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
        func setCookie(_ name: String) -> String? { headers[values: .setCookie].first { $0.hasPrefix(name + "=") } }
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

    var cookieHeader: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0)=\($1)" }.sorted().joined(separator: "; ") }
        return h
    }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        var h = cookieHeader
        for f in headers { h.append(f) }
        let (status, responseHeaders, body) = try await send(uri, .get, h, nil)
        remember(responseHeaders)
        return Page(status: status, headers: responseHeaders, body: String(buffer: body))
    }

    /// Posts a form; `csrf: nil` sends the browser's token, `.some(x)` sends x instead (or none with "").
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil, headers: HTTPFields = [:]) async throws -> Page {
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
    func postFile(_ uri: String, file: (name: String, filename: String, data: Data), _ fields: [(String, String)] = []) async throws -> Page {
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

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s).replacingOccurrences(of: "%20", with: "+")
    }

    /// Signs up and stays signed in.
    func signUp(_ email: String, password: String = "correct horse battery") async throws {
        let page = try await post("/signup", [("email", email), ("password", password)])
        #expect(page.status == .seeOther, "sign-up failed: \(page.body)")
    }

    /// The id at the end of a redirect like /people/12.
    func createdID(_ page: Page) -> Int64? {
        page.location.flatMap { $0.split(separator: "/").last.flatMap { Int64($0.split(separator: "#")[0]) } }
    }
}
