import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a live server on loopback, byte by byte, for what a well-behaved HTTP client
/// never does (a body that stops arriving).
public enum RawConnection {
    public struct Answer {
        public var received: String
        /// The server closed the connection.
        public var closed: Bool
        public var seconds: Double
    }

    /// Sends `text`, then reads until the server closes the connection or `waitAtMost` seconds pass.
    /// Off Swift's cooperative threads: the socket's reads block, and on two cores two blocked tests would leave the
    /// server they talk to no thread to answer on.
    public static func exchange(port: Int, send text: String, waitAtMost: Int) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, send: text, waitAtMost: waitAtMost) })
            }
        }
    }

    static func blockingExchange(port: Int, send text: String, waitAtMost: Int) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: waitAtMost, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        let start = Date()
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { received += buffer[0..<n]; continue }
            return Answer(received: String(decoding: received, as: UTF8.self), closed: n == 0 || errno == ECONNRESET,
                          seconds: Date().timeIntervalSince(start))
        }
    }
}
