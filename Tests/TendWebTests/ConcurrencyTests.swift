import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import TendWeb
import TendCore
import TendServices
import TendStore
import TendServer
import TendTestSupport

@Suite struct ConcurrencyTests {
    /// 50 browsers, each on its own connection and account, create people and log touches at once
    /// through the live server; afterwards every count is exact and nothing crossed accounts.
    @Test func fiftyConcurrentClientsLoseNothing() async throws {
        try await withDatabase { db throws in
            let app = try buildApplication(database: db, configuration: testConfiguration(port: 0),
                                           now: { fixedNow })
            let clients = 50, peopleEach = 4, touchesEach = 3
            try await app.test(.live) { live throws in
                let port = try #require(live.port)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for c in 0..<clients {
                        group.addTask {
                            let connection = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60)))
                            connection.connect()
                            let b = Browser(connection: connection)
                            try await b.signUp("client\(c)@example.com")
                            for p in 0..<peopleEach {
                                let created = try await b.post("/people", [("name", "Client \(c) friend \(p)"), ("tier", "familiar")])
                                let id = try #require(b.createdID(created))
                                for t in 0..<touchesEach {
                                    let logged = try await b.post("/people/\(id)/touches", [("intent", "check-in"), ("channel", "call"),
                                                                                            ("date", "2026-11-2\(t)"), ("note", "c\(c)p\(p)t\(t)")])
                                    #expect(logged.status == .seeOther)
                                }
                            }
                            try await connection.shutdown()
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(try await db.accounts.count() == clients)
            for c in 0..<clients {
                let account = try #require(try await db.accounts.account(email: "client\(c)@example.com")).id
                let (people, touches) = try await db.read(account: account) { s in
                    (try await s.people.people(PeopleFilter()), try await s.touches.count())
                }
                #expect(people.count == peopleEach && touches == peopleEach * touchesEach)
                #expect(people.allSatisfy { $0.displayName.hasPrefix("Client \(c) friend") }, "nothing leaked across accounts")
            }
        }
    }
}
