import Foundation
import TendCore
import TendInterop
import TendStore

/// What to do with one chat of an export, when matching by name or phone is not what the user wants.
public enum ChatChoice: Sendable, Hashable {
    /// The other person of a personal chat is this person.
    case person(PersonReference)
    /// Add the other person to the network (familiar), named as the chat is.
    case add
    /// Leave the chat out.
    case skip
    /// Bring a group chat in: each day you wrote in it is a touch with its members who are in Tend.
    case include

    /// What a person typed: `new`, `skip`, `include`, or a person's name or id.
    public init(typed text: String) {
        switch text.trimmed.lowercased() {
        case "new", "add": self = .add
        case "skip", "none": self = .skip
        case "include", "group": self = .include
        default: self = .person(PersonReference(typed: text))
        }
    }
}

/// How a chat export is read: who the user is in it, and the choices made in the preview.
public struct ChatImportOptions: Sendable {
    /// The user's names in the export (`--me`); found from the export when empty.
    public var me: [String]
    /// Choices by chat key or by chat title.
    public var choices: [String: ChatChoice]
    public var dryRun: Bool

    public init(me: [String] = [], choices: [String: ChatChoice] = [:], dryRun: Bool = false) {
        self.me = me
        self.choices = choices
        self.dryRun = dryRun
    }
}

/// What importing a chat export did (or, in a dry run, would do), chat by chat.
public struct ChatImportReport: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public enum Status: String, Sendable, Codable {
            /// Its days are (or would be) touches.
            case imported
            /// A personal chat with no one in Tend: choose a person or add one.
            case unmatched
            /// A group chat, left out unless chosen.
            case group
            /// Left out: chosen so, a bot or a channel, or you never wrote in it.
            case skipped
        }

        public struct Suggestion: Sendable, Codable, Equatable {
            public var personID: Int64
            public var name: String

            public init(personID: Int64, name: String) {
                self.personID = personID
                self.name = name
            }
        }

        public var key: String
        public var title: String
        public var kind: String
        public var messages: Int
        /// Days you wrote in it.
        public var yourDays: Int
        /// Days they wrote and you did not.
        public var theirDays: Int
        public var status: Status
        /// Who it is with in Tend.
        public var people: [String]
        public var personIDs: [Int64]
        /// "name", "phone", "chosen" or "added".
        public var matchedBy: String?
        /// New touches from it.
        public var touches: Int
        /// For an unmatched chat: people it may be.
        public var suggestions: [Suggestion]
        public var reason: String?

        public init(key: String, title: String, kind: String, messages: Int, yourDays: Int, theirDays: Int, status: Status,
                    people: [String], personIDs: [Int64], matchedBy: String?, touches: Int, suggestions: [Suggestion], reason: String?) {
            self.key = key
            self.title = title
            self.kind = kind
            self.messages = messages
            self.yourDays = yourDays
            self.theirDays = theirDays
            self.status = status
            self.people = people
            self.personIDs = personIDs
            self.matchedBy = matchedBy
            self.touches = touches
            self.suggestions = suggestions
            self.reason = reason
        }
    }

    public var app: String
    public var dryRun: Bool
    /// The name the user writes under, as found or given.
    public var me: String?
    public var chats: [Line] = []
    public var touches = 0
    public var asks = 0
    public var moments = 0
    /// Days on which someone in Tend wrote to you (their timeline's "wrote to you").
    public var received = 0
    /// Days read by an earlier import of the same chat: nothing added.
    public var alreadyRead = 0
    /// People added for chats chosen so.
    public var added = 0

    public init(app: String, dryRun: Bool, me: String? = nil) {
        self.app = app
        self.dryRun = dryRun
        self.me = me
    }

    public var unmatched: Int { chats.filter { $0.status == .unmatched }.count }

    /// "3 chats: 41 touches (2 proposed as asks) with 2 people; 1 chat matches no one in Tend; 1 group chat left out."
    public var summary: String {
        let people = Set(chats.filter { $0.status == .imported && $0.touches > 0 }.flatMap { $0.personIDs.isEmpty ? [-1] : $0.personIDs }).count
        var parts = ["\(touches) touch\(touches == 1 ? "" : "es")" + (asks > 0 ? " (\(asks) proposed as ask\(asks == 1 ? "" : "s"))" : "")
                     + (touches > 0 ? " with \(people) \(people == 1 ? "person" : "people")" : "")]
        if moments > 0 { parts.append("answering \(moments) moment\(moments == 1 ? "" : "s")") }
        if added > 0 { parts.append("\(added) \(added == 1 ? "person" : "people") added") }
        if alreadyRead > 0 { parts.append("\(alreadyRead) day\(alreadyRead == 1 ? "" : "s") read before") }
        let u = unmatched, g = chats.filter { $0.status == .group }.count
        if u > 0 { parts.append("\(u) chat\(u == 1 ? "" : "s") \(u == 1 ? "matches" : "match") no one in Tend") }
        if g > 0 { parts.append("\(g) group chat\(g == 1 ? "" : "s") left out") }
        return "\(app): \(chats.count) chat\(chats.count == 1 ? "" : "s"): " + parts.joined(separator: "; ") + "."
    }
}

extension Tending {
    /// Files imported into capture (chat exports, mbox files), each source with how many days or messages it has read.
    public struct ImportedSource: Sendable, Codable, Equatable {
        /// `chat:whatsapp`, `chat:telegram`, `mbox`.
        public var source: String
        /// "WhatsApp chats".
        public var name: String
        /// Days (a chat's) or messages (an mbox's) read.
        public var read: Int
    }

    /// The sources a file import can add to, by the word a person types.
    public static let importedSources: [(word: String, source: String, name: String)] = [
        ("whatsapp", "chat:whatsapp", "WhatsApp chats"), ("telegram", "chat:telegram", "Telegram chats"), ("mbox", "mbox", "mbox files"),
    ]

    /// What each kind of imported file has brought in so far (none shown that has brought nothing).
    public func importedSources() async throws -> [ImportedSource] {
        try await read { s in
            var out: [ImportedSource] = []
            for i in Self.importedSources {
                let n = try await s.capture.count(source: i.source)
                if n > 0 { out.append(ImportedSource(source: i.source, name: i.name, read: n)) }
            }
            for (source, n) in try await s.capture.sources(prefix: "calendar:") {
                out.append(ImportedSource(source: source, name: "the calendar “\(source.dropFirst("calendar:".count))”", read: n))
            }
            return out
        }
    }

    /// Forgets everything one kind of imported file brought in (`whatsapp`, `telegram`, `mbox`, or its source name): the
    /// touches it made and what it read, so that importing again starts afresh. How many touches went.
    public func forgetImported(_ word: String) async throws -> Int {
        let w = word.trimmed.lowercased()
        if let found = Self.importedSources.first(where: { $0.word == w || $0.source == w }) {
            return try await forgetCaptured(source: found.source)
        }
        // A calendar, by its source ("calendar:Work") or its name.
        let calendars = try await importedCalendars()
        let bare = word.trimmed.hasPrefix("calendar:") ? String(word.trimmed.dropFirst("calendar:".count)) : word.trimmed
        if let found = calendars.first(where: { $0.name == bare }) ?? calendars.first(where: { $0.name.lowercased() == bare.lowercased() }) {
            return try await forgetCaptured(source: found.source)
        }
        let known = ["whatsapp", "telegram", "mbox"] + calendars.map { "calendar:\($0.name)" }
        throw TendError.invalid(ValidationError(field: "forget", message: "“\(word)” is not an imported source; give \(known.joined(separator: ", ")) (a mailbox is forgotten with `tend mail forget`)"))
    }

    /// The source name of the touches an app's export makes ("Forget" removes them by it).
    public static func chatSource(_ app: ChatExport.App) -> String { "chat:\(app.rawValue)" }

    /// Imports a chat export: each day on which you wrote in a personal chat with someone in Tend is one captured touch
    /// (a message, a check-in unless the day's first message reads as a request), reviewable on the Captured page as mail's
    /// are; a day they wrote and you did not is on their timeline as "wrote to you". Group chats only when chosen. One
    /// transaction; a chat's days already read by an earlier import add nothing. No message text is kept.
    public func importChats(_ export: ChatExport, options: ChatImportOptions, on today: Day) async throws -> ChatImportReport {
        let (owners, ownName) = export.own(names: options.me)
        if options.me.isEmpty, export.app == .whatsapp {
            // Every chat where the user cannot be told (named after no one, or a group) needs --me.
            for (i, c) in export.chats.enumerated() where owners[i] == nil && c.kind != .other && c.senders.count >= 2 {
                throw TendError.invalid(ValidationError(field: "me", message: "Tend cannot tell which sender is you in “\(c.title)”: name yourself with --me NAME (its senders: \(c.senders.prefix(6).map(\.name).joined(separator: ", ")))"))
            }
        } else if !options.me.isEmpty, !owners.contains(where: { $0 != nil }) {
            let names = Set(export.chats.flatMap { $0.senders.map(\.name) }).sorted().prefix(8)
            throw TendError.invalid(ValidationError(field: "me", message: "no sender is called \(options.me.map { "“\($0)”" }.joined(separator: " or ")) in this export (its senders include \(names.joined(separator: ", ")))"))
        }
        let choices = try Self.checkedChoices(options.choices, export: export)
        let source = Self.chatSource(export.app)
        let app = export.app
        let body: @Sendable (any TendSession) async throws -> ChatImportReport = { s in
            var report = ChatImportReport(app: app.name, dryRun: options.dryRun, me: ownName)
            let people = try await s.people.people(PeopleFilter(includeArchived: true))
            let index = PeopleIndex(people)
            // Keys of the days read before.
            var keys: [String] = []
            for c in export.chats { for d in c.days { keys.append(Self.chatKey(c, d, own: false)); keys.append(Self.chatKey(c, d, own: true)) } }
            var known = Set<String>()
            for chunk in stride(from: 0, to: keys.count, by: 500) {
                known.formUnion(try await s.capture.known(Array(keys[chunk..<min(keys.count, chunk + 500)])))
            }
            var newTouches: [NewTouch] = []
            var records: [(CapturedMessage, touchIndex: Int?)] = []
            var newPeople: [(chat: Int, profile: Profile)] = []
            for (i, chat) in export.chats.enumerated() {
                let own = owners[i]
                let yourDays = Set(chat.days.filter { $0.sender == own }.map(\.day))
                let theirDays = Set(chat.days.filter { $0.sender != own }.map(\.day)).subtracting(yourDays)
                var line = ChatImportReport.Line(key: chat.key, title: chat.title, kind: chat.kind.rawValue, messages: chat.messages,
                                                 yourDays: yourDays.count, theirDays: theirDays.count, status: .imported, people: [],
                                                 personIDs: [], matchedBy: nil, touches: 0, suggestions: [], reason: nil)
                let choice = choices[chat.key]
                // Who the chat is with.
                var with: [Person] = []
                var adding: Profile?
                switch chat.kind {
                case .other:
                    line.status = .skipped
                    line.reason = "not a chat with a person"
                case .group:
                    guard choice == .include else {
                        line.status = choice == .skip ? .skipped : .group
                        line.reason = choice == .skip ? "chosen so" : "a group chat: included only when chosen"
                        break
                    }
                    var seen = Set<PersonID>()
                    for (k, sender) in chat.senders.enumerated() where k != own {
                        if let (p, _) = index.match(name: sender.name, phone: nil), seen.insert(p.id).inserted { with.append(p) }
                    }
                    line.matchedBy = "name"
                    if with.isEmpty { line.status = .skipped; line.reason = "none of its members is in Tend" }
                case .personal:
                    let other = chat.senders.indices.first { $0 != own }.map { chat.senders[$0] }
                    let name = other?.name ?? chat.title
                    switch choice {
                    case .skip?:
                        line.status = .skipped
                        line.reason = "chosen so"
                    case .person(let ref)?:
                        with = [try await Self.resolve(ref, in: s)]
                        line.matchedBy = "chosen"
                    case .add?:
                        var profile = Profile(displayName: String((Chat.phoneLike(chat.title) && !Chat.phoneLike(name) ? name : chat.title).prefix(200)))
                        if let phone = chat.phone ?? (Chat.phoneLike(name) ? name : nil) { profile.phones = [phone] }
                        if let existing = index.match(name: profile.displayName, phone: profile.phones.first) {
                            with = [existing.0]
                            line.matchedBy = existing.1
                        } else {
                            adding = profile
                            line.matchedBy = "added"
                        }
                    case .include?, nil:
                        if let (p, by) = index.match(name: chat.title, phone: chat.phone) ?? index.match(name: name, phone: nil) {
                            with = [p]
                            line.matchedBy = by
                        } else {
                            line.status = .unmatched
                            line.reason = "no one in Tend is called “\(chat.title)”"
                            line.suggestions = index.suggestions(for: chat.title).map { .init(personID: $0.id.rawValue, name: $0.displayName) }
                        }
                    }
                }
                if line.status == .imported, yourDays.isEmpty, chat.kind == .group || theirDays.isEmpty {
                    line.status = .skipped
                    line.reason = own == nil ? "you never wrote in it" : "no messages"
                }
                line.people = with.map(\.displayName) + (adding.map { [$0.displayName] } ?? [])
                line.personIDs = with.map(\.id.rawValue)
                if line.status == .imported {
                    if let adding { newPeople.append((i, adding)) }
                    let touchIndexBase = newTouches.count
                    for d in chat.days where d.sender == own {
                        let key = Self.chatKey(chat, d, own: true)
                        if known.contains(key) { report.alreadyRead += 1; continue }
                        known.insert(key)
                        let intent = MailCapture.proposedIntent(subject: d.firstText)
                        newTouches.append(NewTouch(on: d.day, people: with.map(\.id), channel: .message, intent: intent, note: app.name,
                                                   captured: Touch.Capture(source: source, reviewed: false)))
                        records.append((CapturedMessage(key: key, source: source, on: d.day, direction: .sent, subject: app.name), newTouches.count - 1))
                        if intent.isAsk { report.asks += 1 }
                    }
                    line.touches = newTouches.count - touchIndexBase
                    if chat.kind == .personal {
                        for d in chat.days where d.sender != own && theirDays.contains(d.day) {
                            let key = Self.chatKey(chat, d, own: false)
                            if known.contains(key) { report.alreadyRead += 1; continue }
                            known.insert(key)
                            records.append((CapturedMessage(key: key, source: source, on: d.day, direction: .received, personID: with.first?.id,
                                                            subject: app.name), nil))
                            if with.first != nil || adding != nil { report.received += 1 }
                        }
                    }
                }
                report.chats.append(line)
            }
            report.touches = newTouches.count
            report.added = newPeople.count
            guard !options.dryRun else {
                let made = newTouches.filter { !$0.people.isEmpty }.map { (on: $0.on, people: $0.people, intent: $0.intent) }
                report.moments = try await MailCapturer.Planner.answerMoments(made, write: false, in: s).count
                return report
            }
            // People added for chats chosen so, then their chats' touches and records point at them.
            for (chat, profile) in newPeople {
                let p = try await s.people.add(profile, tier: .familiar, targetTier: nil, cadenceDays: nil, on: today)
                let key = export.chats[chat].key
                if let l = report.chats.firstIndex(where: { $0.key == key }) { report.chats[l].personIDs = [p.id.rawValue] }
                // The chat's records, by their keys' prefix.
                let prefix = Self.chatKeyPrefix(export.chats[chat])
                for r in records.indices where records[r].0.key.hasPrefix(prefix) {
                    if let t = records[r].touchIndex { newTouches[t].people = [p.id] } else { records[r].0.personID = p.id }
                }
            }
            let made = newTouches.map { (on: $0.on, people: $0.people, intent: $0.intent) }
            report.moments = try await MailCapturer.Planner.answerMoments(made, write: true, in: s).count
            let logged = try await s.touches.log(newTouches)
            try await s.capture.record(records.map { r, t in
                var row = r
                if let t { row.touchID = logged[t].id }
                return row
            })
            return report
        }
        return options.dryRun ? try await read(body) : try await write(body)
    }

    /// The choices by chat key, a title standing for its chat; a title no chat has, or that two chats have, is refused.
    static func checkedChoices(_ choices: [String: ChatChoice], export: ChatExport) throws -> [String: ChatChoice] {
        var out: [String: ChatChoice] = [:]
        for (k, choice) in choices {
            let chat: Chat
            if let c = export.chats.first(where: { $0.key == k }) {
                chat = c
            } else {
                let matching = export.chats.filter { ContactKey.name($0.title) == ContactKey.name(k) }
                guard let c = matching.first else {
                    let titles = export.chats.prefix(10).map { "“\($0.title)”" }.joined(separator: ", ")
                    throw TendError.invalid(ValidationError(field: "chat", message: "no chat is called “\(k)” in this export (its chats: \(titles)\(export.chats.count > 10 ? ", …" : ""))"))
                }
                guard matching.count == 1 else {
                    throw TendError.invalid(ValidationError(field: "chat", message: "\(matching.count) chats are called “\(k)”; choose by key (\(matching.map(\.key).joined(separator: ", ")))"))
                }
                chat = c
            }
            if choice == .include, chat.kind != .group {
                throw TendError.invalid(ValidationError(field: "chat", message: "“\(chat.title)” is not a group chat; give a person, new or skip"))
            }
            if case .person = choice, chat.kind != .personal {
                throw TendError.invalid(ValidationError(field: "chat", message: "“\(chat.title)” is a group chat; give include or skip"))
            }
            out[chat.key] = choice
        }
        return out
    }

    /// The key of one writer's day of a chat, as captured messages keep it.
    static func chatKey(_ chat: Chat, _ day: Chat.Day, own: Bool) -> String {
        chatKeyPrefix(chat) + "\(day.day):" + (own ? "you" : "them")
    }

    static func chatKeyPrefix(_ chat: Chat) -> String {
        "chat:" + StableHash.hex(chat.key) + ":"
    }
}

/// People by the names and phone numbers a chat knows them by.
struct PeopleIndex {
    var byName: [String: [Person]] = [:]
    var byPhone: [String: [Person]] = [:]
    var byFirstWord: [String: [Person]] = [:]

    init(_ people: [Person]) {
        for p in people {
            var names = Set([ContactKey.name(p.displayName)])
            if let n = p.profile.nickname, !n.trimmed.isEmpty { names.insert(ContactKey.name(n)) }
            if let g = p.profile.givenName, let f = p.profile.familyName { names.insert(ContactKey.name(g + " " + f)) }
            for n in names where !n.isEmpty { byName[n, default: []].append(p) }
            for phone in Set(p.profile.phones.compactMap(ContactKey.phone)) { byPhone[phone, default: []].append(p) }
            if let first = ContactKey.name(p.displayName).split(separator: " ").first { byFirstWord[String(first), default: []].append(p) }
        }
    }

    /// The one person with this phone number, else the one with this name (or nickname); nil when none or several.
    func match(name: String, phone: String?) -> (Person, String)? {
        if let key = (phone ?? (Chat.phoneLike(name) ? name : nil)).flatMap(ContactKey.phone), let found = byPhone[key], found.count == 1 {
            return (found[0], "phone")
        }
        let n = ContactKey.name(name)
        if !n.isEmpty, let found = byName[n], found.count == 1 { return (found[0], "name") }
        return nil
    }

    /// People whose name starts with the same word, for an unmatched chat.
    func suggestions(for title: String) -> [Person] {
        guard let first = ContactKey.name(title).split(separator: " ").first else { return [] }
        return Array((byFirstWord[String(first)] ?? []).filter { !$0.archived }.sorted { $0.displayName < $1.displayName }.prefix(5))
    }
}
