import Foundation
import Testing
import TendTestSupport

/// `tend app-password` through the real binary (issue 15).
@Suite struct AppPasswordCLITests {
    @Test func createListRevoke() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let created = try cli.run(["app-password", "create", "Ana's iPhone"], environment: ["TEND_NOW": "2026-11-27T10:00:00Z"])
        #expect(created.status == 0)
        #expect(created.out.wholeMatch(of: /[a-z]{5}-[a-z]{5}-[a-z]{5}-[a-z]{5}\n/) != nil, "only the password on standard output: \(created.out)")
        #expect(created.err.contains("created app password 1 'Ana's iPhone'") && created.err.contains("not shown again"))
        #expect(created.err.contains("/dav/1/contacts/"))
        let laptop = try #require(try cli.json(["app-password", "create", "laptop"]) as? [String: Any])
        #expect((laptop["password"] as? String)?.count == 23 && laptop["path"] as? String == "/dav/1/contacts/")

        let list = try cli.ok(["app-password", "list"])
        #expect(list.contains("1  Ana's iPhone  created 2026-11-27T10:00:00") && list.contains("2  laptop") && list.contains("never used"))
        #expect(!list.contains(created.out.trimmingCharacters(in: .whitespacesAndNewlines)), "never shown again")
        #expect(try cli.ok(["app-password", "revoke", "1"]) == "Revoked app password 1.\n")
        for (arguments, message) in [
            (["app-password", "revoke", "1"], "no app password 1; `tend app-password list` shows them"),
            (["app-password", "create", " "], "name the app password"),
            (["app-password", "list", "--account", "nobody@example.com"], "no account with the email nobody@example.com"),
        ] {
            let r = try cli.run(arguments)
            #expect(r.status != 0 && r.err.contains(message), "\(arguments): \(r.err)")
        }
        #expect((try cli.json(["app-password", "list"]) as? [[String: Any]])?.map { $0["name"] as? String } == ["laptop"])
    }
}
