import Foundation
import TendInterop

/// An `addressbook-query` filter (RFC 6352 §10.5): prop-filters, each with text-matches or is-not-defined, any of
/// them or all of them. No sync client uses it; it answers what a search in an address book app asks.
struct CardQuery {
    struct TextMatch {
        var text: String
        var type: String
        var negate: Bool
        var caseless: Bool

        func matches(_ value: String) -> Bool {
            let v = caseless ? value.lowercased() : value, t = caseless ? text.lowercased() : text
            let hit: Bool
            switch type {
            case "equals": hit = v == t
            case "starts-with": hit = v.hasPrefix(t)
            case "ends-with": hit = v.hasSuffix(t)
            default: hit = v.contains(t)
            }
            return hit != negate
        }
    }

    struct PropFilter {
        var name: String
        var all: Bool
        var notDefined: Bool
        var matches: [TextMatch]
    }

    var all: Bool
    var filters: [PropFilter]

    init(_ node: XMLNode?) {
        all = node?.attributes["test"] == "allof"
        filters = (node?.children(named: "prop-filter") ?? []).map { f in
            PropFilter(name: (f.attributes["name"] ?? "").uppercased(), all: f.attributes["test"] == "allof",
                       notDefined: f.child("is-not-defined") != nil,
                       matches: f.children(named: "text-match").map { m in
                           TextMatch(text: m.text, type: m.attributes["match-type"] ?? "contains", negate: m.attributes["negate-condition"] == "yes",
                                     caseless: (m.attributes["collation"] ?? "i;unicode-casemap") != "i;octet")
                       })
        }
    }

    func matches(_ vcard: String) -> Bool {
        guard !filters.isEmpty else { return true }
        let values = CardPatch.values(in: vcard)
        let results = filters.map { f -> Bool in
            let mine = values.filter { $0.name == f.name }.map(\.value)
            if f.notDefined { return mine.isEmpty }
            guard !mine.isEmpty else { return false }
            guard !f.matches.isEmpty else { return true }
            let each = f.matches.map { m in mine.contains { m.matches($0) } }
            return f.all ? each.allSatisfy { $0 } : each.contains(true)
        }
        return all ? results.allSatisfy { $0 } : results.contains(true)
    }
}
