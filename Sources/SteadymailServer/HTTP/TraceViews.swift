import Foundation
import SteadymailDomain
import SteadymailStorage

/// The id of one recipient in the API: `"<queue id>.<index>"`.
enum RecipientID {
    static func text(_ id: QueueID, _ index: Int) -> String { "\(id.rawValue).\(index)" }
}

/// One message as `GET /v1/messages/{id}` answers it: envelope, headers, each recipient's state and the history.
///
/// It exists so that the API's shape (docs/openapi.yaml) is written down in one type, apart from the CLI's
/// `MessageView`: every documented key is always present, `null` when it has no value.
struct MessageTraceView: Encodable, Sendable {
    var id: String
    var sender: String
    var priority: String
    var deliverBy: String?
    var receivedAt: String
    var size: Int
    var origin: String
    var tags: [String]
    var metadata: [String: String]
    var headers: [HeaderField]
    var recipients: [RecipientTraceView]
    var events: [EventTraceView]

    init(_ detail: MessageDetail) {
        id = detail.id.rawValue
        sender = detail.sender
        priority = detail.priority.rawValue
        deliverBy = detail.deliverBy.map(InternetDate.rfc3339)
        receivedAt = InternetDate.rfc3339(detail.receivedAt)
        size = detail.size
        origin = detail.origin
        tags = detail.tags
        metadata = detail.metadata
        headers = detail.headers
        recipients = detail.recipients.map(RecipientTraceView.init)
        events = detail.events.map(EventTraceView.init)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(sender, forKey: .sender)
        try container.encode(priority, forKey: .priority)
        try container.encode(deliverBy, forKey: .deliverBy)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(size, forKey: .size)
        try container.encode(origin, forKey: .origin)
        try container.encode(tags, forKey: .tags)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(headers, forKey: .headers)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(events, forKey: .events)
    }

    enum CodingKeys: String, CodingKey {
        case id, sender, priority, size, origin, tags, metadata, headers, recipients, events
        case deliverBy = "deliver_by"
        case receivedAt = "received_at"
    }
}

/// One recipient of a traced message.
struct RecipientTraceView: Encodable, Sendable {
    var id: String
    var email: String
    var state: String
    var attempts: Int
    var nextAttemptAt: String?
    var lastReply: String?
    var lastRelay: String?

    init(_ record: RecipientRecord) {
        id = RecipientID.text(record.key.messageID, record.key.index)
        email = record.recipient
        state = record.state.rawValue
        attempts = record.attempts
        nextAttemptAt = record.nextAttemptAt.map(InternetDate.rfc3339)
        lastReply = record.lastReply
        lastRelay = record.lastRelay
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(state, forKey: .state)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(lastReply, forKey: .lastReply)
        try container.encode(lastRelay, forKey: .lastRelay)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, state, attempts
        case nextAttemptAt = "next_attempt_at"
        case lastReply = "last_reply"
        case lastRelay = "last_relay"
    }
}

/// One line of a traced message's history: a state change of one recipient (or of the whole message), with the relay
/// and the remote reply that caused it.
struct EventTraceView: Encodable, Sendable {
    var time: String
    var recipient: String?
    var state: String
    var relay: String?
    var reply: String?
    var note: String?

    init(_ event: QueueEvent) {
        time = InternetDate.rfc3339(event.time)
        recipient = event.recipient
        state = event.state.rawValue
        relay = event.relay
        reply = event.reply
        note = event.note
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(state, forKey: .state)
        try container.encode(relay, forKey: .relay)
        try container.encode(reply, forKey: .reply)
        try container.encode(note, forKey: .note)
    }

    enum CodingKeys: String, CodingKey {
        case time, recipient, state, relay, reply, note
    }
}
