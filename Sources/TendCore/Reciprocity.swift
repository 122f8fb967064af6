/// The give/ask ledger: whether the user shows up only to ask.
public enum Reciprocity {
    /// The warning to show when logging an ask to someone, or nil when the ask is fair.
    ///
    /// An ask is unbalanced when no need-free touch happened in the last two cadence periods
    /// (a year when the person has no cadence), or ever.
    public static func askWarning(name: String, touches: TouchSummary, cadence: Int?, today: Day) -> String? {
        let window = 2 * (cadence ?? 183)
        guard let last = touches.lastNeedFree else {
            if touches.lastAsk != nil {
                return "You have only ever reached out to \(name) to ask; consider a check-in or an offer of help first."
            }
            return "This is your first touch with \(name), and it is an ask; consider giving first."
        }
        guard last.days(until: today) > window else { return nil }
        let since = last.year == today.year ? last.monthName : "\(last.monthName) \(last.year)"
        if touches.lastAsk.map({ $0 > last }) ?? false {
            return "You have only reached out to \(name) to ask since \(since); consider a check-in first."
        }
        return "Your last need-free touch with \(name) was in \(since); consider a check-in before asking."
    }

    /// A line of the ledger: one person's balance over the last 12 months.
    public struct Line: Hashable, Sendable, Codable {
        public var personID: PersonID
        public var name: String
        public var needFree: Int
        public var gives: Int
        public var asks: Int

        public init(personID: PersonID, name: String, needFree: Int, gives: Int, asks: Int) {
            self.personID = personID
            self.name = name
            self.needFree = needFree
            self.gives = gives
            self.asks = asks
        }

        public init(person: Person, touches: TouchSummary) {
            self.init(personID: person.id, name: person.displayName, needFree: touches.needFreeLastYear,
                      gives: touches.givesLastYear, asks: touches.asksLastYear)
        }

        /// You asked at least as often as you showed up for them.
        public var mostlyAsks: Bool { asks > 0 && asks >= needFree }
    }

    /// The ledger: people you mostly ask from, and people you have given to.
    public struct Ledger: Hashable, Sendable, Codable {
        public var mostlyAsk: [Line]
        public var givenTo: [Line]

        public init(lines: [Line]) {
            mostlyAsk = lines.filter(\.mostlyAsks).sorted {
                ($0.asks - $0.needFree, $1.name) > ($1.asks - $1.needFree, $0.name)
            }
            givenTo = lines.filter { $0.gives > 0 }.sorted { ($0.gives, $1.name) > ($1.gives, $0.name) }
        }
    }
}
