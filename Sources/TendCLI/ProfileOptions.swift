import ArgumentParser
import TendCore

/// The fields of a person, shared by `add` and `edit`.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Given (first) name.") var given: String?
    @Option(help: "Family (last) name.") var family: String?
    @Option(help: "What you call them.") var nickname: String?
    @Option(help: "An email address (repeatable).") var email: [String] = []
    @Option(help: "A phone number (repeatable).") var phone: [String] = []
    @Option(help: "Where they work.") var company: String?
    @Option(help: "Their role.") var title: String?
    @Option(help: "Where they live.") var city: String?
    @Option(name: .customLong("met"), help: "How and where you met.") var howWeMet: String?
    @Option(name: .customLong("met-on"), help: "When you met, YYYY-MM-DD.", transform: Parse.day) var metOn: Day?
    @Option(help: "Birthday: YYYY-MM-DD, or MM-DD without the year.", transform: Parse.birthday) var birthday: Birthday?
    @Option(help: "A tag (repeatable).") var tag: [String] = []
    @Option(help: "A link: URL or label=URL (repeatable).", transform: Parse.link) var link: [Link] = []
    @Option(help: "Notes about them.") var notes: String?
    @Option(help: "Days between need-free touches, or 'default' for the tier's.", transform: Parse.days)
    var cadence: Int??

    /// Applies what was given onto `profile`; lists grow, single values replace.
    func apply(to profile: inout Profile) {
        if let given { profile.givenName = given }
        if let family { profile.familyName = family }
        if let nickname { profile.nickname = nickname }
        profile.emails += email.filter { e in !profile.emails.contains { $0.lowercased() == e.lowercased() } }
        profile.phones += phone.filter { !profile.phones.contains($0) }
        if let company { profile.company = company }
        if let title { profile.title = title }
        if let city { profile.city = city }
        if let howWeMet { profile.howWeMet = howWeMet }
        if let metOn { profile.metOn = metOn }
        if let birthday { profile.birthday = birthday }
        profile.tags += tag
        profile.links += link.filter { !profile.links.contains($0) }
        if let notes { profile.notes = notes }
    }
}
