import Foundation
import TendCore
import TendInterop

/// What importing a file did: contacts merged into the network, or a backup restored.
public enum ImportOutcome: Sendable {
    case contacts(ImportReport)
    case backup(RestoredBackup)
    case chats(ChatImportReport)
    case calendar(CalendarImportReport)
}

/// How much a backup held, and whether it was restored (not in a dry run).
public struct RestoredBackup: Sendable, Codable, Equatable {
    public var people: Int
    public var touches: Int
    public var moments: Int
    public var restored: Bool

    /// "Restored 12 people, 80 touches and 3 moments."
    public var summary: String {
        "\(restored ? "Restored" : "Would restore") \(people) people, \(touches) touches and \(moments) moments."
    }
}

extension Tending {
    /// Imports what a file turned out to hold: the one path the CLI, the web page and the API share.
    /// Contacts are merged (see `importContacts`); a backup is restored into an empty account.
    /// - Parameters:
    ///   - tier: The tier of people added; by default familiar, unfamiliar for LinkedIn connections.
    public func importContent(_ content: ImportContent, tier: Tier? = nil, tags: [String] = [], skipInvalid: Bool = false,
                              dryRun: Bool = false, on day: Day, chats: ChatImportOptions = ChatImportOptions(),
                              calendar: CalendarImportOptions = CalendarImportOptions(), now: Date? = nil,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportOutcome {
        switch content {
        case .calendar(let file, let filename):
            var options = calendar
            options.dryRun = dryRun
            options.skipInvalid = skipInvalid
            let name = try Self.calendarName(options.name, file: file, filename: filename)
            // Without an instant, the whole of `day` is past.
            let end = now ?? Date(timeIntervalSince1970: TimeInterval(day.adding(days: 1).ordinal * 86_400 - 1))
            return .calendar(try await importCalendar(file, options: options, name: name, now: end))
        case .chats(let export):
            var options = chats
            options.dryRun = dryRun
            return .chats(try await importChats(export, options: options, on: day))
        case .backup(let data):
            let backup = try Backup.decode(data)
            var outcome = RestoredBackup(people: backup.people.count, touches: backup.touches.count,
                                         moments: backup.moments.count, restored: false)
            if dryRun {
                try backup.check()
                try await checkRestorable()
            } else {
                try await restore(backup)
                outcome.restored = true
            }
            return .backup(outcome)
        case .monica(let export):
            let options = ImportOptions(tier: tier ?? .familiar, tags: tags, skipInvalid: skipInvalid, dryRun: dryRun)
            return .contacts(try await importMonica(export, options: options, on: day, progress: progress))
        case .contacts(let read, let found):
            let options = ImportOptions(tier: tier ?? ImportOptions.defaultTier(for: found), tags: tags,
                                        skipInvalid: skipInvalid, dryRun: dryRun)
            return .contacts(try await importContacts(read, format: found.rawValue, options: options, on: day, progress: progress))
        }
    }
}
