import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import TendWeb
import TendCore
import TendSQLite
import TendStore
import TendServices

/// A fixed clock: 27 November 2026, 10:00 UTC.
let fixedNow = ISO8601DateFormatter().date(from: "2026-11-27T10:00:00Z")!

/// A fresh SQLite file for one test.
func withDatabase(_ body: (SQLiteTendDatabase) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-web-\(UUID().uuidString)")
    let db = try await SQLiteTendDatabase.open(path: folder.appendingPathComponent("tend.sqlite").path)
    do { try await body(db) } catch {
        try? await db.close()
        try? FileManager.default.removeItem(at: folder)
        throw error
    }
    try await db.close()
    try? FileManager.default.removeItem(at: folder)
}

/// The real application over `db`, tested through its router (no network).
func withApp(_ db: SQLiteTendDatabase, policy: TendServicesPolicy = .open, trustProxy: Bool = false,
             _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    let app = try buildApplication(database: db, configuration: WebConfiguration(signUpPolicy: policy, trustProxy: trustProxy,
                                                                                 bcryptCost: 4, logLevel: .error),
                                   now: { fixedNow })
    try await app.test(.router) { client in try await body(client) }
}

typealias TendServicesPolicy = Accounts.SignUpPolicy

/// A browser: keeps cookies, sends forms with the CSRF token, follows nothing by itself.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
        func setCookie(_ name: String) -> String? { headers[values: .setCookie].first { $0.hasPrefix(name + "=") } }
    }

    private func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
    }

    private var cookieHeader: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0)=\($1)" }.sorted().joined(separator: "; ") }
        return h
    }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        var h = cookieHeader
        for f in headers { h.append(f) }
        let r = try await client.execute(uri: uri, method: .get, headers: h)
        remember(r)
        return Page(status: r.status, headers: r.headers, body: String(buffer: r.body))
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
        let r = try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
        remember(r)
        return Page(status: r.status, headers: r.headers, body: String(buffer: r.body))
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
