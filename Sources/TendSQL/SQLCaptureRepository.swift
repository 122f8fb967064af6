import Foundation
import SQLKit
import TendCore
import TendStore

struct SQLCaptureRepository: CaptureRepository {
    let account: AccountID
    let db: any SQLDatabase
    var a: Int64 { account.rawValue }

    private struct SettingsRow: Decodable {
        var addresses: String
        var max_recipients: Int
        var reply_after_days: Int
        var keep_subjects: Bool
        var window_days: Int
        var poll_minutes: Int
    }

    func settings() async throws -> CaptureSettings {
        guard let r = try await db.raw("SELECT * FROM capture_settings WHERE account_id = \(bind: a)").first(decoding: SettingsRow.self) else {
            return CaptureSettings()
        }
        return CaptureSettings(addresses: r.addresses.split(separator: "\n").map(String.init), maxRecipients: r.max_recipients,
                               replyAfterDays: r.reply_after_days, keepSubjects: r.keep_subjects, windowDays: r.window_days,
                               pollMinutes: r.poll_minutes)
    }

    func save(_ s: CaptureSettings) async throws {
        try await db.raw("""
            INSERT INTO capture_settings (account_id, addresses, max_recipients, reply_after_days, keep_subjects, window_days, poll_minutes)
            VALUES (\(bind: a), \(bind: s.addresses.joined(separator: "\n")), \(bind: s.maxRecipients), \(bind: s.replyAfterDays),
                    \(bind: s.keepSubjects), \(bind: s.windowDays), \(bind: s.pollMinutes))
            ON CONFLICT (account_id) DO UPDATE SET addresses = excluded.addresses, max_recipients = excluded.max_recipients,
                reply_after_days = excluded.reply_after_days, keep_subjects = excluded.keep_subjects,
                window_days = excluded.window_days, poll_minutes = excluded.poll_minutes
            """).run()
    }

    func known(_ keys: [String]) async throws -> Set<String> {
        var out = Set<String>()
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(keys.count, start + 500)])
            start += 500
            for k in try await db.raw("""
                SELECT key FROM captured_messages WHERE account_id = \(bind: a) AND key IN (\(binds: chunk))
                """).all(decodingColumn: "key", as: String.self) { out.insert(k) }
        }
        return out
    }

    func recorded(_ keys: [String]) async throws -> [String: CapturedMessage] {
        var out: [String: CapturedMessage] = [:]
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(keys.count, start + 500)])
            start += 500
            for m in try await db.raw("""
                SELECT key, source, on_day, direction, touch_id, person_id, subject, strangers FROM captured_messages
                WHERE account_id = \(bind: a) AND key IN (\(binds: chunk))
                """).all().map(Self.message) { out[m.key] = m }
        }
        return out
    }

    func records(source: String, from: Day, through: Day) async throws -> [CapturedMessage] {
        try await db.raw("""
            SELECT key, source, on_day, direction, touch_id, person_id, subject, strangers FROM captured_messages
            WHERE account_id = \(bind: a) AND source = \(bind: source) AND on_day >= \(bind: from.description) AND on_day <= \(bind: through.description)
            """).all().map(Self.message)
    }

    func forget(keys: [String]) async throws {
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(keys.count, start + 500)])
            start += 500
            try await db.raw("DELETE FROM captured_messages WHERE account_id = \(bind: a) AND key IN (\(binds: chunk))").run()
        }
    }

    func sources(prefix: String) async throws -> [(source: String, count: Int)] {
        // An account has a few sources (its mailboxes, chat apps, calendars): they are filtered here, where no collation
        // of the database's can reorder the prefix's punctuation.
        try await db.raw("""
            SELECT source, count(*) AS n FROM captured_messages WHERE account_id = \(bind: a) GROUP BY source ORDER BY source
            """).all().map { (try $0.decode(column: "source", as: String.self), try $0.decode(column: "n", as: Int.self)) }
            .filter { $0.0.hasPrefix(prefix) }
    }

    func record(_ messages: [CapturedMessage]) async throws {
        try await insertRows(db, "INSERT INTO captured_messages (account_id, key, source, on_day, direction, touch_id, person_id, subject, strangers)",
                             messages.map { m in
            let strangers = m.strangers.map { "\($0.address)\t\($0.name.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))" }
                .joined(separator: "\n")
            return "(\(bind: a), \(bind: m.key), \(bind: m.source), \(bind: m.on.description), \(bind: m.direction.rawValue), \(bind: m.touchID?.rawValue), \(bind: m.personID?.rawValue), \(bind: m.subject), \(bind: strangers))"
        }, columns: 9)
    }

    func capturedTouches(on day: Day, of people: [PersonID]) async throws -> [PersonID: TouchID] {
        guard !people.isEmpty else { return [:] }
        var out: [PersonID: TouchID] = [:]
        for r in try await db.raw("""
            SELECT tp.person_id, t.id FROM touch_people tp JOIN touches t ON t.account_id = tp.account_id AND t.id = tp.touch_id
            WHERE tp.account_id = \(bind: a) AND tp.on_day = \(bind: day.description) AND tp.person_id IN (\(binds: people.map(\.rawValue)))
              AND t.source IS NOT NULL AND t.channel = 'email'
            ORDER BY t.id
            """).all() {
            let p = PersonID(try r.decode(column: "person_id", as: Int64.self))
            if out[p] == nil { out[p] = TouchID(try r.decode(column: "id", as: Int64.self)) }
        }
        return out
    }

    func lastReceived(since: Day, asOf: Day) async throws -> [PersonID: Day] {
        var out: [PersonID: Day] = [:]
        for r in try await db.raw("""
            SELECT person_id, max(on_day) AS last FROM captured_messages
            WHERE account_id = \(bind: a) AND direction = 'received' AND on_day >= \(bind: since.description) AND on_day <= \(bind: asOf.description)
            GROUP BY person_id
            """).all() {
            let last: String = try r.decode(column: "last", as: String.self)
            let day: Day = try Column.day(last)
            out[PersonID(try r.decode(column: "person_id", as: Int64.self))] = day
        }
        return out
    }

    func received(of person: PersonID, limit: Int) async throws -> [ReceivedMessage] {
        try await db.raw("""
            SELECT on_day, subject FROM captured_messages
            WHERE account_id = \(bind: a) AND direction = 'received' AND person_id = \(bind: person.rawValue)
            ORDER BY on_day DESC, key LIMIT \(literal: max(1, limit))
            """).all().map { r in
            ReceivedMessage(personID: person, on: try Column.day(try r.decode(column: "on_day", as: String.self)),
                            subject: try r.decode(column: "subject", as: String.self))
        }
    }

    func messages() async throws -> [CapturedMessage] {
        try await db.raw("""
            SELECT key, source, on_day, direction, touch_id, person_id, subject, strangers FROM captured_messages
            WHERE account_id = \(bind: a) ORDER BY key
            """).all().map(Self.message)
    }

    static func message(_ r: any SQLRow) throws -> CapturedMessage {
        let direction = try r.decode(column: "direction", as: String.self)
        guard let d = CapturedMessage.Direction(rawValue: direction) else { throw StoreError.corrupt("captured message direction \(direction)") }
        return CapturedMessage(key: try r.decode(column: "key", as: String.self), source: try r.decode(column: "source", as: String.self),
                               on: try Column.day(try r.decode(column: "on_day", as: String.self)), direction: d,
                               touchID: try r.decode(column: "touch_id", as: Int64?.self).map(TouchID.init),
                               personID: try r.decode(column: "person_id", as: Int64?.self).map(PersonID.init),
                               subject: try r.decode(column: "subject", as: String.self),
                               strangers: Self.parties(try r.decode(column: "strangers", as: String.self)))
    }

    /// Strangers as stored: a line per party, its address, a tab, its name.
    static func parties(_ text: String) -> [MailParty] {
        text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return MailParty(name: parts.count > 1 ? String(parts[1]) : "", address: String(parts[0]))
        }
    }

    func correspondents(since: Day) async throws -> [Correspondent] {
        var found: [String: Correspondent] = [:]
        for r in try await db.raw("""
            SELECT on_day, strangers FROM captured_messages
            WHERE account_id = \(bind: a) AND direction = 'sent' AND strangers <> '' AND on_day >= \(bind: since.description)
            """).all() {
            let day = try Column.day(try r.decode(column: "on_day", as: String.self))
            for party in Self.parties(try r.decode(column: "strangers", as: String.self)) {
                let address = party.address, name = party.name
                var c = found[address] ?? Correspondent(address: address, name: name, messages: 0, lastOn: day)
                c.messages += 1
                if day >= c.lastOn { c.lastOn = day; if !name.isEmpty { c.name = name } }
                if c.name.isEmpty { c.name = name }
                found[address] = c
            }
        }
        return found.values.sorted { ($0.messages, $0.lastOn, $1.address) > ($1.messages, $1.lastOn, $0.address) }
    }

    func dismissCorrespondent(_ address: String) async throws {
        try await db.raw("""
            INSERT INTO capture_dismissed (account_id, address) VALUES (\(bind: a), \(bind: address.lowercased()))
            ON CONFLICT (account_id, address) DO NOTHING
            """).run()
    }

    func dismissedCorrespondents() async throws -> Set<String> {
        Set(try await db.raw("SELECT address FROM capture_dismissed WHERE account_id = \(bind: a)").all(decodingColumn: "address", as: String.self))
    }

    func forget(source: String) async throws {
        try await db.raw("DELETE FROM captured_messages WHERE account_id = \(bind: a) AND source = \(bind: source)").run()
    }

    func reassign(from: PersonID, to: PersonID) async throws {
        try await db.raw("""
            UPDATE captured_messages SET person_id = \(bind: to.rawValue) WHERE account_id = \(bind: a) AND person_id = \(bind: from.rawValue)
            """).run()
    }

    func count(source: String) async throws -> Int {
        try await db.raw("SELECT count(*) AS n FROM captured_messages WHERE account_id = \(bind: a) AND source = \(bind: source)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    // MARK: Mailboxes

    static let mailboxColumns: SQLQueryString = """
        id, account_id, host, port, security, username, password, folders, created_at, next_poll_at, failures, last_error,
        last_polled_at, last_success_at, progress
        """

    struct MailboxRow: Decodable {
        var id: Int64
        var account_id: Int64
        var host: String
        var port: Int
        var security: String
        var username: String
        var password: String
        var folders: String
        var created_at: Double
        var next_poll_at: Double
        var failures: Int
        var last_error: String?
        var last_polled_at: Double?
        var last_success_at: Double?
        var progress: String

        func mailbox() throws -> Mailbox {
            guard let security = Mailbox.Security(rawValue: security) else { throw StoreError.corrupt("mailbox security '\(security)'") }
            return Mailbox(id: MailboxID(id), host: host, port: port, security: security, username: username,
                           password: SealedSecret(sealed: password), folders: folders.split(separator: "\n").map(String.init),
                           createdAt: Date(timeIntervalSince1970: created_at), nextPollAt: Date(timeIntervalSince1970: next_poll_at),
                           failures: failures, lastError: last_error, lastPolledAt: last_polled_at.map(Date.init(timeIntervalSince1970:)),
                           lastSuccessAt: last_success_at.map(Date.init(timeIntervalSince1970:)), progress: progress)
        }
    }

    func addMailbox(host: String, port: Int, security: Mailbox.Security, username: String, password: SealedSecret,
                    folders: [String], now: Date) async throws -> Mailbox {
        let existing = try await db.raw("""
            SELECT id FROM mailboxes WHERE account_id = \(bind: a) AND host = \(bind: host) AND username = \(bind: username)
            """).first()
        guard existing == nil else { throw StoreError.conflict("\(username) at \(host) is connected already") }
        guard let row = try await db.raw("""
            INSERT INTO mailboxes (account_id, host, port, security, username, password, folders, created_at, next_poll_at, failures, progress)
            VALUES (\(bind: a), \(bind: host), \(bind: port), \(bind: security.rawValue), \(bind: username), \(bind: password.sealed),
                    \(bind: folders.joined(separator: "\n")), \(bind: now.timeIntervalSince1970), \(bind: now.timeIntervalSince1970), 0, '')
            RETURNING \(Self.mailboxColumns)
            """).first(decoding: MailboxRow.self) else { throw StoreError.conflict("the mailbox was not stored") }
        return try row.mailbox()
    }

    func mailboxes() async throws -> [Mailbox] {
        try await db.raw("SELECT \(Self.mailboxColumns) FROM mailboxes WHERE account_id = \(bind: a) ORDER BY id")
            .all(decoding: MailboxRow.self).map { try $0.mailbox() }
    }

    func mailbox(_ id: MailboxID) async throws -> Mailbox? {
        try await db.raw("SELECT \(Self.mailboxColumns) FROM mailboxes WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue)")
            .first(decoding: MailboxRow.self)?.mailbox()
    }

    func update(_ m: Mailbox) async throws {
        try await db.raw("""
            UPDATE mailboxes SET host = \(bind: m.host), port = \(bind: m.port), security = \(bind: m.security.rawValue),
                username = \(bind: m.username), password = \(bind: m.password.sealed), folders = \(bind: m.folders.joined(separator: "\n")),
                next_poll_at = \(bind: m.nextPollAt.timeIntervalSince1970), failures = \(bind: m.failures), last_error = \(bind: m.lastError),
                last_polled_at = \(bind: m.lastPolledAt?.timeIntervalSince1970), last_success_at = \(bind: m.lastSuccessAt?.timeIntervalSince1970),
                progress = \(bind: m.progress)
            WHERE account_id = \(bind: a) AND id = \(bind: m.id.rawValue)
            """).run()
    }

    func removeMailbox(_ id: MailboxID) async throws -> Bool {
        try await db.raw("DELETE FROM mailboxes WHERE account_id = \(bind: a) AND id = \(bind: id.rawValue) RETURNING id").first() != nil
    }

    func folders(of mailbox: MailboxID) async throws -> [MailboxFolder] {
        try await db.raw("""
            SELECT f.name, f.role, f.uid_validity, f.last_uid, f.messages FROM mailbox_folders f
            JOIN mailboxes m ON m.id = f.mailbox_id
            WHERE m.account_id = \(bind: a) AND f.mailbox_id = \(bind: mailbox.rawValue) ORDER BY f.role, f.name
            """).all().map { r in
            let role = try r.decode(column: "role", as: String.self)
            return MailboxFolder(name: try r.decode(column: "name", as: String.self),
                                 role: MailboxFolder.Role(rawValue: role) ?? .other,
                                 uidValidity: try r.decode(column: "uid_validity", as: Int64.self),
                                 lastUID: try r.decode(column: "last_uid", as: Int64.self),
                                 messages: try r.decode(column: "messages", as: Int.self))
        }
    }

    func save(_ f: MailboxFolder, of mailbox: MailboxID) async throws {
        guard try await self.mailbox(mailbox) != nil else { throw StoreError.notFound("mailbox \(mailbox)") }
        try await db.raw("""
            INSERT INTO mailbox_folders (mailbox_id, name, role, uid_validity, last_uid, messages)
            VALUES (\(bind: mailbox.rawValue), \(bind: f.name), \(bind: f.role.rawValue), \(bind: f.uidValidity), \(bind: f.lastUID), \(bind: f.messages))
            ON CONFLICT (mailbox_id, name) DO UPDATE SET role = excluded.role, uid_validity = excluded.uid_validity,
                last_uid = excluded.last_uid, messages = excluded.messages
            """).run()
    }

    func removeFolders(of mailbox: MailboxID) async throws {
        try await db.raw("""
            DELETE FROM mailbox_folders WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE account_id = \(bind: a) AND id = \(bind: mailbox.rawValue))
            """).run()
    }
}

struct SQLMailboxPollRepository: MailboxPollRepository {
    let transactor: any SQLTransactor
    let features: any SQLBackendFeatures

    func claimDue(now: Date, owner: String, leaseUntil: Date, limit: Int) async throws -> [(account: AccountID, mailbox: Mailbox)] {
        let lock = features.lockSkippingLocked
        return try await transactor.transaction { db in
            let t = now.timeIntervalSince1970
            let rows = try await db.raw("""
                UPDATE mailboxes SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970)
                WHERE id IN (
                    SELECT id FROM mailboxes
                    WHERE next_poll_at <= \(bind: t) AND (lease_until IS NULL OR lease_until <= \(bind: t))
                    ORDER BY next_poll_at, id LIMIT \(bind: limit) \(unsafeRaw: lock))
                RETURNING \(SQLCaptureRepository.mailboxColumns)
                """).all(decoding: SQLCaptureRepository.MailboxRow.self)
            return try rows.map { (AccountID($0.account_id), try $0.mailbox()) }
        }
    }

    func claim(_ id: MailboxID, owner: String, now: Date, leaseUntil: Date) async throws -> Bool {
        try await transactor.transaction { db in
            try await db.raw("""
                UPDATE mailboxes SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil.timeIntervalSince1970)
                WHERE id = \(bind: id.rawValue) AND (lease_until IS NULL OR lease_until <= \(bind: now.timeIntervalSince1970))
                RETURNING id
                """).first() != nil
        }
    }

    func release(_ id: MailboxID, owner: String) async throws {
        _ = try await transactor.transaction { db in
            try await db.raw("""
                UPDATE mailboxes SET lease_owner = NULL, lease_until = NULL WHERE id = \(bind: id.rawValue) AND lease_owner = \(bind: owner)
                """).run()
        }
    }
}
