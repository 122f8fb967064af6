import Foundation

/// The median and 95th percentile of an operation's runs, in milliseconds, after three warm-up runs.
struct Timing {
    var name: String
    var median: Double
    var p95: Double

    static func measure(_ name: String, runs: Int, _ body: () async throws -> Void) async throws -> Timing {
        for _ in 0..<3 { try await body() }
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            samples.append(milliseconds(ContinuousClock.now - start))
        }
        samples.sort()
        return Timing(name: name, median: samples[samples.count / 2], p95: samples[min(samples.count - 1, samples.count * 95 / 100)])
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000
    }
}
