/// The human page at `/api`: every operation of the OpenAPI document, read from the document itself
/// so the list cannot drift from the contract.
enum APIPage {
    struct Operation: Equatable {
        var method: String
        var path: String
        var summary: String
    }

    /// The operations in the order the document lists them. The document is Tend's own, so reading
    /// its layout (two-space paths, four-space methods) is enough.
    static func operations(_ document: String) -> [Operation] {
        var result: [Operation] = []
        var inPaths = false
        var path = ""
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.isEmpty, !line.hasPrefix(" ") { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                      ["get", "post", "patch", "put", "delete"].contains(line.dropFirst(4).dropLast()) {
                result.append(Operation(method: line.dropFirst(4).dropLast().uppercased(), path: path, summary: ""))
            } else if line.hasPrefix("      summary: "), !result.isEmpty, result[result.count - 1].summary.isEmpty {
                result[result.count - 1].summary = String(line.dropFirst("      summary: ".count))
            }
        }
        return result
    }

    /// - Parameters:
    ///   - origin: Where this server is reached ("https://tend.example.org"), for the example.
    static func html(_ document: String, origin: String) -> String {
        let rows = operations(document).map { op in
            "<tr><td><code>\(op.method)</code></td><td><code>\(APIServer.prefix)\(escape(op.path))</code></td>"
                + "<td class=\"text\">\(escape(op.summary.replacingOccurrences(of: "`", with: "")))</td></tr>"
        }.joined(separator: "\n")
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tend API</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><main>
            <p><a href="/">← Tend</a></p>
            <h1>Tend API</h1>
            <p>The contract is <a href="/api/openapi.yaml">openapi.yaml</a> (OpenAPI 3.1). Every request carries a personal access
            token from <a href="/settings">Settings</a> or <code>tend token create</code>: <code>Authorization: Bearer tend_…</code>.
            Errors are <code>application/problem+json</code>.</p>
            <p>Log a touch:</p>
            <pre><code>curl -X POST \(escape(origin))\(APIServer.prefix)/touches -H "Authorization: Bearer $TEND_TOKEN" \\
              -H "Content-Type: application/json" -d '{"people": [12], "intent": "check-in", "note": "Coffee"}'</code></pre>
            <div class="table-wrap"><table><thead><tr><th>Method</th><th>Path</th><th>What it does</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            </main></body></html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
