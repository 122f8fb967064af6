import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TendCore
import TendInterop
import TendServices
import TendTestSupport

/// Settings → Phones and address books (issue 15): the addresses to type, app passwords shown once and revocable, and
/// Apple's configuration profile.
@Suite struct PhonesSettingsTests {
    @Test func anAppPasswordFromSettingsOpensTheAddressBookUntilRevoked() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let settings = try await b.get("/settings")
                #expect(settings.body.contains("Phones and address books"))
                #expect(settings.body.contains("/dav/") && settings.body.contains("<code>ana@example.com</code>"))
                let empty = try await b.post("/settings/app-passwords", [("name", "  ")])
                #expect(empty.status == .badRequest && empty.body.contains("Name the app password"))

                let created = try await b.post("/settings/app-passwords", [("name", "Ana's iPhone")])
                #expect(created.status == .ok && created.headers[.cacheControl] == "no-store")
                let secret = String(try #require(created.body.firstMatch(of: /id="new-app-password" value="([a-z]{5}-[a-z]{5}-[a-z]{5}-[a-z]{5})"/)?.1))
                let later = try await b.get("/settings")
                #expect(!later.body.contains(secret), "shown once")
                #expect(later.body.contains("iPhone</td><td>2026-11-27</td><td>Never</td>"))

                let book = try #require(later.body.firstMatch(of: /<code>http:\/\/[^<]*(\/dav\/\d+\/contacts\/)<\/code>/)?.1)
                let dav = DAVClient(client: client, user: "ana@example.com", password: secret)
                #expect(try await dav.call("PROPFIND", String(book), depth: "0").status.code == 207)

                let profile = try await b.get("/settings/tend.mobileconfig")
                #expect(profile.status == .ok && profile.headers[.contentType] == "application/x-apple-aspen-config")
                #expect(profile.body.contains("<string>com.apple.carddav.account</string>") && profile.body.contains("<string>ana@example.com</string>"))
                #expect(!profile.body.contains(secret), "the profile holds no secret")
                #expect(try PropertyListSerialization.propertyList(from: Data(profile.body.utf8), format: nil) is [String: Any])

                let id = try #require(later.body.firstMatch(of: /action="\/settings\/app-passwords\/(\d+)\/revoke"/)?.1)
                let revoked = try await b.post("/settings/app-passwords/\(id)/revoke", [])
                #expect(revoked.status == .seeOther)
                #expect(try await dav.call("PROPFIND", String(book), depth: "0").status == .unauthorized)
                #expect(try await b.post("/settings/app-passwords/\(id)/revoke", []).status == .notFound)
            }
        }
    }
}
