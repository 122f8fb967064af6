import Hummingbird
import NIOCore

/// A request context that knows its connection, so a body that takes too long can be cut off.
public protocol ConnectionRequestContext: RequestContext {
    /// The connection the request came on.
    var connection: (any NIOCore.Channel)? { get }
}

/// Reads a request's body with a deadline. A client trickling a body a byte a second would otherwise
/// hold a connection, and a handler, for ever; at the deadline the connection is closed, which ends
/// the read, and the request fails with 408.
public enum BodyDeadline {
    public static func collect(_ request: inout Request, connection: (any NIOCore.Channel)?, upTo limit: Int,
                               within timeout: Duration) async throws -> ByteBuffer {
        let body = request.body
        let collected: ByteBuffer? = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next(), let buffer = first else {
                    // The deadline came first: closing the connection ends the read still under way.
                    connection?.close(promise: nil)
                    return nil
                }
                return buffer
            } catch {
                if error is CancellationError { connection?.close(promise: nil) }
                throw error
            }
        }
        guard let collected else {
            throw HTTPError(.requestTimeout, message: "The request's body took longer than \(timeout) to arrive.")
        }
        request.body = .init(buffer: collected)
        return collected
    }
}
