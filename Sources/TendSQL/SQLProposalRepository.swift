import SQLKit
import TendCore
import TendStore

struct SQLProposalRepository: ProposalRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct Row: Decodable {
        var id: Int64
        var person_id: Int64
        var kind: String
        var about: String
        var on_day: String
        var note: String
        var source: String
        var link: String?
        var job_company: String?
        var job_title: String?
        var is_job: Bool
        var state: String
        var decided_on: String?
        var key: String

        func proposal() throws -> Proposal {
            Proposal(id: ProposalID(id), personID: PersonID(person_id), kind: try Column.momentKind(kind),
                     about: try Column.word(about), on: try Column.day(on_day), note: note, source: source, link: link,
                     job: is_job ? Position(company: job_company, title: job_title) : nil, state: try Column.word(state),
                     decidedOn: try Column.day(decided_on), key: key)
        }
    }

    private static let columns: SQLQueryString = """
        id, person_id, kind, about, on_day, note, source, link, job_company, job_title, is_job, state, decided_on, key
        """

    func propose(_ p: NewProposal) async throws -> Proposal? {
        guard let id = try await db.raw("""
            INSERT INTO proposals (account_id, person_id, kind, about, on_day, note, source, link, job_company, job_title, is_job, state, key)
            VALUES (\(bind: account.rawValue), \(bind: p.personID.rawValue), \(bind: p.kind.description), \(bind: p.about.rawValue),
                    \(bind: p.on.description), \(bind: p.note), \(bind: p.source), \(bind: p.link), \(bind: p.job?.company),
                    \(bind: p.job?.title), \(bind: p.job != nil), 'pending', \(bind: p.key))
            ON CONFLICT (account_id, person_id, key) DO NOTHING
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) else { return nil }
        return Proposal(id: ProposalID(id), personID: p.personID, kind: p.kind, about: p.about, on: p.on, note: p.note,
                        source: p.source, link: p.link, job: p.job, key: p.key)
    }

    func restore(_ p: NewProposal, state: Proposal.State, decidedOn: Day?) async throws {
        try await db.raw("""
            INSERT INTO proposals (account_id, person_id, kind, about, on_day, note, source, link, job_company, job_title, is_job, state,
                                   decided_on, key)
            VALUES (\(bind: account.rawValue), \(bind: p.personID.rawValue), \(bind: p.kind.description), \(bind: p.about.rawValue),
                    \(bind: p.on.description), \(bind: p.note), \(bind: p.source), \(bind: p.link), \(bind: p.job?.company),
                    \(bind: p.job?.title), \(bind: p.job != nil), \(bind: state.rawValue), \(bind: decidedOn?.description), \(bind: p.key))
            ON CONFLICT (account_id, person_id, key) DO NOTHING
            """).run()
    }

    func proposal(_ id: ProposalID) async throws -> Proposal? {
        try await db.raw("SELECT \(Self.columns) FROM proposals WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue)")
            .first(decoding: Row.self)?.proposal()
    }

    func has(_ person: PersonID, key: String) async throws -> Bool {
        try await db.raw("""
            SELECT 1 AS found FROM proposals
            WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: person.rawValue) AND key = \(bind: key)
            """).first() != nil
    }

    func proposals(state: Proposal.State?, limit: Int) async throws -> [Proposal] {
        var conditions: [SQLQueryString] = ["account_id = \(bind: account.rawValue)"]
        if let state { conditions.append("state = \(bind: state.rawValue)") }
        return try await db.raw("""
            SELECT \(Self.columns) FROM proposals WHERE \(conditions.joined(separator: " AND "))
            ORDER BY on_day DESC, id DESC LIMIT \(literal: max(1, limit))
            """).all(decoding: Row.self).map { try $0.proposal() }
    }

    func count(state: Proposal.State) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM proposals WHERE account_id = \(bind: account.rawValue) AND state = \(bind: state.rawValue)
            """).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func update(_ p: Proposal) async throws {
        try await db.raw("""
            UPDATE proposals SET kind = \(bind: p.kind.description), state = \(bind: p.state.rawValue),
                decided_on = \(bind: p.decidedOn?.description)
            WHERE account_id = \(bind: account.rawValue) AND id = \(bind: p.id.rawValue)
            """).run()
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        try await db.raw("""
            DELETE FROM proposals WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)
              AND key IN (SELECT key FROM proposals WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: to.rawValue))
            """).run()
        try await db.raw("""
            UPDATE proposals SET person_id = \(bind: to.rawValue)
            WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: from.rawValue)
            """).run()
    }
}
