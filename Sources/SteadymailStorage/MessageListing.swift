import Foundation
import SteadymailDomain

/// A place in the list of messages, newest first: the arrival time and the id of one message.
///
/// It exists for keyset pagination: a page ends at the position of its last message, and the next page starts right
/// after it, so that mail arriving between two requests never shifts a page, duplicates a message or skips one.
public struct MessagePosition: Sendable, Hashable {
    public var receivedAt: Date
    public var id: QueueID

    public init(receivedAt: Date, id: QueueID) {
        self.receivedAt = receivedAt
        self.id = id
    }
}

/// Which messages `QueueStore.messages(matching:)` lists: every field that is set must match.
///
/// It exists so that tracing mail ("what did we send to this address yesterday?") is one indexed read in every
/// backend, whatever the size of the queue.
public struct MessageQuery: Sendable, Equatable {
    /// Only messages with a recipient in this state. With `recipient` set, that recipient must be in this state.
    public var state: RecipientState?
    /// Only messages with a recipient of exactly this address, compared without regard to ASCII case.
    public var recipient: String?
    /// Only messages carrying this tag, compared without regard to case.
    public var tag: String?
    /// Only messages received at or after this time.
    public var receivedSince: Date?
    /// Only messages received before this time.
    public var receivedBefore: Date?
    /// Only messages after this position in the newest-first list: the last message of the previous page.
    public var after: MessagePosition?
    /// At most this many messages.
    public var limit: Int

    public init(
        state: RecipientState? = nil, recipient: String? = nil, tag: String? = nil, receivedSince: Date? = nil,
        receivedBefore: Date? = nil, after: MessagePosition? = nil, limit: Int = 100
    ) {
        self.state = state
        self.recipient = recipient
        self.tag = tag
        self.receivedSince = receivedSince
        self.receivedBefore = receivedBefore
        self.after = after
        self.limit = limit
    }
}

/// One message of a listing: its envelope, tags and the state of each recipient, without events or headers.
public struct MessageSummary: Sendable, Equatable {
    public var id: QueueID
    /// The reverse path without angle brackets; empty for the null sender `<>`.
    public var sender: String
    public var priority: Priority
    public var receivedAt: Date
    /// The message's tags in the order given at intake.
    public var tags: [String]
    /// Every recipient of the message, in envelope order.
    public var recipients: [RecipientSummary]

    public init(
        id: QueueID, sender: String, priority: Priority, receivedAt: Date, tags: [String],
        recipients: [RecipientSummary]
    ) {
        self.id = id
        self.sender = sender
        self.priority = priority
        self.receivedAt = receivedAt
        self.tags = tags
        self.recipients = recipients
    }

    /// Where this message stands in the newest-first list.
    public var position: MessagePosition { MessagePosition(receivedAt: receivedAt, id: id) }
}

/// One recipient of a listed message.
public struct RecipientSummary: Sendable, Equatable {
    /// The position of the recipient in the message's envelope, from 0.
    public var index: Int
    public var address: String
    public var state: RecipientState

    public init(index: Int, address: String, state: RecipientState) {
        self.index = index
        self.address = address
        self.state = state
    }
}

/// One page of a message listing, and where the next one starts.
public struct MessagePage: Sendable, Equatable {
    /// Newest first: by arrival, then by id, both descending.
    public var messages: [MessageSummary]
    /// The `after` position of the next page; nil when no message follows this page.
    public var next: MessagePosition?

    public init(messages: [MessageSummary], next: MessagePosition?) {
        self.messages = messages
        self.next = next
    }
}
