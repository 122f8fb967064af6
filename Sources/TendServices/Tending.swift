import Foundation
import TendCore
import TendStore

/// The application's operations on one account, shared by the CLI, the web pages and the API.
///
/// Each operation is one transaction: it writes all of its changes or none.
public struct Tending: Sendable {
    public let database: any TendDatabase
    public let account: AccountID
    /// Agendas kept between requests by a long-running server; nil computes each one.
    public let agendaCache: AgendaCache?

    public init(database: any TendDatabase, account: AccountID, agendaCache: AgendaCache? = nil) {
        self.database = database
        self.account = account
        self.agendaCache = agendaCache
    }

    func write<T: Sendable>(_ body: @Sendable (any TendSession) async throws -> T) async throws -> T {
        try await database.write(account: account, body)
    }

    func read<T: Sendable>(_ body: @Sendable (any TendSession) async throws -> T) async throws -> T {
        try await database.read(account: account, body)
    }

    // MARK: Settings

    public func settings() async throws -> Settings {
        try await read { try await $0.settings.load() }
    }

    /// Saves settings after checking every value.
    public func updateSettings(_ change: @Sendable (inout Settings) -> Void) async throws -> Settings {
        try await write { s in
            var settings = try await s.settings.load()
            change(&settings)
            do throws(ValidationError) { settings = try settings.validated() } catch { throw TendError.invalid(error) }
            try await s.settings.save(settings)
            return settings
        }
    }

    // MARK: Today

    /// Today in the account's time zone, and the settings it was read from: the one place any
    /// front (pages, API, scheduler) turns an instant into the account's day.
    public func today(at now: Date) async throws -> (day: Day, settings: Settings) {
        let settings = try await settings()
        return (Self.today(at: now, in: settings), settings)
    }

    /// The day `now` falls on in the time zone of `settings` (the command line, which has them already).
    public static func today(at now: Date, in settings: Settings) -> Day {
        Day.containing(now, in: settings.resolvedTimeZone())
    }

    // MARK: Finding people

    /// Finds one person by id or by an unambiguous part of their name.
    public func person(_ reference: PersonReference) async throws -> Person {
        try await read { try await Self.resolve(reference, in: $0) }
    }

    /// Resolves a reference inside a transaction: an id, an exact name, or a unique part of a name.
    /// - Parameter lists: Load their emails, phones, tags and links too; by id, work that needs only
    ///   their name and tier leaves them out.
    static func resolve(_ reference: PersonReference, in s: any TendSession, includeArchived: Bool = true, lists: Bool = true) async throws -> Person {
        let ref: String
        switch reference {
        case .id(let id):
            let found = lists ? try await s.people.person(id) : try await s.people.personWithoutLists(id)
            guard let p = found else { throw TendError.noSuchPerson(reference.description) }
            return p
        case .name(let name):
            ref = name.trimmingCharacters(in: .whitespaces)
            guard !ref.isEmpty else { throw TendError.noSuchPerson(name) }
        }
        var matches = try await s.people.named(ref)
        if !includeArchived, matches.contains(where: { !$0.archived }) { matches.removeAll(where: \.archived) }
        if matches.count == 1 { return matches[0] }
        // An exact name wins over longer names that contain it ("Ana" over "Anastasia").
        let exact = matches.filter { $0.displayName.compare(ref, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        if exact.count == 1 { return exact[0] }
        if matches.isEmpty { throw TendError.noSuchPerson(reference.description) }
        let shown = (exact.isEmpty ? matches : exact).prefix(10).map { p in
            "\(p.displayName) (id \(p.id)\(p.profile.company.map { ", \($0)" } ?? ""))"
        }
        throw TendError.ambiguousPerson(reference.description, candidates: Array(shown))
    }

    public func search(_ text: String) async throws -> [Person] {
        try await read { try await $0.people.search(text) }
    }
}
