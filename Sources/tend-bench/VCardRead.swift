import ArgumentParser
import Foundation
import TendInterop

/// vCard reading alone, as `tend import` reads a file before it matches anyone: the bytes read from disk and every
/// card parsed into contacts, nothing matched or written. `scripts/bench-import` runs it beside vobject's parse.
struct VCardRead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcard-read",
        abstract: "Time reading a vCard file into contacts (no matching, no writing), as tend import reads it.")

    @Option(help: "The vCard file.") var file: String
    @Option(help: "Timed runs, after three warm-up runs.") var runs = 5

    func run() async throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs takes 1 to 1000") }
        let url = URL(fileURLWithPath: file)
        var cards = 0
        let timing = try await Timing.measure("read", runs: runs) {
            let data = try Data(contentsOf: url)
            guard case .contacts(let read, _) = try ImportFile.read(data, format: .vcard) else { throw ValidationError("\(file) is not a vCard file") }
            cards = read.contacts.count
        }
        print(String(format: "%d cards read in %.1f ms (median of %d; p95 %.1f ms)", cards, timing.median, runs, timing.p95))
        // For scripts: the median in seconds, alone on the last line.
        print(String(format: "seconds=%.6f", timing.median / 1000))
    }
}
