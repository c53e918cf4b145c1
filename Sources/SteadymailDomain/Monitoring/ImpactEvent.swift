import Foundation

/// One queue event of a recipient an incident touched, with what the impact report groups by.
///
/// It exists so that the impact of an incident is computed from plain values a store returns
/// (`QueueStore.impactEvents`), and tested on synthetic histories.
public struct ImpactEvent: Sendable, Equatable, Codable {
    public var messageID: QueueID
    public var recipientIndex: Int
    public var time: Date
    public var state: RecipientState
    public var relay: String?
    public var note: String?
    /// The priority of the recipient's message.
    public var priority: Priority
    /// The tags of the recipient's message.
    public var tags: [String]
    /// When the message arrived.
    public var receivedAt: Date

    public init(
        messageID: QueueID, recipientIndex: Int, time: Date, state: RecipientState, relay: String?, note: String?,
        priority: Priority, tags: [String], receivedAt: Date
    ) {
        self.messageID = messageID
        self.recipientIndex = recipientIndex
        self.time = time
        self.state = state
        self.relay = relay
        self.note = note
        self.priority = priority
        self.tags = tags
        self.receivedAt = receivedAt
    }
}

/// The event notes the impact calculation recognises, written by delivery and storage.
public enum ImpactNote {
    /// A failover: the recipient left a relay that failed at relay level (an `in_flight` event on that relay).
    public static let failedOver = "failed over"
    /// The recipient waits because no relay could take it.
    public static let waiting = ["no relay available", "no other relay available"]
}

/// The span of an incident: its relay (nil for the whole node), its start and its end (or now while open).
public struct ImpactWindow: Sendable, Equatable {
    public var relay: String?
    public var start: Date
    public var end: Date

    public init(relay: String?, start: Date, end: Date) {
        self.relay = relay
        self.start = start
        self.end = end
    }

    public func contains(_ time: Date) -> Bool { time >= start && time <= end }
}
