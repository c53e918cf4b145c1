import Foundation

/// Why a recipient expired. The raw values are the names stored and shown to operators.
public enum ExpiryReason: String, Sendable, Codable, CaseIterable {
    /// The sender's deliver-by deadline passed: a time-sensitive message is not delivered late.
    case deadline
    /// The message reached `delivery.max_age` (RFC 5321 4.5.4.1).
    case maxAge = "max_age"
    /// An operator deleted it (`steadymail queue delete`). The policy never gives this reason, and no delivery status
    /// notification is sent for it: like Postfix's `postsuper -d`, an operator's deletion is silent.
    case deleted
    /// A campaign's subscriber was no longer enabled (unsubscribed, blocklisted, bounced or deleted) when the
    /// recipient was claimed for delivery. Like `deleted`, no notice is sent: the sender is the campaign itself.
    case unsubscribed
    /// A campaign's subscriber was on the suppression list when the recipient was claimed for delivery; no notice.
    case suppressed
}

/// When an undelivered recipient gives up: at the sender's deadline or at the maximum age, whichever comes first.
///
/// It exists because expiry is the only way a recipient may fail for lack of a working relay, so it must never depend
/// on delivery attempts happening; the caller arms a timer at `expiry(receivedAt:deliverBy:).at`.
public struct ExpiryPolicy: Sendable, Equatable {
    public var maxAge: Duration

    public init(maxAge: Duration = .seconds(5 * 86_400)) {
        self.maxAge = maxAge
    }

    /// The moment the recipient expires and why. On a tie the deadline is named, as it is the sender's intent.
    public func expiry(receivedAt: Date, deliverBy: Date?) -> (at: Date, reason: ExpiryReason) {
        let aged = receivedAt.addingTimeInterval(maxAge.inSeconds)
        if let deliverBy, deliverBy <= aged { return (deliverBy, .deadline) }
        return (aged, .maxAge)
    }

    /// Why the recipient has expired at `now`, or nil while it may still be delivered.
    public func isExpired(receivedAt: Date, deliverBy: Date?, now: Date) -> ExpiryReason? {
        let expiry = expiry(receivedAt: receivedAt, deliverBy: deliverBy)
        return now >= expiry.at ? expiry.reason : nil
    }
}
