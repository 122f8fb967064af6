import Foundation
import TendCore
import TendStore
import TendServices

/// The Settings page (`settings.mustache`): cadences, the agenda's numbers, the time zone, the calendar
/// feed, API tokens, the password, and the server's own backups.
struct SettingsPage: PageModel {
    var csrf = ""
    /// Every feed followed, with how its last poll went; filled in after the rest.
    var feeds: [FeedItem] = []
    var hasFeeds = false

    struct FeedItem {
        var title: String
        var url: String
        var owner: String
        /// The owner's page: the person's, or the company's.
        var ownerHref: String
        var status: String
        var failing: Bool
    }

    mutating func show(_ lines: [FeedLine]) {
        feeds = lines.map { l in
            let href = switch l.feed.owner {
            case .person(let id): "/people/\(id.rawValue)#feeds-h"
            case .company(let name): CompanyPage.path(name) + "#feeds-h"
            }
            return FeedItem(title: l.feed.title ?? FeedPoller.shown(l.feed.url), url: l.feed.url, owner: l.ownerName, ownerHref: href,
                            status: l.status, failing: l.feed.lastError != nil)
        }
        hasFeeds = !feeds.isEmpty
    }
    var problem: String?
    var passwordProblem: String?
    var cadences: [Cadence]
    var numbers: [Number]
    var systemZone: String
    var zones: [Option]
    var countries: [Option]
    /// The calendar feed's address, when it is on.
    var feedURL: String?
    var tokens: [TokenLine] = []
    var hasTokens = false
    /// A token just created: shown on this one page, never again.
    var newToken: String?
    var newTokenName: String?
    var tokenProblem: String?
    /// The server's own backups (SQLite only).
    var backups: Backups?
    /// The daily digest: its schedule, the next one, a test, the delivery log.
    var digest: DigestSection
    /// Phones and address books: where to point them, and their app passwords.
    var phones = PhonesSection()

    struct Backups { var folder: String; var summary: String; var failure: String?; var at: String }
    struct TokenLine { var id: Int64; var name: String; var access: String; var created: String; var lastUsed: String }
    struct Cadence { var tier: String; var label: String; var days: String }
    struct Number { var name: String; var label: String; var value: Int; var min: Int; var max: Int }

    /// What the page says about one thing gone wrong, each beside its own form.
    struct Problems {
        var settings: String?
        var password: String?
        var token: String?
        var digest: String?
        var appPassword: String?
    }

    /// - Parameters:
    ///   - feedURL: The calendar feed's address, when it is on.
    ///   - backups: The backup folder and how the last backup went, when the server backs itself up.
    ///   - newToken: A token just created, with its secret.
    init(settings s: Settings, tokens: [APIToken], feedURL: String?, backups: (folder: String, last: BackupOutcome?)?,
         systemZone: TimeZone, digest: DigestSection = DigestSection(), newToken: (secret: String, name: String)? = nil,
         problems: Problems = Problems()) {
        self.digest = digest
        let zone = s.resolvedTimeZone()
        problem = problems.settings
        passwordProblem = problems.password
        tokenProblem = problems.token
        cadences = Tier.allCases.reversed().map { .init(tier: $0.rawValue, label: $0.title, days: s.cadence[$0].map(String.init) ?? "") }
        numbers = [
            .init(name: "birthday_heads_up", label: "Birthday heads-up (days ahead)", value: s.birthdayHeadsUpDays, min: 0, max: 30),
            .init(name: "win_fresh", label: "Celebrate wins for (days)", value: s.winFreshDays, min: 1, max: 90),
            .init(name: "struggle_fresh", label: "Support struggles for (days)", value: s.struggleFreshDays, min: 1, max: 180),
            .init(name: "follow_up", label: "Follow up after support (days)", value: s.followUpDays, min: 1, max: 180),
            .init(name: "ask_for_input", label: "Between asks for input (days)", value: s.askForInputDays, min: 7, max: 3650),
            .init(name: "agenda_length", label: "People you reach out to a day", value: s.agendaLength, min: 1, max: 100),
        ]
        self.systemZone = systemZone.identifier
        zones = TimeZone.knownTimeZoneIdentifiers.sorted().map { Option(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == s.timeZone) }
        countries = PhoneNumber.countries.map { Option(value: $0, label: Self.countryName($0), selected: $0 == s.defaultCountry) }
            .sorted { $0.label < $1.label }
        self.feedURL = feedURL
        self.tokens = tokens.map { t in
            .init(id: t.id, name: t.name, access: t.scope == .read ? "Read-only" : "Read and write",
                  created: Day.containing(t.createdAt, in: zone).description,
                  lastUsed: t.lastUsedAt.map { Day.containing($0, in: zone).description } ?? "Never")
        }
        hasTokens = !self.tokens.isEmpty
        if let backups {
            let at = backups.last.map { Self.dateAndTime($0.at, in: zone) } ?? ""
            let summary = backups.last.map { "Last backup \(at), checked; \($0.kept) kept." } ?? "The first backup is made when the server starts."
            self.backups = .init(folder: backups.folder, summary: summary, failure: backups.last?.failure, at: at)
        }
        self.newToken = newToken?.secret
        newTokenName = newToken?.name
    }

    /// "Germany (DE)": the country's English name from Foundation's locale data, with its code.
    static func countryName(_ code: String) -> String {
        let name = Locale(identifier: "en_GB").localizedString(forRegionCode: code) ?? code
        return "\(name) (\(code))"
    }

    /// "2026-12-01 07:00" in the account's zone.
    static func dateAndTime(_ instant: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.hour, .minute], from: instant)
        return "\(Day.containing(instant, in: zone)) " + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }
}

/// The Settings page's digest card.
struct DigestSection {
    struct LogLine { var when: String; var channel: String; var purpose: String; var status: String; var failed: Bool; var reason: String? }
    struct Choice { var value: String; var label: String; var selected: Bool }

    var frequencies: [Choice] = []
    var weekdays: [Choice] = []
    var time = "07:00"
    var sendEmpty = true
    var email = true
    var emailTo = ""
    /// The account's own address, the default recipient.
    var accountEmail: String?
    /// Whether this instance can send mail (`--smtp-url`).
    var mailReady = false
    /// "Wednesday 2 December 2026 at 07:00 (Europe/Lisbon)", or why there is none.
    var next = "The digest is off."
    var problem: String?
    /// The outcome of "Send a test now".
    var tested: String?
    var testFailed = false
    var log: [LogLine] = []
    var hasLog = false
    var isOff = true
    var ntfyURL = ""
    var ntfyPriorities: [Choice] = []
    var hasNtfyToken = false
    var hasNtfyURL = false
    var webhookURL = ""
    var hasWebhook = false
    /// A webhook secret just made: shown on this one page, never again.
    var newWebhookSecret: String?

    init() {}

    /// - Parameters:
    ///   - next: The next digest planned, when there is one.
    ///   - log: The latest deliveries, newest first.
    ///   - zone: The account's time zone.
    init(schedule: DigestSchedule, next: (day: Day, at: Date)?, log: [Delivery], accountEmail: String?, mailReady: Bool, zone: TimeZone,
         problem: String? = nil, tested: Delivery? = nil, newWebhookSecret: String? = nil) {
        ntfyURL = schedule.ntfyURL ?? ""
        ntfyPriorities = [(1, "Min"), (2, "Low"), (3, "Default"), (4, "High"), (5, "Urgent")]
            .map { Choice(value: String($0.0), label: $0.1, selected: schedule.ntfyPriority == $0.0) }
        hasNtfyToken = schedule.ntfyToken != nil
        hasNtfyURL = schedule.ntfyURL != nil
        webhookURL = schedule.webhookURL ?? ""
        hasWebhook = schedule.webhookURL != nil
        self.newWebhookSecret = newWebhookSecret
        frequencies = [("off", "Off"), ("daily", "Every day"), ("weekdays", "Weekdays (Monday to Friday)"), ("weekly", "Once a week")]
            .map { Choice(value: $0.0, label: $0.1, selected: schedule.frequency.rawValue == $0.0) }
        weekdays = (1...7).map { Choice(value: String($0), label: Day.weekdayName(iso: $0), selected: schedule.weekday == $0) }
        time = String(format: "%02d:%02d", schedule.hour, schedule.minute)
        sendEmpty = schedule.sendEmpty
        email = schedule.email
        emailTo = schedule.emailTo ?? ""
        self.accountEmail = accountEmail
        self.mailReady = mailReady
        isOff = schedule.frequency == .off
        if let next {
            do {
                let at = SettingsPage.dateAndTime(next.at, in: zone).split(separator: " ").last.map(String.init) ?? ""
                self.next = "\(next.day.weekdayName) \(next.day.spelledOut) at \(at) (\(zone.identifier))"
            }
        } else if schedule.frequency != .off {
            self.next = "The next digest is being planned; reload in a minute."
        }
        self.problem = problem
        if let tested {
            testFailed = tested.status == .failed
            self.tested = testFailed ? "The \(tested.channel.rawValue) test was not delivered: \(tested.reason ?? "no reason given")."
                                     : "Test sent by \(tested.channel.rawValue). It should arrive within a minute."
        }
        self.log = log.map { d in
            LogLine(when: SettingsPage.dateAndTime(d.updatedAt, in: zone), channel: d.channel.rawValue.capitalizedFirst,
                    purpose: d.purpose == .test ? "Test" : "Digest of \(d.day?.description ?? "?")",
                    status: d.status.rawValue.capitalizedFirst, failed: d.status == .failed || d.status == .missed, reason: d.reason)
        }
        hasLog = !self.log.isEmpty
    }
}

/// The Settings page's "Phones and address books" card: what to type on each kind of device, and app passwords.
struct PhonesSection {
    struct PasswordLine { var id: Int64; var name: String; var created: String; var lastUsed: String }

    var server = ""
    var dav = ""
    var book = ""
    var user = ""
    /// Plain HTTP on an address other than this machine: Apple's devices refuse Basic over it.
    var plainHTTP = false
    var passwords: [PasswordLine] = []
    var hasPasswords = false
    var newPassword: String?
    var newPasswordName: String?
    var problem: String?

    init() {}

    init(origin: String, account: AccountID, user: String?, passwords: [AppPassword], zone: TimeZone,
         new: (secret: String, name: String)?, problem: String?) {
        server = URLComponents(string: origin)?.host.map { host in
            let port = URLComponents(string: origin)?.port
            return port.map { "\(host):\($0)" } ?? host
        } ?? origin
        dav = origin + "/dav/"
        book = origin + "/dav/\(account.rawValue)/contacts/"
        self.user = user ?? "any name"
        let host = URLComponents(string: origin)?.host ?? ""
        plainHTTP = origin.hasPrefix("http://") && !["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        self.passwords = passwords.map { p in
            .init(id: p.id, name: p.name, created: Day.containing(p.createdAt, in: zone).description,
                  lastUsed: p.lastUsedAt.map { Day.containing($0, in: zone).description } ?? "Never")
        }
        hasPasswords = !self.passwords.isEmpty
        newPassword = new?.secret
        newPasswordName = new?.name
        self.problem = problem
    }

    /// An Apple configuration profile with one CardDAV account (`com.apple.carddav.account`), without its password.
    static func appleProfile(origin: String, account: AccountID, user: String) -> String {
        let url = URLComponents(string: origin)
        let tls = url?.scheme == "https"
        let host = url?.host ?? "localhost"
        let port = url?.port ?? (tls ? 443 : 80)
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        // Stable identifiers, so installing the profile again replaces the account instead of adding a second.
        let id = "tend.\(host).\(account.rawValue)"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
              <key>PayloadContent</key>
              <array>
                <dict>
                  <key>CardDAVAccountDescription</key><string>Tend</string>
                  <key>CardDAVHostName</key><string>\(esc(host))</string>
                  <key>CardDAVPort</key><integer>\(port)</integer>
                  <key>CardDAVPrincipalURL</key><string>/dav/\(account.rawValue)/</string>
                  <key>CardDAVUseSSL</key>\(tls ? "<true/>" : "<false/>")
                  <key>CardDAVUsername</key><string>\(esc(user))</string>
                  <key>PayloadDisplayName</key><string>Tend address book</string>
                  <key>PayloadIdentifier</key><string>\(esc(id)).carddav</string>
                  <key>PayloadType</key><string>com.apple.carddav.account</string>
                  <key>PayloadUUID</key><string>\(uuid(id + ".carddav"))</string>
                  <key>PayloadVersion</key><integer>1</integer>
                </dict>
              </array>
              <key>PayloadDisplayName</key><string>Tend</string>
              <key>PayloadDescription</key><string>Your Tend network in Contacts. The password asked for is an app password from Tend's Settings.</string>
              <key>PayloadIdentifier</key><string>\(esc(id))</string>
              <key>PayloadType</key><string>Configuration</string>
              <key>PayloadUUID</key><string>\(uuid(id))</string>
              <key>PayloadVersion</key><integer>1</integer>
            </dict>
            </plist>

            """
    }

    /// A UUID made from a name (the same name, the same UUID).
    static func uuid(_ name: String) -> String {
        var h1: UInt64 = 0xcbf29ce484222325, h2: UInt64 = 0x84222325cbf29ce4
        for b in name.utf8 {
            h1 = (h1 ^ UInt64(b)) &* 0x100000001b3
            h2 = (h2 ^ UInt64(b)) &* 0x100000001b3 &+ 7
        }
        let hex = String(format: "%016llX%016llX", h1, h2)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}
