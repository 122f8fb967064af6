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
    let database: SQLiteTendDatabase
    let out: Terminal

    /// Opens the database and runs `body`, turning the user's mistakes into a one-line error
    /// and a non-zero exit.
    static func run<T>(_ store: StoreOptions, _ body: (Context) async throws -> T) async throws -> T {
        let out = Terminal()
        let database: SQLiteTendDatabase
        do {
            database = try await SQLiteTendDatabase.open(path: store.path())
        } catch {
            out.error("cannot open the database at \(store.path()): \(Terminal.describe(error))")
            throw ExitCode.failure
        }
        do {
            let account = try await database.accounts.localAccount()
            let tending = Tending(database: database, account: account)
            let context = Context(tending: tending, settings: try await tending.settings(), database: database, out: out)
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
}
