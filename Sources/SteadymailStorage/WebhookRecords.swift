import Foundation
import SteadymailDomain

/// A webhook subscription as stored: where events go, which types, and the secret they are signed with.
///
/// It exists so that subscriptions live in the queue's own database: the outbox entries of an event are written in the
/// same transaction as the event, which needs the subscriptions at hand. The secret is kept as issued, because every
/// delivery is signed with it; it is shown once, at creation, and never listed.
public struct WebhookRecord: Sendable, Equatable {
    /// `wh_` and 16 lowercase base32 characters.
    public var id: String
    public var url: String
    /// The subscribed event types, in declaration order.
    public var events: [WebhookEventType]
    public var description: String?
    public var secret: String
    public var createdAt: Date

    public init(
        id: String, url: String, events: [WebhookEventType], description: String?, secret: String, createdAt: Date
    ) {
        self.id = id
        self.url = url
        self.events = events
        self.description = description
        self.secret = secret
        self.createdAt = createdAt
    }
}

/// One recipient event as a webhook receives it, copied into the outbox in the transaction that caused it, so that a
/// later change to the message (or its removal by retention) never changes or loses what is owed to a receiver.
public struct WebhookEvent: Sendable, Equatable {
    /// The id of the event in the message's history; the same for every webhook, stable across retries.
    public var id: Int64
    public var type: WebhookEventType
    public var time: Date
    public var recipient: RecipientKey
    /// The recipient's address.
    public var address: String
    public var relay: String?
    public var reply: String?
    public var note: String?
    /// The message's tags in the order given at intake.
    public var tags: [String]

    public init(
        id: Int64, type: WebhookEventType, time: Date, recipient: RecipientKey, address: String, relay: String?,
        reply: String?, note: String?, tags: [String]
    ) {
        self.id = id
        self.type = type
        self.time = time
        self.recipient = recipient
        self.address = address
        self.relay = relay
        self.reply = reply
        self.note = note
        self.tags = tags
    }
}

/// One outbox entry: an event owed to one webhook, as the dispatcher claims it.
public struct WebhookDelivery: Sendable, Equatable {
    /// The outbox entry's id.
    public var id: Int64
    public var webhookID: String
    public var url: String
    public var secret: String
    public var event: WebhookEvent
    /// Attempts made so far, counting the one this claim starts.
    public var attempts: Int

    public init(id: Int64, webhookID: String, url: String, secret: String, event: WebhookEvent, attempts: Int) {
        self.id = id
        self.webhookID = webhookID
        self.url = url
        self.secret = secret
        self.event = event
        self.attempts = attempts
    }
}

/// How many outbox entries of one webhook wait, were acknowledged, or were given up.
public struct WebhookDeliveryCounts: Sendable, Equatable, Codable {
    public var pending: Int
    public var delivered: Int
    public var failed: Int

    public init(pending: Int = 0, delivered: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.delivered = delivered
        self.failed = failed
    }
}

extension RecipientTransition {
    /// The webhook event a delivery outcome announces: delivered, bounced, expired, and deferred when an attempt was
    /// spent. A postponement without an attempt (no relay free, failover) and a return to the queue announce nothing.
    public var webhookEvent: WebhookEventType? {
        switch to {
        case .delivered: .delivered
        case .bounced: .bounced
        case .expired: note == ExpiryReason.deleted.rawValue ? .deleted : .expired
        case .deferred: refundAttempt ? nil : .deferred
        case .queued, .inFlight, .held: nil
        }
    }
}
