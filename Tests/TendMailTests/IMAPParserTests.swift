import Foundation
import Testing
@testable import TendMail

/// IMAP responses as the client frames and parses them (issue 16); Dovecot itself is in TendCaptureTests.
@Suite struct IMAPParserTests {
    func frames(_ text: String) throws -> [IMAPResponse] {
        var bytes = Array(text.utf8)
        var out: [IMAPResponse] = []
        while let n = try IMAPParser.frameLength(bytes) {
            out.append(try IMAPParser.parse(Array(bytes[..<n])))
            bytes.removeFirst(n)
        }
        #expect(bytes.isEmpty, "left over: \(String(decoding: bytes, as: UTF8.self))")
        return out
    }

    @Test func statusResponsesKeepTheirCodes() throws {
        let r = try frames("* OK [UIDVALIDITY 1796126400] UIDs valid\r\nT3 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n+ \r\n")
        #expect(r[0].kind == .untagged && r[0].status == "OK" && r[0].code == "UIDVALIDITY 1796126400" && r[0].text == "UIDs valid")
        #expect(r[1].kind == .tagged("T3") && r[1].status == "NO" && r[1].text == "Authentication failed.")
        #expect(r[2].kind == .continuation)
    }

    @Test func literalsListsQuotedStringsAndNilAreParsed() throws {
        let text = "* 1 FETCH (UID 7 INTERNALDATE \" 1-Dec-2026 09:15:00 +0100\" ENVELOPE (\"Tue, 1 Dec 2026 09:15:00 +0100\" {12}\r\nA \"quoted\" s ((\"Ana \\\"A\\\"\" NIL \"ana\" \"example.org\")) NIL NIL ((NIL NIL \"team\" NIL)(\"\" NIL \"ben\" \"example.org\")(NIL NIL NIL NIL)) NIL NIL NIL \"<id@x>\") BODY[HEADER.FIELDS (LIST-ID PRECEDENCE)] {20}\r\nPrecedence: bulk\r\n\r\n)\r\n"
        let r = try frames(text)
        #expect(r.count == 1 && r[0].number == 1 && r[0].name == "FETCH")
        let f = try #require(IMAPFetched(r[0]))
        #expect(f.uid == 7)
        #expect(f.internalDate == ISO8601DateFormatter().date(from: "2026-12-01T08:15:00Z"))
        #expect(f.envelope?.subject == "A \"quoted\" s")
        #expect(f.envelope?.from.map(\.address) == ["ana@example.org"] && f.envelope?.from.first?.name == "Ana \"A\"")
        #expect(f.envelope?.to.map(\.address) == ["ben@example.org"], "a group's start and end are no addresses")
        #expect(f.envelope?.messageID == "<id@x>")
        #expect(String(decoding: f.headerFields, as: UTF8.self) == "Precedence: bulk\r\n\r\n")
    }

    @Test func aResponseSplitAcrossReadsWaitsForItsLiteral() throws {
        let text = Array("* LIST (\\Noselect) \"/\" {5}\r\nab\r\nc\r\nT1 OK done\r\n".utf8)
        for cut in 0..<text.count {
            #expect(try IMAPParser.frameLength(Array(text[..<cut])).map { $0 <= cut } ?? true)
        }
        let n = try #require(try IMAPParser.frameLength(text))
        let list = try IMAPParser.parse(Array(text[..<n]))
        #expect(list.values.last?.text == "ab\r\nc")
    }

    @Test func malformedResponsesAreErrorsNotCrashes() {
        for bad in ["* 1 FETCH (UID 1\r\n", "* LIST (a \"b\r\n", "* X {99999999999}\r\n", "* X {3}\r\nab", "* X )\r\n", "\r\n",
                    "* X " + String(repeating: "(", count: 100) + "\r\n"] {
            let bytes = Array(bad.utf8)
            if let n = try? IMAPParser.frameLength(bytes) {
                #expect(throws: IMAPProtocolError.self, "\(bad.debugDescription)") { _ = try IMAPParser.parse(Array(bytes[..<n])) }
            }
        }
        #expect(throws: IMAPProtocolError.self) { _ = try IMAPParser.frameLength(Array("* X {40000000}\r\n".utf8)) }
    }

    @Test func folderNamesAndUIDSetsAreWrittenAsIMAPWantsThem() {
        #expect(ModifiedUTF7.decode("&AMk-l&AOk-ments envoy&AOk-s") == "Éléments envoyés")
        #expect(ModifiedUTF7.decode("Tom &- Jerry") == "Tom & Jerry")
        #expect(ModifiedUTF7.decode("&broken") == "&broken")
        #expect(IMAPSession.sequenceSet([5, 1, 2, 3, 9, 10, 3]) == "1:3,5,9:10")
        #expect(IMAPSession.quoted("pa\"ss\\word") == "\"pa\\\"ss\\\\word\"")
        #expect(IMAPSession.quoted("päss") == nil)
        #expect(IMAPSession.searchDate(Date(timeIntervalSince1970: 1_796_126_400)) == "1-Dec-2026")
    }
}
