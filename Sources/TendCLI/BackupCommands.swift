import ArgumentParser
import Foundation
import TendCore
import TendInterop
import TendServices
import TendStore

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write your network out: a complete JSON backup, vCards for other address books, or an iCalendar file.",
        discussion: """
            --json writes every person, relation, tier change, touch, moment, setting and snooze; `tend import` restores it.
            --vcard writes vCard 4.0 (or 3.0 with --vcard-version 3.0) of everyone, or of a --tier, a --tag or --person.
            --ics writes birthdays as yearly events and the keep-up and follow-up dates of the next 60 days.
            """)

    enum Format: String, EnumerableFlag {
        case json, vcard, ics
        static func help(for value: Format) -> ArgumentHelp? {
            switch value {
            case .json: "A complete, lossless backup (JSON)."
            case .vcard: "vCards (.vcf) for other address books."
            case .ics: "An iCalendar file (.ics): birthdays and upcoming dates."
            }
        }
    }

    @Flag var format: Format?
    @Option(help: "With --vcard: 4.0 (the default) or 3.0.") var vcardVersion: String = "4.0"
    @Option(help: "With --vcard: only people of this tier.", transform: Parse.word(Tier.self)) var tier: Tier?
    @Option(help: "With --vcard: only people with this tag.") var tag: String?
    @Option(name: .customLong("person"), help: "With --vcard: only this person (an id or a name); repeat for more.") var people: [PersonReference] = []
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @OptionGroup var day: DayOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard let format else { throw ValidationError("say which format: --json, --vcard or --ics") }
        guard VCardWriter.Version(rawValue: vcardVersion) != nil else { throw ValidationError("--vcard-version is 4.0 or 3.0, not '\(vcardVersion)'") }
        if format != .vcard, tier != nil || tag != nil || !people.isEmpty || vcardVersion != "4.0" {
            throw ValidationError("--tier, --tag, --person and --vcard-version go with --vcard")
        }
    }

    func run() async throws {
        try await Context.run(store) { c in
            let data: Data, what: String
            switch format ?? .json {
            case .json:
                data = try await c.tending.backup().encoded() + Data("\n".utf8)
                what = "a backup"
            case .vcard:
                let selection = ExportSelection(tier: tier, tag: tag, people: people, includeArchived: tier == nil && tag == nil)
                let (text, count) = try await c.tending.vCards(selection, version: VCardWriter.Version(rawValue: vcardVersion) ?? .v4)
                data = Data(text.utf8)
                what = "\(count) \(count == 1 ? "vCard" : "vCards")"
            case .ics:
                let text = try await c.tending.calendar(on: day.resolve(c.settings), now: Clock.now(ProcessInfo.processInfo.environment))
                data = Data(text.utf8)
                what = "a calendar"
            }
            if let output {
                do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                    throw TendError.invalid(TendCore.ValidationError(field: "output", message: "cannot write \(output): \(error.localizedDescription)"))
                }
                FileHandle.standardError.write(Data("Wrote \(what) to \(output).\n".utf8))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring people in from vCards, LinkedIn or Google Contacts CSV, any CSV, a Monica export, or restore a Tend backup.",
        discussion: """
            The format is found from the file; --format says it outright. A record that matches someone already \
            in your network (by email, phone, LinkedIn profile, else exact full name) fills in what they lack \
            instead of adding a duplicate, so importing a file twice adds nobody the second time.
            An import is all or nothing: a record that cannot be read stops it, with its line number, unless \
            --skip-invalid is given. --dry-run shows what would be added, updated and skipped, and writes nothing.
            A JSON backup from `tend export --json` is restored into an empty database.
            An mbox file (Google Takeout's, Thunderbird's) is read as mail, streamed whatever its size: the messages you \
            sent to people in Tend become touches, as a connected mailbox's do (`tend mail`); --me names your addresses \
            in it. Importing it again adds nothing.
            A Monica 4.x JSON export (Monica: Settings → Export → JSON) brings its contacts, their activities, calls \
            and conversations as touches, and their life events as moments; importing it (or a later export) again \
            adds only what is new.
            A WhatsApp chat export (the .txt, or the .zip with its media) or Telegram Desktop's result.json: each day \
            you wrote in a chat with someone in Tend becomes a touch (a message), reviewable with `tend captured`; no \
            message text is kept. WhatsApp exports a chat per file: give several files at once. --me NAME says which \
            sender is you when the export cannot; --chat 'TITLE=PERSON' says who a chat is with (a name or id, `new` to \
            add them, `skip`), and --chat 'GROUP=include' brings a group chat in. Importing it again adds only new days.
            An iCalendar file (.ics: Google Calendar's export, Outlook's, Apple Calendar's, Fastmail's): each past event             with people in Tend (attendees and organizer by email; an all-day event by the names in its title) becomes             a touch on its day — in person, video when it holds a meeting link, a call when it holds a dial-in —             reviewable with `tend captured`. Cancelled and declined events, and events with more people than             Settings → Mail allows, are left out; recurring events are expanded. --since says how far back (ten years             by default), --me names your addresses in it, --calendar names it. Importing it (or a later export) again             adds only what is new, moves the touches of moved events and removes those of cancelled ones.
            """)

    @Argument(help: "The file to import (several WhatsApp chats: a file each).") var files: [String]
    var file: String { files[0] }
    @Option(help: "auto (the default), vcard, linkedin, google, csv, monica, whatsapp, telegram, ics or backup.",
            transform: { text in
                guard let f = ImportFormat(rawValue: text.lowercased()) else {
                    throw ValidationError("unknown format '\(text)'; formats are \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return f
            })
    var format: ImportFormat = .auto
    @Option(help: ArgumentHelp("For a CSV: which column fills which field, as 'COLUMN=FIELD,...'.",
                               discussion: "Fields: \(ContactField.allCases.map(\.rawValue).joined(separator: ", ")).")) var map: String?
    @Option(help: "The tier of people it adds (default: unfamiliar for LinkedIn, familiar otherwise).", transform: Parse.word(Tier.self))
    var tier: Tier?
    @Option(help: "A tag for everyone in the file; repeat for more.") var tag: [String] = []
    @Flag(help: "Show what would be added, updated and skipped; write nothing.") var dryRun = false
    @Flag(help: "Import the records that can be read and list the ones that cannot.") var skipInvalid = false
    @Option(name: .customLong("me"), help: "For an mbox or a calendar: an address of yours in it (repeat for more), besides the account's and Settings → Mail's. For a chat export: your name in it.")
    var me: [String] = []
    @Option(name: .customLong("calendar"), help: "For a calendar: its name (by default the one it gives itself, else the file's).")
    var calendarName: String?
    @Option(help: "For a calendar: the first day whose events are read (YYYY-MM-DD; ten years back by default).", transform: Parse.day)
    var since: Day?
    @Option(name: .customLong("chat"), help: "For a chat export: 'CHAT=PERSON' (a name or id), 'CHAT=new', 'CHAT=skip', or 'GROUP=include'; repeat for more.")
    var chat: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name the file to import") }
        for c in chat where !c.contains("=") { throw ValidationError("--chat '\(c)': write it as 'CHAT=PERSON', 'CHAT=new', 'CHAT=skip' or 'GROUP=include'") }
    }

    /// The --chat choices by chat title.
    var chatChoices: [String: ChatChoice] {
        var out: [String: ChatChoice] = [:]
        for c in chat {
            let parts = c.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
            out[parts[0]] = ChatChoice(typed: parts.count > 1 ? parts[1] : "")
        }
        return out
    }
    @OptionGroup var day: DayOption
    @OptionGroup var output: JSONOption
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let out = Terminal()
        let mapping: [String: ContactField]?
        do { mapping = try map.map(ContactCSV.mapping) } catch {
            out.error(error.message)
            throw ExitCode.failure
        }
        if format == .auto, Self.isMbox(file) {
            try await Context.run(store) { c in try await importMbox(c) }
            return
        }
        var contents: [ImportContent] = []
        for f in files {
            do {
                contents.append(try ImportFile.read(try Self.load(f), format: format, mapping: mapping, filename: f))
            } catch let e as ImportFileError {
                out.error("cannot import \(f): \(e.message)")
                throw ExitCode.failure
            }
        }
        let content: ImportContent
        if contents.count == 1 {
            content = contents[0]
        } else {
            // Several files are several chats of one app.
            var exports: [ChatExport] = []
            for (f, c) in zip(files, contents) {
                guard case .chats(let e) = c else {
                    out.error("cannot import \(f) with other files: only chat exports (WhatsApp's, a file per chat) are imported several at once")
                    throw ExitCode.failure
                }
                exports.append(e)
            }
            do { content = .chats(try ChatExport.merged(exports)) } catch {
                out.error("cannot import these files together: \(error.message)")
                throw ExitCode.failure
            }
        }
        if case .chats = content {} else if !chat.isEmpty {
            out.error("--chat is for chat exports (WhatsApp, Telegram); \(file) is not one")
            throw ExitCode.failure
        }
        if case .calendar = content {} else if calendarName != nil || since != nil {
            out.error("--calendar and --since are for calendars (.ics); \(file) is not one")
            throw ExitCode.failure
        }
        try await Context.run(store) { c in try await importing(content, c) }
    }

    func importing(_ content: ImportContent, _ c: Context) async throws {
        var bar: ProgressBar?
        var progress: (@Sendable (Int, Int) -> Void)?
        let hasContacts = switch content { case .contacts, .monica: true; case .backup, .chats, .calendar: false }
        if hasContacts, let b = ProgressBar(label: dryRun ? "Checking" : "Importing") {
            bar = b
            progress = { done, total in b.show(done, total) }
        }
        let outcome: ImportOutcome
        do {
            outcome = try await c.tending.importContent(content, tier: tier, tags: tag, skipInvalid: skipInvalid, dryRun: dryRun,
                                                        on: day.resolve(c.settings), chats: ChatImportOptions(me: me, choices: chatChoices),
                                                        calendar: CalendarImportOptions(name: calendarName, me: me, since: since),
                                                        now: Clock.now(ProcessInfo.processInfo.environment), progress: progress)
        } catch {
            bar?.finish()
            throw error
        }
        bar?.finish()
        switch outcome {
        case .backup(let restored):
            c.out.print(restored.summary)
        case .contacts(let report):
            if output.json { try c.out.json(report) } else { Self.render(report, c.out) }
        case .chats(let report):
            if output.json { try c.out.json(report) } else { Self.render(report, c.out) }
        case .calendar(let report):
            if output.json { try c.out.json(report) } else { Self.render(report, c.out) }
        }
    }

    static func render(_ r: CalendarImportReport, _ out: Terminal, limit: Int = 30) {
        let shown = r.lines.filter { $0.status != .skipped && $0.status != .unchanged }
        let rows = shown.suffix(limit).reversed().map { line -> [String] in
            let status: String = switch line.status {
            case .added: r.dryRun ? "would add" : "added"
            case .moved: r.dryRun ? "would move" : "moved"
            case .removed: r.dryRun ? "would remove" : "removed"
            case .unchanged: "read before"
            case .skipped: "skipped"
            }
            return [line.day.description, String(line.title.prefix(40)), line.people.joined(separator: ", "),
                    line.channel.map { $0.rawValue } ?? (line.reason ?? ""), status]
        }
        if !rows.isEmpty { out.table(["Day", "Event", "With", "How", ""], rows) }
        if shown.count > limit { out.print(out.dim("… and \(shown.count - limit) earlier (--json lists them all)")) }
        for p in r.problems.prefix(10) { out.print(out.dim("Not read: \(p)")) }
        out.print(r.summary + (r.dryRun ? " Nothing was written (dry run)." : ""))
        if r.added + r.moved > 0 && !r.dryRun { out.print(out.dim("Review them with `tend captured`.")) }
    }

    static func render(_ r: ChatImportReport, _ out: Terminal) {
        let rows = r.chats.map { line -> [String] in
            let who: String = switch line.status {
            case .imported: line.people.joined(separator: ", ") + (line.matchedBy.map { " " + out.dim("(\($0))") } ?? "")
            case .unmatched: out.bold("no one in Tend") + (line.suggestions.isEmpty ? "" : out.dim(" — perhaps " + line.suggestions.map(\.name).joined(separator: ", ")))
            case .group: out.dim("group chat, left out")
            case .skipped: out.dim("skipped: " + (line.reason ?? ""))
            }
            return [line.title, "\(line.messages)", "\(line.yourDays)", line.status == .imported ? "\(line.touches)" : "–", who]
        }
        if !rows.isEmpty { out.table(["Chat", "Messages", "Your days", "Touches", "With"], rows) }
        if let me = r.me { out.print(out.dim("You are “\(me)” in this export.")) }
        out.print(r.summary + (r.dryRun ? " Nothing was written (dry run)." : ""))
        if r.unmatched > 0 {
            out.print(out.dim("Say who a chat is with: --chat 'TITLE=PERSON' (a name or id), --chat 'TITLE=new' to add them, --chat 'TITLE=skip'."))
        }
        if r.chats.contains(where: { $0.status == .group }) { out.print(out.dim("Bring a group chat in with --chat 'GROUP=include'.")) }
        if r.touches > 0 && !r.dryRun { out.print(out.dim("Review them with `tend captured`.")) }
    }

    /// An mbox by its name or its first line.
    static func isMbox(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".mbox") || path.lowercased().hasSuffix(".mbx") { return true }
        guard let handle = FileHandle(forReadingAtPath: path), let start = try? handle.read(upToCount: 5) else { return false }
        try? handle.close()
        return start == Data("From ".utf8)
    }

    /// An mbox, streamed in batches: each batch is one transaction, and reading it again adds nothing.
    func importMbox(_ c: Context) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: file) else {
            throw TendError.importFile("there is no file at \(file)")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
        var capturer = try await MailCapturer(tending: c.tending, source: "mbox", extraAddresses: me, dryRun: dryRun,
                                              now: Clock.now(ProcessInfo.processInfo.environment))
        let bar = ProgressBar(label: dryRun ? "Checking" : "Reading")
        let report: CaptureReport
        do {
            report = try await capturer.captureMbox(read: {
                guard let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty else { return nil }
                return [UInt8](chunk)
            }, progress: { done in bar?.show(Int(done / 1024), Int(max(size, 1) / 1024)) })
        } catch {
            bar?.finish()
            throw error
        }
        bar?.finish()
        if output.json { try c.out.json(report); return }
        c.out.print(report.summary + (dryRun ? ". Nothing was written (dry run)." : "."))
        if report.asks > 0 && !dryRun { c.out.print(c.out.dim("Review the proposed asks with `tend captured`.")) }
    }

    /// The file's bytes; a file too large is refused before it is read.
    static func load(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ImportFileError("there is no file at \(path)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ImportFileError("\(path) is a folder, not a file")
        }
        guard size <= ImportFile.maximumSize else {
            throw ImportFileError("the file is \(size / (1024 * 1024)) MB; Tend imports files up to \(ImportFile.maximumSize / (1024 * 1024)) MB — split it into smaller files")
        }
        do { return try Data(contentsOf: url) } catch {
            throw ImportFileError(error.localizedDescription)
        }
    }

    static func render(_ r: ImportReport, _ out: Terminal, limit: Int = 50) {
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out.print(out.bold("\(title) (\(items.count))"))
            for item in items.prefix(limit) { out.print("  " + line(item)) }
            if items.count > limit { out.print(out.dim("  … and \(items.count - limit) more (--json lists them all)")) }
        }
        let unit = r.unit
        section(r.dryRun ? "Would add" : "Added", r.added) { "\($0.name)  " + out.dim("\(unit) \($0.line)") }
        section(r.dryRun ? "Would update" : "Updated", r.updated) { m in
            "\(m.into) ← \(m.name): \(m.changed.joined(separator: ", "))  " + out.dim("\(unit) \(m.line), same \(m.matchedBy)")
        }
        section(r.dryRun ? "Would propose in News" : "Proposed in News", r.proposed) { p in
            "\(p.name): \(p.note)  " + out.dim("\(unit) \(p.line); `tend news` to confirm")
        }
        section("Skipped", r.skipped) { "\(unit) \($0.line)\($0.name.map { " (\($0))" } ?? ""): \($0.reason)" }
        if !r.unchanged.isEmpty { out.print(out.dim("\(r.unchanged.count) already up to date.")) }
        out.print(r.summary + (r.dryRun ? " Nothing was written (dry run)." : ""))
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    let label: String
    private let lock = NSLock()
    private var drawn = false

    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func show(_ done: Int, _ total: Int) {
        guard total >= 200 else { return }
        lock.lock(); defer { lock.unlock() }
        let width = 30, filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
        drawn = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole instance, every account and everything in it, into an empty database.",
        discussion: "For moving to hosted mode: tend copy --db ~/.local/share/tend/tend.sqlite --to postgres://tend@db.example/tend. Signed-in sessions are not copied; everyone signs in again.")

    @Option(help: "The database to copy into: a SQLite path or a postgres:// URL. It must be empty.") var to: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let out = Terminal()
        let destinationOptions = try StoreOptions.parse(["--database", to] + (store.poolSize.map { ["--pool-size", String($0)] } ?? []))
        try await Context.run(store) { c in
            let destination: any TendDatabase
            do {
                (destination, _) = try await destinationOptions.open()
            } catch {
                out.error("cannot open the database at \(Context.shown(to)): \(Terminal.describe(error))")
                throw ExitCode.failure
            }
            do {
                let s = try await InstanceCopy.copy(from: c.database, to: destination)
                try await destination.close()
                c.out.print("Copied \(s.accounts) \(s.accounts == 1 ? "account" : "accounts"): \(s.people) people, \(s.touches) touches and \(s.moments) moments, into \(Context.shown(to)).")
            } catch {
                try? await destination.close()
                throw error
            }
        }
    }
}
