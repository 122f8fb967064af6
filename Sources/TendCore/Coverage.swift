/// Whether the day's capacity keeps the closest people within their cadence, and what would (issue 19).
///
/// A rough budget, per day: every birthday (they come first), about `closeNewsPerYear` actions a year for each
/// intimate or meaningful person's news (a win or a struggle and its follow-up), then one need-free touch per
/// cadence for each meaningful person, then for each intimate one (a person being moved up counts at the
/// interval of their target tier). What is left over for a tier, times its cadence, is about how many people
/// of that tier the capacity keeps. The agenda's ranking follows the same order.
public struct Coverage: Hashable, Sendable, Codable {
    public struct Line: Hashable, Sendable, Codable {
        public var tier: Tier
        public var people: Int
        /// The tier's cadence in days.
        public var cadence: Int
        /// About how many people of the tier the capacity keeps within that cadence.
        public var canKeep: Int
        /// Of them, how many are past their cadence today and not on the day's list.
        public var behind: Int
        public var isCovered: Bool { canKeep >= people }
    }

    /// Suggestions a day.
    public var capacity: Int
    /// Meaningful, then intimate (a tier with no one, or no cadence, is left out).
    public var lines: [Line]
    /// The capacity that would keep every line covered.
    public var neededCapacity: Int

    static let closeNewsPerYear = 1.5

    init(_ rules: AgendaRules, shown: ArraySlice<Suggestion>, all: [Suggestion]) {
        let settings = rules.settings
        capacity = settings.agendaLength
        let entries = rules.input.people.filter { !$0.person.archived }
        let shownPeople = Set(shown.map(\.personID))
        let lapsing = Set(all.filter { $0.priority == .closeLapsing && !shownPeople.contains($0.personID) }.map(\.personID))

        let close = entries.filter { AgendaRules.isClose($0.person) }
        var load = Double(entries.filter { $0.person.profile.birthday != nil }.count) / 365
            + Double(close.count) * Self.closeNewsPerYear / 365
        var needed = load
        var lines: [Line] = []
        for tier in [Tier.meaningful, .intimate] {
            let people = close.filter { $0.person.tier == tier }
            guard !people.isEmpty, let cadence = settings.cadence[tier] else { continue }
            let need = people.reduce(0.0) { sum, e in sum + 1 / Double(max(1, rules.nextTouchDue(e)?.interval ?? cadence)) }
            let room = max(0, Double(capacity) - load)
            let canKeep = need <= room ? people.count : Int((room * Double(cadence)).rounded(.down))
            lines.append(Line(tier: tier, people: people.count, cadence: cadence, canKeep: min(canKeep, people.count),
                              behind: people.filter { lapsing.contains($0.person.id) }.count))
            load += need
            needed += need
        }
        self.lines = lines
        neededCapacity = Int(needed.rounded(.up))
    }

    /// Whether every close person is kept within their cadence.
    public var isCovered: Bool { lines.allSatisfy(\.isCovered) }

    /// Plain words for Today: said when the closest people fall behind, and what would fix it.
    public var note: String? {
        guard !lines.isEmpty else { return nil }
        if let short = lines.first(where: { !$0.isCovered }) {
            return "At \(capacity) a day, Tend can keep about \(short.canKeep) \(short.tier.rawValue) people within "
                + "\(short.cadence) days; you have \(short.people). Reach out to \(max(neededCapacity, capacity + 1)) a day, "
                + "or lengthen the \(short.tier.rawValue) cadence."
        }
        let behind = lines.filter { $0.behind > 0 }
        if !behind.isEmpty {
            let who = behind.map { "\($0.behind) \($0.tier.rawValue)" }.joined(separator: " and ")
            let total = behind.reduce(0) { $0 + $1.behind }
            return "\(who) \(total == 1 ? "person is" : "people are") past their cadence and not on today's list; "
                + "they come first as soon as there is room."
        }
        return "Your meaningful and intimate people are covered at \(capacity) a day."
    }
}
