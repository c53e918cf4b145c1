import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Writes the outbox entries of one event, inside the transaction that appends the event: one row per webhook
/// subscribed to its type, carrying a copy of what the receiver will be sent.
///
/// It exists so that an event and the promise to announce it are committed together: a crash can lose neither one
/// without the other. With no subscriber for the type it costs one primary-key lookup.
enum WebhookOutbox {
    static func add(
        eventID: Int64, type: WebhookEventType, key: RecipientKey, time: Int64, relay: String?, reply: String?,
        note: String?, _ db: Database
    ) throws {
        let subscribers = try String.fetchAll(
            db.cachedStatement(sql: "SELECT webhook_id FROM webhook_subscriptions WHERE type = ?"),
            arguments: [type.rawValue])
        guard !subscribers.isEmpty else { return }
        let messageID = key.messageID.rawValue
        guard
            let address = try String.fetchOne(
                db.cachedStatement(sql: "SELECT recipient FROM recipients WHERE message_id = ? AND idx = ?"),
                arguments: [messageID, key.index])
        else { throw StorageError.conflict("event for unknown recipient \(messageID)#\(key.index)") }
        let tags = try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM message_tags WHERE message_id = ? ORDER BY rowid"),
            arguments: [messageID])
        let tagsJSON = String(decoding: try JSONEncoder().encode(tags), as: UTF8.self)
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO webhook_outbox (webhook_id, event_id, type, time, message_id, recipient_idx, recipient,
                                            relay, reply, note, tags, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for webhook in subscribers {
            try insert.execute(arguments: [
                webhook, eventID, type.rawValue, time, messageID, key.index, address, relay, reply, note, tagsJSON,
                time,
            ])
        }
    }
}
