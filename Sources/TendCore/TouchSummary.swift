/// What a person's touch history says as of a day: the facts the agenda and the ledger need.
public struct TouchSummary: Hashable, Sendable, Codable {
    public var lastNeedFree: Day?
    public var lastAsk: Day?
    public var lastTouch: Day?
    /// Need-free touches in the 365 days up to the day.
    public var needFreeLastYear: Int
    public var givesLastYear: Int
    public var asksLastYear: Int

    public init(lastNeedFree: Day? = nil, lastAsk: Day? = nil, lastTouch: Day? = nil,
                needFreeLastYear: Int = 0, givesLastYear: Int = 0, asksLastYear: Int = 0) {
        self.lastNeedFree = lastNeedFree
        self.lastAsk = lastAsk
        self.lastTouch = lastTouch
        self.needFreeLastYear = needFreeLastYear
        self.givesLastYear = givesLastYear
        self.asksLastYear = asksLastYear
    }

    public static let none = TouchSummary()

    /// Folds a list of touches into a summary as of `today` (touches after it are ignored).
    /// Stores compute the same in SQL; this is the reference for tests and the simulator.
    public static func of(_ touches: [(on: Day, intent: Intent)], asOf today: Day) -> TouchSummary {
        var s = TouchSummary()
        let yearAgo = today.adding(days: -365)
        for t in touches where t.on <= today {
            s.lastTouch = max(s.lastTouch ?? t.on, t.on)
            let recent = t.on > yearAgo
            if t.intent.isAsk {
                s.lastAsk = max(s.lastAsk ?? t.on, t.on)
                if recent { s.asksLastYear += 1 }
            } else {
                s.lastNeedFree = max(s.lastNeedFree ?? t.on, t.on)
                if recent { s.needFreeLastYear += 1 }
                if recent && t.intent.isGive { s.givesLastYear += 1 }
            }
        }
        return s
    }
}
