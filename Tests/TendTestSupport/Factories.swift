import Foundation
import TendCore
import TendServices
import TendSQLite
import TendStore

/// Small factories: each test builds exactly the world it talks about.
public func day(_ text: String) -> Day { Day(text)! }

public func profile(_ name: String, company: String? = nil, notes: String = "", tags: [String] = [], emails: [String] = []) -> Profile {
    Profile(displayName: name, emails: emails, company: company, notes: notes, tags: tags)
}

public func person(_ id: Int64, _ name: String, _ tier: Tier = .familiar, birthday: String? = nil, target: Tier? = nil,
                   cadence: Int? = nil, added: String = "2026-11-01", company: String? = nil, archived: Bool = false) -> Person {
    Person(id: PersonID(id), profile: Profile(displayName: name, company: company, birthday: birthday.map { Birthday($0)! }),
           tier: tier, targetTier: target, cadenceDays: cadence, archived: archived, addedOn: Day(added)!)
}

public func entry(_ p: Person, lastNeedFree: String? = nil, lastAsk: String? = nil, needFreeLastYear: Int = 0) -> Agenda.Entry {
    let nf = lastNeedFree.map(day), ask = lastAsk.map(day)
    return Agenda.Entry(person: p, touches: TouchSummary(lastNeedFree: nf, lastAsk: ask, lastTouch: [nf, ask].compactMap { $0 }.max(),
                                                         needFreeLastYear: needFreeLastYear))
}

public func agenda(_ today: String, _ entries: [Agenda.Entry], moments: [Moment] = [], partners: [PersonID: String] = [:],
                   states: [String: SuggestionState] = [:], settings: Settings = Settings(), meetings: [Int64: String] = [:]) -> Agenda {
    Agenda(Agenda.Input(today: day(today), settings: settings, people: entries, moments: moments,
                        partnerNames: partners, states: states,
                        meetings: Dictionary(uniqueKeysWithValues: meetings.map { (PersonID($0.key), day($0.value)) })))
}

public func moment(_ id: Int64, _ person: Int64, _ kind: String, on: String, about: Moment.Subject = .themself,
                   state: Moment.State = .open, answeredOn: String? = nil, followedUpOn: String? = nil) -> Moment {
    Moment(id: MomentID(id), personID: PersonID(person), kind: try! Moment.Kind.parse(kind), about: about, on: day(on),
           note: "", state: state, answeredOn: answeredOn.map(day), followedUpOn: followedUpOn.map(day))
}

/// Runs `body` with the services of the local account over a fresh SQLite file, removed afterwards.
public func withTending(_ body: (Tending) async throws -> Void) async throws {
    let db = try await Backend.sqlite.open()
    do {
        try await body(Tending(database: db.database, account: try await db.database.accounts.localAccount()))
    } catch {
        await db.close()
        throw error
    }
    await db.close()
}

extension Tending {
    /// Adds someone with a few facts, for tests.
    @discardableResult
    public func add(_ name: String, _ tier: Tier = .familiar, birthday: String? = nil, company: String? = nil, emails: [String] = [],
                    tags: [String] = [], target: Tier? = nil, on added: String = "2026-01-01") async throws -> Person {
        try await addPerson(Profile(displayName: name, emails: emails, company: company, birthday: birthday.map { Birthday($0)! }, tags: tags),
                            tier: tier, targetTier: target, on: day(added))
    }

    public func counts() async throws -> (people: Int, touches: Int) {
        try await database.read(account: account) { s in (try await s.people.count(), try await s.touches.count()) }
    }
}
