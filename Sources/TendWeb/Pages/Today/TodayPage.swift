import Mustache
import TendCore

/// The Today page (`today.mustache`): the day's ranked suggestions, each with its reason, what to do,
/// a draft message and its buttons.
struct TodayPage: PageModel {
    var csrf = ""
    var dateLabel: String
    var summary: String
    var suggestions: [Item]
    var rest: String?
    var dateQuery: String

    struct Item: MustacheParent {
        var rank: Int
        var key: String
        var kind: String
        var kindTitle: String
        var personID: Int64
        var personName: String
        var reason: String
        var action: String
        var draft: String
        var date: String
        var channels: [Option]

        /// Read without Mirror (see `Option`).
        func child(named name: String) -> Any? {
            switch name {
            case "rank": rank
            case "key": key
            case "kind": kind
            case "kindTitle": kindTitle
            case "personID": personID
            case "personName": personName
            case "reason": reason
            case "action": action
            case "draft": draft
            case "date": date
            case "channels": channels
            default: nil
            }
        }
    }

    /// The page for `agenda`, the agenda of `day`; `today` is the account's today (another day's page
    /// keeps its date in every link).
    init(agenda: Agenda, day: Day, today: Day) {
        suggestions = agenda.shown.enumerated().map { i, s in
            Item(rank: i + 1, key: s.key, kind: s.kind.rawValue, kindTitle: s.kind.title, personID: s.personID.rawValue,
                 personName: s.personName, reason: s.reason.capitalizedFirst, action: s.action, draft: s.draft,
                 date: day.description, channels: Option.channels())
        }
        let count = agenda.suggestions.count
        dateLabel = "\(day.weekdayName) \(day.spelledOut)"
        summary = count == 0 ? "all caught up" : count == 1 ? "1 person to reach out to" : "\(count) people to reach out to"
        rest = agenda.restSummary?.capitalizedFirst
        dateQuery = day == today ? "" : "&date=\(day)"
    }
}
