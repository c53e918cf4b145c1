import SteadymailDomain

/// Where every source of feedback (the delivery path, DSN and ARF mail to the bounce domain, mailto unsubscribes,
/// provider webhooks) hands over what it learnt.
///
/// It exists as the seam between the parsers, which only read and verify their input, and the processor, which
/// alone decides what a report changes (suppression, subscriber status, counts, the reputation guard), so each side
/// is tested without the other.
public protocol FeedbackSink: Sendable {
    /// Records one event and acts on it; throws when it could not be stored (a webhook then answers 5xx so that the
    /// provider retries).
    func record(_ event: FeedbackEvent) async throws -> FeedbackResult
}

/// What became of one feedback event.
public enum FeedbackResult: Sendable, Equatable {
    /// Stored and acted on.
    case recorded
    /// The same report (its `dedupeKey`) was recorded before; nothing changed.
    case duplicate
    /// Not acted on, with the reason (a campaign and subscriber that were never mailed, an unknown address).
    case ignored(String)
}
