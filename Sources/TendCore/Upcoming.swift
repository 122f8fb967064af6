/// Dates coming up for the people in a network: what a calendar feed shows.
public struct Upcoming: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case keepUp = "keep-up", deepen, followUp = "follow-up"
    }

    public var kind: Kind
    public var personID: PersonID
    public var personName: String
    /// The day it falls due; an overdue one is due today.
    public var day: Day
    /// Why, in a few words: "every 30 days", "supported a layoff on 2 March".
    public var reason: String

    public init(kind: Kind, personID: PersonID, personName: String, day: Day, reason: String) {
        self.kind = kind
        self.personID = personID
        self.personName = personName
        self.day = day
        self.reason = reason
    }

    /// Keep-up, deepen and follow-up dates from `input.today` up to `horizon` days ahead, by day then name.
    /// The same rules as the agenda decide when each falls due.
    public static func dates(_ input: Agenda.Input, horizon: Int) -> [Upcoming] {
        let rules = AgendaRules(input)
        let today = input.today, last = today.adding(days: horizon)
        var out: [Upcoming] = []
        let entries = input.people.filter { !$0.person.archived }
        let byID = Dictionary(entries.map { ($0.person.id, $0.person) }, uniquingKeysWith: { a, _ in a })
        for e in entries {
            guard let due = rules.nextTouchDue(e), !rules.meetingCovers(e, due: due) else { continue }
            let day = max(due.day, today)
            guard day <= last else { continue }
            let p = e.person
            let reason = due.target.map { "moving \(p.profile.greetingName) from \(p.tier.rawValue) to \($0.rawValue): a need-free touch every \(due.interval) days" }
                ?? "a need-free touch every \(due.interval) days"
            out.append(Upcoming(kind: due.target == nil ? .keepUp : .deepen, personID: p.id, personName: p.displayName,
                                day: day, reason: due.day < today ? "\(reason); due since \(due.day)" : reason))
        }
        for m in input.moments {
            guard let p = byID[m.personID], let due = rules.followUpDue(m), let answered = m.answeredOn else { continue }
            let day = max(due, today)
            // The agenda lets a follow-up go after two months; so does the calendar.
            guard day <= last, due.days(until: today) <= 60 else { continue }
            if case .struggle(let s) = m.kind {
                out.append(Upcoming(kind: .followUp, personID: p.id, personName: p.displayName, day: day,
                                    reason: "you supported \(p.profile.greetingName) on \(answered.spelledOut) (\(s.words))"))
            }
        }
        return out.sorted { ($0.day, $0.personName, $0.personID, $0.kind.rawValue) < ($1.day, $1.personName, $1.personID, $1.kind.rawValue) }
    }
}
