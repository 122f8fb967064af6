import TendCore

/// What a user can get wrong; each case reads as a one-line message in neutral words. Each front
/// adds its own hint (the command line in `Terminal`, a page beside its form, the API in `detail`).
public enum TendError: Error, Equatable, CustomStringConvertible {
    case noSuchPerson(String)
    case ambiguousPerson(String, candidates: [String])
    case invalid(ValidationError)
    case vocabulary(VocabularyError)
    case noSuchSuggestion(String, day: Day)
    case noSuchMoment(String)
    case mergeWithSelf(String)
    case databaseNotEmpty(people: Int)
    case restoreNeedsEmpty(people: Int)
    /// Records an import cannot read, each "line N (name): why"; nothing was imported.
    case importProblems([String])
    /// A file that cannot be imported at all.
    case importFile(String)
    case noSuchToken(Int64)
    case noSuchTouch(Int64)
    case noSuchNews(Int64)
    case noSuchFeed(Int64)
    case noSuchAppPassword(Int64)
    case noSuchMailbox(Int64)
    case noSuchCalendar(Int64)
    /// A proposal that was confirmed or dismissed already.
    case newsDecided(Int64, Proposal.State)

    public var description: String {
        switch self {
        case .noSuchPerson(let ref):
            "no person matches '\(ref)'"
        case .ambiguousPerson(let ref, let candidates):
            "'\(ref)' matches \(candidates.count) people: \(candidates.joined(separator: "; "))"
        case .invalid(let e):
            e.message
        case .vocabulary(let e):
            e.description
        case .noSuchSuggestion(let ref, let day):
            "no suggestion '\(ref)' on the agenda for \(day)"
        case .noSuchMoment(let ref):
            "no moment '\(ref)'"
        case .mergeWithSelf(let name):
            "cannot merge \(name) with themself"
        case .databaseNotEmpty(let n):
            "this database already holds \(n) \(n == 1 ? "person" : "people")"
        case .restoreNeedsEmpty(let n):
            "a backup is restored into an empty database, and this one holds \(n) \(n == 1 ? "person" : "people")"
        case .importProblems(let problems):
            "nothing was imported: \(problems.count == 1 ? "a record" : "\(problems.count) records") cannot be read — "
                + problems.prefix(5).joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
        case .importFile(let message):
            message
        case .noSuchToken(let id):
            "no token \(id)"
        case .noSuchTouch(let id):
            "no touch \(id)"
        case .noSuchNews(let id):
            "no news \(id)"
        case .noSuchFeed(let id):
            "no feed \(id)"
        case .noSuchAppPassword(let id):
            "no app password \(id)"
        case .noSuchMailbox(let id):
            "no mailbox \(id)"
        case .noSuchCalendar(let id):
            "no calendar subscription \(id)"
        case .newsDecided(let id, let state):
            "news \(id) was \(state.rawValue) already"
        }
    }
}
