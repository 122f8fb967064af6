import Foundation
import TendCore
import TendServices
import TendStore

/// Output for people and for scripts: aligned text, colour only on a terminal, JSON on request.
struct Terminal {
    let colour: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func print(_ line: String = "") {
        Swift.print(line)
    }

    func error(_ message: String) {
        FileHandle.standardError.write(Data("tend: error: \(message)\n".utf8))
    }

    func warn(_ message: String) {
        FileHandle.standardError.write(Data("tend: warning: \(message)\n".utf8))
    }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "1") }
    func dim(_ s: String) -> String { paint(s, "2") }
    func accent(_ s: String) -> String { paint(s, "36") }
    func good(_ s: String) -> String { paint(s, "32") }
    func alert(_ s: String) -> String { paint(s, "33") }

    /// Pretty, stable JSON.
    func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Left-aligned columns, padded to the widest cell.
    func table(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { i in ([header[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        Swift.print(bold(line(header)))
        for r in rows { Swift.print(line(r)) }
    }

    /// What to do next, in the command line's words, after a service's neutral message.
    static func hint(for error: TendError) -> String? {
        switch error {
        case .ambiguousPerson: "; use more of the name or the id"
        case .noSuchSuggestion: "; run `tend today` to see the numbers"
        case .databaseNotEmpty: "; use --replace to wipe it and seed the demo"
        case .importProblems: ". Fix the file, or import the rest with --skip-invalid"
        case .noSuchToken: "; `tend token list` shows them"
        case .noSuchAppPassword: "; `tend app-password list` shows them"
        case .noSuchMailbox: "; `tend mail list` shows them"
        case .noSuchCalendar: "; `tend calendar list` shows them"
        case .noSuchNews: "; `tend news` shows what is waiting"
        default: nil
        }
    }

    /// The message for an error: the user's words for ours, a short form for others.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as TendError: e.description + (hint(for: e) ?? "")
        case let e as StoreError: e.description
        case let e as VocabularyError: e.description
        case let e as TendCore.ValidationError: e.message
        case let e as CustomStringConvertible: e.description
        default: String(describing: error)
        }
    }
}
