import ArgumentParser
import TendCore
import TendServices

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show or change cadences, reminders, how many people a day, time zone and default country.",
        discussion: "Example: tend settings --cadence meaningful=30 --cadence unfamiliar=none --time-zone Europe/Lisbon")

    @Option(help: "A tier's cadence, TIER=DAYS or TIER=none (repeatable).") var cadence: [String] = []
    @Option(help: "Days ahead to announce intimate and meaningful birthdays.") var birthdayHeadsUp: Int?
    @Option(help: "Days a win stays worth celebrating.") var winFresh: Int?
    @Option(help: "Days a struggle stays on the agenda before support.") var struggleFresh: Int?
    @Option(help: "Days after support to follow up.") var followUp: Int?
    @Option(help: "Days between asks for someone's input.") var askForInput: Int?
    @Option(help: "How many people you reach out to a day (1 to 100): the agenda's length and the capacity it plans with.")
    var agendaLength: Int?
    @Option(help: "Time zone for 'today' (e.g. Europe/Lisbon), or 'system'.") var timeZone: String?
    @Option(help: "The country of phone numbers with no country code (e.g. DE, GB, US), or 'none'.") var defaultCountry: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        var cadences: [(Tier, Int?)] = []
        for c in cadence {
            let parts = c.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--cadence takes TIER=DAYS or TIER=none, not '\(c)'") }
            cadences.append((try Parse.word(Tier.self)(parts[0]), try Parse.days(parts[1])))
        }
        let changes = cadences
        try await Context.run(store) { c in
            let s = try await c.tending.updateSettings { s in
                for (tier, days) in changes { s.cadence[tier] = days }
                if let v = birthdayHeadsUp { s.birthdayHeadsUpDays = v }
                if let v = winFresh { s.winFreshDays = v }
                if let v = struggleFresh { s.struggleFreshDays = v }
                if let v = followUp { s.followUpDays = v }
                if let v = askForInput { s.askForInputDays = v }
                if let v = agendaLength { s.agendaLength = v }
                if let v = timeZone { s.timeZone = v.lowercased() == "system" ? nil : v }
                if let v = defaultCountry { s.defaultCountry = v.lowercased() == "none" ? nil : v }
            }
            if output.json { try c.out.json(s); return }
            for tier in Tier.allCases.reversed() {
                c.out.print("cadence.\(tier.rawValue)".padding(toLength: 22, withPad: " ", startingAt: 0)
                            + (s.cadence[tier].map { "\($0) days" } ?? "none"))
            }
            let rows: [(String, String)] = [
                ("birthday-heads-up", "\(s.birthdayHeadsUpDays) days"), ("win-fresh", "\(s.winFreshDays) days"),
                ("struggle-fresh", "\(s.struggleFreshDays) days"), ("follow-up", "\(s.followUpDays) days"),
                ("ask-for-input", "\(s.askForInputDays) days"), ("agenda-length", "\(s.agendaLength)"),
                ("time-zone", s.timeZone ?? "system (\(s.resolvedTimeZone().identifier))"),
                ("default-country", s.defaultCountry ?? "none"),
            ]
            for (k, v) in rows { c.out.print(k.padding(toLength: 22, withPad: " ", startingAt: 0) + v) }
        }
    }
}
