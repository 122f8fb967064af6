import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TendTestSupport

/// `tend token` through the real binary, and the README's curl example against a real `tend serve`.
@Suite struct TokenCLITests {
    @Test func createListRevoke() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let created = try cli.run(["token", "create", "mail filter"])
        #expect(created.status == 0)
        #expect(created.out.wholeMatch(of: /tend_[A-Za-z0-9_-]{43}\n/) != nil, "only the token on standard output: \(created.out)")
        #expect(created.err.contains("created token 1 'mail filter' (read-write)") && created.err.contains("not shown again"))
        let watch = try #require(try cli.json(["token", "create", "watch", "--read-only"]) as? [String: Any])
        #expect(watch["scope"] as? String == "read" && (watch["token"] as? String)?.hasPrefix("tend_") == true)

        let list = try cli.ok(["token", "list"])
        #expect(list.contains("1  mail filter  read-write  created ") && list.contains("2  watch  read-only") && list.contains("never used"))
        let fixed = try cli.run(["token", "create", "clocked"], environment: ["TEND_NOW": "2026-11-27T10:00:00Z"])
        let clocked = try cli.ok(["token", "list"])
        #expect(fixed.succeeded && clocked.contains("3  clocked  read-write  created 2026-11-27T10:00:00"))
        #expect(try cli.ok(["token", "revoke", "3"]) == "Revoked token 3.\n")
        #expect(!list.contains(created.out.trimmingCharacters(in: .whitespacesAndNewlines)), "a token is never shown again")
        #expect(try cli.ok(["token", "revoke", "1"]) == "Revoked token 1.\n")
        #expect((try cli.json(["token", "list"]) as? [[String: Any]])?.map { $0["name"] as? String } == ["watch"])

        for (arguments, message) in [
            (["token", "revoke", "1"], "no token 1"),
            (["token", "revoke", "abc"], "abc"),
            (["token", "create", "  "], "name the token"),
            (["token", "create", String(repeating: "x", count: 101)], "at most 100 characters"),
            (["token", "list", "--account", "nobody@example.com"], "no account with the email nobody@example.com"),
        ] {
            let r = try cli.run(arguments)
            #expect(r.status != 0 && r.err.contains(message), "\(arguments): \(r.err)")
        }
        #expect((try cli.json(["token", "list"]) as? [Any])?.count == 1, "nothing half-written")
    }

    @Test func theReadmeCurlExampleLogsATouch() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        try cli.ok(["add", "Ana Lima", "--tier", "intimate"])
        let token = try cli.ok(["token", "create", "mail filter"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let port = Int.random(in: 20_000...40_000)
        let server = Process()
        server.executableURL = CLI.binary
        server.arguments = ["serve", "--db", cli.db, "--port", String(port)]
        server.environment = ["HOME": cli.home.path, "TZ": "UTC", "TEND_NOW": "2026-11-27T10:00:00Z"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let base = "http://127.0.0.1:\(port)"
        var up = false
        for _ in 0..<200 where !up {
            up = (try? await URLSession.shared.data(from: URL(string: base + "/health")!)) != nil
            if !up { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(up)

        // As the README writes it.
        var request = URLRequest(url: URL(string: base + "/api/v1/touches")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"people": [1], "intent": "check-in", "channel": "email", "note": "Replied about the offsite"}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: data, as: UTF8.self))")
        let shown = try #require(try cli.json(["show", "Ana"]) as? [String: Any])
        #expect((shown["touches"] as? [[String: Any]])?.first?["note"] as? String == "Replied about the offsite")
        #expect(try cli.ok(["token", "list"]).contains("last used 2026-11-27T10:00:00"))
    }
}
