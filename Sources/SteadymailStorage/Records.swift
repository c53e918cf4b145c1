import Foundation
import SteadymailDomain

/// A message accepted by intake and ready to be made durable: its envelope, its bytes and how it arrived.
public struct NewMessage: Sendable, Equatable {
    public var id: QueueID
    /// The reverse path without angle brackets; empty for the null sender `<>`.
    public var sender: String
    /// Forward paths without angle brackets, in the order given.
    public var recipients: [String]
    public var priority: Priority
    public var deliverBy: Date?
    public var receivedAt: Date
    /// The complete RFC 5322 message as it will be relayed (with Received, Message-ID and Date already added).
    public var content: [UInt8]
    /// How the message arrived, for the event log and `steadymail message`: for example `smtp 127.0.0.1 helo=x`.
    public var origin: String
    /// The SMTP AUTH identity or API key name that submitted it, if any.
    public var submitter: String?
    /// Labels for selecting the message in queue operations (see `MessageTags`); compared without regard to case.
    public var tags: [String]
    /// The submitter's own key-value pairs (from the HTTP API), kept with the message and shown with it, never sent.
    public var metadata: [String: String]
    /// The answer to store in the same transaction, when the message came with an `Idempotency-Key`.
    public var idempotency: IdempotencyRecord?
    /// The campaign that sent it and the subscriber it went to, for campaign mail (set by
    /// `CampaignStore.enqueueCampaignMessages`); nil for all other mail.
    public var campaignID: Int64?
    public var subscriberID: Int64?

    public init(
        id: QueueID, sender: String, recipients: [String], priority: Priority, deliverBy: Date?, receivedAt: Date,
        content: [UInt8], origin: String, submitter: String?, tags: [String] = [], metadata: [String: String] = [:],
        idempotency: IdempotencyRecord? = nil, campaignID: Int64? = nil, subscriberID: Int64? = nil
    ) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.priority = priority
        self.deliverBy = deliverBy
        self.receivedAt = receivedAt
        self.content = content
        self.origin = origin
        self.submitter = submitter
        self.tags = tags
        self.metadata = metadata
        self.idempotency = idempotency
        self.campaignID = campaignID
        self.subscriberID = subscriberID
    }
}

/// One recipient of one message: the unit that moves through the recipient state machine.
public struct RecipientKey: Hashable, Sendable, Codable {
    public var messageID: QueueID
    /// The position of the recipient in the message's envelope, from 0.
    public var index: Int
    public init(messageID: QueueID, index: Int) {
        self.messageID = messageID
        self.index = index
    }
}

/// Recipient counts by state, overall and per priority.
public struct QueueCounts: Sendable, Equatable, Codable {
    public var byState: [RecipientState: Int]
    public var byPriority: [Priority: [RecipientState: Int]]
    public init(byState: [RecipientState: Int] = [:], byPriority: [Priority: [RecipientState: Int]] = [:]) {
        self.byState = byState
        self.byPriority = byPriority
    }
    public var total: Int { byState.values.reduce(0, +) }
}

/// Which recipients `QueueStore.recipients(matching:)` returns.
public struct RecipientFilter: Sendable, Equatable {
    /// Only these states; all states when nil.
    public var states: Set<RecipientState>?
    /// Only recipients whose address ends in `@domain` (case-insensitive).
    public var domain: String?
    /// Only messages received at or before this time.
    public var receivedBefore: Date?
    public var limit: Int
    public init(
        states: Set<RecipientState>? = nil, domain: String? = nil, receivedBefore: Date? = nil, limit: Int = 1000
    ) {
        self.states = states
        self.domain = domain
        self.receivedBefore = receivedBefore
        self.limit = limit
    }
}

/// One recipient as stored, for listings and for delivery.
public struct RecipientRecord: Sendable, Equatable, Codable {
    public var key: RecipientKey
    public var recipient: String
    public var state: RecipientState
    public var sender: String
    public var priority: Priority
    public var receivedAt: Date
    public var deliverBy: Date?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastReply: String?
    /// The relay of the last delivery attempt, if any was made.
    public var lastRelay: String?
    /// The name of the API key that submitted the message, which `routes[].api_key` matches; nil for mail that came
    /// another way (an SMTP AUTH user of the same name does not count).
    public var apiKey: String?
    public init(
        key: RecipientKey, recipient: String, state: RecipientState, sender: String, priority: Priority,
        receivedAt: Date, deliverBy: Date?, attempts: Int, nextAttemptAt: Date?, lastReply: String?,
        lastRelay: String? = nil, apiKey: String? = nil
    ) {
        self.key = key
        self.recipient = recipient
        self.state = state
        self.sender = sender
        self.priority = priority
        self.receivedAt = receivedAt
        self.deliverBy = deliverBy
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReply = lastReply
        self.lastRelay = lastRelay
        self.apiKey = apiKey
    }
}

/// A recipient leased to a delivery worker.
public struct ClaimedRecipient: Sendable, Equatable {
    public var record: RecipientRecord
    public var leaseUntil: Date
    public init(record: RecipientRecord, leaseUntil: Date) {
        self.record = record
        self.leaseUntil = leaseUntil
    }
}

/// A state change reported by delivery for one leased recipient.
public struct RecipientTransition: Sendable, Equatable {
    public var key: RecipientKey
    public var to: RecipientState
    public var at: Date
    /// For `deferred`: when the next attempt is due.
    public var nextAttemptAt: Date?
    public var relay: String?
    public var reply: String?
    public var note: String?
    /// Gives back the attempt counted at claim: for a recipient returned to the queue without being tried on its
    /// merits (failover to another relay). Attempts never go below zero.
    public var refundAttempt: Bool
    /// The relays this recipient failed over from in this delivery run, oldest first; each is recorded as its own
    /// event (`in_flight`, note `failed over`) before the change itself, in the same transaction.
    public var failovers: [Failover]
    public init(
        key: RecipientKey, to: RecipientState, at: Date, nextAttemptAt: Date? = nil, relay: String? = nil,
        reply: String? = nil, note: String? = nil, refundAttempt: Bool = false, failovers: [Failover] = []
    ) {
        self.key = key
        self.to = to
        self.at = at
        self.nextAttemptAt = nextAttemptAt
        self.relay = relay
        self.reply = reply
        self.note = note
        self.refundAttempt = refundAttempt
        self.failovers = failovers
    }
}

/// A relay a recipient left because it failed at relay level, with the error, so that the event log and incident
/// impact show every failover, not only where the recipient ended up.
public struct Failover: Sendable, Equatable {
    public var relay: String
    /// The relay's error: its reply, or what went wrong with the connection.
    public var reply: String
    public var at: Date

    public init(relay: String, reply: String, at: Date) {
        self.relay = relay
        self.reply = reply
        self.at = at
    }

    /// The note of a failover event.
    public static let note = ImpactNote.failedOver
}

/// One line of a message's history: every recipient state change, and intake itself, appends one.
public struct QueueEvent: Sendable, Equatable, Codable {
    public var time: Date
    /// The recipient concerned; nil for an event about the whole message.
    public var recipient: String?
    public var state: RecipientState
    public var relay: String?
    public var reply: String?
    public var note: String?
    public init(time: Date, recipient: String?, state: RecipientState, relay: String?, reply: String?, note: String?) {
        self.time = time
        self.recipient = recipient
        self.state = state
        self.relay = relay
        self.reply = reply
        self.note = note
    }
}

/// A stored message as `steadymail message ID` shows it.
public struct MessageDetail: Sendable, Equatable {
    public var id: QueueID
    public var sender: String
    public var priority: Priority
    public var deliverBy: Date?
    public var receivedAt: Date
    public var size: Int
    public var origin: String
    public var submitter: String?
    /// The message's tags in the order given at intake.
    public var tags: [String]
    /// The submitter's key-value pairs (`NewMessage.metadata`).
    public var metadata: [String: String]
    /// Selected header fields (From, To, Subject, Message-ID, Date) as name and unfolded value.
    public var headers: [HeaderField]
    public var recipients: [RecipientRecord]
    public var events: [QueueEvent]
    /// When the last recipient became final (`RetentionPolicy.finishedAt`); nil while any recipient is not final.
    public var finishedAt: Date?
    /// When retention removed the stored bytes; nil while they are kept. `size` still tells how large they were.
    public var bodyRemovedAt: Date?
    public init(
        id: QueueID, sender: String, priority: Priority, deliverBy: Date?, receivedAt: Date, size: Int, origin: String,
        submitter: String?, tags: [String] = [], metadata: [String: String] = [:], headers: [HeaderField],
        recipients: [RecipientRecord], events: [QueueEvent], finishedAt: Date? = nil, bodyRemovedAt: Date? = nil
    ) {
        self.id = id
        self.sender = sender
        self.priority = priority
        self.deliverBy = deliverBy
        self.receivedAt = receivedAt
        self.size = size
        self.origin = origin
        self.submitter = submitter
        self.tags = tags
        self.metadata = metadata
        self.headers = headers
        self.recipients = recipients
        self.events = events
        self.finishedAt = finishedAt
        self.bodyRemovedAt = bodyRemovedAt
    }
}
