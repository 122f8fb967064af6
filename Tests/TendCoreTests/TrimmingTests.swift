import Foundation
import Testing
@testable import TendCore
import TendTestSupport

@Suite struct TrimmingTests {
    /// What `trimmed` must equal: Foundation's trimming of whitespace and line breaks.
    static func reference(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    @Test func trimsWhatFoundationTrims() {
        let cases = ["", " ", "\r\n", "Ana", " Ana ", "\tAna\r\n", "Ana Souza", "\u{00A0}Ana\u{00A0}", "\u{3000}Zoë\u{3000}",
                     "Zoë", "é", " é ", "a\u{301}", "\u{2028}x\u{2029}", "x\u{0085}", "  \n\t ", "Chloé ", " 北京"]
        for s in cases { #expect(s.trimmed == Self.reference(s), "\(s.debugDescription)") }
        #expect("  Ana Souza  "[...].dropFirst().trimmed == "Ana Souza", "a substring too")
    }

    @Test func agreesOnGeneratedStrings() {
        let pieces = ["a", "Z", " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{3000}", "é", "e\u{301}", "北", "-", "\u{2003}", "😀"]
        var state: UInt64 = 7
        for _ in 0..<2000 {
            var s = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 61) + 1 { s += pieces[Int((state >> UInt64(3 + 4 * k)) % UInt64(pieces.count))] }
            #expect(s.trimmed == Self.reference(s), "\(s.debugDescription)")
        }
    }
}
