import ArgumentParser
import Foundation
import TendCore
import TendServices
import TendStore

/// Personal access tokens for the JSON API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke personal access tokens for the JSON API.",
        discussion: """
            A token is shown once, when it is created; Tend keeps only a hash of it. Send it as
            `Authorization: Bearer TOKEN` to /api/v1 (the operations are listed at /api on a running `tend serve`).
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    /// Which account's tokens: the local one, or with --account the account with that email.
    struct AccountOption: ParsableArguments {
        @Option(help: "The account's email (hosted mode); the local account when left out.") var account: String?

        func resolve(_ c: Context) async throws -> AccountID {
            guard let email = account else { return c.tending.account }
            guard let found = try await c.database.accounts.account(email: email) else {
                c.out.error("no account with the email \(email)")
                throw ExitCode.failure
            }
            return found.id
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it (the only time it is shown).",
            discussion: "Example: tend token create \"phone shortcut\" --read-only")

        @Argument(help: "What will use the token, to recognise it later.") var name: String
        @Flag(help: "The token may read but not change anything.") var readOnly = false
        @OptionGroup var who: AccountOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let account = try await who.resolve(c)
                let (secret, token) = try await APITokens(store: c.database.accessTokens)
                    .create(for: account, name: name, scope: readOnly ? .read : .write, at: Clock.now(ProcessInfo.processInfo.environment))
                if output.json {
                    struct Created: Encodable { var id: Int64; var name: String; var scope: String; var token: String }
                    try c.out.json(Created(id: token.id, name: token.name, scope: token.scope.rawValue, token: secret))
                    return
                }
                c.out.print(secret)
                c.out.warn("created token \(token.id) '\(token.name)' (\(token.scope == .read ? "read-only" : "read-write")); copy it now, it is not shown again")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, name, scope, created, last used.")
        @OptionGroup var who: AccountOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let tokens = try await APITokens(store: c.database.accessTokens).list(of: try await who.resolve(c))
                if output.json { try c.out.json(tokens); return }
                if tokens.isEmpty { c.out.print("No tokens. Create one with `tend token create NAME`."); return }
                let format = Date.ISO8601FormatStyle(timeZone: c.settings.resolvedTimeZone()).year().month().day().time(includingFractionalSeconds: false)
                for t in tokens {
                    let used = t.lastUsedAt.map { "last used \($0.formatted(format))" } ?? "never used"
                    c.out.print("\(t.id)  \(t.name)  \(t.scope == .read ? "read-only" : "read-write")  created \(t.createdAt.formatted(format))  \(used)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id: requests with it fail from now on.")
        @Argument(help: "The token's id, from `tend token list`.") var id: Int64
        @OptionGroup var who: AccountOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                try await APITokens(store: c.database.accessTokens).revoke(id, of: try await who.resolve(c))
                c.out.print("Revoked token \(id).")
            }
        }
    }
}
