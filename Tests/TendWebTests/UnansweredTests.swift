import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TendTestSupport

/// What no route answers, through the whole server (`TendServer`'s `UnansweredMiddleware`): an error page
/// for a browser, a problem document under `/api/`, and nothing read from a body sent to nowhere.
@Suite struct UnansweredTests {
    @Test func nowhereIsAPageForBrowsersAndAProblemForTheAPI() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let page = try await client.execute(uri: "/nowhere", method: .get)
                #expect(page.status == .notFound && page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: page.body).contains("<h1>Not found</h1>"))
                #expect(page.headers[.init("Content-Security-Policy")!] != nil, "every answer carries the security headers")

                // Hummingbird answers a method a path does not take as not found.
                let wrongMethod = try await client.execute(uri: "/health", method: .post)
                #expect(wrongMethod.status == .notFound && wrongMethod.headers[.contentType] == "text/html; charset=utf-8", "\(wrongMethod.status)")

                let api = try await client.execute(uri: "/api/v1/nowhere", method: .get)
                #expect(api.status == .notFound && api.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: api.body).contains("/api/openapi.yaml lists them"))
                let apiMethod = try await client.execute(uri: "/api/openapi.yaml", method: .delete)
                #expect(apiMethod.status == .notFound && apiMethod.headers[.contentType] == "application/problem+json", "\(apiMethod.status)")

                // A body sent where nothing answers is not read: no multipart parsing, no CSRF check, a plain 404.
                let stray = try await client.execute(uri: "/nowhere", method: .post,
                                                     headers: [.contentType: "multipart/form-data; boundary="], body: ByteBuffer(string: "x"))
                #expect(stray.status == .notFound)
            }
        }
    }
}
