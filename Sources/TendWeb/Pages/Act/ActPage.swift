import Foundation
import TendCore
import TendServices

/// What a digest link opens (`act.mustache`): the question, with a button that does it, or what was done.
struct ActPage: PageModel {
    var csrf = ""
    var heading: String
    var message: String
    /// The form's action and its confirmation value, while the question is open.
    var token: String?
    var confirmation: String?
    var button: String?
    var openTend: String = "/today"

    /// The question a valid link asks.
    init(asking link: ActionLinks.Link, suggestion: Suggestion?, token: String, confirmation: String) {
        self.token = token
        self.confirmation = confirmation
        switch link.action {
        case .done:
            heading = "Mark it done?"
            message = suggestion.map { "\($0.personName): \($0.action.lowercasedFirst) (\($0.kind.title.lowercased()), from your digest of \(link.day.spelledOut))." }
                ?? "A suggestion from your digest of \(link.day.spelledOut)."
            button = "Mark done"
        case .snooze:
            heading = "Snooze it for a week?"
            message = suggestion.map { "\($0.personName): \($0.action.lowercasedFirst). It comes back in seven days if it still matters." }
                ?? "A suggestion from your digest of \(link.day.spelledOut); it comes back in seven days if it still matters."
            button = "Snooze a week"
        case .unsubscribe:
            heading = "Stop the digest emails?"
            message = "Tend stops emailing your daily digest. Turn it on again in Settings whenever you like."
            button = "Stop the emails"
        }
    }

    /// What pressing the button did.
    init(done outcome: Tending.LinkOutcome) {
        switch outcome {
        case .done(let s):
            heading = "Done"
            message = "\(s.personName): marked done\(s.kind.doneIntent == nil ? "" : ", and the touch logged"). Well tended."
        case .snoozed(let s, let until):
            heading = "Snoozed"
            message = "\(s.personName) comes back on \(until.spelledOut) if it still matters."
        case .unsubscribed:
            heading = "No more digest emails"
            message = "Tend will not email your digest again. Turn it back on in Settings."
            openTend = "/settings#digest"
        }
    }

    /// A link that cannot be acted on, or a suggestion that is gone.
    init(refused message: String) {
        heading = "This link cannot be used"
        self.message = message
    }
}

extension String {
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
