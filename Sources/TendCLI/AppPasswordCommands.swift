import ArgumentParser
import Foundation
import TendCore
import TendServices
import TendStore

/// App passwords for CardDAV: one per phone or address book app.
struct AppPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app-password",
        abstract: "Create, list and revoke app passwords for phones and address book apps (CardDAV).",
        discussion: """
            An app password opens the address book at /dav on a running `tend serve`, and nothing else. It is shown once,
            when it is created; Tend keeps only a hash of it. Give each device its own, so one can be revoked alone.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an app password and print it (the only time it is shown).",
            discussion: "Example: tend app-password create \"Ana's iPhone\"")

        @Argument(help: "The device that will use it, to recognise it later.") var name: String
        @OptionGroup var who: TokenCommand.AccountOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let account = try await who.resolve(c)
                let (secret, password) = try await AppPasswords(store: c.database.accessTokens)
                    .create(for: account, name: name, at: Clock.now(ProcessInfo.processInfo.environment))
                let user = try await c.database.accounts.account(account)?.email
                if output.json {
                    struct Created: Encodable { var id: Int64; var name: String; var user: String?; var password: String; var path: String }
                    try c.out.json(Created(id: password.id, name: password.name, user: user, password: secret, path: "/dav/\(account.rawValue)/contacts/"))
                    return
                }
                c.out.print(secret)
                c.out.warn("created app password \(password.id) '\(password.name)'; copy it now, it is not shown again. "
                           + "Sign in with \(user.map { "the user name \($0)" } ?? "any user name") at the server's address "
                           + "(the address book is /dav/\(account.rawValue)/contacts/)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List app passwords: id, name, created, last used.")
        @OptionGroup var who: TokenCommand.AccountOption
        @OptionGroup var output: JSONOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                let passwords = try await AppPasswords(store: c.database.accessTokens).list(of: try await who.resolve(c))
                if output.json { try c.out.json(passwords); return }
                if passwords.isEmpty { c.out.print("No app passwords. Create one with `tend app-password create NAME`."); return }
                let format = Date.ISO8601FormatStyle(timeZone: c.settings.resolvedTimeZone()).year().month().day().time(includingFractionalSeconds: false)
                for p in passwords {
                    let used = p.lastUsedAt.map { "last used \($0.formatted(format))" } ?? "never used"
                    c.out.print("\(p.id)  \(p.name)  created \(p.createdAt.formatted(format))  \(used)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an app password by its id: the device that has it is signed out.")
        @Argument(help: "The app password's id, from `tend app-password list`.") var id: Int64
        @OptionGroup var who: TokenCommand.AccountOption
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await Context.run(store) { c in
                try await AppPasswords(store: c.database.accessTokens).revoke(id, of: try await who.resolve(c))
                c.out.print("Revoked app password \(id).")
            }
        }
    }
}
