import Foundation

/// The mail the capture tests read (issue 16), as a mailbox holds it: personal mail in Sent and INBOX, a thread of
/// replies on one day, a list message, an auto-reply, an announcement to 40 people, a no-reply sender, Bcc in a sent
/// copy, subjects and names in UTF-8 and ISO-8859-1, and a message with no Message-ID. The user is me@example.com.
public enum MailFixtures {
    public struct Message: Sendable {
        public var folder: String
        public var date: Date
        public var raw: String
    }

    /// The people in Tend the mail is with: name, address, tier.
    public static let people: [(name: String, email: String, tier: String)] = [
        ("Ana Lima", "ana@example.org", "meaningful"), ("Ben Okafor", "ben@example.org", "intimate"),
        ("Cara Diaz", "cara@example.org", "familiar"), ("Dana Wu", "dana@example.org", "familiar"),
        ("José Martínez", "jose@example.org", "intimate"), ("Eva Stone", "eva@example.org", "familiar"),
    ]

    public static let me = "me@example.com"

    public static func date(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.date(from: text)!
    }

    static func rfc5322(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss '+0000'"
        return f.string(from: d)
    }

    public static func message(_ folder: String, _ when: String, from: String, to: String, cc: String? = nil, bcc: String? = nil,
                        subject: String, id: String?, extra: [String] = []) -> Message {
        let d = date(when)
        var lines = ["From: \(from)", "To: \(to)"]
        if let cc { lines.append("Cc: \(cc)") }
        if let bcc { lines.append("Bcc: \(bcc)") }
        lines += ["Subject: \(subject)", "Date: \(rfc5322(d))"]
        if let id { lines.append("Message-ID: <\(id)>") }
        lines += extra + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", "Hello,", "", "From the body: not a header.", "-- ", "me", ""]
        return Message(folder: folder, date: d, raw: lines.joined(separator: "\r\n"))
    }

    public static var messages: [Message] {
        let me = "Me Myself <me@example.com>"
        let forty = (1...40).map { "p\($0)@example.net" }.joined(separator: ", ") + ", ana@example.org"
        return [
            message("Sent", "2026-11-20 09:00", from: me, to: "Ana Lima <ana@example.org>", subject: "Dinner next week?", id: "s1@example.com"),
            message("Sent", "2026-11-20 15:30", from: me, to: "Ana Lima <ana@example.org>", subject: "Re: Dinner next week?", id: "s2@example.com"),
            message("Sent", "2026-11-20 21:10", from: me, to: "\"Lima, Ana\" <ANA@example.org>", subject: "Re: Re: Dinner next week?", id: "s3@example.com"),
            message("Sent", "2026-11-21 10:00", from: me, to: "Ben Okafor <ben@example.org>", cc: "Cara Diaz <cara@example.org>",
                    subject: "Photos from the weekend", id: "s4@example.com"),
            message("Sent", "2026-11-23 08:15", from: me, to: "ben@example.org", subject: "Quick question about your team", id: "s5@example.com"),
            message("Sent", "2026-11-24 12:00", from: me, to: "Someone <someone@example.net>", bcc: "Dana Wu <dana@example.org>",
                    subject: "Introducing you two", id: "s6@example.com"),
            message("Sent", "2026-11-25 18:00", from: me, to: forty, subject: "Our new address", id: "s7@example.com"),
            message("Sent", "2026-11-26 11:00", from: me, to: "=?ISO-8859-1?Q?Jos=E9_Mart=EDnez?= <jose@example.org>",
                    subject: "=?UTF-8?B?R2zDvGNrd3Vuc2NoIHp1bSBuZXVlbiBKb2Ih?=", id: "s8@example.com"),
            message("Sent", "2026-11-27 09:45", from: me, to: "Eva Stone <eva@example.org>", subject: "Thanks for the book", id: nil),
            message("Sent", "2026-11-27 10:00", from: me, to: "noreply@shop.example", subject: "Order 123", id: "s10@example.com"),
            message("Sent", "2026-11-10 10:00", from: me, to: "Frank Hale <frank@example.net>", subject: "Conference", id: "f1@example.com"),
            message("Sent", "2026-11-17 10:00", from: me, to: "Frank Hale <frank@example.net>", subject: "Re: Conference", id: "f2@example.com"),
            message("Sent", "2026-11-24 10:00", from: me, to: "frank@example.net", subject: "Slides", id: "f3@example.com"),
            message("Sent", "2026-11-28 10:00", from: me, to: me, subject: "Note to self", id: "s11@example.com"),
            message("INBOX", "2026-11-22 19:00", from: "Ana Lima <ana@example.org>", to: me, subject: "How are you holding up?", id: "i1@example.org"),
            message("INBOX", "2026-11-22 20:00", from: "Weekly News <news@lists.example>", to: me, subject: "Issue 42", id: "i2@lists.example",
                    extra: ["List-Id: Weekly <weekly.lists.example>", "List-Unsubscribe: <mailto:leave@lists.example>"]),
            message("INBOX", "2026-11-23 09:00", from: "Ben Okafor <ben@example.org>", to: me, subject: "Out of office",
                    id: "i3@example.org", extra: ["Auto-Submitted: auto-replied"]),
            message("INBOX", "2026-11-23 10:00", from: "Shop <no-reply@shop.example>", to: me, subject: "Your receipt", id: "i4@shop.example"),
            message("INBOX", "2026-11-24 10:00", from: "Cara Diaz <cara@example.org>", to: me, subject: "Team update", id: "i5@example.org",
                    extra: ["Precedence: bulk"]),
            message("INBOX", "2026-11-26 17:00", from: "=?UTF-8?Q?Jos=C3=A9_Mart=C3=ADnez?= <jose@example.org>", to: me,
                    subject: "=?ISO-8859-1?Q?Re:_Gl=FCckwunsch?=", id: "i6@example.org"),
        ]
    }

    /// The messages as an mbox file, as Thunderbird writes one (LF line ends, a `From ` line before each).
    public static var mbox: String {
        messages.map { "From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" + $0.raw.replacingOccurrences(of: "\r\n", with: "\n") + "\n" }.joined()
    }
}
