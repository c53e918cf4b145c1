import Foundation
import SteadymailDomain
import SteadymailStorage

/// The JSON body of one webhook request: one recipient event.
///
/// It exists to fix the field names and their meaning in one place (docs/webhooks.md describes them): snake_case
/// keys, RFC 3339 UTC times, and every field present, `null` when it has no value.
struct WebhookPayload: Encodable {
    /// The event's id, the same for every webhook and every retry: receivers deduplicate on it.
    var id: String
    var type: String
    var time: String
    var messageID: String
    /// `<queue id>.<index>`, the recipient id of the HTTP API.
    var recipientID: String
    var recipient: String
    var relay: String?
    var reply: String?
    var note: String?
    var tags: [String]

    init(_ event: WebhookEvent) {
        id = String(event.id)
        type = event.type.rawValue
        time = InternetDate.rfc3339(event.time)
        messageID = event.recipient.messageID.rawValue
        recipientID = "\(event.recipient.messageID.rawValue).\(event.recipient.index)"
        recipient = event.address
        relay = event.relay
        reply = event.reply
        note = event.note
        tags = event.tags
    }

    enum CodingKeys: String, CodingKey {
        case id, type, time, recipient, relay, reply, note, tags
        case messageID = "message_id"
        case recipientID = "recipient_id"
    }

    /// Writes `null` for absent values instead of leaving the key out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(time, forKey: .time)
        try container.encode(messageID, forKey: .messageID)
        try container.encode(recipientID, forKey: .recipientID)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(relay, forKey: .relay)
        try container.encode(reply, forKey: .reply)
        try container.encode(note, forKey: .note)
        try container.encode(tags, forKey: .tags)
    }

    /// The body bytes as sent and signed.
    static func body(for event: WebhookEvent) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(WebhookPayload(event))) ?? Data("{}".utf8))
    }
}
