/// The page templates, embedded in the binary from the `.mustache` file in each page's folder
/// (Mustache: `{{x}}` is escaped, `{{{x}}}` only for HTML we built ourselves).
enum Templates {
    static let all: [String: String] = [
        "layout": text(PackageResources.layout_mustache),
        "error": text(PackageResources.error_mustache),
        "csrf": text(PackageResources.csrf_mustache),
        "login": text(PackageResources.login_mustache),
        "signup": text(PackageResources.signup_mustache),
        "today": text(PackageResources.today_mustache),
        "week": text(PackageResources.week_mustache),
        "news": text(PackageResources.news_mustache),
        "people": text(PackageResources.people_mustache),
        "personForm": text(PackageResources.personForm_mustache),
        "person": text(PackageResources.person_mustache),
        "feeds": text(PackageResources.feeds_mustache),
        "company": text(PackageResources.company_mustache),
        "network": text(PackageResources.network_mustache),
        "settings": text(PackageResources.settings_mustache),
        "import": text(PackageResources.import_mustache),
        "importPreview": text(PackageResources.importPreview_mustache),
        "chatPreview": text(PackageResources.chatPreview_mustache),
        "calendarPreview": text(PackageResources.calendarPreview_mustache),
        "act": text(PackageResources.act_mustache),
        "captured": text(PackageResources.captured_mustache),
        "mail": text(PackageResources.mail_mustache),
        "calendars": text(PackageResources.calendars_mustache),
    ]

    /// A template's text; the file's final newline is not part of the page.
    static func text(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
