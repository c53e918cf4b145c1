import Logging
import SteadymailDomain

/// The sink used until the feedback processor is wired: it records each event in the log and changes nothing.
public struct LoggingFeedbackSink: FeedbackSink {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func record(_ event: FeedbackEvent) async throws -> FeedbackResult {
        logger.info(
            "feedback received",
            metadata: [
                "kind": "\(event.kind.rawValue)", "source": "\(event.source.rawValue)", "email": "\(event.email)",
            ])
        return .ignored("no feedback processor")
    }
}
