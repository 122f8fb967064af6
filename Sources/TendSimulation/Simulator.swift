import Foundation
import TendCore
import TendServices
import TendStore

/// How the simulated user decides whom to reach out to each day.
public enum Policy: String, Sendable, CaseIterable {
    /// Tend's agenda: act on its top suggestions.
    case agenda
    /// Birthday reminders plus a fixed stay-in-touch timer per person that logged touches do not
    /// reset — how the most used open-source personal CRM behaves.
    case baseline
}

/// What one touch in the simulated year was.
struct LoggedContact: Sendable, Equatable {
    var day: Int
    var person: Int
    var needFree: Bool
}

/// Runs a simulated year under a policy and measures what happened to each relationship.
public enum Simulator {
    /// Need-free touches in the last 180 days that move someone up to the tier the user wants for them:
    /// about the rhythm of that tier's default cadence (120, 45 and 21 days), kept up for half a year.
    static let touchesToMoveUp: [Tier: Int] = [.familiar: 2, .intimate: 4, .meaningful: 6]
    /// An ask counts as "after a recent need-free touch" when one came in the 90 days before it.
    static let recentDays = 90

    /// - Parameters:
    ///   - database: An empty database the agenda policy works in (the baseline needs none).
    public static func run(_ world: World, policy: Policy, database: (any TendDatabase)?) async throws -> SimulationReport {
        var log: [LoggedContact] = [] {
            didSet { if let last = log.last, last.needFree { needFreeDays[last.person].append(last.day) } }
        }
        var needFreeDays = [[Int]](repeating: [], count: world.people.count)
        var tiers = world.people.map(\.tier)
        var actions: [String: Int] = [:]
        var movedUp = Set<Int>()
        let settings = Settings()

        // Everyone's last need-free touch before the year began.
        for (i, p) in world.people.enumerated() { log.append(LoggedContact(day: -p.lastTouchBefore, person: i, needFree: true)) }

        var tending: Tending?
        var ids: [PersonID] = []
        if policy == .agenda {
            guard let database else { throw TendError.invalid(ValidationError(field: "database", message: "the agenda policy needs a database")) }
            let t = Tending(database: database, account: try await database.accounts.localAccount())
            // The agenda is as long as what the user does in a day: its look-ahead plans with that capacity.
            let capacity = world.config.capacity
            _ = try await t.updateSettings { $0.agendaLength = capacity }
            tending = t
            ids = try await seed(world, into: t)
        }

        for d in 0..<world.config.days {
            let today = world.day(d)
            // The news of the day.
            if let tending {
                for h in world.happenings[d] {
                    switch h {
                    case .win(let i, let w): _ = try await tending.recordMoment(.id(ids[i]), kind: .win(w), on: today)
                    case .struggle(let i, let s): _ = try await tending.recordMoment(.id(ids[i]), kind: .struggle(s), on: today)
                    case .ask: break
                    }
                }
            }
            // The user's actions.
            switch policy {
            case .agenda:
                guard let tending else { break }
                // The top suggestion each time: what is done leaves the agenda, and acting on one
                // can change the next (an ask for input goes to someone else once a touch is logged).
                for _ in 0..<world.config.capacity {
                    guard let suggestion = try await tending.agenda(for: today).suggestions.first else { break }
                    let done = try await tending.complete(suggestion.key, on: today)
                    if let i = ids.firstIndex(of: suggestion.personID) {
                        let early = suggestion.reason.contains("a little early") ? " early" : ""
                        let who = tiers[i] >= .intimate ? "close" : "outer"
                        actions["\(suggestion.kind.rawValue)\(early), \(who)", default: 0] += 1
                    }
                    if let touch = done.logged?.touch, let i = ids.firstIndex(of: suggestion.personID) {
                        log.append(LoggedContact(day: d, person: i, needFree: touch.intent.isNeedFree))
                    }
                }
            case .baseline:
                for i in baselineReminders(world, day: d, tiers: tiers, settings: settings).prefix(world.config.capacity) {
                    log.append(LoggedContact(day: d, person: i, needFree: true))
                }
            }
            // The user's own needs, after the day's touches.
            for case .ask(let i) in world.happenings[d] {
                if let tending {
                    _ = try await tending.logTouch(to: [.id(ids[i])], on: today, channel: .message, intent: .ask(.advice))
                }
                log.append(LoggedContact(day: d, person: i, needFree: false))
            }
            // Relationships deepen with steady need-free contact.
            for (i, p) in world.people.enumerated() {
                guard let target = p.target, !movedUp.contains(i), let needed = touchesToMoveUp[target] else { continue }
                let recent = needFreeDays[i].reversed().prefix { $0 > d - 180 }.count
                if recent >= needed {
                    movedUp.insert(i)
                    tiers[i] = target
                    if let tending { _ = try await tending.setTier(.id(ids[i]), to: target, reason: "simulated", on: today) }
                }
            }
        }
        var report = SimulationReport.measure(world, policy: policy, log: log, movedUp: movedUp)
        report.actions = actions
        return report
    }

    /// Runs the agenda policy in a database that `open` makes at a path in a new temporary folder; the folder is
    /// removed afterwards, whatever happens.
    public static func runAgenda(_ world: World, open: (String) async throws -> any TendDatabase) async throws -> SimulationReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-simulate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try await open(folder.appendingPathComponent("world.sqlite").path)
        do {
            let report = try await run(world, policy: .agenda, database: db)
            try await db.close()
            return report
        } catch {
            try? await db.close()
            throw error
        }
    }

    /// Adds the world's people to an empty database, each with their last need-free touch.
    static func seed(_ world: World, into tending: Tending) async throws -> [PersonID] {
        var ids: [PersonID] = []
        let added = world.config.start.adding(days: -800)
        for p in world.people {
            let person = try await tending.addPerson(Profile(displayName: p.name, birthday: p.birthday), tier: p.tier,
                                                     targetTier: p.target, on: added)
            ids.append(person.id)
            _ = try await tending.logTouch(to: [.id(person.id)], on: world.day(-p.lastTouchBefore), channel: .message, intent: .checkIn)
        }
        return ids
    }

    /// The baseline's reminders for a day: birthdays first, then stay-in-touch timers that fire every
    /// cadence days from when the person was added, whatever contact there was; closest tiers first.
    static func baselineReminders(_ world: World, day d: Int, tiers: [Tier], settings: Settings) -> [Int] {
        let today = world.day(d)
        var birthdays: [Int] = [], timers: [Int] = []
        for (i, p) in world.people.enumerated() {
            if let b = p.birthday, b.celebrated(inYear: today.year) == today { birthdays.append(i) }
            if let cadence = settings.cadence[tiers[i]], (d + 800) % cadence == 0 { timers.append(i) }
        }
        let byTier = { (a: Int, b: Int) in tiers[a] != tiers[b] ? tiers[a] > tiers[b] : a < b }
        return birthdays.sorted(by: byTier) + timers.sorted(by: byTier)
    }
}
