import TendCore
import TendStore

extension Tending {
    /// The agenda for `day`, from the store's facts and the core's rules.
    public func agenda(for day: Day) async throws -> Agenda {
        let cache = agendaCache
        return try await read { try await Self.agenda(for: day, in: $0, cache: cache) }
    }

    /// The agenda inside a transaction: from the cache when the account's data is as it was, else computed.
    static func agenda(for day: Day, in s: any TendSession, cache: AgendaCache?) async throws -> Agenda {
        guard let cache else { return try await agenda(for: day, in: s) }
        let revision = try await s.revision()
        if let kept = await cache.agenda(for: s.account, on: day, revision: revision) { return kept }
        let agenda = try await agenda(for: day, in: s)
        await cache.store(agenda, for: s.account, on: day, revision: revision)
        return agenda
    }

    static func agenda(for day: Day, in s: any TendSession) async throws -> Agenda {
        let input = try await agendaInput(for: day, in: s)
        let agenda = Agenda(input)
        let linked = agenda.suggestions.prefix(Agenda.linkedSuggestions)
        let keepUps = linked.filter { $0.kind == .keepUp }.map(\.personID)
        let notes = try await s.touches.lastNeedFreeNotes(of: keepUps, asOf: day)
        return agenda.withContacts(try await contacts(of: linked, in: s)).withLastNotes(notes, people: input.people.map(\.person))
    }

    /// The people of these suggestions who can be reached (their emails, phones and links loaded), for the
    /// send links: the agenda's rules read people without those lists.
    static func contacts(of suggestions: some Sequence<Suggestion>, in s: any TendSession) async throws -> [Person] {
        let ids = Array(Set(suggestions.map(\.personID)))
        guard !ids.isEmpty else { return [] }
        return try await s.people.people(ids: ids).filter { p in
            !p.profile.emails.isEmpty || !p.profile.phones.isEmpty || !p.profile.links.isEmpty
        }
    }

    /// Everything the agenda's rules look at on `day`.
    static func agendaInput(for day: Day, in s: any TendSession) async throws -> Agenda.Input {
        let settings = try await s.settings.load()
        let people = try await s.people.people(PeopleFilter(withLists: false))
        let summaries = try await s.touches.summaries(asOf: day)
        let moments = try await s.moments.pending(since: day.adding(days: -365), asOf: day)
        let capture = try await s.capture.settings()
        return Agenda.Input(
            today: day, settings: settings,
            people: people.map { Agenda.Entry(person: $0, touches: summaries[$0.id] ?? .none) },
            moments: moments, partnerNames: try await s.people.partnerNames(),
            states: try await s.suggestionStates.states(),
            lastWrote: try await s.capture.lastReceived(since: day.adding(days: -31), asOf: day), replyAfterDays: capture.replyAfterDays,
            meetings: try await s.calendars.nextMeetings(from: day))
    }

    /// The next seven days from `day`, each planned within the day's capacity (see `WeekPlan`).
    public func week(from day: Day) async throws -> WeekPlan {
        try await read { s in
            let input = try await Self.agendaInput(for: day, in: s)
            let plan = WeekPlan(input)
            let planned = plan.planned.map(\.suggestion)
            let notes = try await s.touches.lastNeedFreeNotes(of: planned.filter { $0.kind == .keepUp }.map(\.personID), asOf: day)
            return plan.withContacts(try await Self.contacts(of: planned, in: s), defaultCountry: input.settings.defaultCountry)
                .withLastNotes(notes, people: input.people.map(\.person))
        }
    }

    /// Finds a suggestion by its number on the day's agenda (1 is the first) or by its key; with `early`, a key
    /// planned later in the week is found too, so it can be done ahead of its day.
    static func suggestion(_ reference: String, on day: Day, in s: any TendSession, cache: AgendaCache?,
                           early: Bool = false) async throws -> Suggestion {
        let agenda = try await agenda(for: day, in: s, cache: cache)
        if let n = Int(reference), n >= 1, n <= agenda.suggestions.count { return agenda.suggestions[n - 1] }
        if let match = agenda.suggestions.first(where: { $0.key == reference }) { return match }
        if early, Int(reference) == nil,
           let planned = WeekPlan(try await agendaInput(for: day, in: s)).planned.first(where: { $0.suggestion.key == reference }) {
            return planned.suggestion
        }
        throw TendError.noSuchSuggestion(reference, day: day)
    }

    /// What marking a suggestion done did.
    public struct Completion: Sendable, Codable {
        public var suggestion: Suggestion
        public var logged: LoggedTouch?
    }

    /// Marks a suggestion done, logging the touch it asked for (a heads-up logs none).
    /// - Parameters:
    ///   - reference: Its number on the day's agenda, or its key — also the key of one planned later this week
    ///     (`week(from:)`), done early: the touch is logged on `day`.
    ///   - channel: How it was done; a message unless said otherwise.
    ///   - intent: Overrides the suggestion's own intent (support given as an introduction).
    public func complete(_ reference: String, on day: Day, channel: Channel? = nil, intent: Intent? = nil,
                         note: String? = nil) async throws -> Completion {
        let cache = agendaCache
        return try await write { s in
            let suggestion = try await Self.suggestion(reference, on: day, in: s, cache: cache, early: true)
            var logged: LoggedTouch?
            if let doneIntent = intent ?? suggestion.kind.doneIntent {
                guard let person = try await s.people.personWithoutLists(suggestion.personID) else {
                    throw TendError.noSuchPerson(suggestion.personName)
                }
                let touch = NewTouch(on: day, people: [person.id], channel: channel ?? .message, intent: doneIntent,
                                     note: note ?? "\(suggestion.kind.title): \(suggestion.reason)", momentID: suggestion.momentID)
                logged = try await Self.log(touch, people: [person], in: s)
            }
            try await s.suggestionStates.set(.done(on: day), for: suggestion.key)
            return Completion(suggestion: suggestion, logged: logged)
        }
    }

    /// Hides a suggestion until `until`; it comes back that day if still relevant.
    public func snooze(_ reference: String, on day: Day, until: Day) async throws -> Suggestion {
        guard until > day else {
            throw TendError.invalid(ValidationError(field: "until", message: "snooze until a day after \(day), not \(until)"))
        }
        let cache = agendaCache
        return try await write { s in
            let suggestion = try await Self.suggestion(reference, on: day, in: s, cache: cache)
            try await s.suggestionStates.set(.snoozed(until: until), for: suggestion.key)
            return suggestion
        }
    }

    /// Removes a suggestion for good; a dismissed win or struggle is closed as well.
    public func dismiss(_ reference: String, on day: Day) async throws -> Suggestion {
        let cache = agendaCache
        return try await write { s in
            let suggestion = try await Self.suggestion(reference, on: day, in: s, cache: cache)
            try await s.suggestionStates.set(.dismissed(on: day), for: suggestion.key)
            if [.celebrate, .support].contains(suggestion.kind), let id = suggestion.momentID,
               var m = try await s.moments.moment(id) {
                m.state = .dismissed
                try await s.moments.update(m)
            }
            return suggestion
        }
    }
}
