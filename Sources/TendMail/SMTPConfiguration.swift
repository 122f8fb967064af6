import Foundation

/// Where and how to send mail, from `smtp://user:password@host:587?tls=starttls`.
///
/// - `smtp://` defaults to port 587 and STARTTLS; `smtps://` to port 465 and TLS from the first byte.
/// - `tls=starttls`, `tls=tls` (implicit) or `tls=none` (plain: for a relay on the same machine only).
/// - `ca=/path/to/ca.pem` trusts that certificate authority instead of the system's (a private relay).
/// - `timeout=30`: seconds each step of the conversation may take.
/// The user name and password are percent-decoded; the password is never printed.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public enum Security: String, Sendable, CaseIterable {
        case starttls, tls, none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    var password: String?
    public var trustedCAFile: String?
    /// Seconds for connecting and for each reply.
    public var timeout: Int
    /// What the client calls itself in EHLO.
    public var clientName: String

    public var hasPassword: Bool { password != nil }

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                trustedCAFile: String? = nil, timeout: Int = 30, clientName: String = "localhost") {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustedCAFile = trustedCAFile
        self.timeout = timeout
        self.clientName = clientName
    }

    /// Reads an `smtp://` or `smtps://` URL; the error says what is wrong with it, never showing the password.
    public init(url text: String) throws(SMTPConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw SMTPConfigurationError("the SMTP URL is not a URL; write it as smtp://user:password@host:587")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPConfigurationError("the SMTP URL starts with '\(scheme)://'; use smtp:// (STARTTLS, port 587) or smtps:// (TLS, port 465)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw SMTPConfigurationError("the SMTP URL names no host; write it as smtp://user:password@host:587")
        }
        var security: Security = scheme == "smtps" ? .tls : .starttls
        var ca: String?
        var timeout = 30
        for item in components.queryItems ?? [] {
            switch item.name.lowercased() {
            case "tls":
                guard let value = item.value.flatMap({ Security(rawValue: $0.lowercased()) }) else {
                    throw SMTPConfigurationError("tls= in the SMTP URL is starttls, tls or none, not '\(item.value ?? "")'")
                }
                security = value
            case "ca":
                guard let path = item.value, !path.isEmpty else { throw SMTPConfigurationError("ca= in the SMTP URL needs the path of a PEM file") }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw SMTPConfigurationError("ca= in the SMTP URL names \(path), which cannot be read")
                }
                ca = path
            case "timeout":
                guard let seconds = item.value.flatMap(Int.init), (1...600).contains(seconds) else {
                    throw SMTPConfigurationError("timeout= in the SMTP URL is 1 to 600 seconds, not '\(item.value ?? "")'")
                }
                timeout = seconds
            default:
                throw SMTPConfigurationError("the SMTP URL has an unknown option '\(item.name)'; known: tls, ca, timeout")
            }
        }
        if scheme == "smtps" && security == .starttls {
            throw SMTPConfigurationError("smtps:// is TLS from the start; for STARTTLS write smtp://")
        }
        let port: Int
        if let given = components.port {
            guard (1...65535).contains(given) else { throw SMTPConfigurationError("the SMTP URL's port is 1 to 65535, not \(given)") }
            port = given
        } else {
            port = security == .tls ? 465 : 587
        }
        let user = components.user.flatMap { $0.removingPercentEncoding ?? $0 }
        let password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        if password != nil && (user ?? "").isEmpty {
            throw SMTPConfigurationError("the SMTP URL has a password but no user name")
        }
        self.init(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, port: port, security: security,
                  username: user.flatMap { $0.isEmpty ? nil : $0 }, password: password, trustedCAFile: ca, timeout: timeout)
    }

    /// "smtp://tend@smtp.example.org:587 (STARTTLS)": the password left out.
    public var description: String {
        let who = username.map { "\($0)@" } ?? ""
        let how = switch security {
        case .starttls: "STARTTLS"
        case .tls: "TLS"
        case .none: "no encryption"
        }
        return "smtp\(security == .tls ? "s" : "")://\(who)\(host):\(port) (\(how))"
    }

    /// "smtp.example.org:587", for messages.
    public var address: String { "\(host):\(port)" }
}

public struct SMTPConfigurationError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
