import SQLKit
import TendCore
import TendStore

struct SQLMomentRepository: MomentRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct Row: Decodable {
        var id: Int64
        var person_id: Int64
        var kind: String
        var about: String
        var on_day: String
        var note: String
        var state: String
        var answered_on: String?
        var followed_up_on: String?

        func moment() throws -> Moment {
            Moment(id: MomentID(id), personID: PersonID(person_id), kind: try Column.momentKind(kind),
                   about: try Column.word(about), on: try Column.day(on_day), note: note,
                   state: try Column.word(state), answeredOn: try Column.day(answered_on),
                   followedUpOn: try Column.day(followed_up_on))
        }
    }

    private static let columns: SQLQueryString = "id, person_id, kind, about, on_day, note, state, answered_on, followed_up_on"

    func record(_ m: NewMoment) async throws -> Moment {
        guard let id = try await db.raw("""
            INSERT INTO moments (account_id, person_id, kind, about, on_day, note, state)
            VALUES (\(bind: account.rawValue), \(bind: m.personID.rawValue), \(bind: m.kind.description), \(bind: m.about.rawValue),
                    \(bind: m.on.description), \(bind: m.note), 'open')
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the moment was not stored") }
        return Moment(id: MomentID(id), personID: m.personID, kind: m.kind, about: m.about, on: m.on, note: m.note)
    }

    func all() async throws -> [Moment] {
        try await db.raw("SELECT \(Self.columns) FROM moments WHERE account_id = \(bind: account.rawValue) ORDER BY id")
            .all(decoding: Row.self).map { try $0.moment() }
    }

    func restore(_ m: Moment) async throws {
        try await db.raw("""
            INSERT INTO moments (id, account_id, person_id, kind, about, on_day, note, state, answered_on, followed_up_on)
            VALUES (\(bind: m.id.rawValue), \(bind: account.rawValue), \(bind: m.personID.rawValue), \(bind: m.kind.description),
                    \(bind: m.about.rawValue), \(bind: m.on.description), \(bind: m.note), \(bind: m.state.rawValue),
                    \(bind: m.answeredOn?.description), \(bind: m.followedUpOn?.description))
            """).run()
    }

    func moment(_ id: MomentID) async throws -> Moment? {
        try await db.raw("SELECT \(Self.columns) FROM moments WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue)")
            .first(decoding: Row.self)?.moment()
    }

    func moments(of id: PersonID) async throws -> [Moment] {
        try await db.raw("""
            SELECT \(Self.columns) FROM moments WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: id.rawValue)
            ORDER BY on_day DESC, id DESC
            """).all(decoding: Row.self).map { try $0.moment() }
    }

    func moments(_ q: ListQuery, state: Moment.State?) async throws -> [Moment] {
        var conditions: [SQLQueryString] = ["account_id = \(bind: account.rawValue)"]
        if let p = q.person { conditions.append("person_id = \(bind: p.rawValue)") }
        if let s = state { conditions.append("state = \(bind: s.rawValue)") }
        if let d = q.since { conditions.append("on_day >= \(bind: d.description)") }
        if let d = q.until { conditions.append("on_day <= \(bind: d.description)") }
        if let a = q.after {
            conditions.append("(on_day < \(bind: a.day.description) OR (on_day = \(bind: a.day.description) AND id < \(bind: a.id)))")
        }
        return try await db.raw("""
            SELECT \(Self.columns) FROM moments WHERE \(conditions.joined(separator: " AND "))
            ORDER BY on_day DESC, id DESC LIMIT \(literal: max(1, q.limit))
            """).all(decoding: Row.self).map { try $0.moment() }
    }

    func pending(since: Day, asOf day: Day) async throws -> [Moment] {
        try await db.raw("""
            SELECT \(Self.columns) FROM moments
            WHERE account_id = \(bind: account.rawValue) AND on_day >= \(bind: since.description) AND on_day <= \(bind: day.description)
              AND (state = 'open' OR (state = 'answered' AND followed_up_on IS NULL AND kind LIKE 'struggle:%'))
            ORDER BY on_day, id
            """).all(decoding: Row.self).map { try $0.moment() }
    }

    func update(_ m: Moment) async throws {
        let rows = try await db.raw("""
            UPDATE moments SET kind = \(bind: m.kind.description), about = \(bind: m.about.rawValue), on_day = \(bind: m.on.description),
                note = \(bind: m.note), state = \(bind: m.state.rawValue), answered_on = \(bind: m.answeredOn?.description),
                followed_up_on = \(bind: m.followedUpOn?.description)
            WHERE account_id = \(bind: account.rawValue) AND id = \(bind: m.id.rawValue)
            RETURNING id
            """).all()
        guard !rows.isEmpty else { throw StoreError.notFound("moment \(m.id)") }
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        try await db.raw("UPDATE moments SET person_id = \(bind: to.rawValue) WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)").run()
    }
}
