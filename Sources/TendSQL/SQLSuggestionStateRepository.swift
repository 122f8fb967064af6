import SQLKit
import TendCore
import TendStore

struct SQLSuggestionStateRepository: SuggestionStateRepository {
    let account: AccountID
    let db: any SQLDatabase

    func states() async throws -> [String: SuggestionState] {
        var out: [String: SuggestionState] = [:]
        for r in try await db.raw("SELECT key, state, on_day FROM suggestion_states WHERE account_id = \(bind: account.rawValue)").all() {
            let day = try Column.day(try r.decode(column: "on_day", as: String.self))
            let key = try r.decode(column: "key", as: String.self)
            switch try r.decode(column: "state", as: String.self) {
            case "done": out[key] = .done(on: day)
            case "dismissed": out[key] = .dismissed(on: day)
            case "snoozed": out[key] = .snoozed(until: day)
            case let other: throw StoreError.corrupt("suggestion state '\(other)'")
            }
        }
        return out
    }

    func set(_ state: SuggestionState, for key: String) async throws {
        let (name, day): (String, Day) = switch state {
        case .done(let d): ("done", d)
        case .dismissed(let d): ("dismissed", d)
        case .snoozed(let d): ("snoozed", d)
        }
        try await db.raw("""
            INSERT INTO suggestion_states (account_id, key, state, on_day) VALUES (\(bind: account.rawValue), \(bind: key), \(bind: name), \(bind: day.description))
            ON CONFLICT (account_id, key) DO UPDATE SET state = excluded.state, on_day = excluded.on_day
            """).run()
    }
}
