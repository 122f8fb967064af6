import Foundation
import Mustache
import TendCore
import TendServices
import TendStore

/// The Captured page (`captured.mustache`): the touches mail capture found in the last 30 days with their proposed
/// intents, to change one or confirm them all, and the correspondents to add.
struct CapturedPage: PageModel {
    var csrf = ""
    var rows: [Row]
    var unreviewed: Int
    var toAdd: [Stranger]
    var hasMailboxes: Bool
    var hasRows: Bool
    var hasToAdd: Bool
    var allReviewed: Bool
    var imported: [Imported] = []
    var hasImported = false

    struct Imported { var source: String; var name: String; var read: String }

    struct Row: MustacheParent {
        var id: Int64
        var date: String
        var dateLabel: String
        var people: [Link]
        var subject: String
        var reviewed: Bool
        var isAsk: Bool
        var intents: [Option]

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "date": date
            case "dateLabel": dateLabel
            case "people": people
            case "subject": subject
            case "reviewed": reviewed
            case "isAsk": isAsk
            case "intents": intents
            default: nil
            }
        }
    }

    struct Link: MustacheParent {
        var id: Int64
        var name: String
        var last: Bool
        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "name": self.name
            case "last": last
            default: nil
            }
        }
    }

    struct Stranger: MustacheParent {
        var address: String
        var name: String
        var messages: Int
        var lastLabel: String
        func child(named n: String) -> Any? {
            switch n {
            case "address": address
            case "name": name
            case "messages": messages
            case "lastLabel": lastLabel
            default: nil
            }
        }
    }

    init(_ c: Tending.Captured, hasMailboxes: Bool, imported: [Tending.ImportedSource] = []) {
        self.imported = imported.map { i in
            let unit = i.source == "mbox" ? "message" : i.source.hasPrefix("calendar:") ? "event" : "day"
            return Imported(source: i.source, name: i.name, read: "\(i.read) \(unit)\(i.read == 1 ? "" : "s") read")
        }
        hasImported = !imported.isEmpty
        unreviewed = c.unreviewed
        self.hasMailboxes = hasMailboxes
        rows = c.touches.map { t in
            let ids = t.touch.people
            return Row(id: t.touch.id.rawValue, date: t.touch.on.description, dateLabel: t.touch.on.spelledOut,
                       people: zip(ids, t.names).enumerated().map { i, p in Link(id: p.0.rawValue, name: p.1, last: i == ids.count - 1) },
                       subject: t.touch.note, reviewed: t.touch.captured?.reviewed ?? true, isAsk: t.touch.intent.isAsk,
                       intents: Intent.allNames.map { Option(value: $0, label: $0, selected: $0 == t.touch.intent.description) })
        }
        toAdd = c.toAdd.map { Stranger(address: $0.address, name: $0.name, messages: $0.messages, lastLabel: $0.lastOn.spelledOut) }
        hasRows = !rows.isEmpty
        hasToAdd = !toAdd.isEmpty
        allReviewed = unreviewed == 0
    }
}

/// Settings → Mail (`mail.mustache`): the user's addresses and the rules, the connected mailboxes with how their
/// last poll went, and a form to connect one (tested before it is saved).
struct MailPage: PageModel {
    var csrf = ""
    var addresses: String
    var maxRecipients: Int
    var replyAfterDays: Int
    var keepSubjects: Bool
    var windowDays: Int
    var pollMinutes: Int
    var mailboxes: [Box]
    var canConnect: Bool
    var form: Form
    /// What "Test connection" found, shown above the form.
    var tested: String?

    struct Form: MustacheParent {
        var host = ""
        var port = ""
        var user = ""
        var folders = ""
        var starttls = false
        func child(named name: String) -> Any? {
            switch name {
            case "host": host
            case "port": port
            case "user": user
            case "folders": folders
            case "starttls": starttls
            default: nil
            }
        }
    }

    struct Box: MustacheParent {
        var id: Int64
        var title: String
        var security: String
        var folders: String
        var messages: String
        var status: String
        var error: String?
        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "title": title
            case "security": security
            case "folders": folders
            case "messages": messages
            case "status": status
            case "error": error
            default: nil
            }
        }
    }

    init(settings s: CaptureSettings, mailboxes: [(mailbox: Mailbox, folders: [MailboxFolder], messages: Int)], canConnect: Bool,
         zone: TimeZone, form: Form = Form(), tested: String? = nil) {
        addresses = s.addresses.joined(separator: "\n")
        maxRecipients = s.maxRecipients
        replyAfterDays = s.replyAfterDays
        keepSubjects = s.keepSubjects
        windowDays = s.windowDays
        pollMinutes = s.pollMinutes
        self.canConnect = canConnect
        self.form = form
        self.tested = tested
        let format = Date.FormatStyle(date: .abbreviated, time: .shortened, timeZone: zone)
        self.mailboxes = mailboxes.map { m, folders, messages in
            let b = m
            let status: String
            if b.lastError != nil {
                status = "Failing (\(b.failures) in a row); tried again \(b.nextPollAt.formatted(format))"
            } else if let at = b.lastSuccessAt {
                status = "Read \(at.formatted(format)): \(b.progress). Next \(b.nextPollAt.formatted(format))"
            } else {
                status = b.progress.isEmpty ? "Waiting for its first read" : b.progress
            }
            return Box(id: b.id.rawValue, title: "\(b.username) at \(b.host):\(b.port)", security: b.security == .tls ? "TLS" : "STARTTLS",
                       folders: folders.isEmpty ? (b.folders.isEmpty ? "INBOX and Sent" : b.folders.joined(separator: ", ")) : folders.map(\.name).joined(separator: ", "),
                       messages: messages.formatted(), status: status, error: b.lastError)
        }
    }
}
