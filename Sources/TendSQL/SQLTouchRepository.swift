import SQLKit
import TendCore
import TendStore

struct SQLTouchRepository: TouchRepository {
    let account: AccountID
    let db: any SQLDatabase
    let features: any SQLBackendFeatures

    func log(_ touch: NewTouch) async throws -> Touch {
        let a = account.rawValue
        let people = Array(Set(touch.people)).sorted()
        guard !people.isEmpty else { throw StoreError.conflict("a touch needs at least one person") }
        guard let id = try await db.raw("""
            INSERT INTO touches (account_id, on_day, channel, intent, note, moment_id, source, reviewed)
            VALUES (\(bind: a), \(bind: touch.on.description), \(bind: touch.channel.rawValue), \(bind: touch.intent.description),
                    \(bind: touch.note), \(bind: touch.momentID?.rawValue), \(bind: touch.captured?.source), \(bind: touch.captured?.reviewed ?? true))
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the touch was not stored") }
        for p in people {
            try await db.raw("""
                INSERT INTO touch_people (account_id, touch_id, person_id, on_day, need_free, is_give)
                VALUES (\(bind: a), \(bind: id), \(bind: p.rawValue), \(bind: touch.on.description), \(bind: touch.intent.isNeedFree),
                        \(bind: touch.intent.isGive))
                """).run()
        }
        return Touch(id: TouchID(id), on: touch.on, people: people, channel: touch.channel, intent: touch.intent,
                     note: touch.note, momentID: touch.momentID, captured: touch.captured)
    }

    func log(_ new: [NewTouch]) async throws -> [Touch] {
        guard !new.isEmpty else { return [] }
        let a = account.rawValue
        let ids = try await features.newIDs("touches", count: new.count, on: db)
        let touches = try zip(ids, new).map { id, t in
            let people = Array(Set(t.people)).sorted()
            guard !people.isEmpty else { throw StoreError.conflict("a touch needs at least one person") }
            return Touch(id: TouchID(id), on: t.on, people: people, channel: t.channel, intent: t.intent, note: t.note, momentID: t.momentID,
                         captured: t.captured)
        }
        try await insertRows(db, "INSERT INTO touches (id, account_id, on_day, channel, intent, note, moment_id, source, reviewed)", touches.map { t in
            "(\(bind: t.id.rawValue), \(bind: a), \(bind: t.on.description), \(bind: t.channel.rawValue), \(bind: t.intent.description), \(bind: t.note), \(bind: t.momentID?.rawValue), \(bind: t.captured?.source), \(bind: t.captured?.reviewed ?? true))"
        }, columns: 9)
        try await insertRows(db, "INSERT INTO touch_people (account_id, touch_id, person_id, on_day, need_free, is_give)", touches.flatMap { t in
            t.people.map { p in
                "(\(bind: a), \(bind: t.id.rawValue), \(bind: p.rawValue), \(bind: t.on.description), \(bind: t.intent.isNeedFree), \(bind: t.intent.isGive))"
            }
        }, columns: 6)
        return touches
    }

    func all() async throws -> [Touch] {
        let rows = try await db.raw("""
            SELECT id, on_day, channel, intent, note, moment_id, source, reviewed FROM touches WHERE account_id = \(bind: account.rawValue) ORDER BY id
            """).all()
        return try await withPeople(rows, all: true)
    }

    func restore(_ touch: Touch) async throws {
        let a = account.rawValue
        try await db.raw("""
            INSERT INTO touches (id, account_id, on_day, channel, intent, note, moment_id, source, reviewed)
            VALUES (\(bind: touch.id.rawValue), \(bind: a), \(bind: touch.on.description), \(bind: touch.channel.rawValue),
                    \(bind: touch.intent.description), \(bind: touch.note), \(bind: touch.momentID?.rawValue),
                    \(bind: touch.captured?.source), \(bind: touch.captured?.reviewed ?? true))
            """).run()
        for p in touch.people {
            try await db.raw("""
                INSERT INTO touch_people (account_id, touch_id, person_id, on_day, need_free, is_give)
                VALUES (\(bind: a), \(bind: touch.id.rawValue), \(bind: p.rawValue), \(bind: touch.on.description),
                        \(bind: touch.intent.isNeedFree), \(bind: touch.intent.isGive))
                """).run()
        }
    }

    func touch(_ id: TouchID) async throws -> Touch? {
        guard let row = try await db.raw("""
            SELECT id, on_day, channel, intent, note, moment_id, source, reviewed FROM touches WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue)
            """).first() else { return nil }
        return try await withPeople([row]).first
    }

    func activity(in range: ClosedRange<Day>) async throws -> [DailyActivity] {
        try await db.raw("""
            SELECT on_day, intent, count(*) AS n FROM touches
            WHERE account_id = \(bind: account.rawValue) AND on_day >= \(bind: range.lowerBound.description) AND on_day <= \(bind: range.upperBound.description)
            GROUP BY on_day, intent ORDER BY on_day, intent
            """).all().map { r in
            DailyActivity(day: try Column.day(try r.decode(column: "on_day", as: String.self)),
                          intent: try Column.intent(try r.decode(column: "intent", as: String.self)),
                          count: try r.decode(column: "n", as: Int.self))
        }
    }

    func touches(of id: PersonID, limit: Int?) async throws -> [Touch] {
        let a = account.rawValue
        let limitClause: SQLQueryString = limit.map { "LIMIT \(literal: $0)" } ?? ""
        let rows = try await db.raw("""
            SELECT t.id, t.on_day, t.channel, t.intent, t.note, t.moment_id, t.source, t.reviewed FROM touches t
            JOIN touch_people tp ON tp.account_id = t.account_id AND tp.touch_id = t.id
            WHERE t.account_id = \(bind: a) AND tp.person_id = \(bind: id.rawValue)
            ORDER BY t.on_day DESC, t.id DESC \(limitClause)
            """).all()
        return try await withPeople(rows)
    }

    func touches(_ q: ListQuery) async throws -> [Touch] {
        var conditions: [SQLQueryString] = ["t.account_id = \(bind: account.rawValue)"]
        if let p = q.person {
            conditions.append("EXISTS (SELECT 1 FROM touch_people tp WHERE tp.account_id = t.account_id AND tp.touch_id = t.id AND tp.person_id = \(bind: p.rawValue))")
        }
        if let d = q.since { conditions.append("t.on_day >= \(bind: d.description)") }
        if let d = q.until { conditions.append("t.on_day <= \(bind: d.description)") }
        if let a = q.after {
            conditions.append("(t.on_day < \(bind: a.day.description) OR (t.on_day = \(bind: a.day.description) AND t.id < \(bind: a.id)))")
        }
        let rows = try await db.raw("""
            SELECT t.id, t.on_day, t.channel, t.intent, t.note, t.moment_id, t.source, t.reviewed FROM touches t
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY t.on_day DESC, t.id DESC LIMIT \(literal: max(1, q.limit))
            """).all()
        return try await withPeople(rows)
    }

    /// Touches from their rows, with the people of each (one query for all of them).
    func touches(ids: [TouchID]) async throws -> [Touch] {
        var out: [Touch] = []
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 500)].map(\.rawValue)
            start += 500
            out += try await withPeople(try await db.raw("""
                SELECT id, on_day, channel, intent, note, moment_id, source, reviewed FROM touches
                WHERE account_id = \(bind: account.rawValue) AND id IN (\(binds: chunk))
                """).all())
        }
        return out
    }

    private func withPeople(_ rows: [any SQLRow], all: Bool = false) async throws -> [Touch] {
        guard !rows.isEmpty else { return [] }
        let a = account.rawValue
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var people: [Int64: [PersonID]] = [:]
        // By the touches' ids alone (the rows are this account's already; the account is checked on each row), and sorted
        // here: with `account_id =` or `ORDER BY person_id` in the query, SQLite's planner walked the account's whole
        // person index for every batch of ids (a re-import of a 100,000-touch calendar took 50 s instead of 4).
        let scope: SQLQueryString = all ? "account_id = \(bind: a)" : "touch_id IN (\(binds: ids))"
        for r in try await db.raw("SELECT account_id, touch_id, person_id FROM touch_people WHERE \(scope)").all() {
            guard try r.decode(column: "account_id", as: Int64.self) == a else { continue }
            people[try r.decode(column: "touch_id", as: Int64.self), default: []].append(PersonID(try r.decode(column: "person_id", as: Int64.self)))
        }
        for (id, list) in people where list.count > 1 { people[id] = list.sorted() }
        return try rows.map { r in
            let id = try r.decode(column: "id", as: Int64.self)
            return Touch(id: TouchID(id), on: try Column.day(try r.decode(column: "on_day", as: String.self)),
                         people: people[id] ?? [], channel: try Column.word(try r.decode(column: "channel", as: String.self)),
                         intent: try Column.intent(try r.decode(column: "intent", as: String.self)),
                         note: try r.decode(column: "note", as: String.self),
                         momentID: try r.decode(column: "moment_id", as: Int64?.self).map(MomentID.init),
                         captured: try r.decode(column: "source", as: String?.self).map { source in
                             Touch.Capture(source: source, reviewed: try r.decode(column: "reviewed", as: Bool.self))
                         })
        }
    }

    func setIntent(_ id: TouchID, _ intent: Intent, reviewed: Bool) async throws {
        let a = account.rawValue
        guard try await db.raw("""
            UPDATE touches SET intent = \(bind: intent.description), reviewed = \(bind: reviewed)
            WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue) RETURNING id
            """).first() != nil else { throw StoreError.notFound("touch \(id)") }
        try await db.raw("""
            UPDATE touch_people SET need_free = \(bind: intent.isNeedFree), is_give = \(bind: intent.isGive)
            WHERE account_id = \(bind: a) AND touch_id = \(bind: id.rawValue)
            """).run()
    }

    func captured(since: Day) async throws -> [Touch] {
        let rows = try await db.raw("""
            SELECT id, on_day, channel, intent, note, moment_id, source, reviewed FROM touches
            WHERE account_id = \(bind: account.rawValue) AND source IS NOT NULL AND on_day >= \(bind: since.description)
            ORDER BY on_day DESC, id DESC
            """).all()
        return try await withPeople(rows)
    }

    func markReviewed(_ ids: [TouchID]) async throws {
        guard !ids.isEmpty else { return }
        try await db.raw("""
            UPDATE touches SET reviewed = \(bind: true)
            WHERE account_id = \(bind: account.rawValue) AND source IS NOT NULL AND id IN (\(binds: ids.map(\.rawValue)))
            """).run()
    }

    func removeCaptured(_ ids: [TouchID]) async throws -> Int {
        var removed = 0
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + 500)].map(\.rawValue)
            start += 500
            removed += try await db.raw("""
                DELETE FROM touches WHERE account_id = \(bind: account.rawValue) AND source IS NOT NULL AND id IN (\(binds: chunk)) RETURNING id
                """).all().count
        }
        return removed
    }

    func reschedule(_ id: TouchID, on day: Day, people: [PersonID], channel: Channel, note: String) async throws {
        let a = account.rawValue
        let people = Array(Set(people)).sorted()
        guard !people.isEmpty else { throw StoreError.conflict("a touch needs at least one person") }
        guard let intent = try await db.raw("""
            UPDATE touches SET on_day = \(bind: day.description), channel = \(bind: channel.rawValue), note = \(bind: note)
            WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue) AND source IS NOT NULL RETURNING intent
            """).first(decodingColumn: "intent", as: String.self) else { throw StoreError.notFound("touch \(id)") }
        guard let parsed = try? Intent.parse(intent) else { throw StoreError.corrupt("touch intent \(intent)") }
        try await db.raw("DELETE FROM touch_people WHERE account_id = \(bind: a) AND touch_id = \(bind: id.rawValue)").run()
        try await insertRows(db, "INSERT INTO touch_people (account_id, touch_id, person_id, on_day, need_free, is_give)", people.map { p in
            "(\(bind: a), \(bind: id.rawValue), \(bind: p.rawValue), \(bind: day.description), \(bind: parsed.isNeedFree), \(bind: parsed.isGive))"
        }, columns: 6)
    }

    func removeCaptured(source: String) async throws -> Int {
        try await db.raw("""
            DELETE FROM touches WHERE account_id = \(bind: account.rawValue) AND source = \(bind: source) RETURNING id
            """).all().count
    }

    /// The touch facts of each person (of `people`, or of everyone): the same figures as `TouchSummary.of`.
    ///
    /// On SQLite each person's facts are found by searching the touch index (account, person, day): two searches for
    /// the latest need-free day and the latest ask, and one short range for the last year's three counts, packed
    /// into one integer (`YearCounts`) because a subquery gives one value. At 10,000 people with 50 touches each that
    /// reads about a quarter of the rows, in index order and with no sort, where one aggregate over the account's
    /// 486,000 rows took 0.3–0.5 s (its planner skip-scanned the index and sorted the rows by person). PostgreSQL is
    /// the other way round (0.13 s for the aggregate, 0.8 s for subqueries per person), so it aggregates.
    private func summaryRows(asOf day: Day, people: [PersonID]?) async throws -> [PersonID: TouchSummary] {
        let a = account.rawValue
        let (d, y) = (day.description, day.adding(days: -365).description)
        if let people, people.isEmpty { return [:] }
        let probing = features.summarisesByProbingEachPerson
        let rows: [any SQLRow]
        if probing {
            let personClause: SQLQueryString = people.map { "AND p.id IN (\(binds: $0.map(\.rawValue)))" } ?? ""
            let same: SQLQueryString = "tp.account_id = p.account_id AND tp.person_id = p.id"
            rows = try await db.raw("""
                SELECT p.id AS person_id,
                       (SELECT max(tp.on_day) FROM touch_people tp WHERE \(same) AND tp.need_free AND tp.on_day <= \(bind: d)) AS last_need_free,
                       (SELECT max(tp.on_day) FROM touch_people tp WHERE \(same) AND NOT tp.need_free AND tp.on_day <= \(bind: d)) AS last_ask,
                       (SELECT sum(CASE WHEN NOT tp.need_free THEN \(literal: YearCounts.ask)
                                        WHEN tp.is_give THEN \(literal: YearCounts.needFree + YearCounts.give)
                                        ELSE \(literal: YearCounts.needFree) END)
                        FROM touch_people tp WHERE \(same) AND tp.on_day > \(bind: y) AND tp.on_day <= \(bind: d)) AS last_year
                FROM people p
                WHERE p.account_id = \(bind: a) \(personClause)
                """).all()
        } else {
            let personClause: SQLQueryString = people.map { "AND tp.person_id IN (\(binds: $0.map(\.rawValue)))" } ?? ""
            rows = try await db.raw("""
                SELECT tp.person_id AS person_id,
                       max(CASE WHEN tp.need_free THEN tp.on_day END) AS last_need_free,
                       max(CASE WHEN NOT tp.need_free THEN tp.on_day END) AS last_ask,
                       sum(CASE WHEN tp.need_free AND tp.on_day > \(bind: y) THEN 1 ELSE 0 END) AS need_free_year,
                       sum(CASE WHEN NOT tp.need_free AND tp.on_day > \(bind: y) THEN 1 ELSE 0 END) AS asks_year,
                       sum(CASE WHEN tp.need_free AND tp.is_give AND tp.on_day > \(bind: y) THEN 1 ELSE 0 END) AS gives_year
                FROM touch_people tp
                WHERE tp.account_id = \(bind: a) AND tp.on_day <= \(bind: d) \(personClause)
                GROUP BY tp.person_id
                """).all()
        }
        var out: [PersonID: TouchSummary] = [:]
        for r in rows {
            let lastNeedFree = try Column.day(try r.decode(column: "last_need_free", as: String?.self))
            let lastAsk = try Column.day(try r.decode(column: "last_ask", as: String?.self))
            guard lastNeedFree != nil || lastAsk != nil else { continue }
            let year = probing
                ? YearCounts(packed: try r.decodeNil(column: "last_year") ? 0 : try r.decode(column: "last_year", as: Int.self))
                : YearCounts(needFree: try r.decode(column: "need_free_year", as: Int.self),
                             asks: try r.decode(column: "asks_year", as: Int.self),
                             gives: try r.decode(column: "gives_year", as: Int.self))
            out[PersonID(try r.decode(column: "person_id", as: Int64.self))] = TouchSummary(
                lastNeedFree: lastNeedFree, lastAsk: lastAsk, lastTouch: [lastNeedFree, lastAsk].compactMap { $0 }.max(),
                needFreeLastYear: year.needFree, givesLastYear: year.gives, asksLastYear: year.asks)
        }
        return out
    }

    /// A person's last-year counts, packed 21 bits each into one integer by the SQL above: need-free touches in the
    /// low bits, asks above them, gives at the top. 2,097,151 of each a year is more than anyone logs.
    struct YearCounts {
        static let needFree = 1, ask = 1 << 21, give = 1 << 42
        var needFree: Int, asks: Int, gives: Int

        init(needFree: Int, asks: Int, gives: Int) {
            (self.needFree, self.asks, self.gives) = (needFree, asks, gives)
        }

        init(packed: Int) {
            let field = (1 << 21) - 1
            (needFree, asks, gives) = (packed & field, (packed >> 21) & field, packed >> 42)
        }
    }

    func summaries(asOf day: Day) async throws -> [PersonID: TouchSummary] {
        try await summaryRows(asOf: day, people: nil)
    }

    func summaries(of ids: [PersonID], asOf day: Day) async throws -> [PersonID: TouchSummary] {
        try await summaryRows(asOf: day, people: ids)
    }

    func summary(of id: PersonID, asOf day: Day) async throws -> TouchSummary {
        try await summaryRows(asOf: day, people: [id])[id] ?? .none
    }

    func lastNeedFreeNotes(of ids: [PersonID], asOf day: Day) async throws -> [PersonID: String] {
        guard !ids.isEmpty else { return [:] }
        // Newest first per person; the first row of each is their last need-free touch, note or not.
        let rows = try await db.raw("""
            SELECT tp.person_id AS person_id, t.note AS note
            FROM touch_people tp JOIN touches t ON t.account_id = tp.account_id AND t.id = tp.touch_id
            WHERE tp.account_id = \(bind: account.rawValue) AND tp.person_id IN (\(binds: ids.map(\.rawValue)))
              AND tp.need_free = \(bind: true) AND tp.on_day <= \(bind: day.description)
            ORDER BY tp.person_id, tp.on_day DESC, t.id DESC
            """).all()
        var out: [PersonID: String] = [:]
        var seen = Set<PersonID>()
        for r in rows {
            let id = PersonID(try r.decode(column: "person_id", as: Int64.self))
            guard seen.insert(id).inserted else { continue }
            let note = try r.decode(column: "note", as: String.self)
            if !note.isEmpty { out[id] = note }
        }
        return out
    }

    func count() async throws -> Int {
        try await db.raw("SELECT count(*) AS n FROM touches WHERE account_id = \(bind: account.rawValue)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        let a = account.rawValue
        // A group touch with both keeps one row: move the rest, then drop what is left of `from`.
        try await db.raw("""
            UPDATE touch_people SET person_id = \(bind: to.rawValue)
            WHERE account_id = \(bind: a) AND person_id = \(bind: from.rawValue)
              AND touch_id NOT IN (SELECT touch_id FROM touch_people WHERE account_id = \(bind: a) AND person_id = \(bind: to.rawValue))
            """).run()
        try await db.raw("DELETE FROM touch_people WHERE account_id = \(bind: a) AND person_id = \(bind: from.rawValue)").run()
    }
}
