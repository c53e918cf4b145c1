import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Writes the feedback event of a synchronous bounce in the transaction that records the bounce.
///
/// It exists so that a campaign recipient the relay refused for good (`550 5.1.1` at RCPT or after the data) reaches
/// the feedback processor even when the process stops right after the settlement: the event is stored unprocessed
/// with the bounce, and the processor applies its effects (suppression, status, the soft-bounce rule) when it next
/// drains. Only transitions to `bounced` give one, and only with a reply that is about the mailbox
/// (`DeliveryBounce`): deferrals, relay-level failures and expiries never reach here, so an outage never becomes
/// feedback. Mail that is not a campaign's is left alone.
enum DeliveryFeedbackRows {
    static func record(_ transition: RecipientTransition, _ db: Database) throws {
        guard transition.to == .bounced, let reply = transition.reply, let kind = DeliveryBounce.kind(reply: reply)
        else { return }
        let key = transition.key
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT m.campaign_id, m.subscriber_id, r.recipient FROM messages m
                    JOIN recipients r ON r.message_id = m.id
                    WHERE m.id = ? AND r.idx = ? AND m.campaign_id IS NOT NULL
                    """,
                arguments: [key.messageID.rawValue, key.index])
        else { return }
        let recipient: String = row["recipient"]
        let parsed = DeliveryBounce.parse(reply)
        try db.execute(
            sql: """
                INSERT INTO feedback_events (at, kind, source, email, campaign_id, subscriber_id, message_id, relay,
                    status, detail, dedupe_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING
                """,
            arguments: [
                StoredTime.millis(transition.at), kind.rawValue, FeedbackSource.delivery.rawValue,
                recipient.lowercased(), row["campaign_id"] as Int64?, row["subscriber_id"] as Int64?,
                key.messageID.rawValue, transition.relay, parsed?.status ?? parsed.map { String($0.code) }, reply,
                "delivery:\(key.messageID.rawValue):\(recipient)",
            ])
    }
}
