import Hummingbird
import TendCore

/// The Network page (`network.mustache`): people per tier, gives and asks per month, need-free touches
/// per week, and who is furthest past their cadence, as server-drawn SVG charts.
struct NetworkPage: PageModel {
    var csrf = ""
    var dateLabel: String
    var tiersChart: String
    var ledgerChart: String
    var weeksChart: String
    var hasDrift: Bool
    var driftChart: String

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(picture: NetworkPicture, today: Day) {
        let months = Self.monthNames
        dateLabel = today.spelledOut
        tiersChart = Charts.horizontal(picture.tiers.map { t in
            .init(label: t.tier.title, value: t.people, valueLabel: "\(t.people)", cssClass: "t-\(t.tier.rawValue)",
                  href: "/people?tier=\(t.tier.rawValue)")
        }, title: "People per tier", width: 420, valueWidth: 40)
        ledgerChart = Charts.pairs(picture.months.map { (months[$0.start.month - 1], $0.gives, $0.asks) },
                                   classes: ("gives", "asks"), names: ("gives", "asks"), title: "Gives and asks per month")
        weeksChart = Charts.columns(picture.weeks.map { ("\($0.start.day) \(months[$0.start.month - 1])", $0.needFree) },
                                    title: "Need-free touches per week", labelEvery: 8)
        hasDrift = !picture.drifting.isEmpty
        // Bars compare the lapse with each person's cadence, the order the list is in.
        driftChart = Charts.horizontal(picture.drifting.map { d in
            .init(label: d.name, value: 100 * d.overdue / max(d.cadence, 1),
                  valueLabel: "\(d.overdue) days over a \(d.cadence)-day cadence", cssClass: "t-\(d.tier.rawValue)",
                  href: "/people/\(d.personID)")
        }, title: "People furthest past their cadence", width: 720, valueWidth: 230)
    }
}

/// The Network page's one route.
struct NetworkRoutes: PageRoutes {
    let app: WebApp

    func add(to router: RouterGroup<TendRequestContext>) {
        router.get("network", use: show)
    }

    @Sendable func show(_ request: Request, context: TendRequestContext) async throws -> Response {
        let tending = try app.tending(context)
        let (today, _) = try await app.today(tending)
        let page = NetworkPage(picture: try await tending.network(asOf: today), today: today)
        return try await app.page("network", page, title: "Network", section: .network, context: context)
    }
}
