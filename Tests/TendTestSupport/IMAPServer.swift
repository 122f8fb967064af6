import Foundation

/// A real IMAP server for one test: Debian's Dovecot, started on two loopback ports (IMAP with STARTTLS, and IMAPS)
/// with a throwaway certificate, one passwd-file user, and Maildirs the test writes.
public final class IMAPServer: @unchecked Sendable {
    public let folder: URL
    public let imapPort: Int
    public let imapsPort: Int
    public let user: String
    public let password: String
    /// The certificate it presents (trusted by the client through `trustedCAFile`).
    public let certificate: URL
    private var process: Process?

    /// Where Debian puts it; tests that need it are skipped without (`.ci/run` installs `dovecot-imapd`).
    public static let binary: String? = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    public static var available: Bool { binary != nil }

    /// Dovecot refuses to read mail as root: as root, the mail belongs to nobody.
    static var mailUID: UInt32 { getuid() == 0 ? 65534 : getuid() }
    static var mailGID: UInt32 { getuid() == 0 ? 65534 : getgid() }

    /// Hands what the test wrote to the mail's owner.
    func own() throws {
        guard getuid() == 0 else { return }
        try Self.run("/bin/chown", ["-R", "\(Self.mailUID):\(Self.mailGID)", folder.appendingPathComponent("home").path])
    }

    var maildir: URL { folder.appendingPathComponent("home/\(user)/Maildir") }
    var config: URL { folder.appendingPathComponent("dovecot.conf") }

    public init(user: String = "ana@example.com", password: String = "correct horse") throws {
        guard Self.available else { throw TestSupportError("Dovecot is not installed") }
        self.user = user
        self.password = password
        // Short: Dovecot's sockets live under it, and a socket path has at most 108 bytes.
        folder = URL(fileURLWithPath: "/tmp/tend-imap-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        certificate = folder.appendingPathComponent("cert.pem")
        let key = folder.appendingPathComponent("key.pem")
        try Self.run("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                                      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "2", "-keyout", key.path, "-out", certificate.path])
        imapPort = try Self.freePort()
        imapsPort = try Self.freePort()
        for sub in ["run", "state", "home/\(user)/Maildir/cur", "home/\(user)/Maildir/new", "home/\(user)/Maildir/tmp"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try "\(user):{PLAIN}\(password)::::::\n".write(to: folder.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        let me = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? (getuid() == 0 ? "root" : "nobody")
        let internalUser = getuid() == 0 ? "dovecot" : me
        let loginUser = getuid() == 0 ? "dovenull" : me
        let d = folder.path
        try """
            base_dir = \(d)/run
            state_dir = \(d)/state
            log_path = \(d)/log
            protocols = imap
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <\(certificate.path)
            ssl_key = <\(key.path)
            ssl_min_protocol = TLSv1.2
            auth_mechanisms = plain login
            disable_plaintext_auth = no
            auth_failure_delay = 0
            default_internal_user = \(internalUser)
            default_internal_group = \(getuid() == 0 ? "dovecot" : me)
            default_login_user = \(loginUser)
            first_valid_uid = 0
            mail_location = maildir:~/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u \(d)/passwd
            }
            userdb {
              driver = static
              args = uid=\(Self.mailUID) gid=\(Self.mailGID) home=\(d)/home/%u
            }
            namespace inbox {
              inbox = yes
              separator = /
              mailbox Sent {
                special_use = \\Sent
              }
              mailbox Archive {
                special_use = \\Archive
              }
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = \(imapPort)
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = \(imapsPort)
                ssl = yes
              }
            }
            service anvil {
              chroot =
            }
            service imap-login {
              chroot =
            }
            """.write(to: config, atomically: true, encoding: .utf8)
        try start()
    }

    /// Starts (or starts again) the server, waiting until it accepts connections.
    public func start() throws {
        try own()
        let p = Process()
        // Foundation starts it in a process group of its own, with every process it starts: stopping it stops them all.
        p.executableURL = URL(fileURLWithPath: Self.binary!)
        p.arguments = ["-F", "-c", config.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        // Readiness, not timing: it listens once its login processes are up.
        for _ in 0..<500 {
            if Self.accepts(imapPort) && Self.accepts(imapsPort) { return }
            guard p.isRunning else { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        throw TestSupportError("Dovecot did not start: \(log.suffix(2000))")
    }

    /// Stops the server and its sessions.
    public func stop() {
        guard let p = process, p.isRunning else { return }
        // Dovecot's own shutdown waits for its idle processes for seconds; the test wants it gone now.
        kill(-p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        for _ in 0..<500 where Self.accepts(imapPort) || Self.accepts(imapsPort) { usleep(10_000) }
        process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Puts a message in a folder (`INBOX`, `Sent`), received at `date` (its INTERNALDATE).
    public func deliver(_ message: String, to mailbox: String = "INBOX", at date: Date) throws {
        let dir = mailbox.uppercased() == "INBOX" ? maildir : maildir.appendingPathComponent("." + mailbox.replacingOccurrences(of: "/", with: "."))
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let name = "\(Int(date.timeIntervalSince1970)).\(UUID().uuidString.prefix(12)).tend:2,S"
        let file = dir.appendingPathComponent("cur/\(name)")
        try Data(message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: file.path)
        try own()
    }

    /// Gives a folder a new UIDVALIDITY, as a server does when it rebuilds a folder.
    public func changeUIDValidity(of mailbox: String, to value: Int) throws {
        let doveadm = ["/usr/bin/doveadm", "/usr/local/bin/doveadm"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "doveadm"
        try Self.run(doveadm, ["-c", config.path, "mailbox", "update", "-u", user, "--uid-validity", String(value), mailbox])
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        p.standardError = errors
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestSupportError("\(tool) \(arguments.first ?? "") failed: \(text.suffix(500))")
        }
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw TestSupportError("no free port") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
