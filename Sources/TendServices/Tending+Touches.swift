import TendCore
import TendStore

extension Tending {
    /// What logging a touch did, and what the user should hear about it.
    public struct LoggedTouch: Sendable, Codable {
        public var touch: Touch
        /// Give/ask ledger warnings: asks to people you have not shown up for lately.
        public var warnings: [String]
        /// Moments this touch answered or followed up.
        public var answered: [Moment]
    }

    /// Logs a touch to one or more people (by reference), answers the moments it responds to,
    /// and warns when it is an ask to someone you only reach out to for asks.
    public func logTouch(to references: [PersonReference], on day: Day, channel: Channel, intent: Intent,
                         note: String = "", moment: MomentID? = nil) async throws -> LoggedTouch {
        guard !references.isEmpty else {
            throw TendError.invalid(ValidationError(field: "person", message: "name at least one person"))
        }
        return try await write { s in
            var people: [Person] = []
            for r in references {
                let p = try await Self.resolve(r, in: s, includeArchived: false, lists: false)
                if !people.contains(where: { $0.id == p.id }) { people.append(p) }
            }
            return try await Self.log(NewTouch(on: day, people: people.map(\.id), channel: channel, intent: intent,
                                               note: note, momentID: moment), people: people, in: s)
        }
    }

    /// Logs inside a transaction; shared by `logTouch` and the agenda's `done`.
    static func log(_ new: NewTouch, people: [Person], in s: any TendSession) async throws -> LoggedTouch {
        var warnings: [String] = []
        if new.intent.isAsk {
            let settings = try await s.settings.load()
            for p in people {
                let summary = try await s.touches.summary(of: p.id, asOf: new.on)
                if let w = Reciprocity.askWarning(name: p.profile.greetingName, touches: summary,
                                                  cadence: settings.cadence(for: p), today: new.on) {
                    warnings.append(w)
                }
            }
        }
        if let id = new.momentID {
            guard let m = try await s.moments.moment(id), new.people.contains(m.personID) else {
                throw TendError.noSuchMoment("\(id) for \(people.map(\.displayName).joined(separator: ", "))")
            }
        }
        let touch = try await s.touches.log(new)
        var answered: [Moment] = []
        guard new.intent.isNeedFree else { return LoggedTouch(touch: touch, warnings: warnings, answered: answered) }

        // A need-free touch answers the moment it names; without one, what it plainly responds to.
        var candidates: [Moment] = []
        if let id = new.momentID, let m = try await s.moments.moment(id) {
            candidates = [m]
        } else {
            for p in people { candidates += try await s.moments.moments(of: p.id) }
        }
        for m in candidates {
            guard let changed = m.responded(to: new.intent, on: new.on, naming: m.id == new.momentID) else { continue }
            try await s.moments.update(changed)
            answered.append(changed)
        }
        return LoggedTouch(touch: touch, warnings: warnings, answered: answered)
    }

    /// A touch of this account, or nil.
    public func touch(_ id: TouchID) async throws -> Touch? {
        try await read { try await $0.touches.touch(id) }
    }

    /// One page of touches, newest first; with a person, only theirs (an unknown person is an error).
    public func touches(_ query: ListQuery) async throws -> [Touch] {
        try await read { s in
            if let p = query.person, try await s.people.person(p) == nil { throw TendError.noSuchPerson(String(p.rawValue)) }
            return try await s.touches.touches(query)
        }
    }
}
