import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore
import TendHTTP
import TendCore
import TendForms

/// What a signed-in browser carries: the account, and a stamp of its password (`Accounts.credentialStamp`):
/// changing the password ends every other session.
public struct WebSession: Codable, Sendable {
    var accountID: Int64
    var credential: String
}

/// The request context of every route (pages and API alike, in one router): session, identity, CSRF token and remote address.
public struct TendRequestContext: SessionRequestContext, RemoteAddressRequestContext, ConnectionRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let sessions: SessionContext<WebSession>
    public let remoteAddress: SocketAddress?
    public let connection: (any NIOCore.Channel)?
    /// The signed-in account, set by `AuthMiddleware`.
    var account: AccountID?
    /// The form of a POST, parsed once by `CSRFMiddleware`.
    var form = Form()
    /// The CSRF token for this browser, set by `CSRFMiddleware`.
    var csrfToken = ""
    /// A one-time message from the previous request ("Logged a check-in").
    var flash: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        remoteAddress = source.channel.remoteAddress
        connection = source.channel
    }

    /// "https://tend.example.org": where this server is reached, for addresses shown to copy.
    var origin = ""
    /// A file sent with a multipart form (the import page's), parsed by `CSRFMiddleware`.
    var upload: Upload?

    /// Forms are small; a larger body is refused with 413.
    public var maxUploadSize: Int { 64 * 1024 }
    /// A file upload may be larger.
    static let maxFileUploadSize = 20 * 1024 * 1024

    /// The client's address, for rate limits.
    var clientAddress: String {
        switch remoteAddress {
        case .v4(let a)?: a.host
        case .v6(let a)?: a.host
        case .unixDomainSocket?: "unix"
        case nil: "unknown"
        }
    }
}

