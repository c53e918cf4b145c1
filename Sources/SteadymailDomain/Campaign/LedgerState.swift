/// Where one subscriber stands in one campaign's ledger. It exists so that a crash, a pause or an outage never skips
/// nor doubles a subscriber: a row leaves `pending` exactly once, in the same transaction as the queue insert that
/// mails it (or the decision not to).
///
/// ```
///            enqueued in the queue insert's transaction
///  pending ───────────────────────────────────────────▶ enqueued (queue id)
///     │ re-check or render failure ──▶ skipped (reason)
///     │ deadline passed ─────────────▶ expired
///     └ campaign cancelled ──────────▶ cancelled
/// ```
///
/// Every state but `pending` is final; what happens to an enqueued message afterwards is the queue's recipient state.
public enum LedgerState: String, Sendable, Codable, CaseIterable {
    case pending
    case enqueued
    case skipped
    case expired
    case cancelled

    public var isFinal: Bool { self != .pending }

    /// The states this one may move to.
    public var successors: Set<LedgerState> {
        switch self {
        case .pending: [.enqueued, .skipped, .expired, .cancelled]
        case .enqueued, .skipped, .expired, .cancelled: []
        }
    }

    public func canMove(to next: LedgerState) -> Bool { successors.contains(next) }
}

/// Why a subscriber of a campaign was not mailed although the snapshot took them in. The raw values are stored in the
/// ledger and shown to operators.
public enum LedgerSkipReason: String, Sendable, Codable, CaseIterable {
    /// The subscriber unsubscribed after the snapshot.
    case unsubscribed
    /// The subscriber was blocklisted after the snapshot.
    case blocklisted
    /// The subscriber bounced hard after the snapshot.
    case bounced
    /// The address was put on the suppression list after the snapshot.
    case suppressed
    /// The template could not be rendered for this subscriber, or the result could not be composed.
    case renderFailure = "render_failure"
    /// The subscriber was deleted after the snapshot.
    case deleted

    /// The reason for a subscriber whose status no longer allows mail; nil for `enabled`.
    public static func forStatus(_ status: SubscriberStatus) -> LedgerSkipReason? {
        switch status {
        case .enabled: nil
        case .unsubscribed: .unsubscribed
        case .blocklisted: .blocklisted
        case .bounced: .bounced
        }
    }
}
