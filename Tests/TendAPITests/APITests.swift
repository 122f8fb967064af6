import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import TendAPI
import TendCore
import TendServices
import TendStore
import TendTestSupport

/// A script calling the JSON API with a token.
struct APIClient: Sendable {
    let client: any TestClientProtocol
    let token: String?

    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
        var isProblem: Bool { headers[.contentType] == "application/problem+json" && json["status"] as? Int == Int(status.code) }
    }

    func call(_ method: HTTPRequest.Method, _ path: String, json: Any? = nil, body: String? = nil, contentType: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            headers[.contentType] = contentType ?? "text/plain"
            buffer = ByteBuffer(string: body)
        }
        let r = try await client.execute(uri: "/api/v1" + path, method: method, headers: headers, body: buffer)
        return Reply(status: r.status, headers: r.headers, text: String(buffer: r.body))
    }

    func get(_ path: String) async throws -> Reply { try await call(.get, path) }
    func post(_ path: String, _ json: Any? = nil) async throws -> Reply { try await call(.post, path, json: json) }
}

/// An account with a token of `scope`, straight through the services the Settings page calls.
func accountWithToken(_ db: any TendDatabase, _ email: String, scope: TokenScope = .write) async throws -> (AccountID, String) {
    let account = try await db.accounts.create(email: email, passwordHash: "x")
    let (secret, _) = try await APITokens(store: db.accessTokens).create(for: account, name: "test", scope: scope, at: fixedNow)
    return (account, secret)
}

@Suite struct APITests {
    static let cards = """
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chloé Martin\r\nEMAIL:chloe@example.com\r\nEND:VCARD\r
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dev Patel\r\nTEL:+44 7700 900123\r\nEND:VCARD\r

        """

    func id(_ r: APIClient.Reply) throws -> Int64 { try #require((r.json["id"] as? NSNumber)?.int64Value) }

    @Test func everyOperationThroughTheServices() async throws {
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "ana@example.com")
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)

                // People
                let ana = try await api.post("/people", ["name": "Ana Lima", "tier": "meaningful", "birthday": "1986-11-27",
                                                         "tags": ["Climbing", "work"], "emails": ["ana@example.com"], "company": "Northwind",
                                                         "links": [["label": "LinkedIn", "url": "https://www.linkedin.com/in/ana"]]])
                #expect(ana.status == .created, "\(ana.text)")
                #expect(ana.json["tags"] as? [String] == ["climbing", "work"] && ana.json["birthday"] as? String == "1986-11-27")
                #expect(ana.json["nextDue"] as? String == "2026-12-18", "meaningful: 21 days from being added")
                let anaID = try id(ana)
                let ben = try await api.post("/people", ["name": "Ben Okafor", "targetTier": "intimate", "cadenceDays": 30])
                #expect(ben.status == .created && ben.json["tier"] as? String == "familiar" && ben.json["targetTier"] as? String == "intimate")
                let benID = try id(ben)

                let all = try await api.get("/people")
                #expect(all.status == .ok && all.items.map { $0["name"] as? String } == ["Ana Lima", "Ben Okafor"] && all.json["total"] as? Int == 2)
                let first = try await api.get("/people?limit=1")
                let cursor = try #require(first.json["nextCursor"] as? String)
                let second = try await api.get("/people?limit=1&cursor=\(cursor)")
                #expect(first.items.first?["name"] as? String == "Ana Lima" && second.items.first?["name"] as? String == "Ben Okafor")
                #expect(second.json["nextCursor"] == nil)
                #expect(try await api.get("/people?tier=meaningful").items.count == 1)
                #expect(try await api.get("/people?tag=climbing").items.count == 1)
                #expect(try await api.get("/people?q=okafor").items.first?["id"] as? Int64 == benID)
                #expect(try await api.get("/people?sort=name&descending=true").items.first?["name"] as? String == "Ben Okafor")
                #expect(try await api.get("/search?q=northwind").items.map { $0["name"] as? String } == ["Ana Lima"])

                let edited = try await api.call(.patch, "/people/\(anaID)", json: ["company": "", "city": "Lisbon", "tier": "intimate",
                                                                                    "reason": "moved away"])
                #expect(edited.status == .ok && edited.json["company"] == nil && edited.json["city"] as? String == "Lisbon")
                #expect(edited.json["emails"] as? [String] == ["ana@example.com"], "fields left out are kept")
                let history = try await api.get("/people/\(anaID)/tier-changes")
                #expect(history.items.map { $0["to"] as? String } == ["meaningful", "intimate"] && history.items.last?["reason"] as? String == "moved away")
                let moved = try await api.post("/people/\(anaID)/tier-changes", ["tier": "meaningful", "date": "2026-11-20"])
                #expect(moved.status == .created && moved.json["tier"] as? String == "meaningful")
                let changes = try await api.get("/people/\(anaID)/tier-changes").items
                #expect(changes.count == 3 && changes.contains { $0["on"] as? String == "2026-11-20" && $0["to"] as? String == "meaningful" })

                let related = try await api.post("/people/\(anaID)/relations", ["kind": "partner", "personId": benID])
                #expect(related.status == .created)
                #expect((related.json["relations"] as? [[String: Any]])?.first?["name"] as? String == "Ben Okafor")
                #expect((try await api.get("/people/\(benID)").json["relations"] as? [[String: Any]])?.first?["personId"] as? Int64 == anaID)
                #expect(try await api.call(.delete, "/people/\(anaID)/relations/partner/\(benID)").status == .noContent)
                #expect((try await api.get("/people/\(benID)").json["relations"] as? [Any])?.isEmpty == true)

                // Moments, then the agenda they make
                let win = try await api.post("/moments", ["personId": benID, "kind": "win:promotion", "on": "2026-11-26", "note": "Leads the team"])
                #expect(win.status == .created && win.json["state"] as? String == "open")
                let winID = try id(win)
                #expect(try await api.get("/moments/\(winID)").json["note"] as? String == "Leads the team")
                let agenda = try await api.get("/agenda?date=2026-11-27")
                let suggestions = try #require(agenda.json["suggestions"] as? [[String: Any]])
                #expect(suggestions.first?["kind"] as? String == "birthday" && suggestions.first?["personId"] as? Int64 == anaID)
                #expect(agenda.json["total"] as? Int == suggestions.count && agenda.json["rest"] == nil)
                let top = try await api.get("/agenda?date=2026-11-27&limit=1")
                #expect((top.json["suggestions"] as? [Any])?.count == 1 && top.json["total"] as? Int == suggestions.count)
                #expect((top.json["rest"] as? String)?.hasPrefix("and \(suggestions.count - 1) more") == true)
                let celebrate = try #require(suggestions.first { $0["kind"] as? String == "celebrate" })
                let key = try #require(celebrate["key"] as? String)
                #expect((celebrate["draft"] as? String)?.isEmpty == false)
                // Ana has an email: her birthday can be sent in one tap; Ben has none.
                let links = try #require(suggestions.first?["sendLinks"] as? [[String: Any]])
                #expect(links.first?["app"] as? String == "email" && links.first?["channel"] as? String == "email")
                #expect((links.first?["url"] as? String)?.hasPrefix("mailto:ana@example.com?subject=Happy%20birthday%21") == true)
                #expect(celebrate["sendLinks"] == nil)
                let coverage = try #require(agenda.json["coverage"] as? [String: Any])
                #expect(coverage["capacity"] as? Int == 7 && coverage["covered"] as? Bool == true)
                #expect((coverage["tiers"] as? [[String: Any]])?.first?["tier"] as? String == "meaningful")

                // The week: seven days from the one asked for, each within the day's capacity.
                let week = try await api.get("/week?date=2026-11-27")
                #expect(week.status == .ok && week.json["capacity"] as? Int == 7)
                let days = try #require(week.json["days"] as? [[String: Any]])
                #expect(days.count == 7 && days.first?["date"] as? String == "2026-11-27" && days.last?["date"] as? String == "2026-12-03")
                #expect((days.first?["suggestions"] as? [[String: Any]])?.map { $0["key"] as? String } == suggestions.map { $0["key"] as? String })
                #expect(try await api.get("/week?date=2026-02-30").status == .badRequest)

                let done = try await api.post("/agenda/\(key)/done", ["date": "2026-11-27", "channel": "call"])
                #expect(done.status == .ok, "\(done.text)")
                let logged = try #require(done.json["logged"] as? [String: Any])
                #expect((logged["touch"] as? [String: Any])?["intent"] as? String == "celebrate")
                #expect(try await api.get("/moments/\(winID)").json["state"] as? String == "answered")
                #expect(try await api.get("/agenda?date=2026-11-27").json["suggestions"].map { "\($0)" }?.contains(key) == false)
                let birthdayKey = try #require(suggestions.first?["key"] as? String)
                let snoozed = try await api.post("/agenda/\(birthdayKey)/snooze", ["date": "2026-11-27", "until": "2026-11-28"])
                #expect(snoozed.status == .ok && snoozed.json["key"] as? String == birthdayKey)
                #expect(try await api.post("/agenda/\(birthdayKey)/snooze", ["date": "2026-11-27", "until": "2026-11-29"]).status == .notFound,
                        "a snoozed suggestion is off the day's agenda")
                let layoff = try await api.post("/moments", ["personId": benID, "kind": "struggle:layoff", "on": "2026-11-27"])
                let support = try #require((try await api.get("/agenda?date=2026-11-27").json["suggestions"] as? [[String: Any]])?
                    .first { $0["kind"] as? String == "support" }?["key"] as? String)
                let dismissed = try await api.call(.post, "/agenda/\(support)/dismiss")
                #expect(dismissed.status == .ok && dismissed.json["kind"] as? String == "support", "\(dismissed.text)")
                #expect(try await api.get("/moments/\(try id(layoff))").json["state"] as? String == "dismissed", "dismissing support closes the struggle")
                #expect(try await api.post("/agenda/nope:1/done", [:]).status == .notFound)

                // Touches
                let ask = try await api.post("/touches", ["people": [anaID], "intent": "ask:advice", "note": "Pricing question", "on": "2026-11-27"])
                #expect(ask.status == .created)
                #expect((ask.json["warnings"] as? [String])?.count == 1, "an ask with no need-free touch before it is flagged")
                let askID = try #require(((ask.json["touch"] as? [String: Any])?["id"] as? NSNumber)?.int64Value)
                #expect(try await api.get("/touches/\(askID)").json["note"] as? String == "Pricing question")
                _ = try await api.post("/touches", ["people": [anaID, benID], "intent": "give:introduction", "channel": "email"])
                let touches = try await api.get("/touches")
                #expect(touches.items.count == 3 && touches.items.first?["intent"] as? String == "give:introduction")
                let page1 = try await api.get("/touches?person=\(anaID)&limit=1")
                let more = try #require(page1.json["nextCursor"] as? String)
                let page2 = try await api.get("/touches?person=\(anaID)&limit=1&cursor=\(more)")
                #expect(page1.items.count == 1 && page2.items.count == 1 && page1.items[0]["id"] as? Int64 != page2.items[0]["id"] as? Int64)
                #expect(try await api.get("/touches?since=2026-11-27&until=2026-11-27").items.count == 3)
                #expect(try await api.get("/touches?since=2026-11-28").items.isEmpty)
                let ledger = try await api.get("/ledger?date=2026-11-28")
                #expect((ledger.json["givenTo"] as? [[String: Any]])?.count == 2)

                let struggle = try await api.post("/moments", ["personId": anaID, "kind": "struggle:layoff"])
                let closed = try await api.post("/moments/\(try id(struggle))/close")
                #expect(closed.status == .ok && closed.json["state"] as? String == "dismissed")
                #expect(try await api.get("/moments?state=open").items.isEmpty)
                #expect(try await api.get("/moments?person=\(benID)").items.count == 2)

                // Import and export
                let dry = try await api.call(.post, "/import?dryRun=true&tag=phone", body: Self.cards, contentType: "text/vcard")
                #expect(dry.status == .ok && dry.json["summary"] as? String == "Would add 2 people, would update 0, 0 already up to date, skipped 0.")
                #expect(try await api.get("/people").json["total"] as? Int == 2, "a dry run writes nothing")
                let imported = try await api.call(.post, "/import?tag=phone", body: Self.cards, contentType: "text/vcard")
                #expect((imported.json["added"] as? [Any])?.count == 2 && imported.json["format"] as? String == "vcard")
                let again = try await api.call(.post, "/import", body: Self.cards, contentType: "application/octet-stream")
                #expect((again.json["added"] as? [Any])?.isEmpty == true && again.json["unchanged"] as? Int == 2)
                #expect(try await api.get("/people?tag=phone").json["total"] as? Int == 2)

                let vcards = try await api.get("/export/contacts?tag=phone")
                #expect(vcards.headers[.contentType]?.hasPrefix("text/vcard") == true)
                #expect(vcards.text.contains("FN:Chloé Martin") && !vcards.text.contains("Ana Lima"))
                let one = try await api.get("/export/contacts?person=\(anaID)&version=3.0")
                #expect(one.text.contains("VERSION:3.0") && one.text.components(separatedBy: "BEGIN:VCARD").count == 2)
                let calendar = try await api.get("/export/calendar")
                #expect(calendar.headers[.contentType]?.hasPrefix("text/calendar") == true && calendar.text.contains("BEGIN:VCALENDAR"))
                let backup = try await api.get("/export/backup")
                #expect(backup.status == .ok && (backup.json["people"] as? [Any])?.count == 4)
                let restore = try await api.call(.post, "/import?format=backup", body: backup.text, contentType: "application/octet-stream")
                #expect(restore.status == .conflict && restore.isProblem, "a backup restores only into an empty account")
            }
        }
    }

    @Test func tokensAuthenticateAndScopeEveryCall() async throws {
        try await withDatabase { db throws in
            let (ana, anaToken) = try await accountWithToken(db, "ana@example.com")
            let (ben, benToken) = try await accountWithToken(db, "ben@example.com")
            let tending = Tending(database: db, account: ana)
            let person = try await tending.addPerson(Profile(displayName: "Chloé"), tier: .familiar, on: Day("2026-11-27")!)
            let touch = try await tending.logTouch(to: ["Chloé"], on: Day("2026-11-27")!, channel: .call, intent: .checkIn).touch
            let moment = try await tending.recordMoment("Chloé", kind: .win(.launch), on: Day("2026-11-27")!)
            let bensOwn = try await Tending(database: db, account: ben).addPerson(Profile(displayName: "Dev"), tier: .familiar, on: Day("2026-11-27")!)
            let (readOnly, _) = try await APITokens(store: db.accessTokens).create(for: ana, name: "watch", scope: .read, at: fixedNow)
            try await withApp(db) { client throws in
                // No token, a malformed header, a token never issued: 401 with a challenge.
                for headers: HTTPFields in [[:], [.authorization: "Basic YTpi"], [.authorization: "Bearer tend_" + String(repeating: "x", count: 43)],
                                            [.authorization: "Bearer"]] {
                    let r = try await APIClient(client: client, token: nil).call(.get, "/people", headers: headers)
                    #expect(r.status == .unauthorized && r.isProblem && r.headers[.wwwAuthenticate] == #"Bearer realm="tend""#)
                }

                // A read-only token reads, and may not write.
                let watcher = APIClient(client: client, token: readOnly)
                #expect(try await watcher.get("/people").items.count == 1)
                let refused = try await watcher.post("/touches", ["people": [person.id.rawValue], "intent": "check-in"])
                #expect(refused.status == .forbidden && refused.isProblem && (refused.json["detail"] as? String)?.contains("read-only") == true)
                #expect(try await watcher.call(.patch, "/people/\(person.id)", json: ["name": "X"]).status == .forbidden)

                // Another account's ids are not found, whatever the operation.
                let other = APIClient(client: client, token: benToken)
                for path in ["/people/\(person.id)", "/people/\(person.id)/tier-changes", "/touches/\(touch.id)", "/moments/\(moment.id)",
                             "/touches?person=\(person.id)", "/moments?person=\(person.id)", "/export/contacts?person=\(person.id)"] {
                    let r = try await other.get(path)
                    #expect(r.status == .notFound && r.isProblem, "\(path): \(r.status)")
                }
                for (method, path, body) in [
                    (HTTPRequest.Method.patch, "/people/\(person.id)", ["name": "Mine now"] as [String: Any]),
                    (.post, "/touches", ["people": [person.id.rawValue], "intent": "check-in"]),
                    (.post, "/moments", ["personId": person.id.rawValue, "kind": "win:award"]),
                    (.post, "/moments/\(moment.id)/close", [:]),
                    (.post, "/people/\(bensOwn.id)/relations", ["kind": "partner", "personId": person.id.rawValue]),
                    (.post, "/people/\(person.id)/tier-changes", ["tier": "intimate"]),
                    (.delete, "/people/\(bensOwn.id)/relations/partner/\(person.id)", [:]),
                ] {
                    let r = try await other.call(method, path, json: method == .delete ? nil : body)
                    #expect(r.status == .notFound && r.isProblem, "\(method) \(path): \(r.status) \(r.text)")
                }
                let untouched = try await tending.person("Chloé").displayName
                let stillOpen = try await tending.moment(moment.id)?.state
                #expect(untouched == "Chloé" && stillOpen == .open)

                // Revoked: the next request fails.
                let owner = APIClient(client: client, token: anaToken)
                #expect(try await owner.get("/people").status == .ok)
                let id = try #require(try await db.accessTokens.tokens(of: ana).first?.id)
                try await APITokens(store: db.accessTokens).revoke(id, of: ana)
                #expect(try await owner.get("/people").status == .unauthorized)
            }
        }
    }

    @Test func badInputIsAProblemThatNamesTheField() async throws {
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "ana@example.com")
            try await withApp(db) { client throws in
                let api = APIClient(client: client, token: token)
                let ana = try await api.post("/people", ["name": "Ana"])
                let anaID = try id(ana)
                let cases: [(HTTPRequest.Method, String, Any?, HTTPResponse.Status, String?)] = [
                    (.post, "/people", [String: Any](), .badRequest, "name"),
                    (.post, "/people", ["name": "   "], .unprocessableContent, "name"),
                    (.post, "/people", ["name": "Ben", "emails": ["not an email"]], .unprocessableContent, "email"),
                    (.post, "/people", ["name": "Ben", "birthday": "1986-02-30"], .unprocessableContent, "birthday"),
                    (.post, "/people", ["name": "Ben", "tier": "best-friend"], .badRequest, "tier"),
                    (.post, "/people", ["name": "Ben", "tier": "meaningful", "targetTier": "familiar"], .unprocessableContent, "target"),
                    (.post, "/people", ["name": "Ben", "cadenceDays": 5000], .unprocessableContent, "cadence"),
                    (.patch, "/people/\(anaID)", ["metOn": "yesterday"], .unprocessableContent, "metOn"),
                    (.patch, "/people/\(anaID)", ["links": [["url": " "]]], .unprocessableContent, "links[0].url"),
                    (.post, "/touches", ["people": [anaID], "intent": "bribe"], .badRequest, "intent"),
                    (.post, "/touches", ["people": [], "intent": "check-in"], .unprocessableContent, "person"),
                    (.post, "/touches", ["people": [anaID], "intent": "check-in", "on": "27/11/2026"], .badRequest, "on"),
                    (.post, "/touches", ["people": [anaID], "intent": "check-in", "momentId": 999], .notFound, nil),
                    (.post, "/touches", ["people": [999], "intent": "check-in"], .notFound, nil),
                    (.post, "/people/\(anaID)/relations", ["kind": "partner", "personId": anaID], .unprocessableContent, "relation"),
                    (.post, "/agenda/1/snooze", ["until": "2026-11-20"], .unprocessableContent, "until"),
                    (.post, "/agenda/7/snooze", ["until": "2026-12-20"], .notFound, nil),
                    (.get, "/touches?limit=500", nil, .badRequest, "limit"),
                    (.get, "/agenda?date=tomorrow", nil, .badRequest, "date"),
                    (.get, "/agenda?limit=5000", nil, .badRequest, "limit"),
                    (.get, "/people?cursor=bm90LWEtY3Vyc29y", nil, .badRequest, "cursor"),
                    (.get, "/people?limit=0", nil, .badRequest, "limit"),
                    (.get, "/people/abc", nil, .badRequest, nil),
                    (.get, "/people/424242", nil, .notFound, nil),
                    (.get, "/touches/424242", nil, .notFound, nil),
                    (.get, "/moments/424242", nil, .notFound, nil),
                    (.post, "/import?format=vcard", "", .badRequest, nil),
                    (.post, "/import?format=vcard", "\u{0}\u{1}binary", .unprocessableContent, "body"),
                    (.post, "/import?format=linkedin", "Name,Email\nAna,ana@example.com\n", .unprocessableContent, "body"),
                    (.post, "/import?format=csv&map=Nope", "Name\nAna\n", .unprocessableContent, "map"),
                ]
                for (method, path, body, status, field) in cases {
                    let r = body is String
                        ? try await api.call(method, path, body: body as? String, contentType: "text/csv")
                        : try await api.call(method, path, json: body)
                    #expect(r.status == status && r.isProblem, "\(method) \(path): \(r.status) \(r.text)")
                    if let field { #expect(r.json["field"] as? String == field, "\(method) \(path): \(r.text)") }
                    #expect((r.json["detail"] as? String)?.isEmpty == false)
                }
                let broken = try await api.call(.post, "/import?format=vcard", body: "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@example.com\r\nEND:VCARD\r\n",
                                                contentType: "text/vcard")
                #expect(broken.status == .unprocessableContent && (broken.json["problems"] as? [String])?.count == 1, "\(broken.text)")
                #expect(try await api.call(.post, "/people", body: "{not json", contentType: "application/json").json["detail"] as? String
                        == "The body is not valid JSON.")
                #expect(try await api.call(.post, "/people", json: [1]).json["detail"] as? String == "The body is not the JSON object this operation takes.")
                for path in ["/people?limit=abc", "/people?archived=maybe", "/people?sort=nope", "/people/abc", "/import?dryRun=maybe"] {
                    let r = try await api.call(path.hasPrefix("/import") ? .post : .get, path, body: path.hasPrefix("/import") ? "x" : nil,
                                               contentType: "text/csv")
                    #expect(r.status == .badRequest && (r.json["detail"] as? String)?.hasPrefix("A parameter in the address") == true, "\(path): \(r.text)")
                }
                #expect(try await api.call(.post, "/people", body: "name=Ana", contentType: "application/x-www-form-urlencoded").status == .unsupportedMediaType)
                let huge = try await api.call(.post, "/touches", body: String(repeating: " ", count: 1_100_000), contentType: "application/json")
                #expect(huge.status == .contentTooLarge && huge.isProblem)
                let unknown = try await api.get("/nowhere")
                #expect(unknown.status == .notFound && unknown.isProblem)
                #expect(try await api.get("/people").json["total"] as? Int == 1, "nothing half-written")
            }
        }
    }

    /// Each of these once crashed the whole server, or let a backup reach into another account (issue 12).
    @Test func inputsThatCrashedTheServerAreAnswered() async throws {
        try await withDatabase { db throws in
            let (ana, anaToken) = try await accountWithToken(db, "ana@example.com")
            let (_, readToken) = try await accountWithToken(db, "reader@example.com", scope: .read)
            let anaTending = Tending(database: db, account: ana)
            let chloe = try await anaTending.addPerson(Profile(displayName: "Chloé", birthday: Birthday("1990-12-31")), tier: .intimate,
                                                      on: Day("2026-11-27")!)
            let anasMoment = try await anaTending.recordMoment("Chloé", kind: .win(.launch), on: Day("2026-11-27")!)
            try await withApp(db) { client throws in
                let reader = APIClient(client: client, token: readToken)
                #expect(try await reader.get("/agenda?date=9999-12-31").status == .ok)
                let owner = APIClient(client: client, token: anaToken)
                let far = try await owner.get("/agenda?date=9999-12-31").json["suggestions"] as? [[String: Any]]
                #expect(far?.first?["kind"] as? String == "birthday", "Chloé's birthday on the last day there is, and the next in the year 10000, are counted")
                for cursor in ["bzkyMjMzNzIwMzY4NTQ3NzU4MDc", "bzIxNDc0ODM2NDg", "by0x"] {
                    let r = try await owner.get("/people?limit=1&cursor=\(cursor)")
                    #expect(r.status == .badRequest && r.json["field"] as? String == "cursor", "\(cursor)")
                }

                // A backup's ids are checked: positive, within 2^53, unique, and pointing only inside it.
                func backupJSON(_ edit: (inout [String: Any]) -> Void) throws -> String {
                    var object: [String: Any] = [
                        "format": "tend-backup-1", "relations": [], "suggestionStates": [],
                        "settings": try JSONSerialization.jsonObject(with: JSONEncoder().encode(Settings())),
                        "people": [["person": try JSONSerialization.jsonObject(with: JSONEncoder().encode(
                            Person(id: PersonID(7), profile: Profile(displayName: "Dev"), tier: .familiar, addedOn: Day("2026-01-01")!))),
                                    "tierHistory": []]],
                        "moments": [], "touches": [],
                    ]
                    edit(&object)
                    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                }
                func withPersonID(_ id: Any) -> (inout [String: Any]) -> Void {
                    { object in
                        var people = object["people"] as! [[String: Any]]
                        var person = people[0]["person"] as! [String: Any]
                        person["id"] = id
                        people[0]["person"] = person
                        object["people"] = people
                    }
                }
                for (n, bad) in [Int64.max, 0, -5, Int64(1) << 53].enumerated() {
                    let (_, token) = try await accountWithToken(db, "attacker\(n)@example.com")
                    let r = try await APIClient(client: client, token: token).call(.post, "/import?format=backup", body: try backupJSON(withPersonID(bad)),
                                                                                   contentType: "application/octet-stream")
                    #expect(r.status == .unprocessableContent && r.isProblem, "id \(bad): \(r.status) \(r.text)")
                }
                // A touch that answers a moment not in the backup (another account's) is refused.
                let (_, thief) = try await accountWithToken(db, "thief@example.com")
                let pointing = try backupJSON { object in
                    object["touches"] = [["id": 1, "on": "2026-11-27", "people": [7], "channel": "call", "intent": "celebrate", "note": "",
                                          "momentID": anasMoment.id.rawValue]]
                }
                let refused = try await APIClient(client: client, token: thief).call(.post, "/import?format=backup", body: pointing, contentType: "application/octet-stream")
                #expect(refused.status == .unprocessableContent && refused.text.contains("not in it"), "\(refused.text)")
                // An id another account holds is no collision: outside an empty instance every id is given anew,
                // so the answer is the same whichever ids exist.
                for (n, taken) in [chloe.id.rawValue, 424_242].enumerated() {
                    let (account, token) = try await accountWithToken(db, "restorer\(n)@example.com")
                    let r = try await APIClient(client: client, token: token).call(.post, "/import?format=backup",
                                                                                   body: try backupJSON(withPersonID(taken)), contentType: "application/octet-stream")
                    #expect(r.status == .ok, "\(r.text)")
                    let restored = try await Tending(database: db, account: account).backup().people.map(\.person.id)
                    #expect(restored.count == 1 && !restored.contains(chloe.id) && restored != [PersonID(424_242)])
                }
                #expect(try await anaTending.person("Chloé").displayName == "Chloé")
                // Imports go on working for everyone.
                let imported = try await owner.call(.post, "/import", body: Self.cards, contentType: "text/vcard")
                #expect(imported.status == .ok, "\(imported.text)")
                let ids = try await anaTending.backup().people.map(\.person.id.rawValue)
                #expect(ids.allSatisfy { $0 < 1 << 53 })
            }
        }
    }

    /// A body is read only after the token is checked: 65 MB without a token is a 401, not a read.
    @Test func bodiesAreReadOnlyAfterTheTokenIsChecked() async throws {
        try await withDatabase { db throws in
            let (_, token) = try await accountWithToken(db, "ana@example.com", scope: .read)
            try await withApp(db) { client throws in
                let big = String(repeating: "x", count: 65 * 1024 * 1024)
                let stranger = try await APIClient(client: client, token: nil).call(.post, "/import", body: big, contentType: "text/vcard")
                #expect(stranger.status == .unauthorized && stranger.isProblem)
                let reader = try await APIClient(client: client, token: token).call(.post, "/import", body: big, contentType: "text/vcard")
                #expect(reader.status == .forbidden && reader.isProblem)
                // The public contract needs no token.
                let contract = try await client.execute(uri: "/api/openapi.yaml", method: .get)
                #expect(contract.status == .ok)
            }
        }
    }

    @Test func theContractIsServedAndListed() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let yaml = try await client.execute(uri: "/api/openapi.yaml", method: .get)
                let file = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("../../Sources/TendAPI/openapi.yaml").standardized, encoding: .utf8)
                #expect(yaml.status == .ok && String(buffer: yaml.body) == file)
                let page = String(buffer: try await client.execute(uri: "/api", method: .get).body)
                let operations = APIPage.operations(file)
                #expect(operations.count == file.components(separatedBy: "operationId:").count - 1, "every operation is listed")
                #expect(operations.allSatisfy { !$0.summary.isEmpty })
                #expect(operations.contains { $0.method == "POST" && $0.path == "/touches" && $0.summary.hasPrefix("Logs a touch with one or more people") })
                #expect(operations.contains { $0.method == "DELETE" && $0.path == "/people/{personId}/relations/{kind}/{otherId}" })
                for op in operations { #expect(page.contains("<code>/api/v1\(op.path)</code>")) }
            }
        }
    }

    @Test func settingsCreateShowOnceAndRevokeTokens() async throws {
        try await withDatabase { db throws in
            try await withApp(db) { client throws in
                let b = Browser(client)
                try await b.signUp("ana@example.com")
                #expect(try await b.get("/settings").body.contains("API tokens"))
                let empty = try await b.post("/settings/tokens", [("name", "  ")])
                #expect(empty.status == .badRequest && empty.body.contains("Name the token"))
                let created = try await b.post("/settings/tokens", [("name", "phone shortcut"), ("read_only", "on")])
                #expect(created.status == .ok && created.headers[.cacheControl] == "no-store")
                let secret = try #require(created.body.firstMatch(of: /id="new-token" value="(tend_[A-Za-z0-9_-]{43})"/)?.1)
                #expect(created.body.contains("<td>phone shortcut</td><td>Read-only</td>"))
                let later = try await b.get("/settings")
                #expect(!later.body.contains(String(secret)) && later.body.contains("phone shortcut"), "shown once")

                let api = APIClient(client: client, token: String(secret))
                #expect(try await api.get("/people").status == .ok)
                #expect(try await b.get("/settings").body.contains("<td>2026-11-27</td>\n"), "last used")
                let id = try #require(later.body.firstMatch(of: /action="\/settings\/tokens\/(\d+)\/revoke"/)?.1)
                try await b.signUp("ben@example.com")
                #expect(try await b.post("/settings/tokens/\(id)/revoke", []).status == .notFound, "another account's token")
                #expect(try await api.get("/people").status == .ok)
                _ = try await b.post("/logout", [])
                _ = try await b.post("/login", [("email", "ana@example.com"), ("password", "correct horse battery")])
                let revoked = try await b.post("/settings/tokens/\(id)/revoke", [])
                #expect(revoked.status == .seeOther)
                #expect(try await api.get("/people").status == .unauthorized)
            }
        }
    }
}

@Suite struct APIVocabularyTests {
    /// The API's enums are written out in openapi.yaml; every word the domain has must be among them,
    /// or mapping a stored value to the API would fail.
    @Test func everyDomainWordIsInTheContract() {
        for t in Tier.allCases { #expect(Components.Schemas.Tier(rawValue: t.rawValue) != nil) }
        for c in Channel.allCases { #expect(Components.Schemas.Channel(rawValue: c.rawValue) != nil) }
        for i in Intent.allNames { #expect(Components.Schemas.Intent(rawValue: i) != nil, "\(i)") }
        #expect(Components.Schemas.Intent.allCases.count == Intent.allNames.count)
        for w in Moment.Win.allCases { #expect(Components.Schemas.MomentKind(rawValue: Moment.Kind.win(w).description) != nil) }
        for s in Moment.Struggle.allCases { #expect(Components.Schemas.MomentKind(rawValue: Moment.Kind.struggle(s).description) != nil) }
        #expect(Components.Schemas.MomentKind.allCases.count == Moment.Win.allCases.count + Moment.Struggle.allCases.count)
        for s in Moment.State.allCases { #expect(Components.Schemas.MomentState(rawValue: s.rawValue) != nil) }
        for s in Moment.Subject.allCases { #expect(Components.Schemas.Moment.AboutPayload(rawValue: s.rawValue) != nil) }
        for k in Relation.Kind.allCases { #expect(Components.Schemas.RelationKind(rawValue: k.rawValue) != nil) }
        for k in Suggestion.Kind.allCases { #expect(Components.Schemas.Suggestion.KindPayload(rawValue: k.rawValue) != nil) }
    }
}
