import ArgumentParser
import TendCore
import TendServices

/// Argument parsers that explain what they expected.
enum Parse {
    static func day(_ text: String) throws -> Day {
        guard let day = Day(text) else {
            throw ValidationError("'\(text)' is not a date; use YYYY-MM-DD with a day that exists")
        }
        return day
    }

    static func birthday(_ text: String) throws -> Birthday {
        guard let b = Birthday(text) else {
            throw ValidationError("'\(text)' is not a birthday; use YYYY-MM-DD, or MM-DD when the year is unknown")
        }
        return b
    }

    static func word<V: Vocabulary>(_ type: V.Type) -> @Sendable (String) throws -> V {
        { text in
            do throws(VocabularyError) { return try V.parse(text) } catch { throw ValidationError(error.description) }
        }
    }

    /// `win:promotion`, `struggle:layoff`.
    static func momentKind(_ text: String) throws -> Moment.Kind {
        do { return try Moment.Kind.parse(text) } catch { throw ValidationError(error.description) }
    }

    static func yesNo(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "yes", "y", "true", "on", "1": return true
        case "no", "n", "false", "off", "0": return false
        default: throw ValidationError("'\(text)' is not yes or no")
        }
    }

    static func intent(_ text: String) throws -> Intent {
        do { return try Intent.parse(text) } catch { throw ValidationError(error.description) }
    }

    /// A tier, or `none` to clear a target.
    static func optionalTier(_ text: String) throws -> Tier? {
        if text.lowercased() == "none" { return nil }
        return try word(Tier.self)(text)
    }

    static func days(_ text: String) throws -> Int? {
        if text.lowercased() == "default" || text.lowercased() == "none" { return nil }
        guard let n = Int(text), (1...3650).contains(n) else {
            throw ValidationError("'\(text)' is not a number of days from 1 to 3650 (or 'default')")
        }
        return n
    }

    /// `https://…`, or `label=https://…`.
    static func link(_ text: String) throws -> Link {
        if let eq = text.firstIndex(of: "="), !text[..<eq].contains("/"), !text[..<eq].contains(":") {
            return Link(label: String(text[..<eq]), url: String(text[text.index(after: eq)...]))
        }
        let label = text.lowercased().contains("linkedin.com") ? "LinkedIn" : "Web"
        return Link(label: label, url: text)
    }
}

/// A person on the command line: digits are an id, anything else a name (`tend show Ana`, `tend show 12`).
extension PersonReference: ExpressibleByArgument {
    public init?(argument: String) { self.init(typed: argument) }
}
