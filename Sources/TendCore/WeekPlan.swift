/// The next days' agendas, each planned as if the days before it were done as planned (issue 19): what to
/// reach out about each day, within the day's capacity, with the look-ahead's pulls already in place.
///
/// Planned items are taken as done on their day: the touch they log moves the person's last need-free touch
/// (or last ask), a congratulation or a support answers its moment and a follow-up closes it, so nothing is
/// planned twice and a keep-up done on Monday is not due again on Thursday.
public struct WeekPlan: Hashable, Sendable, Codable {
    public struct DayPlan: Hashable, Sendable, Codable {
        public var day: Day
        /// What is planned that day, ranked.
        public var suggestions: [Suggestion]
        /// What else is on that day's agenda past its capacity.
        public var more: Int
    }

    public var days: [DayPlan]

    /// Every planned suggestion, with its day.
    public var planned: [(day: Day, suggestion: Suggestion)] { days.flatMap { d in d.suggestions.map { (d.day, $0) } } }

    /// The plan with the send links of these people (see `Agenda.withContacts`).
    public func withContacts(_ people: [Person], defaultCountry: String?) -> WeekPlan {
        var w = self
        for i in w.days.indices {
            w.days[i].suggestions = SendLink.Contact.attach(people, to: w.days[i].suggestions, defaultCountry: defaultCountry)
        }
        return w
    }

    /// The plan with keep-up drafts that mention the last conversation (see `Agenda.withLastNotes`).
    public func withLastNotes(_ notes: [PersonID: String], people: [Person]) -> WeekPlan {
        var w = self
        for i in w.days.indices {
            w.days[i].suggestions = Drafts.mentioningLastNotes(w.days[i].suggestions, notes: notes, people: people, on: w.days[i].day)
        }
        return w
    }

    /// Plans `count` days from `input.today`. Today's plan leaves out what today's done suggestions have used.
    public init(_ input: Agenda.Input, days count: Int = 7) {
        var input = input
        let start = input.today
        let index = Dictionary(input.people.indices.map { (input.people[$0].person.id, $0) }, uniquingKeysWith: { a, _ in a })
        let moments = Dictionary(input.moments.indices.map { (input.moments[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [DayPlan] = []
        for k in 0..<max(0, count) {
            let day = start.adding(days: k)
            input.today = day
            let agenda = Agenda(input)
            let used = k == 0 ? input.states.values.filter { $0 == .done(on: day) }.count : 0
            let room = max(0, input.settings.agendaLength - used)
            let chosen = Array(agenda.suggestions.prefix(room))
            out.append(DayPlan(day: day, suggestions: chosen, more: agenda.suggestions.count - chosen.count))
            for s in chosen {
                input.states[s.key] = .done(on: day)
                if let i = index[s.personID], let intent = s.kind.doneIntent {
                    if intent.isAsk { input.people[i].touches.lastAsk = day } else { input.people[i].touches.lastNeedFree = day }
                    input.people[i].touches.lastTouch = day
                }
                guard let id = s.momentID, let m = moments[id] else { continue }
                switch s.kind {
                case .celebrate, .support:
                    input.moments[m].state = .answered
                    input.moments[m].answeredOn = day
                case .followUp:
                    input.moments[m].followedUpOn = day
                default: break
                }
            }
        }
        days = out
    }
}
