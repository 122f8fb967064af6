import Hummingbird
import NIOCore

/// A request body read as it arrives, whatever its size, that may pause at most `idle` between two chunks: a client
/// that stops sending has its connection closed, which ends the read, and the read fails with 408. For uploads too large
/// to collect (an mbox of several gigabytes), where a deadline on the whole body would cut off an honest slow link.
public struct StreamedBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    let base: RequestBody
    let connection: (any NIOCore.Channel)?
    let idle: Duration

    public init(_ base: RequestBody, connection: (any NIOCore.Channel)?, idle: Duration) {
        self.base = base
        self.connection = connection
        self.idle = idle
    }

    /// The request with its body streamed so.
    public static func streaming(_ request: Request, connection: (any NIOCore.Channel)?, idle: Duration) -> Request {
        var request = request
        request.body = RequestBody(asyncSequence: StreamedBody(request.body, connection: connection, idle: idle))
        return request
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), connection: connection, idle: idle)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let connection: (any NIOCore.Channel)?
        let idle: Duration

        public mutating func next() async throws -> ByteBuffer? {
            let (connection, idle) = (connection, idle)
            // A watchdog per chunk: it closes the connection if the chunk does not come in time.
            let watchdog = Task { () -> Bool in
                do { try await Task.sleep(for: idle) } catch { return false }
                connection?.close(promise: nil)
                return true
            }
            let chunk: ByteBuffer?
            do {
                chunk = try await base.next()
            } catch {
                watchdog.cancel()
                if await watchdog.value { throw Self.timedOut(idle) }
                throw error
            }
            watchdog.cancel()
            if await watchdog.value { throw Self.timedOut(idle) }
            return chunk
        }

        static func timedOut(_ idle: Duration) -> HTTPError {
            HTTPError(.requestTimeout, message: "The upload stopped: nothing arrived for \(idle).")
        }
    }
}
