import Foundation
import Hummingbird
import TendCore

extension WebApp {
    struct NetworkModel: PageModel {
        var csrf = ""
        var dateLabel: String
        var tiersChart: String
        var ledgerChart: String
        var weeksChart: String
        var hasDrift: Bool
        var driftChart: String
    }

    func addNetworkRoutes(to router: RouterGroup<TendRequestContext>) {
        router.get("network") { _, context in
            let tending = try tending(context)
            let (today, _) = try await self.today(tending)
            let picture = try await tending.network(asOf: today)
            let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            let model = NetworkModel(
                dateLabel: today.spelledOut,
                tiersChart: Charts.horizontal(picture.tiers.map { t in
                    .init(label: t.tier.title, value: t.people, valueLabel: "\(t.people)", cssClass: "t-\(t.tier.rawValue)",
                          href: "/people?tier=\(t.tier.rawValue)")
                }, title: "People per tier", width: 420, valueWidth: 40),
                ledgerChart: Charts.pairs(picture.months.map { (monthNames[$0.start.month - 1], $0.gives, $0.asks) },
                                          classes: ("gives", "asks"), names: ("gives", "asks"), title: "Gives and asks per month"),
                weeksChart: Charts.columns(picture.weeks.map { ("\($0.start.day) \(monthNames[$0.start.month - 1])", $0.needFree) },
                                           title: "Need-free touches per week", labelEvery: 8),
                hasDrift: !picture.drifting.isEmpty,
                // Bars compare the lapse with each person's cadence, the order the list is in.
                driftChart: Charts.horizontal(picture.drifting.map { d in
                    .init(label: d.name, value: 100 * d.overdue / max(d.cadence, 1),
                          valueLabel: "\(d.overdue) days over a \(d.cadence)-day cadence", cssClass: "t-\(d.tier.rawValue)",
                          href: "/people/\(d.personID)")
                }, title: "People furthest past their cadence", width: 720, valueWidth: 230))
            return try await page("network", model, title: "Network", section: .network, context: context)
        }
    }
}
