import Foundation
import TendCore
import TendStore

extension Tending {
    /// The account's digest schedule.
    public func digestSchedule() async throws -> DigestSchedule {
        try await read { try await $0.digestSchedule.load() }
    }

    /// What to do with a stored secret when saving a schedule.
    public enum SecretChange: Sendable, Equatable {
        case keep, remove
        case set(String)
    }

    /// Saves a schedule after checking it; the scheduler plans from it on its next look.
    /// - Parameters:
    ///   - ntfyToken: The ntfy topic's access token: kept, removed or replaced.
    ///   - renewWebhookSecret: Makes a new signing secret for the webhook (one is made when a webhook first gets an address).
    ///   - box: Seals secrets; nil when the instance has no key, and then no secret can be stored.
    /// - Returns: The schedule as saved, and a new webhook secret to show once.
    public func saveDigestSchedule(_ schedule: DigestSchedule, ntfyToken: SecretChange = .keep, renewWebhookSecret: Bool = false,
                                   box: SecretBox? = nil) async throws -> (schedule: DigestSchedule, webhookSecret: String?) {
        var checked: DigestSchedule
        do throws(ValidationError) { checked = try schedule.validated() } catch { throw TendError.invalid(error) }
        let noKey = "this Tend has no key to keep secrets with: start it with TEND_SECRET_KEY (the same on every process; make one with `openssl rand -base64 32`)"
        switch ntfyToken {
        case .keep: break
        case .remove: checked.ntfyToken = nil
        case .set(let token):
            let token = token.trimmed
            if token.isEmpty { checked.ntfyToken = nil } else {
                guard checked.ntfyURL != nil else { throw TendError.invalid(ValidationError(field: "ntfy-token", message: "an ntfy token needs the topic's address")) }
                guard token.utf8.count <= 500, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                    throw TendError.invalid(ValidationError(field: "ntfy-token", message: "an ntfy access token is one word of at most 500 characters"))
                }
                guard let box else { throw TendError.invalid(ValidationError(field: "ntfy-token", message: noKey)) }
                checked.ntfyToken = try box.seal(token)
            }
        }
        var newSecret: String?
        if checked.webhookURL != nil && (checked.webhookSecret == nil || renewWebhookSecret) {
            guard let box else { throw TendError.invalid(ValidationError(field: "webhook-url", message: noKey)) }
            let secret = "whsec_" + Secret.random()
            checked.webhookSecret = try box.seal(secret)
            newSecret = secret
        }
        let saved = checked
        try await write { try await $0.digestSchedule.save(saved) }
        return (saved, newSecret)
    }

    /// The digest of `day`: its agenda as Today shows it, birthdays of the week, open moments, who is drifting.
    public func digest(for day: Day) async throws -> Digest {
        let cache = agendaCache
        return try await read { s in
            let agenda = try await Self.agenda(for: day, in: s, cache: cache)
            let settings = try await s.settings.load()
            let people = try await s.people.people(PeopleFilter(withLists: false))
            let summaries = try await s.touches.summaries(asOf: day)
            let moments = try await s.moments.pending(since: day.adding(days: -365), asOf: day)
            let picture = NetworkPicture(today: day, settings: settings,
                                         entries: people.map { Agenda.Entry(person: $0, touches: summaries[$0.id] ?? .none) },
                                         activity: [], driftLimit: 50)
            return Digest(agenda: agenda, people: people, moments: moments, drifts: picture.drifting)
        }
    }

    /// What a digest link did.
    public enum LinkOutcome: Sendable, Equatable {
        case done(Suggestion)
        case snoozed(Suggestion, until: Day)
        case unsubscribed
    }

    /// Carries out what a verified digest link asks, on `today` (the account's day when it was pressed).
    /// A suggestion is looked for on today's agenda first, then on the digest's day's.
    public func act(on link: ActionLinks.Link, today: Day) async throws -> LinkOutcome {
        switch link.action {
        case .unsubscribe:
            try await write { s in
                var schedule = try await s.digestSchedule.load()
                schedule.email = false
                try await s.digestSchedule.save(schedule)
            }
            return .unsubscribed
        case .done, .snooze:
            let day = try await agenda(for: today).suggestions.contains { $0.key == link.suggestion } ? today : link.day
            if link.action == .done {
                return .done(try await complete(link.suggestion, on: day).suggestion)
            }
            let until = today.adding(days: 7)
            return .snoozed(try await snooze(link.suggestion, on: day, until: until), until: until)
        }
    }

    /// The latest deliveries of the account's digests and tests, newest first.
    public func deliveryLog(limit: Int = 50) async throws -> [Delivery] {
        try await database.deliveries.log(account: account, limit: limit)
    }
}
