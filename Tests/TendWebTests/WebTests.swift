import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendServices
import TendSQLite

@Suite struct AuthTests {
    @Test func signUpSignOutSignIn() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                // Pages need an account.
                let anonymous = try await b.get("/people")
                #expect(anonymous.status == .seeOther && anonymous.location == "/login?next=%2Fpeople")

                let signUp = try await b.post("/signup", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(signUp.status == .seeOther && signUp.location == "/today")
                let cookie = try #require(signUp.setCookie("tend_session"))
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
                let today = try await b.get("/today")
                #expect(today.status == .ok && today.body.contains("<h1>Today</h1>") && today.body.contains("ana@example.com"))
                #expect(today.body.contains("Welcome to Tend!"), "the flash after sign-up")
                #expect(!(try await b.get("/today")).body.contains("Welcome to Tend!"), "a flash shows once")

                #expect(try await b.post("/logout", []).location == "/login")
                #expect(try await b.get("/today").status == .seeOther)

                let wrong = try await b.post("/login", [("email", "ana@example.com"), ("password", "wrong password")])
                #expect(wrong.status == .unauthorized && wrong.body.contains("That email and password do not match an account."))
                #expect(wrong.body.contains(#"value="ana@example.com""#), "the email is kept")
                let right = try await b.post("/login", [("email", "ANA@example.com"), ("password", "correct horse battery"), ("next", "/people")])
                #expect(right.status == .seeOther && right.location == "/people")
                #expect(try await b.get("/people").status == .ok)
                // Only paths on this site are followed after sign-in.
                _ = try await b.post("/logout", [])
                let offsite = try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery"), ("next", "//evil.example")])
                #expect(offsite.location == "/today")
            }
        }
    }

    @Test func signUpRefusesBadInputAndDuplicates() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                let short = try await b.post("/signup", [("email", "ana@example.com"), ("password", "short")])
                #expect(short.status == .badRequest && short.body.contains("A password needs at least 8 characters."))
                let bad = try await b.post("/signup", [("email", "not-an-email"), ("password", "long enough pass")])
                #expect(bad.status == .badRequest && bad.body.contains("is not an email address"))
                try await b.signUp("ana@example.com")
                let again = try await Browser(client).post("/signup", [("email", "Ana@Example.com"), ("password", "long enough pass")])
                #expect(again.status == .badRequest && again.body.contains("exists already"))
            }
        }
    }

    @Test func signUpClosesAfterTheFirstAccountWhenConfigured() async throws {
        try await withDatabase { db throws in
            try await withApp(db, policy: .first) { client throws in
                try await Browser(client).signUp("owner@example.com")
                let second = Browser(client)
                #expect(try await second.get("/signup").status == .forbidden)
                let post = try await second.post("/signup", [("email", "other@example.com"), ("password", "long enough pass")])
                #expect(post.status == .forbidden && post.body.contains("Sign-up is closed on this server."))
                #expect(!(try await second.get("/login")).body.contains("Create an account"))
            }
        }
    }

    @Test func theFirstSignUpTakesOverTheCLIsPeople() async throws {
        try await withDatabase { db throws in
            let local = try await db.accounts.localAccount()
            _ = try await Tending(database: db, account: local).addPerson(Profile(displayName: "Ana Souza"), tier: .familiar, on: Day("2026-01-01")!)
            try await withApp(db, policy: .first) { client throws in
                let b = Browser(client)
                try await b.signUp("me@example.com")
                #expect(try await b.get("/people").body.contains("Ana Souza"))
            }
            #expect(try await db.accounts.localAccount() == local, "the CLI keeps working on the same account")
        }
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                try await Browser(client).signUp("ana@example.com")
                let b = Browser(client)
                for _ in 0..<5 {
                    #expect(try await b.post("/login", [("email", "ana@example.com"), ("password", "guess guess")]).status == .unauthorized)
                }
                let blocked = try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(blocked.status == .tooManyRequests)
                #expect(blocked.body.contains("Too many attempts. Try again in 15 minutes."))
                #expect(blocked.headers[.retryAfter] == "900")
                // Other accounts from elsewhere are not blocked by it... but this address is.
                let other = try await b.post("/login", [("email", "someone@example.com"), ("password", "whatever pass")])
                #expect(other.status == .tooManyRequests, "five failures from one address block it too")
            }
        }
    }

    @Test func sessionsSurviveARestart() async throws {
        try await withDatabase { db throws in
            let jar = CookieJar()
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                jar.cookies = b.cookies
            }
            try await withApp(db) { client throws in
                let b = Browser(client)
                b.cookies = jar.cookies
                #expect(try await b.get("/today").status == .ok)
            }
        }
    }

    @Test func cookiesAreSecureBehindATrustedTLSProxy() async throws {
        try await withDatabase { db throws in
            try await withApp(db, trustProxy: true) { client throws in
                let b = Browser(client)
                let page = try await b.post("/signup", [("email", "ana@example.com"), ("password", "correct horse battery")],
                                            headers: [.init("X-Forwarded-Proto")!: "https"])
                #expect(page.setCookie("tend_session")?.contains("; Secure") == true)
            }
            try await withApp(db, trustProxy: false) { client throws in
                let b = Browser(client)
                let page = try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")],
                                            headers: [.init("X-Forwarded-Proto")!: "https"])
                #expect(page.setCookie("tend_session")?.contains("Secure") == false, "an untrusted header changes nothing")
            }
        }
    }
}

final class CookieJar: @unchecked Sendable {
    var cookies: [String: String] = [:]
}

@Suite struct ProtectionTests {
    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let none = try await b.post("/people", [("name", "Ben"), ("tier", "familiar")], csrf: "")
                #expect(none.status == .forbidden && none.body.contains("This form has expired"))
                let forged = try await b.post("/people", [("name", "Ben"), ("tier", "familiar")], csrf: "forged-token")
                #expect(forged.status == .forbidden)
                let crossSite = try await b.post("/people", [("name", "Ben"), ("tier", "familiar")],
                                                 headers: [.origin: "https://evil.example"])
                #expect(crossSite.status == .forbidden && crossSite.body.contains("another site"))
                #expect(try await b.post("/logout", [], csrf: "").status == .forbidden)
                #expect(!(try await b.get("/people")).body.contains("Ben"), "nothing was written")
            }
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let huge = try await b.post("/people", [("name", "Ben"), ("notes", String(repeating: "x", count: 100_000))])
                #expect(huge.status == .contentTooLarge)
            }
        }
    }

    @Test func userInputIsEscapedEverywhere() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let evil = "<script>alert(1)</script>"
                let created = try await b.post("/people", [("name", evil), ("tier", "meaningful"), ("birthday", "11-27"), ("notes", "\"><img src=x onerror=alert(2)>")])
                let id = try #require(b.createdID(created))
                for page in ["/people/\(id)", "/people", "/today", "/people/\(id)/edit", "/network"] {
                    let body = try await b.get(page).body
                    #expect(!body.contains(evil) && !body.contains("<img src=x"), "\(page) renders input as text")
                }
                #expect(try await b.get("/people/\(id)").body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(try await b.get("/today").headers[.init("Content-Security-Policy")!]?.contains("script-src 'self'") == true)
            }
        }
    }

    @Test func unknownAndMalformedIdsAreNotFound() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                for uri in ["/people/999999", "/people/abc", "/people/999999/edit", "/touches/5", "/moments/5", "/nowhere"] {
                    #expect(try await b.get(uri).status == .notFound, "\(uri)")
                }
                #expect(try await b.post("/people/999999/touches", [("intent", "check-in"), ("channel", "call")]).status == .notFound)
            }
        }
    }
}

@Suite struct IsolationTests {
    /// Account B never sees account A's people, touches or moments: each of A's URLs is a 404 for B.
    @Test func anotherAccountsRecordsAreNotFound() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let a = Browser(client)
                try await a.signUp("a@example.com")
                let created = try await a.post("/people", [("name", "Ana Private"), ("tier", "intimate")])
                let person = try #require(a.createdID(created))
                _ = try await a.post("/people/\(person)/touches", [("intent", "check-in"), ("channel", "call"), ("date", "2026-11-20"), ("note", "secret")])
                _ = try await a.post("/people/\(person)/moments", [("kind", "win:promotion"), ("about", "self"), ("date", "2026-11-25")])
                let page = try await a.get("/people/\(person)").body
                let touch = try #require(page.firstMatch(of: /id="touch-(\d+)"/).map { String($0.1) })
                let moment = try #require(page.firstMatch(of: /id="moment-(\d+)"/).map { String($0.1) })
                #expect(try await a.get("/touches/\(touch)").location == "/people/\(person)#touch-\(touch)")
                #expect(try await a.get("/moments/\(moment)").location == "/people/\(person)#moment-\(moment)")

                let b = Browser(client)
                try await b.signUp("b@example.com")
                for uri in ["/people/\(person)", "/people/\(person)/edit", "/touches/\(touch)", "/moments/\(moment)"] {
                    let r = try await b.get(uri)
                    #expect(r.status == .notFound, "\(uri)")
                    #expect(!r.body.contains("Ana Private") && !r.body.contains("secret"))
                }
                for (uri, fields) in [("/people/\(person)/touches", [("intent", "check-in"), ("channel", "call")]),
                                      ("/people/\(person)/moments", [("kind", "win:award")]), ("/people/\(person)", [("name", "Stolen"), ("tier", "familiar")]),
                                      ("/people/\(person)/tier", [("tier", "meaningful")]), ("/people/\(person)/archive", [("archived", "true")]),
                                      ("/people/\(person)/merge", [("duplicate", "1")]), ("/moments/\(moment)/dismiss", [])] {
                    #expect(try await b.post(uri, fields).status == .notFound, "POST \(uri)")
                }
                #expect(!(try await b.get("/people?q=ana")).body.contains("Ana Private"))
                #expect(!(try await b.get("/today")).body.contains("Ana Private"))
                // A's person is as A left it.
                let after = try await a.get("/people/\(person)").body
                #expect(after.contains("Ana Private") && after.contains("secret") && after.contains("· open"))
            }
        }
    }
}
