import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TendTestSupport

/// `tend serve --metrics-address`: Prometheus' text format on an address of its own, never on the app's.
@Suite struct MetricsCLITests {
    /// Reads the server's output until both addresses are printed.
    static func addresses(_ output: Pipe) throws -> (app: String, metrics: String) {
        var bytes = Data(), text = ""
        var app: String?, metrics: String?
        while app == nil || metrics == nil {
            guard let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty else { break }
            bytes += chunk
            text = String(decoding: bytes, as: UTF8.self)
            // Whole lines only: a line read half-way would give half an address.
            app = text.firstMatch(of: /Tend is running at (http:\/\/[0-9.:]+) —/).map { String($0.1) }
            metrics = text.firstMatch(of: /Metrics are at (http:\/\/[0-9.:]+\/metrics)\.\n/).map { String($0.1) }
        }
        return (try #require(app, "\(text)"), try #require(metrics, "\(text)"))
    }

    @Test func requestsJobsAndDeliveriesAreCountedApartFromTheApp() async throws {
        let cli = try CLI()
        defer { cli.remove() }
        let server = Process()
        server.executableURL = CLI.binary
        server.arguments = ["serve", "--db", cli.db, "--port", "0", "--metrics-address", "127.0.0.1:0"]
        server.environment = ["HOME": cli.home.path, "TZ": "UTC", "TEND_NOW": "2026-11-27T10:00:00Z"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let (app, metrics) = try Self.addresses(output)
        for path in ["/health", "/health", "/login", "/people/12"] {
            _ = try? await URLSession.shared.data(from: URL(string: app + path)!)
        }
        // The app does not serve them.
        let (_, appMetrics) = try await URLSession.shared.data(from: URL(string: app + "/metrics")!)
        #expect((appMetrics as? HTTPURLResponse)?.statusCode == 404)
        // The housekeeping job has run once the server is up; the scrape shows it and the requests.
        var text = ""
        for _ in 0..<50 {
            let (data, response) = try await URLSession.shared.data(from: URL(string: metrics)!)
            #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            text = String(decoding: data, as: UTF8.self)
            if text.contains("tend_jobs_total") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(text.contains(#"hb_requests{http_route="/health",http_request_method="GET",http_response_status_code="200"} 2"#), "\(text)")
        #expect(text.contains(#"hb_requests{http_route="/people/{id}",http_request_method="GET",http_response_status_code="303"} 1"#)
                && text.contains("http_server_request_duration_bucket"))
        #expect(text.contains(#"tend_jobs_total{kind="housekeeping",outcome="done"} 1"#), "\(text)")
    }

    @Test func aBadAddressIsRefusedBeforeTheServerStarts() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let r = try cli.run(["serve", "--metrics-address", "9464"])
        #expect(r.status != 0 && r.err.contains("--metrics-address is HOST:PORT, such as 127.0.0.1:9464, not '9464'"))
    }
}
