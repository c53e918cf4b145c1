import Foundation
import SteadymailDomain

/// A recipient that `QueueStore.expireDue` or `QueueStore.delete` moved to `expired`, with why, so that delivery can
/// notify its sender of an expiry and the control channel can log a deletion.
public struct ExpiredRecipient: Sendable, Equatable {
    /// The recipient as stored after the change (state `expired`).
    public var record: RecipientRecord
    /// An `ExpiryReason` raw value: `deadline` when the sender's `deliverBy` passed, `max_age` when the queue lifetime
    /// ran out, `deleted` when an operator deleted it.
    public var reason: String
    public init(record: RecipientRecord, reason: String) {
        self.record = record
        self.reason = reason
    }
}

/// Why `QueueStore.releaseLeases` hands leases back; its `note` is written to each recipient's event.
public enum LeaseReleaseReason: Sendable, Equatable {
    /// At start-up: the previous instance of this node died holding these leases.
    case ownerRestarted
    /// At shutdown: the grace period ended with these recipients unfinished.
    case shutdown

    public var note: String {
        switch self {
        case .ownerRestarted: "lease released: owner restarted"
        case .shutdown: "released at shutdown"
        }
    }
}

/// What delivery needs to know about a message besides its bytes and recipients: a cheap read without the event list.
public struct MessageEnvelope: Sendable, Equatable {
    public var id: QueueID
    /// The reverse path without angle brackets; empty for the null sender `<>`.
    public var sender: String
    public var priority: Priority
    public var deliverBy: Date?
    public var receivedAt: Date
    /// The size of the stored message in bytes.
    public var size: Int
    /// How the message arrived, for example `smtp 127.0.0.1 helo=x`.
    public var origin: String
    /// The SMTP AUTH identity or API key name that submitted it, if any.
    public var submitter: String?
    public init(
        id: QueueID, sender: String, priority: Priority, deliverBy: Date?, receivedAt: Date, size: Int, origin: String,
        submitter: String?
    ) {
        self.id = id
        self.sender = sender
        self.priority = priority
        self.deliverBy = deliverBy
        self.receivedAt = receivedAt
        self.size = size
        self.origin = origin
        self.submitter = submitter
    }
}
