extension StringProtocol {
    /// Without leading and trailing whitespace and line breaks. Pure Swift: Foundation's
    /// `trimmingCharacters(in:)` goes through NSString on Linux and took 40% of an import's time.
    public var trimmed: String {
        // Most values have nothing to trim: when the first and last Characters are ASCII and not spaces, only
        // those two are looked at (finding a Character from either end reads a few bytes).
        if let f = first?.asciiValue, let l = last?.asciiValue, !isASCIISpace(f), !isASCIISpace(l) {
            return String(self)
        }
        return trimmedSlowly
    }

    var trimmedSlowly: String {
        guard let first = firstIndex(where: { !$0.isSpace }), let last = lastIndex(where: { !$0.isSpace }) else { return "" }
        return String(self[first...last])
    }
}

// The same for the two string types every caller has, from their bytes: when the first and last bytes are ASCII and
// not spaces, the first and last Characters are not white space (no white space scalar joins a following ASCII one
// in a Character), so nothing is trimmed, and no Character needs to be formed.
extension String {
    public var trimmed: String {
        if let f = utf8.first, let l = utf8.last, f < 0x80, l < 0x80, !isASCIISpace(f), !isASCIISpace(l) { return self }
        return trimmedSlowly
    }
}

extension Substring {
    public var trimmed: String {
        if let f = utf8.first, let l = utf8.last, f < 0x80, l < 0x80, !isASCIISpace(f), !isASCIISpace(l) { return String(self) }
        return trimmedSlowly
    }
}

private func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

extension String {
    /// The first letter capitalized, as a message starts a sentence.
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension Character {
    /// `isWhitespace`, answered without a Unicode property lookup for ASCII.
    var isSpace: Bool {
        if let a = asciiValue { return a == 0x20 || (0x09...0x0D).contains(a) }
        return isWhitespace
    }
}
