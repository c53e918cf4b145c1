import Foundation

/// One recipient reported in a delivery status notification.
///
/// It exists to carry the per-recipient fields of RFC 3464 2.3 into `DeliveryStatusNotification.build`.
public struct DSNRecipient: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable {
        case failed
        case delayed
    }

    public var address: String
    public var action: Action
    /// The RFC 3463 status, for example `5.1.1`.
    public var status: String
    /// The remote reply as a diagnostic, for example `smtp; 550 5.1.1 user unknown`.
    public var diagnostic: String?
    /// The host name of the relay that answered.
    public var remoteMTA: String?
    /// For a delayed recipient: when the queue gives up on it (RFC 3464 2.3.9).
    public var willRetryUntil: Date?

    public init(
        address: String, action: Action, status: String, diagnostic: String? = nil, remoteMTA: String? = nil,
        willRetryUntil: Date? = nil
    ) {
        self.address = address
        self.action = action
        self.status = status
        self.diagnostic = diagnostic
        self.remoteMTA = remoteMTA
        self.willRetryUntil = willRetryUntil
    }
}
