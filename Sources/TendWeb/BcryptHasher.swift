import HummingbirdBcrypt
import NIOConcurrencyHelpers
import NIOPosix
import TendServices

/// bcrypt, run off the request threads: a hash takes tens of milliseconds on purpose.
struct BcryptHasher: PasswordHasher {
    let cost: UInt8
    /// Made once, on first use, at this hasher's cost: checking an unknown email against it takes as
    /// long as checking a real account's password.
    private let decoy = NIOLockedValueBox<String?>(nil)

    init(cost: UInt8 = 12) { self.cost = cost }

    func decoyHash() async throws -> String {
        if let made = decoy.withLockedValue({ $0 }) { return made }
        let made = try await hash(Secret.random())
        return decoy.withLockedValue { existing in
            if let existing { return existing }
            existing = made
            return made
        }
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// The password hasher the web app uses, for commands that create accounts.
public enum WebPasswords {
    public static func hasher(cost: UInt8 = 12) -> any PasswordHasher { BcryptHasher(cost: cost) }
}
