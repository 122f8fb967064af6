import Foundation

/// A real SMTP server (aiosmtpd, started from `Tests/mail/smtpd.py`) on a loopback port, for one test.
/// Every message it accepts is a file in `folder`; `messages()` reads them, oldest first.
public final class MailServer: @unchecked Sendable {
    public enum Security: Sendable { case plain, starttls, tls }

    public let port: Int
    public let folder: URL
    /// The self-signed certificate it presents (for `?ca=`), when it speaks TLS.
    public let certificate: URL?
    private let process: Process
    private let input: Pipe

    /// Whether Python's aiosmtpd is installed (`.ci/run` installs it); tests that need it are skipped without.
    public static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import aiosmtpd"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mail/smtpd.py")
    }

    /// Starts a server; with `user`, it demands AUTH with that user and `password`; recipients ending in
    /// `refusing` are refused with a 550.
    public init(security: Security = .plain, user: String? = nil, password: String? = nil, refusing: String? = "@refused.example",
                port: Int = 0, delay: Double = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tend-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [Self.script.path, "--out", folder.appendingPathComponent("inbox").path]
        if port != 0 { arguments += ["--port", String(port)] }
        if let user, let password { arguments += ["--user", user, "--password", password] }
        if let refusing { arguments += ["--refuse", refusing] }
        if delay > 0 { arguments += ["--delay", String(delay)] }
        if security != .plain {
            let cert = folder.appendingPathComponent("cert.pem"), key = folder.appendingPathComponent("key.pem")
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2", "-keyout", key.path, "-out", cert.path]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            guard openssl.terminationStatus == 0 else { throw TestSupportError("openssl could not make a certificate") }
            arguments += [security == .starttls ? "--starttls" : "--tls", "--cert", cert.path, "--key", key.path]
            certificate = cert
        } else {
            certificate = nil
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is "listening PORT".
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        let words = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard words.count == 2, words[0] == "listening", let port = Int(words[1]) else {
            process.terminate()
            throw TestSupportError("the SMTP server did not start: '\(String(decoding: line, as: UTF8.self))'")
        }
        self.port = port
    }

    /// The messages received so far, each as its bytes, oldest first.
    public func messages() throws -> [String] {
        let inbox = folder.appendingPathComponent("inbox")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []
        return try names.filter { $0.hasSuffix(".eml") }.sorted().map {
            String(decoding: try Data(contentsOf: inbox.appendingPathComponent($0)), as: UTF8.self)
        }
    }

    /// When each message arrived (seconds since 1970) and to whom, oldest first: for a failure's message.
    public func arrivals() throws -> [String] {
        let inbox = folder.appendingPathComponent("inbox")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []
        return try names.filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let text = String(decoding: try Data(contentsOf: inbox.appendingPathComponent(name)), as: UTF8.self)
            let to = text.split(separator: "\r\n").first { $0.hasPrefix("X-Envelope-To: ") }.map { String($0.dropFirst(15)) } ?? "?"
            let ns = Double(name.split(separator: "-").first ?? "0") ?? 0
            return String(format: "%.3f %@", ns / 1e9, to)
        }
    }

    /// Stops the server (it exits when its input closes) and removes its folder.
    public func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
