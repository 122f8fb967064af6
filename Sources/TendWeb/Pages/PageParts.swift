import Foundation
import Mustache
import TendCore

/// A page's view model: every one carries the CSRF token its forms need.
protocol PageModel {
    var csrf: String { get set }
}

/// Which main section a page belongs to, for the navigation.
enum Section {
    case today, week, news, captured, people, network, settings, none
}

/// Select options.
struct Option: MustacheParent {
    var value: String
    var label: String
    var selected: Bool = false

    /// Read without Mirror: a Today page renders dozens of options, and reflection was most of its time.
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension Option {
    /// The ways to reach someone, for a select.
    static func channels(selected: Channel = .message) -> [Option] {
        Channel.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "-", with: " ").capitalizedFirst, selected: $0 == selected) }
    }

    /// The four tiers, for a select.
    static func tiers(selected: Tier?) -> [Option] {
        Tier.allCases.map { Option(value: $0.rawValue, label: $0.title, selected: $0 == selected) }
    }
}

extension String {
    /// A message as a sentence: its first letter capitalized, unless it starts with an address ("http://…").
    var asSentence: String { hasPrefix("http://") || hasPrefix("https://") ? self + "." : capitalizedFirst + "." }
}

/// "?tier=intimate&tag=climbing" from the values that are set; "" when none is.
func queryString(_ pairs: [(String, String?)]) -> String {
    let set = pairs.compactMap { name, value in
        value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" }
    }
    return set.isEmpty ? "" : "?" + set.joined(separator: "&")
}
