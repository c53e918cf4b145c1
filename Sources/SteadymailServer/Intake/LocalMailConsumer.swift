import Logging
import SteadymailDomain

/// Receives mail addressed to `smtp.local_domains`, which Steadymail consumes itself instead of relaying.
///
/// It exists as the seam where bounce, canary and unsubscribe handlers plug in: intake hands each local recipient
/// here and never puts it in the outbound queue.
public protocol LocalMailConsumer: Sendable {
    func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async
}

/// The consumer used until a handler for a local address exists: it records the arrival in the log and keeps nothing.
public struct LoggingLocalMailConsumer: LocalMailConsumer {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async {
        logger.info(
            "local mail consumed",
            metadata: [
                "id": "\(id)", "from": "\(sender)", "rcpts": "\(recipients.joined(separator: ","))",
                "size": "\(content.count)", "handler": "none",
            ])
    }
}
