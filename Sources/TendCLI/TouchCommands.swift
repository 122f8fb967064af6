import ArgumentParser
import TendCore
import TendServices

struct Log: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log a touch with one or more people.",
        discussion: """
            The last argument is the note when there are two or more and --note is not given:
              tend log Ana "Coffee on the quay" --intent check-in --channel in-person
              tend log Ana Ben Chloé --note "Dinner" --intent check-in --channel in-person
            Intents: check-in, celebrate, support, give[:help|introduction|referral|recommendation],
            ask[:help|advice|input|favour], thanks. Only asks leave a cadence as it was.
            """)

    @Argument(help: "The people, then the note.") var words: [String]
    @Option(help: "Why you reached out.", transform: Parse.intent) var intent: Intent = .checkIn
    @Option(help: "How: in-person, call, video, message, email, social, letter or gift.", transform: Parse.word(Channel.self))
    var channel: Channel = .message
    @Option(help: "The note (instead of the last argument).") var note: String?
    @Option(help: "The id of the moment this touch answers.") var moment: Int64?
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func validate() throws {
        if words.isEmpty { throw ValidationError("name at least one person") }
    }

    func run() async throws {
        var people = words
        var text = note ?? ""
        if note == nil, people.count >= 2 { text = people.removeLast() }
        let (who, what) = (people, text)
        try await Context.run(store) { c in
            let logged = try await c.tending.logTouch(to: who.map(PersonReference.init(typed:)), on: day.resolve(c.settings), channel: channel, intent: intent,
                                                      note: what, moment: moment.map(MomentID.init))
            for w in logged.warnings { c.out.warn(w) }
            if output.json { try c.out.json(logged); return }
            c.out.print("Logged \(logged.touch.intent) (\(logged.touch.channel.rawValue)) on \(logged.touch.on) with \(who.count) \(who.count == 1 ? "person" : "people").")
            for m in logged.answered {
                c.out.print(c.out.good("  ✓ ") + (m.followedUpOn == logged.touch.on ? "followed up" : "answered") + " \(m.kind.words) (moment \(m.id))")
            }
        }
    }
}

struct MomentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moment",
        abstract: "Record a win or a struggle in someone's life.",
        discussion: """
            Wins: \(Moment.Win.allCases.map(\.rawValue).joined(separator: ", ")).
            Struggles: \(Moment.Struggle.allCases.map(\.rawValue).joined(separator: ", ")).
            Example: tend moment Ana win promotion "Leads the platform team now"
            """)

    @Argument(help: "The person.") var person: PersonReference
    @Argument(help: "win or struggle.") var polarity: String
    @Argument(help: "The kind of win or struggle.") var kind: String
    @Argument(help: "A note.") var note: String = ""
    @Option(help: "Whose it is: self, partner or company.", transform: Parse.word(Moment.Subject.self))
    var about: Moment.Subject = .themself
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        let parsed: Moment.Kind
        do { parsed = try Moment.Kind.parse(polarity: polarity, kind: kind) } catch {
            throw ValidationError(error.description)
        }
        try await Context.run(store) { c in
            let m = try await c.tending.recordMoment(person, kind: parsed, about: about, on: day.resolve(c.settings), note: note)
            if output.json { try c.out.json(m); return }
            c.out.print("Recorded \(m.kind.isWin ? "a win" : "a struggle"): \(m.kind.words) on \(m.on) (moment \(m.id)).")
        }
    }
}

struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The give/ask ledger: who you mostly ask from, and who you have given to (last 12 months).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let ledger = try await c.tending.ledger(asOf: day.resolve(c.settings))
            if output.json { try c.out.json(ledger); return }
            c.out.print(c.out.bold("You mostly ask from") + c.out.dim("  (asks at least as many as need-free touches)"))
            if ledger.mostlyAsk.isEmpty { c.out.print("  nobody — well done") }
            else {
                c.out.table(["  NAME", "ASKS", "NEED-FREE", "GIVES"], ledger.mostlyAsk.map {
                    ["  " + $0.name, String($0.asks), String($0.needFree), String($0.gives)]
                })
            }
            c.out.print()
            c.out.print(c.out.bold("You have given to"))
            if ledger.givenTo.isEmpty { c.out.print("  nobody yet — an introduction or a referral is a fine start") }
            else {
                c.out.table(["  NAME", "GIVES", "NEED-FREE", "ASKS"], ledger.givenTo.map {
                    ["  " + $0.name, String($0.gives), String($0.needFree), String($0.asks)]
                })
            }
        }
    }
}
