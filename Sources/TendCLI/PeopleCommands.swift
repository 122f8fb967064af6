import ArgumentParser
import TendCore
import TendServices
import TendStore

struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add a person.")

    @Argument(help: "Their name as you want to see it.") var name: String
    @Option(help: "Their tier: unfamiliar, familiar, intimate or meaningful.", transform: Parse.word(Tier.self))
    var tier: Tier = .familiar
    @Option(help: "The tier you mean to move them up to.", transform: Parse.word(Tier.self)) var target: Tier?
    @OptionGroup var profile: ProfileOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            var p = Profile(displayName: name)
            // Without explicit parts, "Ana Souza" gives Ana and Souza.
            let words = name.split(separator: " ").map(String.init)
            if profile.given == nil, let first = words.first { p.givenName = first }
            if profile.family == nil, words.count > 1 { p.familyName = words.dropFirst().joined(separator: " ") }
            profile.apply(to: &p)
            let person = try await c.tending.addPerson(p, tier: tier, targetTier: target,
                                                       cadenceDays: profile.cadence ?? nil, on: day.resolve(c.settings))
            if output.json { try c.out.json(person); return }
            c.out.print("Added \(c.out.bold(person.displayName)) (id \(person.id)), \(person.tier.rawValue).")
        }
    }
}

struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Change a person's details.",
        discussion: "Single values replace; --email, --phone, --tag and --link add. Use the --remove-… options to take away.")

    @Argument(help: "The person: id or part of their name.") var person: PersonReference
    @Option(help: "A new display name.") var name: String?
    @OptionGroup var profile: ProfileOptions
    @Option(help: "Remove a tag (repeatable).") var removeTag: [String] = []
    @Option(help: "Remove an email (repeatable).") var removeEmail: [String] = []
    @Option(help: "Remove a phone (repeatable).") var removePhone: [String] = []
    @Flag(help: "Forget their birthday.") var clearBirthday = false
    @Flag(inversion: .prefixedNo, help: "Archive them (off the agenda and listings) or bring them back.") var archive: Bool?
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let updated = try await c.tending.editPerson(person, on: day.resolve(c.settings)) { p in
                if let name { p.profile.displayName = name }
                profile.apply(to: &p.profile)
                let tags = Set(removeTag.map { $0.lowercased() }), emails = Set(removeEmail.map { $0.lowercased() })
                p.profile.tags.removeAll { tags.contains($0.lowercased()) }
                p.profile.emails.removeAll { emails.contains($0.lowercased()) }
                p.profile.phones.removeAll { removePhone.contains($0) }
                if clearBirthday { p.profile.birthday = nil }
                if let cadence = profile.cadence { p.cadenceDays = cadence }
                if let archive { p.archived = archive }
            }
            if output.json { try c.out.json(updated); return }
            c.out.print("Updated \(c.out.bold(updated.displayName)) (id \(updated.id))\(updated.archived ? ", archived" : "").")
        }
    }
}

struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a person: profile, tiers, timeline and give/ask balance.")

    @Argument(help: "The person: id or part of their name.") var person: PersonReference
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @Option(help: "How many timeline entries to show.") var limit: Int = 20
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let today = day.resolve(c.settings)
            let d = try await c.tending.detail(person, asOf: today)
            if output.json { try c.out.json(d); return }
            render(d, today: today, c.out)
        }
    }

    func render(_ d: Tending.PersonDetail, today: Day, _ out: Terminal) {
        let p = d.person, pr = p.profile
        out.print(out.bold(p.displayName) + out.dim("  (id \(p.id))") + (p.archived ? out.alert("  archived") : ""))
        var facts: [(String, String?)] = [
            ("Tier", p.tier.rawValue + (p.targetTier.map { " → target \($0.rawValue)" } ?? "")),
            ("Cadence", d.cadenceDays.map { "\($0) days" + (p.cadenceDays != nil ? " (their own)" : " (\(p.tier.rawValue))") } ?? "none"),
            ("Next due", d.nextDue.map { $0 <= today ? "\($0) (due)" : $0.description }),
            ("Nickname", pr.nickname), ("Company", [pr.title, pr.company].compactMap { $0 }.joined(separator: ", ")),
            ("City", pr.city), ("Birthday", pr.birthday.map(Self.birthdayText)), ("Anniversary", pr.anniversary.map(Self.birthdayText)),
            ("Met", [pr.howWeMet, pr.metOn?.description].compactMap { $0 }.joined(separator: ", ")),
            ("Emails", pr.emails.joined(separator: ", ")), ("Phones", pr.phones.joined(separator: ", ")),
            ("Tags", pr.tags.joined(separator: ", ")), ("Links", pr.links.map { "\($0.label): \($0.url)" }.joined(separator: ", ")),
        ]
        facts += d.relations.map { r in
            (r.forward ? r.kind.words.capitalizedFirst : "Introduced", r.forward ? r.name : "\(r.name) (they introduced)")
        }
        for (label, value) in facts {
            guard let value, !value.isEmpty else { continue }
            // A long label ("Introduced by") keeps a space before its value.
            out.print("  " + out.dim(label.padding(toLength: max(10, label.count + 1), withPad: " ", startingAt: 0)) + value)
        }
        if !pr.notes.isEmpty {
            // Every line of the notes under the first, not back at the margin.
            let lines = pr.notes.split(separator: "\n", omittingEmptySubsequences: false)
            out.print("  " + out.dim("Notes".padding(toLength: 10, withPad: " ", startingAt: 0))
                + lines.map(String.init).joined(separator: "\n" + String(repeating: " ", count: 12)))
        }

        if let seeing = d.seeing(from: today) { out.print("  " + out.accent(seeing)) }

        let s = d.summary
        out.print()
        out.print(out.bold("Last 12 months") + ": \(s.needFreeLastYear) need-free touches (\(s.givesLastYear) gives), \(s.asksLastYear) asks")
        if s.asksLastYear > 0, s.asksLastYear >= s.needFreeLastYear {
            out.print(out.alert("  You have asked at least as often as you have shown up for them."))
        }
        out.print()
        out.print(out.bold("Tiers"))
        for t in d.tierHistory {
            let move = t.from.map { "\($0.rawValue) → \(t.to.rawValue)" } ?? "added as \(t.to.rawValue)"
            out.print("  \(t.on)  \(move)" + (t.reason.map { " — \($0)" } ?? ""))
        }
        let timeline: [(Day, Int, String)] = d.touches.map { t in
            (t.on, 1, "\(t.intent) · \(t.channel.rawValue)" + (t.people.count > 1 ? " · with \(t.people.count - 1) more" : "")
                + (t.note.isEmpty ? "" : " — \(t.note)"))
        } + d.moments.map { m in
            (m.on, 0, "\(m.kind.isWin ? "win" : "struggle"): \(m.kind.words)" + (m.about == .themself ? "" : " (\(m.about.rawValue))")
                + " [\(m.state.rawValue)]" + (m.note.isEmpty ? "" : " — \(m.note)") + "  (moment \(m.id))")
        }
        out.print()
        out.print(out.bold("Timeline") + (timeline.isEmpty ? out.dim("  nothing yet") : ""))
        for (day, _, text) in timeline.sorted(by: { ($0.0, $0.1) > ($1.0, $1.1) }).prefix(limit) {
            out.print("  \(day)  \(text)")
        }
        if timeline.count > limit { out.print(out.dim("  … \(timeline.count - limit) more (--limit)")) }
    }

    static func birthdayText(_ b: Birthday) -> String {
        let month = Day(year: 2000, month: b.month, day: 1)!.monthName
        return "\(b.day) \(month)" + (b.year.map { " \($0)" } ?? "")
    }
}


struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List people.")

    @Option(help: "Only this tier.", transform: Parse.word(Tier.self)) var tier: Tier?
    @Option(help: "Only people with this tag.") var tag: String?
    @Flag(help: "Only people whose cadence is due.") var due = false
    @Flag(help: "Include archived people.") var archived = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let today = day.resolve(c.settings)
            let lines = try await c.tending.list(PeopleFilter(tier: tier, tag: tag, includeArchived: archived), dueOnly: due, asOf: today)
            if output.json { try c.out.json(lines); return }
            guard !lines.isEmpty else { c.out.print("No people match."); return }
            c.out.table(["ID", "NAME", "TIER", "LAST NEED-FREE", "NEXT DUE", "TAGS"], lines.map { l in
                [l.person.id.description, l.person.displayName + (l.person.archived ? " (archived)" : ""),
                 l.person.tier.rawValue + (l.person.targetTier.map { "→\($0.rawValue)" } ?? ""),
                 l.lastNeedFree?.description ?? "never", l.nextDue.map { $0 <= today ? "\($0) due" : $0.description } ?? "—",
                 l.person.profile.tags.joined(separator: ",")]
            })
            c.out.print(c.out.dim("\(lines.count) \(lines.count == 1 ? "person" : "people")"))
        }
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find people by name, company, notes or tags (ignores case and accents).")

    @Argument(help: "Words to find; each must match the start of a word.") var text: [String]
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let found = try await c.tending.search(text.joined(separator: " "))
            if output.json { try c.out.json(found); return }
            guard !found.isEmpty else { c.out.print("Nobody matches '\(text.joined(separator: " "))'."); return }
            c.out.table(["ID", "NAME", "TIER", "COMPANY", "TAGS"], found.map { p in
                [p.id.description, p.displayName, p.tier.rawValue, p.profile.company ?? "", p.profile.tags.joined(separator: ",")]
            })
        }
    }
}

struct TierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tier", abstract: "Move a person to a tier, and set the tier you mean to move them up to.")

    @Argument(help: "The person: id or part of their name.") var person: PersonReference
    @Argument(help: "The tier: unfamiliar, familiar, intimate or meaningful.", transform: Parse.word(Tier.self)) var tier: Tier
    @Option(help: "A target tier above it, or 'none'.", transform: Parse.optionalTier) var target: Tier??
    @Option(help: "Why (kept in the tier history).") var reason: String?
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption

    func run() async throws {
        try await Context.run(store) { c in
            let p = try await c.tending.setTier(person, to: tier, target: target, reason: reason, on: day.resolve(c.settings))
            c.out.print("\(p.displayName) is \(p.tier.rawValue)" + (p.targetTier.map { ", aiming for \($0.rawValue)." } ?? "."))
        }
    }
}

struct Relate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record how two people are related: PERSON's KIND is OTHER.",
        discussion: "KIND is partner, child, parent, sibling, colleague or introduced-by. `tend relate Ana partner Ben`; `tend relate Ana introduced-by Sam`.")

    @Argument(help: "The person.") var person: PersonReference
    @Argument(help: "The relation.", transform: Parse.word(Relation.Kind.self)) var kind: Relation.Kind
    @Argument(help: "The other person.") var other: PersonReference
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Context.run(store) { c in
            let (a, b) = try await c.tending.relate(person, kind, other)
            c.out.print("\(a.displayName): \(kind.words) \(b.displayName).")
        }
    }
}

struct Unrelate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove a relation recorded with `tend relate`.")

    @Argument(help: "The person.") var person: PersonReference
    @Argument(help: "The relation.", transform: Parse.word(Relation.Kind.self)) var kind: Relation.Kind
    @Argument(help: "The other person.") var other: PersonReference
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await Context.run(store) { c in
            try await c.tending.unrelate(person, kind, other)
            c.out.print("Removed.")
        }
    }
}

struct Merge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge two records of the same person into the first, keeping every touch, moment and field.")

    @Argument(help: "The record to keep.") var keep: PersonReference
    @Argument(help: "The duplicate, merged in and removed.") var duplicate: PersonReference
    @OptionGroup var store: StoreOptions
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption

    func run() async throws {
        try await Context.run(store) { c in
            let m = try await c.tending.merge(keep, duplicate, on: day.resolve(c.settings))
            if output.json { try c.out.json(m); return }
            c.out.print("Merged \(m.removed.displayName) (id \(m.removed.id)) into \(c.out.bold(m.person.displayName)) (id \(m.person.id)): "
                        + "\(m.touchesMoved) touches and \(m.momentsMoved) moments moved.")
        }
    }
}
