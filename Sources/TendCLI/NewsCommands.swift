import ArgumentParser
import TendCore
import TendServices

/// The News inbox on the command line: what Tend noticed (job changes in imports), confirmed or dismissed one by one.
struct NewsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "news",
        abstract: "What Tend noticed on its own, waiting for you: confirm it as a moment, or dismiss it.",
        discussion: """
            An import that shows someone changed jobs (a newer LinkedIn export, a re-imported address book) proposes a new job,
            a promotion or a new role here. Confirming makes it a moment that Today celebrates, and records the new job on the
            person; dismissed news is never proposed again. Examples: tend news · tend news confirm 3 · tend news confirm 4
            --kind win:other · tend news dismiss 5
            """,
        subcommands: [List.self, Confirm.self, Dismiss.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the news waiting (or in another state), newest first.")
        @Option(help: "pending (the default), confirmed, dismissed or all.") var state: String = "pending"
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let wanted: Proposal.State?
            if state.lowercased() == "all" { wanted = nil } else {
                do { wanted = try Proposal.State.parse(state) } catch {
                    throw ValidationError("\(error.description), or all")
                }
            }
            try await Context.run(store) { c in
                let items = try await c.tending.news(state: wanted, limit: 500)
                if output.json { try c.out.json(items.map(Item.init)); return }
                if items.isEmpty {
                    c.out.print(wanted == .pending ? "No news waiting. An import that shows a job change proposes it here." : "No news \(state.lowercased()).")
                    return
                }
                for n in items {
                    let p = n.proposal
                    let decided = p.decidedOn.map { ", \(p.state.rawValue) \($0)" } ?? ""
                    c.out.print("\(c.out.bold(p.id.description))  \(c.out.accent(p.kind.words.uppercased()))  \(c.out.bold(n.person.displayName))  \(p.note)")
                    c.out.print("   " + c.out.dim("\(p.on) · \(p.source)\(p.link.map { " · \($0)" } ?? "")\(decided)"))
                }
                if wanted == .pending {
                    c.out.print(c.out.dim("Decide: tend news confirm ID [--kind win:promotion] · tend news dismiss ID"))
                }
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Confirm news: it becomes a moment, and a job change is recorded on the person.")
        @Argument(help: "The news's id (tend news lists them).") var id: Int64
        @Option(help: "Another kind than the one proposed, e.g. win:promotion or struggle:layoff.", transform: Parse.momentKind)
        var kind: Moment.Kind?
        @OptionGroup var day: DayOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let today = day.resolve(c.settings)
                let (p, moment) = try await c.tending.confirmNews(ProposalID(id), as: kind, on: today)
                let name = try await c.tending.person(id: p.personID)?.displayName ?? "them"
                if output.json {
                    struct Confirmed: Encodable { var news: Proposal; var moment: Moment }
                    try c.out.json(Confirmed(news: p, moment: moment))
                    return
                }
                c.out.print(c.out.good("Confirmed:") + " \(moment.kind.words) for \(name) (moment \(moment.id)); Today \(moment.kind.isWin ? "celebrates" : "supports") it.")
            }
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Dismiss news; the same news is never proposed again.")
        @Argument(help: "The news's id (tend news lists them).") var id: Int64
        @OptionGroup var day: DayOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let today = day.resolve(c.settings)
                let p = try await c.tending.dismissNews(ProposalID(id), on: today)
                if output.json { try c.out.json(p); return }
                c.out.print(c.out.good("Dismissed:") + " news \(p.id); it will not be proposed again.")
            }
        }
    }

    /// A line of `tend news --json`: the proposal with its person's name.
    struct Item: Encodable {
        var proposal: Proposal
        var personName: String
        init(_ n: Tending.NewsItem) {
            proposal = n.proposal
            personName = n.person.displayName
        }
    }
}
