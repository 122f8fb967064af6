import TendCore
import TendStore

/// The agenda each account last asked for, kept until the account's data changes (its revision) or
/// the day does. The server keeps one for all its requests: showing Today again, and finding the
/// suggestion that done, snooze or dismiss names, then cost one small query instead of reading
/// every person and touch.
public actor AgendaCache {
    private struct Entry {
        var revision: Int64
        var day: Day
        var agenda: Agenda
    }

    private var entries: [AccountID: Entry] = [:]
    private let capacity: Int

    /// - Parameter capacity: Accounts kept at most; beyond it, an arbitrary one is dropped.
    public init(capacity: Int = 1000) {
        self.capacity = capacity
    }

    func agenda(for account: AccountID, on day: Day, revision: Int64) -> Agenda? {
        guard let e = entries[account], e.revision == revision, e.day == day else { return nil }
        return e.agenda
    }

    func store(_ agenda: Agenda, for account: AccountID, on day: Day, revision: Int64) {
        if entries[account] == nil, entries.count >= capacity, let any = entries.keys.first { entries[any] = nil }
        // A slower computation of older data must not replace a newer one.
        if let e = entries[account], e.revision > revision { return }
        entries[account] = Entry(revision: revision, day: day, agenda: agenda)
    }
}
