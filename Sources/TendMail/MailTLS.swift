import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// What the SMTP and IMAP clients share: their TLS set-up, and connection and TLS failures in words a person can act on.
enum MailTLS {
    static func serverName(_ host: String) -> String? {
        // SNI and name checks take a name; an address literal is checked against the certificate's addresses.
        host.contains(":") || host.split(separator: ".").allSatisfy({ Int($0) != nil }) ? nil : host
    }

    static func context(trustedCAFile: String?) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let ca = trustedCAFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// - Parameter what: "mail server".
    static func describeConnect(_ error: any Error, host: String, address: String, timeout: Int, what: String) -> String {
        let silent = "no answer from \(address) within \(timeout) seconds: check the host and port, and that a firewall lets it through"
        if case .connectTimeout? = error as? ChannelError { return silent }
        var errors: [any Error] = [error]
        if let many = error as? NIOConnectionError {
            if many.connectionErrors.isEmpty && (many.dnsAError != nil || many.dnsAAAAError != nil) {
                return "cannot find the \(what) \(host): no such host name"
            }
            errors = many.connectionErrors.map(\.error)
        }
        if errors.contains(where: { ($0 as? IOError)?.errnoCode == ECONNREFUSED }) {
            return "\(address) refused the connection: no \(what) listens there"
        }
        if errors.contains(where: { if case .connectTimeout? = $0 as? ChannelError { true } else { false } }) { return silent }
        return "cannot connect to \(address): \(shortened(errors.first ?? error))"
    }

    /// - Parameters:
    ///   - trustHint: How to trust a private authority.
    ///   - portHint: What to say when the server does not speak TLS on the port.
    static func describeTLS(_ error: any Error, address: String,
                            trustHint: String = "", portHint: String = "(TLS is port 993; STARTTLS port 143)") -> String? {
        let text = "\(error)"
        guard error is NIOSSLError || text.contains("CERTIFICATE") || text.contains("handshake") || text.contains("SSL") else { return nil }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "the certificate of \(address) is not trusted by this machine (self-signed, expired or for another name)" + trustHint
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("wrong version") {
            return "TLS with \(address) failed: the server does not speak TLS on this port \(portHint)"
        }
        return "TLS with \(address) failed: \(shortened(error))"
    }

    static func shortened(_ error: any Error) -> String {
        let text = "\(error)"
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
