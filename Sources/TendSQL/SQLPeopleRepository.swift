import Foundation
import SQLKit
import TendCore
import TendStore

struct SQLPeopleRepository: PeopleRepository {
    let account: AccountID
    let db: any SQLDatabase
    let features: any SQLBackendFeatures

    private struct Row {
        var id: Int64
        var display_name: String
        var given_name: String?
        var family_name: String?
        var nickname: String?
        var company: String?
        var title: String?
        var city: String?
        var how_we_met: String?
        var met_on: String?
        var birthday: String?
        var anniversary: String?
        var notes: String
        var tier: String
        var target_tier: String?
        var cadence_days: Int?
        var archived: Bool
        var added_on: String

        /// Column by column: SQLKit's keyed Codable decoding asks whether each optional column
        /// exists before reading it, and took 37% of a 10,000-person agenda.
        init(_ r: any SQLRow) throws {
            func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
            id = try r.decode(column: "id", as: Int64.self)
            display_name = try r.decode(column: "display_name", as: String.self)
            given_name = try text("given_name")
            family_name = try text("family_name")
            nickname = try text("nickname")
            company = try text("company")
            title = try text("title")
            city = try text("city")
            how_we_met = try text("how_we_met")
            met_on = try text("met_on")
            birthday = try text("birthday")
            anniversary = try text("anniversary")
            notes = try r.decode(column: "notes", as: String.self)
            tier = try r.decode(column: "tier", as: String.self)
            target_tier = try text("target_tier")
            cadence_days = try r.decodeNil(column: "cadence_days") ? nil : try r.decode(column: "cadence_days", as: Int.self)
            archived = try r.decode(column: "archived", as: Bool.self)
            added_on = try r.decode(column: "added_on", as: String.self)
        }
    }

    private static let columns: SQLQueryString = """
        id, display_name, given_name, family_name, nickname, company, title, city, how_we_met, met_on,
        birthday, anniversary, notes, tier, target_tier, cadence_days, archived, added_on
        """


    private static func nameKey(_ p: Profile) -> String {
        fold([p.displayName, p.givenName, p.familyName, p.nickname].compactMap { $0 }.joined(separator: " | "))
    }

    func add(_ profile: Profile, tier: Tier, targetTier: Tier?, cadenceDays: Int?, on day: Day) async throws -> Person {
        let p = profile
        guard let row = try await db.raw("""
            INSERT INTO people (account_id, display_name, given_name, family_name, nickname, company, title, city,
                how_we_met, met_on, birthday, anniversary, notes, tier, target_tier, cadence_days, archived, added_on, name_key)
            VALUES (\(bind: account.rawValue), \(bind: p.displayName), \(bind: p.givenName), \(bind: p.familyName),
                \(bind: p.nickname), \(bind: p.company), \(bind: p.title), \(bind: p.city), \(bind: p.howWeMet),
                \(bind: p.metOn?.description), \(bind: p.birthday?.description), \(bind: p.anniversary?.description), \(bind: p.notes), \(bind: tier.rawValue),
                \(bind: targetTier?.rawValue), \(bind: cadenceDays), \(bind: false), \(bind: day.description),
                \(bind: Self.nameKey(p)))
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self) else { throw StoreError.conflict("the person was not stored") }
        let person = Person(id: PersonID(row), profile: profile, tier: tier, targetTier: targetTier,
                            cadenceDays: cadenceDays, archived: false, addedOn: day)
        try await writeChildren(person)
        try await recordTierChange(TierChange(from: nil, to: tier, on: day), of: person.id)
        try await features.index(person: person, account: account, on: db)
        return person
    }

    func add(_ new: [NewPerson], on day: Day) async throws -> [Person] {
        guard !new.isEmpty else { return [] }
        let a = account.rawValue
        let ids = try await features.newIDs("people", count: new.count, on: db)
        let people = zip(ids, new).map { id, n in
            Person(id: PersonID(id), profile: n.profile, tier: n.tier, targetTier: n.targetTier, cadenceDays: n.cadenceDays,
                   archived: false, addedOn: n.addedOn ?? day)
        }
        try await insertRows(db, """
            INSERT INTO people (id, account_id, display_name, given_name, family_name, nickname, company, title, city,
                how_we_met, met_on, birthday, anniversary, notes, tier, target_tier, cadence_days, archived, added_on, name_key)
            """, people.map { person in
                let p = person.profile
                return """
                    (\(bind: person.id.rawValue), \(bind: a), \(bind: p.displayName), \(bind: p.givenName), \(bind: p.familyName),
                     \(bind: p.nickname), \(bind: p.company), \(bind: p.title), \(bind: p.city), \(bind: p.howWeMet),
                     \(bind: p.metOn?.description), \(bind: p.birthday?.description), \(bind: p.anniversary?.description), \(bind: p.notes),
                     \(bind: person.tier.rawValue), \(bind: person.targetTier?.rawValue), \(bind: person.cadenceDays), \(bind: false),
                     \(bind: person.addedOn.description), \(bind: Self.nameKey(p)))
                    """
            }, columns: 20)
        try await writeChildren(people)
        try await insertRows(db, "INSERT INTO tier_changes (account_id, person_id, from_tier, to_tier, on_day, reason)",
                             people.map { "(\(bind: a), \(bind: $0.id.rawValue), NULL, \(bind: $0.tier.rawValue), \(bind: $0.addedOn.description), NULL)" },
                             columns: 4)
        try await features.index(new: people, account: account, on: db)
        return people
    }

    func restore(_ person: Person, history: [TierChange]) async throws {
        let p = person.profile
        try await db.raw("""
            INSERT INTO people (id, account_id, display_name, given_name, family_name, nickname, company, title, city,
                how_we_met, met_on, birthday, anniversary, notes, tier, target_tier, cadence_days, archived, added_on, name_key)
            VALUES (\(bind: person.id.rawValue), \(bind: account.rawValue), \(bind: p.displayName), \(bind: p.givenName), \(bind: p.familyName),
                \(bind: p.nickname), \(bind: p.company), \(bind: p.title), \(bind: p.city), \(bind: p.howWeMet),
                \(bind: p.metOn?.description), \(bind: p.birthday?.description), \(bind: p.anniversary?.description), \(bind: p.notes), \(bind: person.tier.rawValue),
                \(bind: person.targetTier?.rawValue), \(bind: person.cadenceDays), \(bind: person.archived), \(bind: person.addedOn.description),
                \(bind: Self.nameKey(p)))
            """).run()
        try await writeChildren(person)
        for change in history { try await recordTierChange(change, of: person.id) }
        try await features.index(person: person, account: account, on: db)
    }

    func allRelations() async throws -> [Relation] {
        try await db.raw("SELECT person_id, kind, other_id FROM relations WHERE account_id = \(bind: account.rawValue) ORDER BY person_id, kind, other_id")
            .all().map { r in
                Relation(person: PersonID(try r.decode(column: "person_id", as: Int64.self)),
                         kind: try Column.word(try r.decode(column: "kind", as: String.self)),
                         other: PersonID(try r.decode(column: "other_id", as: Int64.self)))
            }
    }

    func update(_ person: Person) async throws {
        let p = person.profile
        let updated = try await db.raw("""
            UPDATE people SET display_name = \(bind: p.displayName), given_name = \(bind: p.givenName),
                family_name = \(bind: p.familyName), nickname = \(bind: p.nickname), company = \(bind: p.company),
                title = \(bind: p.title), city = \(bind: p.city), how_we_met = \(bind: p.howWeMet),
                met_on = \(bind: p.metOn?.description), birthday = \(bind: p.birthday?.description),
                anniversary = \(bind: p.anniversary?.description), notes = \(bind: p.notes),
                tier = \(bind: person.tier.rawValue), target_tier = \(bind: person.targetTier?.rawValue),
                cadence_days = \(bind: person.cadenceDays), archived = \(bind: person.archived),
                added_on = \(bind: person.addedOn.description), name_key = \(bind: Self.nameKey(p))
            WHERE account_id = \(bind: account.rawValue) AND id = \(bind: person.id.rawValue)
            RETURNING id
            """).all()
        guard !updated.isEmpty else { throw StoreError.notFound("person \(person.id)") }
        for table in ["person_emails", "person_phones", "person_tags", "person_links", "person_card_extras"] {
            try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: person.id.rawValue)").run()
        }
        try await writeChildren(person)
        try await features.index(person: person, account: account, on: db)
    }

    private func writeChildren(_ person: Person) async throws {
        try await writeChildren([person])
    }

    /// Emails, phones, tags, links and kept vCard lines of people, one statement per table (per chunk).
    private func writeChildren(_ people: [Person]) async throws {
        let a = account.rawValue
        var emails: [SQLQueryString] = [], phones: [SQLQueryString] = [], tags: [SQLQueryString] = []
        var links: [SQLQueryString] = [], extras: [SQLQueryString] = []
        for person in people {
            let id = person.id.rawValue, p = person.profile
            for (i, email) in p.emails.enumerated() { emails.append("(\(bind: a), \(bind: id), \(bind: i), \(bind: email))") }
            for (i, phone) in p.phones.enumerated() {
                phones.append("(\(bind: a), \(bind: id), \(bind: i), \(bind: phone), \(bind: String(phone.filter(\.isNumber))))")
            }
            for tag in p.tags { tags.append("(\(bind: a), \(bind: id), \(bind: tag))") }
            for (i, link) in p.links.enumerated() { links.append("(\(bind: a), \(bind: id), \(bind: i), \(bind: link.label), \(bind: link.url))") }
            for (i, line) in p.cardExtras.enumerated() { extras.append("(\(bind: a), \(bind: id), \(bind: i), \(bind: line))") }
        }
        try await insertRows(db, "INSERT INTO person_emails (account_id, person_id, position, email)", emails, columns: 4)
        try await insertRows(db, "INSERT INTO person_phones (account_id, person_id, position, phone, digits)", phones, columns: 5)
        try await insertRows(db, "INSERT INTO person_tags (account_id, person_id, tag)", tags, columns: 3)
        try await insertRows(db, "INSERT INTO person_links (account_id, person_id, position, label, url)", links, columns: 5)
        try await insertRows(db, "INSERT INTO person_card_extras (account_id, person_id, position, line)", extras, columns: 4)
    }

    func personWithoutLists(_ id: PersonID) async throws -> Person? {
        try await load(where: "id = \(bind: id.rawValue)", onePerson: id, withLists: false).first
    }

    func person(_ id: PersonID) async throws -> Person? {
        try await load(where: "id = \(bind: id.rawValue)", onePerson: id).first
    }

    func people(_ filter: PeopleFilter) async throws -> [Person] {
        var condition: SQLQueryString = filter.includeArchived ? "1 = 1" : "archived = \(bind: false)"
        if let tier = filter.tier { condition = condition + " AND tier = \(bind: tier.rawValue)" }
        if let tag = filter.tag {
            condition = condition + " AND id IN (SELECT person_id FROM person_tags WHERE account_id = \(bind: account.rawValue) AND tag = \(bind: tag.lowercased()))"
        }
        return try await load(where: condition, onePerson: nil, withLists: filter.withLists)
    }

    func named(_ fragment: String) async throws -> [Person] {
        let needle = fold(fragment.trimmingCharacters(in: .whitespaces))
        guard !needle.isEmpty else { return [] }
        let escaped = needle.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return try await load(where: "name_key LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'", onePerson: nil)
    }

    func search(_ text: String) async throws -> [Person] {
        let ids = try await features.search(text, account: account, on: db)
        guard !ids.isEmpty else { return [] }
        let found = try await load(where: "id IN (\(binds: ids.map(\.rawValue)))", onePerson: nil)
        let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return found.sorted { rank[$0.id, default: .max] < rank[$1.id, default: .max] }
    }

    func searchIDs(_ text: String) async throws -> [PersonID] {
        try await features.search(text, account: account, on: db)
    }

    func ids(emails: [String], phoneTails: [String], withLinkedIn: Bool) async throws -> [(id: PersonID, linkedIn: String?)] {
        let a = account.rawValue
        var out: [(id: PersonID, linkedIn: String?)] = []
        struct Row: Decodable { var person_id: Int64; var url: String? }
        if !emails.isEmpty {
            out += try await db.raw("""
                SELECT person_id, NULL AS url FROM person_emails WHERE account_id = \(bind: a) AND \(features.email(in: emails.map { $0.lowercased() }))
                """).all(decoding: Row.self).map { (PersonID($0.person_id), nil) }
        }
        for tail in phoneTails.prefix(20) {
            // A nine-digit key is a number's last nine digits, found by the tail index; a shorter one ends a longer number.
            let condition: SQLQueryString = tail.count == 9 ? "\(features.phoneTail) = \(bind: tail)" : "digits LIKE \(bind: "%" + tail)"
            out += try await db.raw("""
                SELECT person_id, NULL AS url FROM person_phones WHERE account_id = \(bind: a) AND \(condition)
                """).all(decoding: Row.self).map { (PersonID($0.person_id), nil) }
        }
        if withLinkedIn {
            out += try await db.raw("""
                SELECT person_id, url FROM person_links WHERE account_id = \(bind: a) AND lower(url) LIKE '%linkedin.com/in/%'
                """).all(decoding: Row.self).map { (PersonID($0.person_id), $0.url) }
        }
        return out
    }

    func idsByEmail(_ emails: [String]) async throws -> [String: PersonID] {
        let wanted = Array(Set(emails.map { $0.lowercased() }))
        var out: [String: PersonID] = [:]
        var start = 0
        while start < wanted.count {
            let chunk = Array(wanted[start..<min(wanted.count, start + 500)])
            start += 500
            for r in try await db.raw("""
                SELECT email, person_id FROM person_emails WHERE account_id = \(bind: account.rawValue) AND \(features.email(in: chunk))
                """).all() {
                let email = try r.decode(column: "email", as: String.self).lowercased()
                let id = PersonID(try r.decode(column: "person_id", as: Int64.self))
                if out[email].map({ id < $0 }) ?? true { out[email] = id }
            }
        }
        return out
    }

    func people(ids: [PersonID]) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        return try await load(where: "id IN (\(binds: ids.map(\.rawValue)))", onePerson: nil)
    }

    func tags() async throws -> [String] {
        try await db.raw("SELECT DISTINCT tag FROM person_tags WHERE account_id = \(bind: account.rawValue) ORDER BY tag")
            .all(decodingColumn: "tag", as: String.self)
    }

    func page(_ r: PeoplePageRequest) async throws -> (ids: [PersonID], total: Int) {
        let a = account.rawValue
        var condition: SQLQueryString = "p.account_id = \(bind: a)"
        if !r.filter.includeArchived { condition = condition + " AND p.archived = \(bind: false)" }
        if let tier = r.filter.tier { condition = condition + " AND p.tier = \(bind: tier.rawValue)" }
        if let tag = r.filter.tag {
            condition = condition + " AND p.id IN (SELECT person_id FROM person_tags WHERE account_id = \(bind: a) AND tag = \(bind: tag.lowercased()))"
        }
        if let among = r.among {
            guard !among.isEmpty else { return ([], 0) }
            condition = condition + " AND p.id IN (\(binds: among.map(\.rawValue)))"
        }
        let total = try await db.raw("SELECT count(*) AS n FROM people p WHERE \(condition)").first(decodingColumn: "n", as: Int.self) ?? 0

        let direction: SQLQueryString = r.descending ? "DESC" : "ASC"
        var join: SQLQueryString = ""
        let order: SQLQueryString
        switch r.order {
        case .name:
            order = "lower(p.display_name) \(direction), p.id \(direction)"
        case .tier:
            order = "CASE p.tier WHEN 'meaningful' THEN 0 WHEN 'intimate' THEN 1 WHEN 'familiar' THEN 2 ELSE 3 END \(direction), lower(p.display_name), p.id"
        case .lastTouch, .nextDue:
            // Each person's last need-free day: searched for per person where the backend does that best (see
            // `summaryRows`; at 10,000 people with 50 touches each, 20 ms instead of 108), else one aggregate.
            let lastNeedFree: SQLQueryString
            if features.summarisesByProbingEachPerson {
                lastNeedFree = """
                    (SELECT max(tp.on_day) FROM touch_people tp WHERE tp.account_id = p.account_id AND tp.person_id = p.id
                     AND tp.need_free = \(bind: true) AND tp.on_day <= \(bind: r.asOf.description))
                    """
            } else {
                join = """
                    LEFT JOIN (SELECT person_id, max(on_day) AS last_nf FROM touch_people
                               WHERE account_id = \(bind: a) AND need_free = \(bind: true) AND on_day <= \(bind: r.asOf.description)
                               GROUP BY person_id) t ON t.person_id = p.id
                    """
                lastNeedFree = "t.last_nf"
            }
            if r.order == .lastTouch {
                order = "coalesce(\(lastNeedFree), '0000-00-00') \(direction), lower(p.display_name), p.id"
            } else {
                // The person's own cadence, else their tier's; no cadence sorts last either way.
                let byTier = Tier.allCases.compactMap { t in r.cadence[t].map { "WHEN '\(t.rawValue)' THEN \($0)" } }.joined(separator: " ")
                let cadence = byTier.isEmpty ? "p.cadence_days" : "coalesce(p.cadence_days, CASE p.tier \(byTier) END)"
                let due = features.addDays("coalesce(\(lastNeedFree), p.added_on)", "\(unsafeRaw: cadence)")
                order = "(\(unsafeRaw: cadence)) IS NULL, \(due) \(direction), lower(p.display_name), p.id"
            }
        }
        let ids = try await db.raw("""
            SELECT p.id AS id FROM people p \(join) WHERE \(condition)
            ORDER BY \(order) LIMIT \(literal: max(0, r.limit)) OFFSET \(literal: max(0, r.offset))
            """).all(decodingColumn: "id", as: Int64.self).map(PersonID.init)
        return (ids, total)
    }

    func count() async throws -> Int {
        try await db.raw("SELECT count(*) AS n FROM people WHERE account_id = \(bind: account.rawValue)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    func delete(_ id: PersonID) async throws {
        try await features.unindex(person: id, on: db)
        let gone = try await db.raw("DELETE FROM people WHERE account_id = \(bind: account.rawValue) AND id = \(bind: id.rawValue) RETURNING id").all()
        guard !gone.isEmpty else { throw StoreError.notFound("person \(id)") }
    }

    /// Loads people and their lists. Lists come in one query per table: for one person by id,
    /// for many by account, so a listing of thousands costs five queries.
    private func load(where condition: SQLQueryString, onePerson: PersonID?, withLists: Bool = true) async throws -> [Person] {
        let a = account.rawValue
        let rows = try await db.raw("SELECT \(Self.columns) FROM people WHERE account_id = \(bind: a) AND (\(condition)) ORDER BY display_name, id")
            .all().map(Row.init)
        guard !rows.isEmpty else { return [] }
        guard withLists else { return try rows.map { try person($0, emails: [], phones: [], tags: [], links: [], extras: []) } }
        let scope: SQLQueryString = onePerson.map { "account_id = \(bind: a) AND person_id = \(bind: $0.rawValue)" }
            ?? (rows.count <= 200 ? "account_id = \(bind: a) AND person_id IN (\(binds: rows.map(\.id)))" : "account_id = \(bind: a)")
        var emails: [Int64: [String]] = [:], phones: [Int64: [String]] = [:], tags: [Int64: [String]] = [:], links: [Int64: [Link]] = [:]
        var extras: [Int64: [String]] = [:]
        for r in try await db.raw("SELECT person_id, email FROM person_emails WHERE \(scope) ORDER BY person_id, position").all() {
            emails[try r.decode(column: "person_id", as: Int64.self), default: []].append(try r.decode(column: "email", as: String.self))
        }
        for r in try await db.raw("SELECT person_id, phone FROM person_phones WHERE \(scope) ORDER BY person_id, position").all() {
            phones[try r.decode(column: "person_id", as: Int64.self), default: []].append(try r.decode(column: "phone", as: String.self))
        }
        for r in try await db.raw("SELECT person_id, tag FROM person_tags WHERE \(scope) ORDER BY person_id, tag").all() {
            tags[try r.decode(column: "person_id", as: Int64.self), default: []].append(try r.decode(column: "tag", as: String.self))
        }
        for r in try await db.raw("SELECT person_id, label, url FROM person_links WHERE \(scope) ORDER BY person_id, position").all() {
            links[try r.decode(column: "person_id", as: Int64.self), default: []].append(
                Link(label: try r.decode(column: "label", as: String.self), url: try r.decode(column: "url", as: String.self)))
        }
        for r in try await db.raw("SELECT person_id, line FROM person_card_extras WHERE \(scope) ORDER BY person_id, position").all() {
            extras[try r.decode(column: "person_id", as: Int64.self), default: []].append(try r.decode(column: "line", as: String.self))
        }
        return try rows.map { r in
            try person(r, emails: emails[r.id] ?? [], phones: phones[r.id] ?? [], tags: tags[r.id] ?? [], links: links[r.id] ?? [],
                       extras: extras[r.id] ?? [])
        }
    }

    private func person(_ r: Row, emails: [String], phones: [String], tags: [String], links: [Link], extras: [String]) throws -> Person {
            let profile = Profile(
                displayName: r.display_name, givenName: r.given_name, familyName: r.family_name, nickname: r.nickname,
                emails: emails, phones: phones, company: r.company, title: r.title, city: r.city,
                howWeMet: r.how_we_met, metOn: try Column.day(r.met_on),
                birthday: try r.birthday.map { guard let b = Birthday($0) else { throw StoreError.corrupt("birthday '\($0)'") }; return b },
                anniversary: try r.anniversary.map { guard let b = Birthday($0) else { throw StoreError.corrupt("anniversary '\($0)'") }; return b },
                notes: r.notes, tags: tags, links: links, cardExtras: extras)
            return Person(id: PersonID(r.id), profile: profile, tier: try Column.word(r.tier),
                          targetTier: try r.target_tier.map { try Column.word($0) }, cadenceDays: r.cadence_days,
                          archived: r.archived, addedOn: try Column.day(r.added_on))
    }

    // MARK: Relations

    func relations(of id: PersonID) async throws -> [Relation] {
        try await db.raw("""
            SELECT person_id, kind, other_id FROM relations
            WHERE account_id = \(bind: account.rawValue) AND (person_id = \(bind: id.rawValue) OR other_id = \(bind: id.rawValue))
            ORDER BY person_id, kind, other_id
            """).all().map { r in
            Relation(person: PersonID(try r.decode(column: "person_id", as: Int64.self)),
                     kind: try Column.word(try r.decode(column: "kind", as: String.self)),
                     other: PersonID(try r.decode(column: "other_id", as: Int64.self)))
        }
    }

    func relate(_ relation: Relation) async throws {
        try await db.raw("""
            INSERT INTO relations (account_id, person_id, kind, other_id)
            VALUES (\(bind: account.rawValue), \(bind: relation.person.rawValue), \(bind: relation.kind.rawValue), \(bind: relation.other.rawValue))
            ON CONFLICT DO NOTHING
            """).run()
    }

    func unrelate(_ relation: Relation) async throws {
        try await db.raw("""
            DELETE FROM relations WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: relation.person.rawValue)
              AND kind = \(bind: relation.kind.rawValue) AND other_id = \(bind: relation.other.rawValue)
            """).run()
    }

    func partnerNames() async throws -> [PersonID: String] {
        let rows = try await db.raw("""
            SELECT r.person_id AS a, r.other_id AS b,
                   coalesce(pa.nickname, pa.given_name, pa.display_name) AS a_name,
                   coalesce(pb.nickname, pb.given_name, pb.display_name) AS b_name
            FROM relations r
            JOIN people pa ON pa.account_id = r.account_id AND pa.id = r.person_id
            JOIN people pb ON pb.account_id = r.account_id AND pb.id = r.other_id
            WHERE r.account_id = \(bind: account.rawValue) AND r.kind = 'partner'
            ORDER BY r.person_id, r.other_id
            """).all()
        var names: [PersonID: String] = [:]
        for r in rows {
            let a = PersonID(try r.decode(column: "a", as: Int64.self)), b = PersonID(try r.decode(column: "b", as: Int64.self))
            if names[a] == nil { names[a] = try r.decode(column: "b_name", as: String.self) }
            if names[b] == nil { names[b] = try r.decode(column: "a_name", as: String.self) }
        }
        return names
    }

    // MARK: Tiers

    func tierHistory(of id: PersonID) async throws -> [TierChange] {
        try await db.raw("""
            SELECT from_tier, to_tier, on_day, reason FROM tier_changes
            WHERE account_id = \(bind: account.rawValue) AND person_id = \(bind: id.rawValue) ORDER BY on_day, id
            """).all().map { r in
            TierChange(from: try r.decode(column: "from_tier", as: String?.self).map { try Column.word($0) },
                       to: try Column.word(try r.decode(column: "to_tier", as: String.self)),
                       on: try Column.day(try r.decode(column: "on_day", as: String.self)),
                       reason: try r.decode(column: "reason", as: String?.self))
        }
    }

    func recordTierChange(_ change: TierChange, of id: PersonID) async throws {
        try await db.raw("""
            INSERT INTO tier_changes (account_id, person_id, from_tier, to_tier, on_day, reason)
            VALUES (\(bind: account.rawValue), \(bind: id.rawValue), \(bind: change.from?.rawValue), \(bind: change.to.rawValue),
                    \(bind: change.on.description), \(bind: change.reason))
            """).run()
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        let a = account.rawValue, f = from.rawValue, t = to.rawValue
        // Relations between the two become self-relations: drop them; the rest move unless already there.
        try await db.raw("DELETE FROM relations WHERE account_id = \(bind: a) AND ((person_id = \(bind: f) AND other_id = \(bind: t)) OR (person_id = \(bind: t) AND other_id = \(bind: f)))").run()
        try await db.raw("""
            INSERT INTO relations (account_id, person_id, kind, other_id)
            SELECT account_id, \(bind: t), kind, other_id FROM relations WHERE account_id = \(bind: a) AND person_id = \(bind: f)
            ON CONFLICT DO NOTHING
            """).run()
        try await db.raw("""
            INSERT INTO relations (account_id, person_id, kind, other_id)
            SELECT account_id, person_id, kind, \(bind: t) FROM relations WHERE account_id = \(bind: a) AND other_id = \(bind: f)
            ON CONFLICT DO NOTHING
            """).run()
        try await db.raw("DELETE FROM relations WHERE account_id = \(bind: a) AND (person_id = \(bind: f) OR other_id = \(bind: f))").run()
        try await db.raw("UPDATE tier_changes SET person_id = \(bind: t) WHERE account_id = \(bind: a) AND person_id = \(bind: f)").run()
    }
}
