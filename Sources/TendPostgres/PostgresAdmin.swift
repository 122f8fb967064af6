import Foundation
import Logging
import PostgresNIO

/// Creating and dropping whole databases on a server: for throwaway test databases and benchmarks.
public enum PostgresAdmin {
    /// Creates database `name` on the server of `url` and returns the URL of the new database.
    public static func createDatabase(_ name: String, serverURL url: String) async throws -> String {
        try check(name)
        try await run(url) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: $1) }
        var c = URLComponents(string: url)!
        c.path = "/" + name
        return c.string!
    }

    /// Drops database `name`, closing its connections.
    public static func dropDatabase(_ name: String, serverURL url: String) async throws {
        try check(name)
        try await run(url) { try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: $1) }
    }

    private static func check(_ name: String) throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw PostgresAdminError(message: "a database name is letters, digits and underscores, not '\(name)'")
        }
    }

    private static func run(_ url: String, _ body: @Sendable (PostgresConnection, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "tend.postgres.admin")
        logger.logLevel = .error
        let client = PostgresClient(configuration: try PostgresTendDatabase.configuration(url: url, poolSize: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.withConnection { try await body($0, logger) }
        }
    }
}

public struct PostgresAdminError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
