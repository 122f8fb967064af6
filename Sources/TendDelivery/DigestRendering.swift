import Foundation
import TendCore
import TendServices

/// The digest as words: the plain-text part of the email (and what `tend digest --print` shows), the HTML
/// part, and the short forms of push notifications.
public enum DigestRendering {
    /// The plain-text digest, readable in any mail client and a terminal.
    public static func text(_ m: DigestMessage) -> String {
        let d = m.digest
        var out: [String] = []
        if m.isTest { out.append("This is a test of your Tend digest: it is what the digest of this day looks like.\n") }
        out.append("Tend — \(d.day.weekdayName), \(d.day.spelledOut)")
        out.append("")
        if d.suggestions.isEmpty {
            out.append("Nobody to reach out to today. Enjoy the day.")
        } else {
            out.append("Reach out today:")
            for (i, s) in d.suggestions.enumerated() {
                out.append("")
                out.append("\(i + 1). \(s.personName) — \(s.kind.title)")
                out.append("   \(s.action). Why: \(s.reason).")
                out.append("   Draft: \(s.draft)")
                if let l = m.links[s.key] {
                    out.append("   Done: \(l.done)")
                    out.append("   Snooze a week: \(l.snooze)")
                }
            }
            if let rest = d.restSummary { out.append(""); out.append("…" + rest + ".") }
        }
        if let c = d.coverage { out.append(""); out.append(c) }
        if !d.birthdays.isEmpty {
            out.append("")
            out.append("Birthdays this week:")
            for b in d.birthdays { out.append("- \(birthdayLine(b))") }
        }
        if !d.openMoments.isEmpty {
            out.append("")
            out.append("Still open:")
            for o in d.openMoments { out.append("- \(o.name): \(o.isWin ? "win" : "struggle"), \(o.words) (\(o.on.spelledOut))") }
        }
        if let drifting = d.drifting { out.append(""); out.append(drifting) }
        out.append("")
        out.append("-- ")
        if let today = m.today { out.append("Open Tend: \(today)") }
        if let settings = m.settings { out.append("Change when this arrives: \(settings)") }
        if let unsubscribe = m.unsubscribe { out.append("Stop these emails: \(unsubscribe)") }
        if m.today == nil { out.append("Sent by your Tend.") }
        return out.joined(separator: "\n") + "\n"
    }

    static func birthdayLine(_ b: Digest.Birthday) -> String {
        let when = b.daysAway == 0 ? "today" : b.daysAway == 1 ? "tomorrow" : "\(b.day.weekdayName), \(b.day.day) \(b.day.monthName)"
        return "\(b.name), \(when)" + (b.turning.map { " (turns \($0))" } ?? "")
    }

    /// The HTML digest: a table layout with inline styles (what mail clients keep), no remote images, light
    /// and dark colours both legible.
    public static func html(_ m: DigestMessage) -> String {
        let d = m.digest
        let text = "color:#1f2328;", muted = "color:#5b6470;", font = "font-family:-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
        var rows: [String] = []
        func row(_ inner: String, padding: String = "8px 24px") {
            rows.append("<tr><td style=\"padding:\(padding);\">\(inner)</td></tr>")
        }
        if m.isTest {
            row("<p style=\"margin:0;padding:8px 12px;background:#fdf0dc;border:1px solid #9a5b00;border-radius:8px;\(text)\">This is a test of your Tend digest: it is what the digest of this day looks like.</p>",
                padding: "16px 24px 0")
        }
        row("<p style=\"margin:0;font-size:20px;font-weight:700;\(text)\">Tend<span style=\"color:#2f6f4f;\">.</span></p>"
            + "<p style=\"margin:4px 0 0;\(muted)\">\(e(d.day.weekdayName)), \(e(d.day.spelledOut))</p>", padding: "24px 24px 8px")
        if d.suggestions.isEmpty {
            row("<p style=\"margin:0;\(text)\">Nobody to reach out to today. Enjoy the day.</p>")
        } else {
            row("<h2 style=\"margin:8px 0 0;font-size:17px;\(text)\">Reach out today</h2>")
            for (i, s) in d.suggestions.enumerated() {
                var actions = ""
                if let l = m.links[s.key] {
                    actions = "<p style=\"margin:10px 0 0;\">" + button("Mark done", l.done, primary: true) + " " + button("Snooze a week", l.snooze, primary: false)
                        + " " + button("Open", l.open, primary: false) + "</p>"
                }
                row("""
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border:1px solid #e3ded3;border-radius:10px;background:#ffffff;">\
                    <tr><td style="padding:12px 16px;">\
                    <p style="margin:0;\(text)"><strong>\(i + 1). \(e(s.personName))</strong> <span style="display:inline-block;padding:1px 8px;border-radius:999px;background:#e3f0e8;color:#1f3a2b;font-size:13px;">\(e(s.kind.title))</span></p>\
                    <p style="margin:6px 0 0;\(text)">\(e(s.action)).</p>\
                    <p style="margin:4px 0 0;font-size:14px;\(muted)">Why: \(e(s.reason)).</p>\
                    <p style="margin:8px 0 0;padding:8px 12px;border-left:3px solid #2f6f4f;background:#f7f5f0;font-size:14px;\(text)">\(e(s.draft))</p>\
                    \(actions)</td></tr></table>
                    """)
            }
            if let rest = d.restSummary { row("<p style=\"margin:0;font-size:14px;\(muted)\">…\(e(rest)).</p>") }
        }
        if let c = d.coverage { row("<p style=\"margin:0;padding:8px 12px;border-left:3px solid #2f6f4f;font-size:14px;\(text)\">\(e(c))</p>") }
        if !d.birthdays.isEmpty {
            row("<h2 style=\"margin:8px 0 4px;font-size:17px;\(text)\">Birthdays this week</h2>"
                + "<ul style=\"margin:0;padding-left:20px;\(text)\">" + d.birthdays.map { "<li>\(e(birthdayLine($0)))</li>" }.joined() + "</ul>")
        }
        if !d.openMoments.isEmpty {
            row("<h2 style=\"margin:8px 0 4px;font-size:17px;\(text)\">Still open</h2>"
                + "<ul style=\"margin:0;padding-left:20px;\(text)\">"
                + d.openMoments.map { "<li>\(e($0.name)): \($0.isWin ? "win" : "struggle"), \(e($0.words)) <span style=\"\(muted)\">(\(e($0.on.spelledOut)))</span></li>" }.joined()
                + "</ul>")
        }
        if let drifting = d.drifting { row("<p style=\"margin:0;\(text)\">\(e(drifting))</p>") }
        var footer: [String] = []
        if let today = m.today { footer.append("<a href=\"\(e(today))\" style=\"color:#2f6f4f;\">Open Tend</a>") }
        if let settings = m.settings { footer.append("<a href=\"\(e(settings))\" style=\"color:#2f6f4f;\">Change when this arrives</a>") }
        if let unsubscribe = m.unsubscribe { footer.append("<a href=\"\(e(unsubscribe))\" style=\"color:#2f6f4f;\">Stop these emails</a>") }
        if footer.isEmpty { footer.append("Sent by your Tend.") }
        row("<p style=\"margin:8px 0 0;padding-top:12px;border-top:1px solid #e3ded3;font-size:13px;\(muted)\">\(footer.joined(separator: " · "))</p>",
            padding: "8px 24px 24px")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
            <title>\(e(d.subject))</title>
            <style>
            @media (prefers-color-scheme: dark) {
              .tend-bg { background: #14171a !important; }
              .tend-card { background: #1d2125 !important; }
              .tend-card p, .tend-card h2, .tend-card li, .tend-card strong { color: #e8eaed !important; }
              .tend-card table { background: #22272c !important; border-color: #2e343a !important; }
              .tend-card a { color: #6cc08f !important; }
            }
            </style></head>
            <body style="margin:0;padding:0;background:#f7f5f0;\(font)">
            <div style="display:none;max-height:0;overflow:hidden;">\(e(preheader(d)))</div>
            <table role="presentation" class="tend-bg" width="100%" cellpadding="0" cellspacing="0" style="background:#f7f5f0;">
            <tr><td align="center" style="padding:16px 8px;">
            <table role="presentation" class="tend-card" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border:1px solid #e3ded3;border-radius:12px;\(font)font-size:16px;line-height:1.5;">
            \(rows.joined(separator: "\n"))
            </table>
            </td></tr></table>
            </body></html>
            """
    }

    static func button(_ label: String, _ url: String, primary: Bool) -> String {
        let style = primary
            ? "display:inline-block;padding:6px 14px;border-radius:999px;background:#2f6f4f;color:#ffffff;text-decoration:none;font-size:14px;font-weight:600;"
            : "display:inline-block;padding:5px 13px;border-radius:999px;border:1px solid #2f6f4f;color:#2f6f4f;text-decoration:none;font-size:14px;"
        return "<a href=\"\(e(url))\" style=\"\(style)\">\(e(label))</a>"
    }

    /// What an inbox shows beside the subject.
    static func preheader(_ d: Digest) -> String {
        let names = d.suggestions.prefix(3).map(\.personName)
        guard !names.isEmpty else { return d.birthdays.first.map { birthdayLine($0) } ?? "Nothing on your agenda today." }
        return names.joined(separator: ", ") + (d.suggestions.count > 3 ? " and \(d.suggestions.count - 3) more" : "")
    }

    /// HTML-escaped text.
    static func e(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
