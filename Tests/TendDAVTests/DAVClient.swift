import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TendCore
import TendInterop
import TendServices
import TendStore
import TendTestSupport

/// A CardDAV client on the application's test client: Basic auth with an app password, raw requests, multistatus read.
struct DAVClient {
    let client: any TestClientProtocol
    var user: String
    var password: String

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var xml: XMLNode? { try? SafeXML.parse(Data(body.utf8)) }
        var etag: String? { headers[.eTag] }

        /// The multistatus's responses: href, the status of a response without propstats, and each propstat.
        var responses: [Response] {
            (xml?.children(named: "response") ?? []).map { r in
                Response(href: r.child("href")?.text ?? "", status: r.child("status")?.text,
                         propstats: r.children(named: "propstat").map { ps in
                             (ps.child("status")?.text ?? "", ps.child("prop")?.children ?? [])
                         })
            }
        }

        func response(_ href: String) -> Response? { responses.first { $0.href == href } }
    }

    struct Response {
        var href: String
        var status: String?
        var propstats: [(status: String, props: [XMLNode])]

        /// A property found (in a 200 propstat).
        func prop(_ name: String) -> XMLNode? {
            propstats.first { $0.status.contains("200") }?.props.first { $0.name == name }
        }

        func missing(_ name: String) -> Bool {
            propstats.contains { $0.status.contains("404") && $0.props.contains { $0.name == name } }
        }
    }

    func call(_ method: String, _ path: String, depth: String? = nil, headers extra: [String: String] = [:], body: String? = nil,
              authenticated: Bool = true) async throws -> Reply {
        var headers: HTTPFields = [:]
        if authenticated { headers[.authorization] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
        if let depth { headers[HTTPField.Name("Depth")!] = depth }
        if body != nil, extra["Content-Type"] == nil { headers[.contentType] = "application/xml; charset=utf-8" }
        for (k, v) in extra { headers[HTTPField.Name(k)!] = v }
        let r = try await client.execute(uri: path, method: HTTPRequest.Method(method)!, headers: headers,
                                         body: body.map { ByteBuffer(string: $0) })
        return Reply(status: r.status, headers: r.headers, body: String(buffer: r.body))
    }

    static func propfind(_ props: [String]) -> String {
        "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\" xmlns:cs=\"http://calendarserver.org/ns/\"><d:prop>"
            + props.map { "<\($0)/>" }.joined() + "</d:prop></d:propfind>"
    }

    static func multiget(_ hrefs: [String], version: String? = nil) -> String {
        "<?xml version=\"1.0\"?><c:addressbook-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\"><d:prop><d:getetag/>"
            + "<c:address-data\(version.map { " content-type=\"text/vcard\" version=\"\($0)\"" } ?? "")/></d:prop>"
            + hrefs.map { "<d:href>\($0)</d:href>" }.joined() + "</c:addressbook-multiget>"
    }

    static func syncCollection(_ token: String, limit: Int? = nil) -> String {
        "<?xml version=\"1.0\"?><d:sync-collection xmlns:d=\"DAV:\"><d:sync-token>\(token)</d:sync-token><d:sync-level>1</d:sync-level>"
            + (limit.map { "<d:limit><d:nresults>\($0)</d:nresults></d:limit>" } ?? "") + "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    }
}

/// An account with an app password and a few people, for the client sequences.
func davAccount(_ db: any TendDatabase, _ email: String = "ana@example.com", people: [String] = ["Ben Okafor", "Chen Wei"]) async throws
    -> (AccountID, String) {
    let account = try await db.accounts.create(email: email, passwordHash: "x")
    let (secret, _) = try await AppPasswords(store: db.accessTokens).create(for: account, name: "phone", at: fixedNow)
    let t = Tending(database: db, account: account)
    for name in people { try await t.add(name, emails: [name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com"]) }
    return (account, secret)
}

func vcard(_ name: String, uid: String, extra: [String] = []) -> String {
    let parts = name.split(separator: " ")
    return (["BEGIN:VCARD", "VERSION:3.0", "FN:\(name)", "N:\(parts.last ?? "");\(parts.first ?? "");;;"] + extra + ["UID:\(uid)", "END:VCARD"])
        .joined(separator: "\r\n") + "\r\n"
}
