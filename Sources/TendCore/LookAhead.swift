/// On a light day, pulls forward the keep-ups that the coming days have no room for (issue 19).
///
/// "Light" means today's agenda has fewer suggestions of priority 2 or above (see `Agenda`) than the day
/// holds; what would fill the rest is the outer tiers' keep-ups. For the next `horizon` days it lays out the
/// load that is already known — birthdays and heads-ups, follow-ups and keep-ups coming due (wins and
/// struggles cannot be known ahead) — and plays the days forward at the day's capacity, highest priority
/// first. A close person's keep-up (or a deepen) that would not be reached on the day it falls due is a
/// lapse to come: it is offered today instead, "a little early", the soonest first, as many as today has
/// room for. Pure: the future days are inputs, computed from the same rules as the agenda.
struct LookAhead {
    /// How many days ahead it looks.
    static let horizon = 6

    let rules: AgendaRules
    let ranked: [Suggestion]
    let entries: [Agenda.Entry]

    /// One thing known to come on a future day.
    struct Arrival {
        var day: Int
        var priority: Agenda.Priority
        /// The index of the candidate it is, if it is one.
        var candidate: Int?
    }

    struct Candidate {
        var entry: Agenda.Entry
        var dueIn: Int
        var interval: Int
        var target: Tier?
    }

    func pulledForward() -> [Suggestion] {
        let capacity = rules.settings.agendaLength
        let firm = ranked.filter { $0.priority >= .due }
        // What was done today has used its share of the day.
        let doneToday = rules.input.states.values.filter { $0 == .done(on: rules.today) }.count
        var free = capacity - firm.count - doneToday
        guard free > 0 else { return [] }
        let today = rules.today
        let onToday = Set(firm.map(\.personID))

        var candidates: [Candidate] = []
        var arrivals: [Arrival] = []
        for e in entries {
            let p = e.person
            if let b = p.profile.birthday {
                let daysToGo = today.days(until: b.nextCelebration(onOrAfter: today))
                if (1...Self.horizon).contains(daysToGo) { arrivals.append(Arrival(day: daysToGo, priority: .birthday)) }
                let headsUp = daysToGo - rules.settings.birthdayHeadsUpDays
                if p.tier >= .intimate, (1...Self.horizon).contains(headsUp) { arrivals.append(Arrival(day: headsUp, priority: .closeNews)) }
            }
            guard !onToday.contains(p.id), let due = rules.nextTouchDue(e), !rules.meetingCovers(e, due: due) else { continue }
            let dueIn = today.days(until: due.day)
            guard (1...Self.horizon).contains(dueIn), AgendaRules.isClose(p) || due.target != nil else { continue }
            candidates.append(Candidate(entry: e, dueIn: dueIn, interval: due.interval, target: due.target))
        }
        let tiers = Dictionary(entries.map { ($0.person.id, $0.person) }, uniquingKeysWith: { a, _ in a })
        for m in rules.input.moments {
            guard let due = rules.followUpDue(m), case let dueIn = today.days(until: due), (1...Self.horizon).contains(dueIn),
                  let p = tiers[m.personID] else { continue }
            arrivals.append(Arrival(day: dueIn, priority: AgendaRules.isClose(p) ? .closeNews : .outerNews))
        }
        guard !candidates.isEmpty else { return [] }
        // The soonest first, then the closest, then by name: the order they are offered in.
        candidates.sort { a, b in
            if a.dueIn != b.dueIn { return a.dueIn < b.dueIn }
            if a.entry.person.tier != b.entry.person.tier { return a.entry.person.tier > b.entry.person.tier }
            if a.entry.person.displayName != b.entry.person.displayName { return a.entry.person.displayName < b.entry.person.displayName }
            return a.entry.person.id < b.entry.person.id
        }

        var pulled: [Suggestion] = []
        var taken = Set<Int>()
        while free > 0 {
            let lapsing = Self.lapses(arrivals + candidates.indices.filter { !taken.contains($0) }.map {
                Arrival(day: candidates[$0].dueIn, priority: .due, candidate: $0)
            }, capacity: capacity)
            guard let next = candidates.indices.first(where: { lapsing.contains($0) && !taken.contains($0) }) else { break }
            taken.insert(next)
            let c = candidates[next]
            if let s = rules.early(c.entry, dueIn: c.dueIn, interval: c.interval, target: c.target), rules.isVisible(s) {
                pulled.append(s)
                free -= 1
            }
        }
        return pulled
    }

    /// Plays the coming days forward at `capacity` a day and returns the candidates not reached on the day
    /// they arrive.
    static func lapses(_ arrivals: [Arrival], capacity: Int) -> Set<Int> {
        var queue: [Arrival] = []
        var late = Set<Int>()
        for day in 1...horizon {
            queue.append(contentsOf: arrivals.filter { $0.day == day })
            // Highest priority first; among equals, what came first, and the known load before the candidates.
            queue.sort { a, b in
                if a.priority != b.priority { return a.priority > b.priority }
                if a.day != b.day { return a.day < b.day }
                return (a.candidate ?? -1) < (b.candidate ?? -1)
            }
            let done = queue.prefix(capacity)
            queue.removeFirst(done.count)
            for a in queue where a.day == day { if let c = a.candidate { late.insert(c) } }
        }
        return late
    }
}
