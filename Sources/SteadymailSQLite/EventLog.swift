import GRDB
import SteadymailDomain
import SteadymailStorage

/// Appends rows to the `events` table, the history `steadymail message` shows. Every recipient state change writes
/// one in the same transaction as the change, and with it the webhook outbox entries of the event it announces.
enum EventLog {
    /// `webhook` is the event type subscribers hear about, or nil for bookkeeping no webhook is told of (claims,
    /// returns to the queue, postponements).
    static func append(
        _ key: RecipientKey, time: Int64, state: RecipientState, relay: String? = nil, reply: String? = nil,
        note: String?, webhook: WebhookEventType?, _ db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO events (message_id, recipient_idx, time, state, relay, reply, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [key.messageID.rawValue, key.index, time, state.rawValue, relay, reply, note])
        guard let webhook else { return }
        try WebhookOutbox.add(
            eventID: db.lastInsertedRowID, type: webhook, key: key, time: time, relay: relay, reply: reply, note: note,
            db)
    }
}
