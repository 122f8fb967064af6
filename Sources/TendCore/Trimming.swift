extension StringProtocol {
    /// Without leading and trailing whitespace and line breaks. Pure Swift: Foundation's
    /// `trimmingCharacters(in:)` goes through NSString on Linux and took 40% of an import's time.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
