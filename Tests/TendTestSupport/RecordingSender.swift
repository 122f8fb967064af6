import Foundation
import TendCore
import TendServices

/// A digest channel for tests: keeps what it was given, or fails while told to.
public final class RecordingSender: DigestChannelSender, @unchecked Sendable {
    public let channel: DigestSchedule.Channel
    private let lock = NSLock()
    private var sent: [DigestMessage] = []
    private var failure: DeliveryFailure?

    public init(channel: DigestSchedule.Channel = .email) { self.channel = channel }

    public var messages: [DigestMessage] { lock.withLock { sent } }
    public func fail(with failure: DeliveryFailure?) { lock.withLock { self.failure = failure } }

    public func deliver(_ message: DigestMessage) async throws {
        try lock.withLock {
            if let failure { throw failure }
            sent.append(message)
        }
    }
}
