import Foundation
import Hummingbird
import TendCore
import TendHTTP
import TendServices
import TendStore

/// What every page handler shares: the database, templates, accounts and the clock.
struct WebApp: Sendable {
    let database: any TendDatabase
    let renderer: Renderer
    let accounts: Accounts
    let tokens: APITokens
    /// App passwords for phones and address book apps (CardDAV).
    var appPasswords: AppPasswords { AppPasswords(store: database.accessTokens) }
    /// Agendas kept between requests until the account's data changes.
    let agendaCache: AgendaCache
    let limiter: LoginLimiter
    let signUpPolicy: Accounts.SignUpPolicy
    let security: TransportSecurity
    let now: @Sendable () -> Date
    /// Shown on the sign-in page of a demo server.
    let demoHint: String?
    /// Digests: the next one planned, a test sent now, the links that act from a message.
    let scheduler: Scheduler
    /// Fetches a feed when someone follows it.
    let feedFetcher: any FeedFetching
    /// Settings → Mail's mailboxes; nil where mail capture is not wired (some tests).
    var mailboxes: Mailboxes? = nil
    /// Settings → Calendars' subscriptions; nil where they are not wired (some tests).
    var calendars: CalendarSubscriptions? = nil

    /// The signed-in account's services; AuthMiddleware guarantees there is one.
    func tending(_ context: TendRequestContext) throws -> Tending {
        guard let account = context.account else { throw HTTPError(.unauthorized) }
        return Tending(database: database, account: account, agendaCache: agendaCache)
    }

    func email(_ context: TendRequestContext) async throws -> String? {
        guard let account = context.account else { return nil }
        return try await accounts.email(of: account) ?? "you"
    }

    /// Today in the account's time zone, and its settings.
    func today(_ tending: Tending) async throws -> (Day, Settings) {
        try await tending.today(at: now())
    }

    /// Renders a page for the signed-in account.
    func page<M: PageModel>(_ template: String, _ model: M, title: String, section: Section, context: TendRequestContext,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        renderer.page(template, model, title: title, section: section, context: context,
                      email: try await email(context), status: status)
    }

    /// A numeric id from the path; anything else is not found.
    func id(_ name: String, _ context: TendRequestContext) throws -> Int64 {
        guard let id = context.parameters.get(name, as: Int64.self) else { throw WebNotFound() }
        return id
    }

    /// The date a form or query names, or today.
    func day(_ text: String?, default today: Day) throws -> Day {
        guard let text, !text.isEmpty else { return today }
        guard let day = Day(text) else { throw HTTPError(.badRequest, message: "'\(text)' is not a date (YYYY-MM-DD).") }
        return day
    }

    /// A person of this account, or a 404.
    func person(_ id: Int64, _ tending: Tending) async throws -> Person {
        do {
            return try await tending.person(.id(PersonID(id)))
        } catch let error as TendError where error.isNotFound {
            throw WebNotFound(message: "There is no such person.")
        }
    }
}

extension TendError {
    /// A person or moment that does not exist for this account reads as a missing page.
    var isNotFound: Bool {
        switch self {
        case .noSuchPerson, .noSuchMoment, .noSuchNews, .noSuchFeed, .noSuchAppPassword, .noSuchMailbox, .noSuchCalendar: true
        default: false
        }
    }
}
