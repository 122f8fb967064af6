import ArgumentParser
import Foundation
import TendCore
import TendServices
import TendSQLite
import TendStore

/// Everything a command needs, built in one place: the database, the local account, its settings.
struct Context {
    let tending: Tending
    let settings: Settings
    let database: any TendDatabase
    /// Where the database is, for messages (a PostgreSQL URL without its password).
    let location: String
    let out: Terminal

    /// Opens the database and runs `body`, turning the user's mistakes into a one-line error
    /// and a non-zero exit.
    static func run<T>(_ store: StoreOptions, _ body: (Context) async throws -> T) async throws -> T {
        let out = Terminal()
        let database: any TendDatabase, location: String
        do {
            (database, location) = try await store.open()
        } catch {
            out.error("cannot open the database at \(Self.shown(store.location())): \(Terminal.describe(error))")
            throw ExitCode.failure
        }
        do {
            let account = try await database.accounts.localAccount()
            let tending = Tending(database: database, account: account)
            let context = Context(tending: tending, settings: try await tending.settings(), database: database,
                                  location: location, out: out)
            let result = try await body(context)
            try await database.close()
            return result
        } catch let exit as ExitCode {
            try? await database.close()
            throw exit
        } catch {
            try? await database.close()
            out.error(Terminal.describe(error))
            throw ExitCode.failure
        }
    }

    /// A location fit to print: a URL's password is hidden.
    static func shown(_ location: String) -> String {
        guard var c = URLComponents(string: location), c.scheme != nil, c.password != nil else { return location }
        c.password = "xxxxx"
        return c.string ?? location
    }
}
