import Foundation
import TendCore
import TendServices

/// A company's page (`company.mustache`): who in the network works there, closest first, and the company's feeds,
/// whose posts are news about all of them ("their company's").
struct CompanyPage: PageModel {
    var csrf = ""
    var name: String
    var summary: String
    var people: [Member]
    var hasPeople: Bool
    var feeds: PersonPage.FeedsPart

    struct Member {
        var id: Int64
        var name: String
        var tier: String
        var title: String?
    }

    init(company: Tending.CompanyDetail, problem: String? = nil, address: String = "") {
        name = company.name
        people = company.people.map { Member(id: $0.id.rawValue, name: $0.displayName, tier: $0.tier.title, title: $0.profile.title) }
        hasPeople = !people.isEmpty
        summary = switch people.count {
        case 0: "No one in your network works here now. Its feeds are still followed."
        case 1: "One person in your network works here."
        default: "\(people.count) people in your network work here."
        }
        feeds = .init(company: company, problem: problem, address: address)
    }

    /// Where a company's page is: its name in the query, so that any name (a slash, an ampersand) finds it.
    static func path(_ name: String) -> String {
        "/company?name=" + (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }

    /// RFC 3986's unreserved characters: everything else in a name is percent-encoded (`+` too, which would read as a space).
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
