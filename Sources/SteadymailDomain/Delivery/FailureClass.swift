/// What a failed delivery means for one recipient, and therefore what the delivery worker does next.
///
/// It exists because the cardinal rule of Steadymail, never turn downtime into a bounce, depends on telling a failing
/// relay apart from a failing recipient.
public enum FailureClass: Sendable, Equatable {
    /// The relay is at fault: fail over to another relay at once, spend no attempt, count toward its breaker.
    case relayLevel(reason: String)
    /// The recipient is unavailable for now: defer with backoff.
    case recipientTemporary
    /// The recipient will never accept this message: bounce, storing `status`.
    case recipientPermanent(status: String)
    /// A 5xx that may blame the relay or the recipient: bounce only if a second healthy relay answers the same,
    /// otherwise treat it as relay-level.
    case ambiguousPermanent
    /// The connection was lost or timed out after the final dot: retry later with the same Message-ID, not at once.
    case maybeDelivered
    /// No relay can carry this message (for example 5.6.7, a UTF-8 address): bounce without trying elsewhere.
    case messageLevelPermanent
    /// The connection was lost or timed out during DATA: try other relays, but do not count it toward the breaker.
    case poisonCandidate
}
