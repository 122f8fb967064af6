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
    /// Whether the closest people are covered, and what would fix it when they are not.
    var coverage: String?
    var dateQuery: String
    /// "2 news waiting": proposals in the News inbox.
    var news: String?

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
        var links: [SendItem]
        var hasLinks: Bool { !links.isEmpty }
        /// "due Friday": on the week page, a day later than the one it is done on.
        var when: String? = nil
        /// "Draft message", or "To bring up" for what is said in person.
        var draftLabel = "Draft message"
        /// Whether Done logs a touch (and so asks how): not for a heads-up, nor before a meeting.
        var logsTouch = true

        /// A suggestion's card, numbered `rank`; its forms act on `date`.
        init(_ s: Suggestion, rank: Int, date: Day, when: String? = nil) {
            self.init(rank: rank, key: s.key, kind: s.kind.rawValue, kindTitle: s.kind.title, personID: s.personID.rawValue,
                      personName: s.personName, reason: s.reason.capitalizedFirst, action: s.action, draft: s.draft,
                      date: date.description, channels: Option.channels(), links: SendItem.items(s, rank: rank), when: when)
            draftLabel = s.kind == .beforeMeeting ? "To bring up" : "Draft message"
            logsTouch = s.kind.doneIntent != nil
        }

        init(rank: Int, key: String, kind: String, kindTitle: String, personID: Int64, personName: String, reason: String,
             action: String, draft: String, date: String, channels: [Option], links: [SendItem], when: String?) {
            self.rank = rank
            self.key = key
            self.kind = kind
            self.kindTitle = kindTitle
            self.personID = personID
            self.personName = personName
            self.reason = reason
            self.action = action
            self.draft = draft
            self.date = date
            self.channels = channels
            self.links = links
            self.when = when
        }

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
            case "links": links
            case "hasLinks": hasLinks
            case "when": when
            case "draftLabel": draftLabel
            case "logsTouch": logsTouch
            default: nil
            }
        }
    }

    /// One way to send the draft: opens the app with it filled in, and chooses the channel for "Done".
    struct SendItem: MustacheParent {
        var title: String
        var url: String
        var channel: String
        var rank: Int
        /// A web address opens in a new tab, so Tend stays open to mark it done.
        var external: Bool

        func child(named name: String) -> Any? {
            switch name {
            case "title": title
            case "url": url
            case "channel": channel
            case "rank": rank
            case "external": external
            default: nil
            }
        }

        static func items(_ s: Suggestion, rank: Int) -> [SendItem] {
            s.sendLinks.map { SendItem(title: $0.app.title, url: $0.url, channel: $0.app.channel.rawValue, rank: rank, external: $0.url.hasPrefix("https:")) }
        }
    }

    /// The page for `agenda`, the agenda of `day`; `today` is the account's today (another day's page
    /// keeps its date in every link).
    init(agenda: Agenda, day: Day, today: Day, newsWaiting: Int = 0) {
        news = newsWaiting == 0 ? nil : newsWaiting == 1 ? "1 piece of news is waiting for you" : "\(newsWaiting) pieces of news are waiting for you"
        suggestions = agenda.shown.enumerated().map { i, s in Item(s, rank: i + 1, date: day) }
        let count = agenda.suggestions.count
        dateLabel = "\(day.weekdayName) \(day.spelledOut)"
        summary = count == 0 ? "all caught up" : count == 1 ? "1 person to reach out to" : "\(count) people to reach out to"
        rest = agenda.restSummary?.capitalizedFirst
        coverage = agenda.coverage.note
        dateQuery = day == today ? "" : "&date=\(day)"
    }
}
