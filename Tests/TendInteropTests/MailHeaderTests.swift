import Foundation
import Testing
import TendCore
@testable import TendInterop

/// Message headers and mbox files as mail capture reads them (issue 16).
@Suite struct MailHeaderTests {
    @Test func encodedWordsInAnyCharsetAreDecoded() {
        #expect(MailHeaders.decodeWords("=?UTF-8?B?R2zDvGNrd3Vuc2NoIHp1bSBuZXVlbiBKb2Ih?=") == "Glückwunsch zum neuen Job!")
        #expect(MailHeaders.decodeWords("=?ISO-8859-1?Q?Jos=E9_Mart=EDnez?=") == "José Martínez")
        #expect(MailHeaders.decodeWords("=?utf-8?q?caf=C3=A9?= =?utf-8?q?_cr=C3=A8me?=") == "café crème", "the space between two words goes")
        #expect(MailHeaders.decodeWords("Re: =?iso-8859-15?q?=A4uro?= plain") == "Re: €uro plain")
        #expect(MailHeaders.decodeWords("=?windows-1252?Q?=93quoted=94?=") == "“quoted”")
        #expect(MailHeaders.decodeWords("=?x-unknown?Q?abc?=") == "=?x-unknown?Q?abc?=", "an unknown charset stays as written")
        #expect(MailHeaders.decodeWords("=?UTF-8?B?not base64!?=").contains("=?UTF-8?B?"))
        #expect(MailHeaders.decodeWords("=?UTF-8?Q?broken") == "=?UTF-8?Q?broken")
    }

    @Test func addressListsWithQuotesGroupsAndCommentsAreRead() {
        let list = MailHeaders.addresses(#""Lima, Ana" <ANA@Example.org>, ben@example.org (Ben O.), Friends: cara@x.org, "D" <d@x.org>;, <e@x.org>"#)
        #expect(list.map(\.address) == ["ana@example.org", "ben@example.org", "cara@x.org", "d@x.org", "e@x.org"])
        #expect(list.first?.name == "Lima, Ana")
        #expect(MailHeaders.addresses("=?ISO-8859-1?Q?Jos=E9?= <jose@example.org>").first?.name == "José")
        #expect(MailHeaders.addresses("undisclosed-recipients:;").isEmpty)
        #expect(MailHeaders.addresses("").isEmpty)
    }

    @Test func datesInTheFormsRealMailHas() {
        let utc = Date(timeIntervalSince1970: 1_795_683_600) // 2026-11-26 06:20 UTC... checked below by components
        _ = utc
        func iso(_ s: String) -> String? { MailHeaders.date(s).map { ISO8601DateFormatter().string(from: $0) } }
        #expect(iso("Thu, 26 Nov 2026 11:00:00 +0100") == "2026-11-26T10:00:00Z")
        #expect(iso("26 Nov 26 11:00 EST") == "2026-11-26T16:00:00Z")
        #expect(iso("Sun, 22 Nov 2026 20:00:00 -0000 (UTC)") == "2026-11-22T20:00:00Z")
        #expect(iso("Thu,  3 Dec 2026 01:02:03 GMT") == "2026-12-03T01:02:03Z")
        #expect(iso("Dec 3 2026 01:02:03") == "2026-12-03T01:02:03Z")
        for bad in ["", "yesterday", "31 Feb 2026 10:00:00 +0000", "1 Foo 2026 10:00", "1 Jan 2026 25:00:00"] { #expect(MailHeaders.date(bad) == nil, "\(bad)") }
    }

    @Test func foldedHeadersAreUnfoldedAndTheBodyIsNotRead() {
        let raw = Array("Subject: a long\r\n  subject\r\nTo: a@x.org,\r\n\tb@x.org\r\nX-Broken line\r\n: no name\r\nList-Id: <l>\r\n\r\nSubject: in the body\r\n".utf8)
        let fields = MailHeaders.fields(raw)
        #expect(fields.map(\.name) == ["subject", "to", "list-id"])
        let h = MailHeaders.header(raw)
        #expect(h.subject == "a long  subject" && h.to.map(\.address) == ["a@x.org", "b@x.org"] && h.listID == "<l>")
        #expect(MailHeaders.header(Array("Subject: caf\u{e9}\n".utf8)).subject == "café", "raw UTF-8 in a header")
        #expect(MailHeaders.header([0x53, 0x75, 0x62, 0x6a, 0x65, 0x63, 0x74, 0x3a, 0x20, 0xe9, 0x0a]).subject == "é", "else Latin-1")
    }

    static let mbox = """
        From MAILER-DAEMON Wed Dec  2 18:41:00 2026
        From: Me <me@example.com>
        Subject: one

        >From the body
        From a line that is not after an empty one

        From MAILER-DAEMON Wed Dec  2 18:41:00 2026
        Subject: two
        To: a@x.org

        body
        From me@example.com Thu Dec  3 10:00:00 2026
        Subject: still two's body, as it follows no empty line

        From - Thu Dec  3 10:00:00 2026
        Subject: three

        """

    func messages(_ text: String, chunk: Int) throws -> [String] {
        let bytes = Array(text.utf8)
        var reader = MboxReader()
        var out: [MboxReader.Message] = []
        var i = 0
        while i < bytes.count {
            out += try reader.feed(bytes[i..<min(bytes.count, i + chunk)])
            i += chunk
        }
        out += try reader.finish()
        return out.map { MailHeaders.header($0.header).subject }
    }

    @Test func anMboxReadsTheSameInChunksOfAnySize() throws {
        let whole = try messages(Self.mbox, chunk: 1 << 20)
        #expect(whole == ["one", "two", "three"])
        for chunk in [1, 2, 3, 5, 7, 13, 64] { #expect(try messages(Self.mbox, chunk: chunk) == whole, "chunks of \(chunk)") }
        #expect(try messages(Self.mbox.replacingOccurrences(of: "\n", with: "\r\n"), chunk: 3) == whole, "CRLF")
        #expect(try messages("\n\n" + Self.mbox, chunk: 4) == whole, "empty lines first")
    }

    @Test func aFileThatIsNotAnMboxSaysSo() {
        #expect(throws: MboxReader.NotAnMbox.self) { _ = try messages("BEGIN:VCARD\nEND:VCARD\n", chunk: 10) }
        #expect(throws: MboxReader.NotAnMbox.self) { _ = try messages("", chunk: 10) }
        var reader = MboxReader()
        let huge = Array(("From x\nSubject: " + String(repeating: "a", count: MboxReader.maximumHeader * 2) + "\n\nbody\n").utf8)
        let done = (try? reader.feed(huge)) ?? []
        let last = (try? reader.finish()) ?? []
        #expect((done + last).count == 1 && (done + last)[0].truncated && (done + last)[0].header.count <= MboxReader.maximumHeader)
    }
}
