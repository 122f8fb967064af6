import ArgumentParser
import TendCore
import TendServices

struct Today: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who to reach out to today, and why (the default command).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @Option(name: .long, help: "How many suggestions to show (default: the agenda length setting).")
    var limit: Int?
    @OptionGroup var output: JSONOption

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await Context.run(store) { c in
            var agenda = try await c.tending.agenda(for: day.resolve(c.settings))
            if let limit { agenda.limit = limit }
            if output.json { try c.out.json(agenda); return }
            Self.render(agenda, c.out, newsWaiting: try await c.tending.newsWaiting())
        }
    }

    static func render(_ agenda: Agenda, _ out: Terminal, newsWaiting: Int = 0) {
        out.print(out.bold("Today — \(agenda.day.weekdayName) \(agenda.day.spelledOut)"))
        if newsWaiting > 0 {
            out.print(out.accent("\(newsWaiting) \(newsWaiting == 1 ? "piece of news is" : "pieces of news are") waiting: tend news"))
        }
        guard !agenda.suggestions.isEmpty else {
            out.print("Nothing on the agenda: everyone is within their cadence. Add people or log a moment.")
            return
        }
        let width = String(agenda.shown.count).count
        for (i, s) in agenda.shown.enumerated() {
            let n = String(i + 1)
            let pad = String(repeating: " ", count: width - n.count)
            out.print()
            out.print("\(pad)\(out.bold(n)). \(out.accent(s.kind.title.uppercased()))  \(out.bold(s.personName))")
            let indent = String(repeating: " ", count: width + 2)
            out.print("\(indent)\(out.dim("why:"))   \(s.reason)")
            out.print("\(indent)\(out.dim("do:"))    \(s.action)")
            out.print("\(indent)\(out.dim("draft:")) “\(s.draft)”")
            for link in s.sendLinks where link.app == .email || link.app == .whatsapp {
                out.print("\(indent)\(out.dim("send:"))  \(link.app.title): \(link.url)")
            }
        }
        out.print()
        if let rest = agenda.restSummary { out.print(out.dim(rest) + " (tend today --limit \(agenda.suggestions.count))") }
        if let note = agenda.coverage.note, !agenda.coverage.isCovered || agenda.coverage.lines.contains(where: { $0.behind > 0 }) {
            out.warn(note)
        }
        out.print(out.dim("Mark one: tend done 1 · tend snooze 1 --until \(agenda.day.adding(days: 7)) · tend dismiss 1"))
    }
}

struct Done: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a suggestion done, logging the touch it asked for.",
        discussion: "SUGGESTION is its number on the day's agenda, or its key (see --json).")

    @Argument(help: "The suggestion's number or key.") var suggestion: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @Option(help: "How you reached out (default: message).", transform: Parse.word(Channel.self)) var channel: Channel?
    @Option(help: "What the touch was, if not the suggestion's own (e.g. give:introduction).", transform: Parse.intent)
    var intent: Intent?
    @Option(help: "A note for the touch.") var note: String?
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let done = try await c.tending.complete(suggestion, on: day.resolve(c.settings), channel: channel,
                                                    intent: intent, note: note)
            if output.json { try c.out.json(done); return }
            if let logged = done.logged {
                c.out.print(c.out.good("Done:") + " logged a \(logged.touch.intent) with \(done.suggestion.personName) on \(logged.touch.on).")
                for w in logged.warnings { c.out.warn(w) }
            } else {
                c.out.print(c.out.good("Done:") + " \(done.suggestion.kind.title.lowercased()) for \(done.suggestion.personName).")
            }
        }
    }
}

struct Snooze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Hide a suggestion until a later day.")

    @Argument(help: "The suggestion's number or key.") var suggestion: String
    @Option(help: "The day it may come back, YYYY-MM-DD.", transform: Parse.day) var until: Day
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption

    func run() async throws {
        try await Context.run(store) { c in
            let s = try await c.tending.snooze(suggestion, on: day.resolve(c.settings), until: until)
            c.out.print("Snoozed \(s.kind.title.lowercased()) for \(s.personName) until \(until).")
        }
    }
}

struct Dismiss: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a suggestion for good.")

    @Argument(help: "The suggestion's number or key.") var suggestion: String
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption

    func run() async throws {
        try await Context.run(store) { c in
            let s = try await c.tending.dismiss(suggestion, on: day.resolve(c.settings))
            c.out.print("Dismissed \(s.kind.title.lowercased()) for \(s.personName).")
        }
    }
}

struct Week: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The next seven days: what is planned each day, within how many people you reach out to a day.",
        discussion: "Each day is planned as if the days before went as planned. Do one early with `tend done KEY` (keys in --json).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let today = day.resolve(c.settings)
            let plan = try await c.tending.week(from: today)
            if output.json { try c.out.json(plan); return }
            let out = c.out
            out.print(out.bold("This week — from \(today.weekdayName) \(today.spelledOut), \(c.settings.agendaLength) a day"))
            for d in plan.days {
                out.print()
                let k = today.days(until: d.day)
                out.print(out.bold(k == 0 ? "Today" : k == 1 ? "Tomorrow, \(d.day.weekdayName) \(d.day.spelledOut)"
                                   : "\(d.day.weekdayName) \(d.day.spelledOut)"))
                if d.suggestions.isEmpty { out.print("  " + out.dim("nothing planned")) }
                for s in d.suggestions {
                    out.print("  \(out.accent(s.kind.title.uppercased()))  \(out.bold(s.personName)) — \(s.reason)")
                    if k > 0 { out.print("    " + out.dim("early: tend done \(s.key)")) }
                }
                if d.more > 0 { out.print("  " + out.dim("and \(d.more) more past the day's \(c.settings.agendaLength)")) }
            }
        }
    }
}
