import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendServices
import TendSQLite
import TendServer
import TendTestSupport

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

    @Test func guessingIsSlowedDownButTheOwnerIsNeverLockedOut() async throws {
        try await withDatabase { db throws in
            let clock = TestClock()
            try await withApp(db, clock: clock) { client throws in
                // The owner has signed in from this browser before: it carries a device cookie.
                let owner = Browser(client)
                try await owner.signUp("ana@example.com")
                _ = try await owner.post("/logout", [])
                let guesser = Browser(client)
                for _ in 0..<4 {
                    #expect(try await guesser.post("/login", [("email", "ana@example.com"), ("password", "guess guess")]).status == .unauthorized)
                }
                // Three failures are free; after the fourth, the next try waits a second, then 2, 4 … at most a minute.
                let slowed = try await guesser.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(slowed.status == .tooManyRequests && slowed.headers[.retryAfter] == "1")
                #expect(slowed.body.contains("Too many attempts. Try again in 1 seconds."))
                // The owner's own browser is judged by its own failures only.
                let mine = try await owner.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(mine.status == .seeOther && mine.location == "/today")
                // Another browser with the right password gets in once the short wait has passed: never a lock-out.
                clock.advance(seconds: 1)
                #expect(try await guesser.post("/login", [("email", "ana@example.com"), ("password", "guess again")]).status == .unauthorized)
                let longer = try await guesser.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(longer.headers[.retryAfter] == "2")
                for _ in 0..<20 {
                    clock.advance(seconds: 61)
                    _ = try await guesser.post("/login", [("email", "ana@example.com"), ("password", "guess guess")])
                }
                let capped = try await guesser.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                #expect(capped.headers[.retryAfter] == "60", "the wait never grows past a minute")
                clock.advance(seconds: 60)
                #expect(try await guesser.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")]).status == .seeOther)
            }
        }
    }

    @Test func behindATrustedProxyEachClientIsSlowedAlone() async throws {
        try await withDatabase { db throws in
            try await withApp(db, trustProxy: true) { client throws in
                try await Browser(client).signUp("ana@example.com")
                try await Browser(client).signUp("ben@example.com")
                let b = Browser(client)
                let guesser: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9"]
                for i in 0..<4 {
                    _ = try await b.post("/login", [("email", "user\(i)@example.com"), ("password", "guess guess")], headers: guesser)
                }
                #expect(try await b.post("/login", [("email", "ben@example.com"), ("password", "guess guess")], headers: guesser).status == .tooManyRequests)
                // Someone else behind the same proxy is not slowed by that client.
                let other = try await Browser(client).post("/login", [("email", "ben@example.com"), ("password", "correct horse battery")],
                                                          headers: [.init("X-Forwarded-For")!: "spoofed, 198.51.100.7"])
                #expect(other.status == .seeOther)
            }
        }
    }

    @Test func signUpAttemptsAreSlowedDown() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                try await Browser(client).signUp("ana@example.com")
                let prober = Browser(client)
                for _ in 0..<4 {
                    #expect(try await prober.post("/signup", [("email", "ana@example.com"), ("password", "long enough pass")]).status == .badRequest)
                }
                let slowed = try await prober.post("/signup", [("email", "ben@example.com"), ("password", "long enough pass")])
                #expect(slowed.status == .tooManyRequests && slowed.headers[.retryAfter] != nil)
            }
        }
    }

    @Test func changingThePasswordEndsEveryOtherSession() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let laptop = Browser(client), phone = Browser(client)
                try await laptop.signUp("ana@example.com")
                #expect(try await phone.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")]).status == .seeOther)
                let before = laptop.cookies["tend_session"]
                let changed = try await laptop.post("/settings/password", [("current", "correct horse battery"), ("new", "a brand new password")])
                #expect(changed.status == .seeOther)
                #expect(laptop.cookies["tend_session"] != before, "the session that changed it goes on under a new id")
                #expect(try await laptop.get("/today").status == .ok)
                let signedOut = try await phone.get("/today")
                #expect(signedOut.status == .seeOther && signedOut.location?.hasPrefix("/login") == true)
                #expect(try await phone.post("/login", [("email", "ana@example.com"), ("password", "a brand new password")]).status == .seeOther)
            }
        }
    }

    @Test func signingInGivesANewCSRFToken() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                try await Browser(client).signUp("ana@example.com")
                let b = Browser(client)
                _ = try await b.get("/login")
                let planted = try #require(b.cookies["tend_csrf"])
                #expect(try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")]).status == .seeOther)
                #expect(b.cookies["tend_csrf"] != planted)
                #expect(try await b.post("/people", [("name", "Ben"), ("tier", "familiar")]).status == .seeOther, "forms work with the new token")
                #expect(try await b.post("/people", [("name", "Chloé"), ("tier", "familiar")], csrf: planted).status == .forbidden)
            }
        }
    }

    @Test func onlyPathsOnThisSiteAreFollowedAfterSignIn() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                try await Browser(client).signUp("ana@example.com")
                for next in ["/\t/evil.example", "/\n/evil.example", "/ /evil.example", "/\\evil.example", "//evil.example",
                             "https://evil.example", "/\u{0}/evil", "/\u{2028}/evil"] {
                    let page = try await Browser(client).post("/login", [("email", "ana@example.com"), ("password", "correct horse battery"), ("next", next)])
                    #expect(page.location == "/today", "next=\(next.debugDescription)")
                }
                let fine = try await Browser(client).post("/login", [("email", "ana@example.com"), ("password", "correct horse battery"), ("next", "/people?tier=intimate")])
                #expect(fine.location == "/people?tier=intimate")
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

    @Test func aFormFromAnotherPortIsRefused() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                let page = try await b.post("/people", [("name", "Ben"), ("tier", "familiar")],
                                            headers: [.origin: "http://localhost:8081"])
                #expect(page.status == .forbidden)
                let same = try await b.post("/people", [("name", "Ben"), ("tier", "familiar")],
                                            headers: [.origin: "https://localhost"])
                #expect(same.status == .seeOther)
            }
        }
    }

    /// Each of these once crashed the whole server (issue 12).
    @Test func inputsThatCrashedTheServerAreAnswered() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                // No account needed: an empty multipart boundary reached a precondition in MultipartKit.
                for type in ["multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"", "multipart/form-data; boundary= ",
                             "multipart/form-data", "multipart/form-data; boundary=\(String(repeating: "x", count: 71))"] {
                    let anonymous = Browser(client)
                    _ = try await anonymous.get("/login")
                    let token = anonymous.cookies["tend_csrf"] ?? ""
                    var headers = anonymous.cookieHeader
                    headers[.contentType] = type
                    let (status, _, _) = try await anonymous.send("/login", .post, headers, ByteBuffer(string: "_csrf=\(token)"))
                    #expect(status == .badRequest, "\(type)")
                }
                // A byte of 0x80 or more in a part's header name trapped in MultipartKit (found by the fuzzer);
                // a filename in UTF-8, in a header's value, is fine.
                let anonymous = Browser(client)
                _ = try await anonymous.get("/login")
                var headers = anonymous.cookieHeader
                headers[.contentType] = "multipart/form-data; boundary=XyZ"
                let token = anonymous.cookies["tend_csrf"] ?? ""
                let high = Data("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--XyZ\r\nX-".utf8) + Data([0xC3, 0xA9])
                    + Data(": x\r\n\r\nbody\r\n--XyZ--\r\n".utf8)
                #expect(try await anonymous.send("/login", .post, headers, ByteBuffer(bytes: high)).0 == .badRequest)
                let utf8Name = Data("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--XyZ\r\nContent-Disposition: form-data; name=\"email\"; filename=\"café.vcf\"\r\n\r\nx\r\n--XyZ--\r\n".utf8)
                #expect(try await anonymous.send("/login", .post, headers, ByteBuffer(bytes: utf8Name)).0 != .badRequest)
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                // Far dates: a birthday in the year 10000 was force-unwrapped.
                _ = try await b.post("/people", [("name", "Ben"), ("tier", "intimate"), ("birthday", "1990-12-31")])
                #expect(try await b.get("/today?date=9999-12-31").status == .ok)
                #expect(try await b.get("/network?date=0001-01-01").status == .ok)
                #expect(try await b.get("/today?date=10000-01-01").status == .badRequest)
                // Page numbers past Int's range once overflowed.
                #expect(try await b.get("/people?page=9223372036854775807").status == .ok)
                #expect(try await b.get("/people?page=-9223372036854775808").status == .ok)
            }
        }
    }

    @Test func anUploadFromAStrangerIsNotRead() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let stranger = Browser(client)
                let page = try await stranger.postFile("/import", file: ("file", "big.vcf", Data(repeating: 65, count: 1_000_000)))
                #expect(page.status == .seeOther && page.location == "/login")
            }
        }
    }

    @Test func aBodyThatTricklesIsCutOff() async throws {
        try await withDatabase { db throws in
            let app = try buildApplication(database: db, configuration: testConfiguration(port: 0, bodyTimeout: .seconds(1)),
                                           now: { fixedNow })
            try await app.test(.live) { live throws in
                let port = try #require(live.port)
                // Headers promise 100 bytes; one arrives. The server must close the connection at the deadline.
                let answer = try await RawConnection.exchange(port: port, send: """
                    POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: tend_csrf=abc\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\na
                    """, waitAtMost: 20)
                #expect(answer.closed, "the server closed the connection")
                #expect(answer.seconds < 15)
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
