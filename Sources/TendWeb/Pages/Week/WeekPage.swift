import Mustache
import TendCore

/// The This week page (`week.mustache`): the next seven days, what is planned each day within the day's
/// capacity; anything later in the week can be done now.
struct WeekPage: PageModel {
    var csrf = ""
    var days: [DayItem]
    var capacity: Int
    var coverage: String?
    var today: String

    struct DayItem: MustacheParent {
        var heading: String
        var id: String
        var items: [TodayPage.Item]
        var isEmpty: Bool { items.isEmpty }
        var more: String?

        func child(named name: String) -> Any? {
            switch name {
            case "heading": heading
            case "id": id
            case "items": items
            case "isEmpty": isEmpty
            case "more": more
            default: nil
            }
        }
    }

    init(plan: WeekPlan, today: Day, capacity: Int, coverage: String?) {
        self.capacity = capacity
        self.coverage = coverage
        self.today = today.description
        var rank = 0
        days = plan.days.map { d in
            let k = today.days(until: d.day)
            let heading = k == 0 ? "Today, \(d.day.spelledOut)" : k == 1 ? "Tomorrow, \(d.day.weekdayName) \(d.day.spelledOut)"
                : "\(d.day.weekdayName) \(d.day.spelledOut)"
            let items = d.suggestions.map { s in
                rank += 1
                return TodayPage.Item(s, rank: rank, date: today, when: k == 0 ? nil : "planned for \(k == 1 ? "tomorrow" : d.day.weekdayName)")
            }
            return DayItem(heading: heading, id: "d\(d.day)", items: items,
                           more: d.more > 0 ? "and \(d.more) more past the day's \(capacity)" : nil)
        }
    }
}
