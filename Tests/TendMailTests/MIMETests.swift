import Foundation
import Testing
@testable import TendMail

@Suite struct MIMETests {
    @Test func asciiSubjectsStayAsTheyAre() {
        #expect(MIME.unstructured("Monday: 3 people to reach out to") == "Monday: 3 people to reach out to")
    }

    @Test func nonASCIIIsEncodedInWordsOfAtMost75Characters() throws {
        let subject = "Lundi : João, Zoë et Ånnika — 3 personnes à contacter aujourd’hui, avant midi"
        let encoded = MIME.unstructured(subject)
        let words = encoded.split(separator: " ")
        #expect(words.count > 1)
        var bytes = Data()
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            bytes.append(try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))))
            // Each word decodes on its own: no character is split between two.
            #expect(String(data: try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))), encoding: .utf8) != nil)
        }
        #expect(String(data: bytes, encoding: .utf8) == subject)
    }

    @Test func displayNamesAreBareQuotedOrEncoded() {
        #expect(MailAddress(name: "Tend", address: "tend@example.org").header == "Tend <tend@example.org>")
        #expect(MailAddress(name: "Lima, Ana", address: "ana@example.org").header == "\"Lima, Ana\" <ana@example.org>")
        #expect(MailAddress(name: "Say \"hi\"", address: "a@example.org").header == "\"Say \\\"hi\\\"\" <a@example.org>")
        #expect(MailAddress(name: "João", address: "j@example.org").header == "=?UTF-8?B?Sm/Do28=?= <j@example.org>")
    }

    @Test func addressesAreParsedOrRefused() {
        #expect(MailAddress(parsing: "Tend <tend@example.org>") == MailAddress(name: "Tend", address: "tend@example.org"))
        #expect(MailAddress(parsing: "\"Lima, Ana\" <ana@example.org>") == MailAddress(name: "Lima, Ana", address: "ana@example.org"))
        #expect(MailAddress(parsing: "tend@example.org") == MailAddress(address: "tend@example.org"))
        for bad in ["", "tend", "tend@", "@example.org", "a b@example.org", "Tend <tend@example.org", "a@b@example.org", "x@localhost",
                    "a@example.org\r\nBcc: b@example.org"] {
            #expect(MailAddress(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func quotedPrintableKeepsLinesShortAndEscapesWhatItMust() {
        let text = String(repeating: "é", count: 60) + "\n. a dot\ntrailing space \nx=y"
        let encoded = MIME.quotedPrintable(text)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.count <= 76, "\(line)")
            #expect(line.allSatisfy { $0.isASCII })
            #expect(!line.hasPrefix("."))
        }
        #expect(encoded.contains("=2E a dot"))
        #expect(encoded.contains("trailing space=20"))
        #expect(encoded.contains("x=3Dy"))
        #expect(Self.decodeQP(encoded) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func aMessageIsSevenBitWithCRLFAndShortLines() {
        let message = MailMessage(from: MailAddress(name: "Tend", address: "tend@example.org"), to: [MailAddress(name: "Zoë", address: "zoe@example.org")],
                                  subject: "Friday: Zoë’s birthday is today", date: Date(timeIntervalSince1970: 1_796_140_800),
                                  messageID: "digest.1@example.org", text: "Hello\nZoë", html: "<p>Hello Zoë</p>",
                                  headers: [("List-Unsubscribe", "<https://tend.example/act/x>")])
        let wire = message.rendered(boundary: "B")
        #expect(wire.allSatisfy { $0.isASCII })
        #expect(!wire.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in wire.components(separatedBy: "\r\n") { #expect(line.count <= 78, "\(line)") }
        #expect(wire.contains("Date: Tue, 01 Dec 2026 16:00:00 +0000"))
        #expect(wire.contains("Message-ID: <digest.1@example.org>"))
        #expect(wire.contains("Content-Type: multipart/alternative; boundary=\"B\""))
        #expect(wire.contains("--B\r\nContent-Type: text/plain; charset=utf-8"))
        #expect(wire.contains("--B\r\nContent-Type: text/html; charset=utf-8"))
        #expect(wire.hasSuffix("--B--\r\n"))
    }

    @Test func longHeadersAreFoldedAtSpaces() {
        let long = "List-Unsubscribe: " + (0..<12).map { "word\($0)" }.joined(separator: " ")
        let folded = MIME.fold(long)
        #expect(folded.replacingOccurrences(of: "\r\n", with: "") == long)
        for line in folded.components(separatedBy: "\r\n") { #expect(line.count <= 78) }
    }

    static func decodeQP(_ s: String) -> String {
        var bytes: [UInt8] = []
        let lines = s.components(separatedBy: "\r\n")
        for (i, line) in lines.enumerated() {
            var chars = Array(line.utf8)[...]
            var soft = false
            if chars.last == UInt8(ascii: "=") { soft = true; chars = chars.dropLast() }
            var j = chars.startIndex
            while j < chars.endIndex {
                if chars[j] == UInt8(ascii: "="), j + 2 < chars.endIndex + 0 || j + 2 <= chars.endIndex - 1 {
                    bytes.append(UInt8(String(decoding: chars[(j + 1)...(j + 2)], as: UTF8.self), radix: 16)!)
                    j += 3
                } else {
                    bytes.append(chars[j])
                    j += 1
                }
            }
            if !soft && i < lines.count - 1 { bytes += [13, 10] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
