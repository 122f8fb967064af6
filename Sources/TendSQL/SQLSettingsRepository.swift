import SQLKit
import TendCore
import TendStore

struct SQLSettingsRepository: SettingsRepository {
    let account: AccountID
    let db: any SQLDatabase

    private struct Row: Decodable {
        var cadence_unfamiliar: Int?
        var cadence_familiar: Int?
        var cadence_intimate: Int?
        var cadence_meaningful: Int?
        var birthday_heads_up_days: Int
        var win_fresh_days: Int
        var struggle_fresh_days: Int
        var follow_up_days: Int
        var ask_for_input_days: Int
        var agenda_length: Int
        var time_zone: String?
        var default_country: String?
    }

    func load() async throws -> Settings {
        guard let r = try await db.raw("SELECT * FROM settings WHERE account_id = \(bind: account.rawValue)").first(decoding: Row.self) else {
            return Settings()
        }
        var cadence: [Tier: Int] = [:]
        cadence[.unfamiliar] = r.cadence_unfamiliar
        cadence[.familiar] = r.cadence_familiar
        cadence[.intimate] = r.cadence_intimate
        cadence[.meaningful] = r.cadence_meaningful
        return Settings(cadence: cadence, birthdayHeadsUpDays: r.birthday_heads_up_days, winFreshDays: r.win_fresh_days,
                        struggleFreshDays: r.struggle_fresh_days, followUpDays: r.follow_up_days,
                        askForInputDays: r.ask_for_input_days, agendaLength: r.agenda_length, timeZone: r.time_zone,
                        defaultCountry: r.default_country)
    }

    func save(_ s: Settings) async throws {
        try await db.raw("""
            INSERT INTO settings (account_id, cadence_unfamiliar, cadence_familiar, cadence_intimate, cadence_meaningful,
                birthday_heads_up_days, win_fresh_days, struggle_fresh_days, follow_up_days, ask_for_input_days, agenda_length, time_zone, default_country)
            VALUES (\(bind: account.rawValue), \(bind: s.cadence[.unfamiliar]), \(bind: s.cadence[.familiar]), \(bind: s.cadence[.intimate]),
                \(bind: s.cadence[.meaningful]), \(bind: s.birthdayHeadsUpDays), \(bind: s.winFreshDays), \(bind: s.struggleFreshDays),
                \(bind: s.followUpDays), \(bind: s.askForInputDays), \(bind: s.agendaLength), \(bind: s.timeZone), \(bind: s.defaultCountry))
            ON CONFLICT (account_id) DO UPDATE SET cadence_unfamiliar = excluded.cadence_unfamiliar,
                cadence_familiar = excluded.cadence_familiar, cadence_intimate = excluded.cadence_intimate,
                cadence_meaningful = excluded.cadence_meaningful, birthday_heads_up_days = excluded.birthday_heads_up_days,
                win_fresh_days = excluded.win_fresh_days, struggle_fresh_days = excluded.struggle_fresh_days,
                follow_up_days = excluded.follow_up_days, ask_for_input_days = excluded.ask_for_input_days,
                agenda_length = excluded.agenda_length, time_zone = excluded.time_zone,
                default_country = excluded.default_country
            """).run()
    }
}
