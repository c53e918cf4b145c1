import Foundation
import SteadymailDomain
import SteadymailStorage

/// Recipient counts as the CLI prints them with `--json`: one key per state, `total`, and `by_priority`.
public struct CountsView: Codable, Sendable, Equatable {
    public var byState: [String: Int]
    public var byPriority: [String: [String: Int]]

    public init(_ counts: QueueCounts) {
        byState = Dictionary(
            uniqueKeysWithValues: RecipientState.allCases.map { ($0.rawValue, counts.byState[$0] ?? 0) })
        byPriority = Dictionary(
            uniqueKeysWithValues: Priority.allCases.map { priority in
                let states = counts.byPriority[priority] ?? [:]
                return (
                    priority.rawValue,
                    Dictionary(uniqueKeysWithValues: RecipientState.allCases.map { ($0.rawValue, states[$0] ?? 0) })
                )
            })
    }

    public var total: Int { byState.values.reduce(0, +) }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (state, count) in byState { try container.encode(count, forKey: Key(stringValue: state)) }
        try container.encode(total, forKey: Key(stringValue: "total"))
        try container.encode(byPriority, forKey: Key(stringValue: "by_priority"))
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var states: [String: Int] = [:]
        for state in RecipientState.allCases {
            states[state.rawValue] =
                try container.decodeIfPresent(Int.self, forKey: Key(stringValue: state.rawValue)) ?? 0
        }
        byState = states
        byPriority =
            try container.decodeIfPresent([String: [String: Int]].self, forKey: Key(stringValue: "by_priority")) ?? [:]
    }
}

/// One recipient as `steadymail queue list --json` prints it.
public struct RecipientView: Codable, Sendable, Equatable {
    public var id: String
    public var index: Int
    public var recipient: String
    public var state: String
    public var sender: String
    public var priority: String
    public var receivedAt: String
    public var deliverBy: String?
    public var attempts: Int
    public var nextAttemptAt: String?
    public var lastReply: String?
    public var lastRelay: String?

    public init(_ record: RecipientRecord) {
        id = record.key.messageID.rawValue
        index = record.key.index
        recipient = record.recipient
        state = record.state.rawValue
        sender = record.sender
        priority = record.priority.rawValue
        receivedAt = InternetDate.rfc3339(record.receivedAt)
        deliverBy = record.deliverBy.map(InternetDate.rfc3339)
        attempts = record.attempts
        nextAttemptAt = record.nextAttemptAt.map(InternetDate.rfc3339)
        lastReply = record.lastReply
        lastRelay = record.lastRelay
    }

    enum CodingKeys: String, CodingKey {
        case id, index, recipient, state, sender, priority, attempts
        case receivedAt = "received_at"
        case deliverBy = "deliver_by"
        case nextAttemptAt = "next_attempt_at"
        case lastReply = "last_reply"
        case lastRelay = "last_relay"
    }
}

/// One line of a message's history as `steadymail message ID --json` prints it.
public struct EventView: Codable, Sendable, Equatable {
    public var time: String
    public var recipient: String?
    public var state: String
    public var relay: String?
    public var reply: String?
    public var note: String?

    public init(_ event: QueueEvent) {
        time = InternetDate.rfc3339(event.time)
        recipient = event.recipient
        state = event.state.rawValue
        relay = event.relay
        reply = event.reply
        note = event.note
    }
}

/// A message as `steadymail message ID --json` prints it.
public struct MessageView: Codable, Sendable, Equatable {
    public var id: String
    public var sender: String
    public var priority: String
    public var deliverBy: String?
    public var receivedAt: String
    public var size: Int
    public var origin: String
    public var submitter: String?
    public var tags: [String]
    public var metadata: [String: String]
    public var headers: [HeaderField]
    public var recipients: [RecipientView]
    public var events: [EventView]
    /// When the last recipient became final; absent while any is not.
    public var finishedAt: String?
    /// When retention removed the body; absent while it is kept.
    public var bodyRemovedAt: String?

    public init(_ detail: MessageDetail) {
        id = detail.id.rawValue
        sender = detail.sender
        priority = detail.priority.rawValue
        deliverBy = detail.deliverBy.map(InternetDate.rfc3339)
        receivedAt = InternetDate.rfc3339(detail.receivedAt)
        size = detail.size
        origin = detail.origin
        submitter = detail.submitter
        tags = detail.tags
        metadata = detail.metadata
        headers = detail.headers
        recipients = detail.recipients.map(RecipientView.init)
        events = detail.events.map(EventView.init)
        finishedAt = detail.finishedAt.map(InternetDate.rfc3339)
        bodyRemovedAt = detail.bodyRemovedAt.map(InternetDate.rfc3339)
    }

    enum CodingKeys: String, CodingKey {
        case id, sender, priority, size, origin, submitter, tags, metadata, headers, recipients, events
        case deliverBy = "deliver_by"
        case receivedAt = "received_at"
        case finishedAt = "finished_at"
        case bodyRemovedAt = "body_removed_at"
    }
}
