import Foundation
import SteadymailDomain
import SteadymailStorage

/// One page of `GET /v1/messages`: the messages, newest first, and the cursor of the next page (`null` on the last).
///
/// It exists so that the listing's shape (docs/openapi.yaml) lives in one type, with `next_cursor` always present.
struct MessageListView: Encodable, Sendable {
    var messages: [Item]
    var nextCursor: String?

    init(_ page: MessagePage) {
        messages = page.messages.map(Item.init)
        nextCursor = page.next.map(MessageCursor.encode)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(messages, forKey: .messages)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case messages
        case nextCursor = "next_cursor"
    }

    /// One listed message.
    struct Item: Encodable, Sendable {
        var id: String
        var sender: String
        var receivedAt: String
        var priority: String
        var tags: [String]
        var recipients: [Recipient]

        init(_ summary: MessageSummary) {
            id = summary.id.rawValue
            sender = summary.sender
            receivedAt = InternetDate.rfc3339(summary.receivedAt)
            priority = summary.priority.rawValue
            tags = summary.tags
            recipients = summary.recipients.map { recipient in
                Recipient(
                    id: RecipientID.text(summary.id, recipient.index), email: recipient.address,
                    state: recipient.state.rawValue)
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, sender, priority, tags, recipients
            case receivedAt = "received_at"
        }
    }

    /// One recipient of a listed message.
    struct Recipient: Encodable, Sendable {
        var id: String
        var email: String
        var state: String
    }
}
