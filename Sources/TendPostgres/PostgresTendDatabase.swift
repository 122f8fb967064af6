import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import TendCore
import TendSQL
import TendStore

/// Hosted mode: Tend on a PostgreSQL server, through a pool of connections.
///
/// Write transactions run at REPEATABLE READ and are retried when PostgreSQL reports a conflict,
/// so two requests changing the same person never lose one of the changes.
public final class PostgresTendDatabase: SQLBackend {
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger
    /// The URL without its password, for messages.
    public let displayURL: String

    private init(client: PostgresClient, displayURL: String, logger: Logger) {
        self.client = client
        self.displayURL = displayURL
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Errors only: the pool reports every connection it makes, and a lease before it runs, below that.
    public static var quietLogger: Logger {
        var logger = Logger(label: "tend.postgres")
        logger.logLevel = .error
        return logger
    }

    /// Whether `text` names a PostgreSQL database (postgres:// or postgresql://).
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Connects to `url` (postgres://user:password@host:port/database?sslmode=disable|prefer|require)
    /// and brings the schema up to date.
    /// - Parameters:
    ///   - url: Where the database is.
    ///   - poolSize: The most connections to hold open at once.
    public static func open(url: String, poolSize: Int = 10, logger: Logger = PostgresTendDatabase.quietLogger) async throws
        -> PostgresTendDatabase {
        let configuration = try configuration(url: url, poolSize: poolSize)
        try await probe(url: url, logger: logger)
        var shown = URLComponents(string: url)
        if shown?.password != nil { shown?.password = "xxxxx" }
        let db = PostgresTendDatabase(client: PostgresClient(configuration: configuration, backgroundLogger: logger),
                                      displayURL: shown?.string ?? "postgres://…", logger: logger)
        do {
            try await SQLMigrator(PostgresMigrations.all, lock: "SELECT pg_advisory_xact_lock(7461716131)").migrate(MigrationTransactor(database: db))
        } catch {
            try? await db.close()
            throw error
        }
        return db
    }

    /// The parts of a postgres:// URL.
    struct Location {
        var host: String
        var port: Int
        var user: String
        var password: String?
        var database: String
        var sslMode: String

        init(_ url: String) throws {
            guard let c = URLComponents(string: url), let scheme = c.scheme, ["postgres", "postgresql"].contains(scheme),
                  let host = c.host, !host.isEmpty else {
                throw StoreError.conflict("not a PostgreSQL URL: use postgres://user:password@host:5432/database")
            }
            let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
            guard !database.isEmpty else { throw StoreError.conflict("the PostgreSQL URL names no database: add /DATABASE") }
            self.host = host
            port = c.port ?? 5432
            user = c.user?.removingPercentEncoding ?? "postgres"
            password = c.password?.removingPercentEncoding
            self.database = database.removingPercentEncoding ?? database
            sslMode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
            guard ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(sslMode) else {
                throw StoreError.conflict("unknown sslmode '\(sslMode)': use disable, prefer or require")
            }
        }
    }

    /// The pool's configuration for a URL, or a clear error.
    static func configuration(url: String, poolSize: Int) throws -> PostgresClient.Configuration {
        let l = try Location(url)
        let tls: PostgresClient.Configuration.TLS = switch l.sslMode {
        case "disable": .disable
        case "prefer", "allow": .prefer(.makeClientConfiguration())
        default: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: l.host, port: l.port, username: l.user, password: l.password,
                                                         database: l.database, tls: tls)
        configuration.options.maximumConnections = max(1, poolSize)
        return configuration
    }

    /// One connection attempt, so that a wrong address or password is reported at once
    /// rather than after the pool's retries.
    static func probe(url: String, logger: Logger) async throws {
        let l = try Location(url)
        let tls: PostgresConnection.Configuration.TLS = switch l.sslMode {
        case "disable": .disable
        case "prefer", "allow": .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        let configuration = PostgresConnection.Configuration(host: l.host, port: l.port, username: l.user, password: l.password,
                                                             database: l.database, tls: tls)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch let error as PSQLError {
            if let message = error.serverInfo?[.message] { throw StoreError.conflict("PostgreSQL refused: \(message)") }
            throw StoreError.conflict("cannot reach PostgreSQL at \(l.host):\(l.port) (\(error.code))")
        }
    }

    public let features: any SQLBackendFeatures = PostgresFeatures()
    public let beginWrite = "BEGIN ISOLATION LEVEL REPEATABLE READ"
    public let beginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    /// Runs `body` in a transaction on one pooled connection, retrying when PostgreSQL reports that
    /// a concurrent transaction changed the same rows (the work then sees the other's result).
    public func run<T: Sendable>(begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await inTransaction(connection.sql(queryLogLevel: nil), begin: begin, body)
                }
            } catch let error as PSQLError where attempt < 25 && Self.isConflict(error) {
                logger.debug("retrying a transaction after a conflict (attempt \(attempt))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            } catch let error as PSQLError {
                throw PostgresFailure(error)
            }
        }
    }

    static func isConflict(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == PostgresError.Code.serializationFailure.raw || state == PostgresError.Code.deadlockDetected.raw
    }

    /// PostgreSQL's autovacuum keeps statistics current: nothing to do.
    public func maintain() async throws {}

    public func close() async throws {
        running.cancel()
        await running.value
    }
}

/// Migrations run at READ COMMITTED. At REPEATABLE READ the transaction's snapshot is taken by its first
/// statement, the advisory lock itself, before the lock is granted: a server that waited for another to
/// migrate then still saw the schema as it was and created the same tables again (42P07). At READ
/// COMMITTED every statement after the lock sees what the other server committed.
struct MigrationTransactor: SQLTransactor {
    let database: PostgresTendDatabase

    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.run(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }
}

/// A PostgreSQL error with the server's own words (PSQLError hides them by default).
public struct PostgresFailure: Error, CustomStringConvertible {
    public let sqlState: String?
    public let message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? "\(error.code)"
    }

    public var description: String {
        "PostgreSQL: \(message)" + (sqlState.map { " (\($0))" } ?? "")
    }
}
