import Foundation
import GRDB
import SteadymailStorage

extension SQLiteQueueStore {
    /// Stores the batch in one write transaction; with `synchronous = FULL` the commit has flushed the WAL on return.
    public func enqueue(_ batch: [NewMessage]) async throws {
        guard !batch.isEmpty else { return }
        let encoded = try Self.encodedTexts(batch)
        try await translatingErrors {
            try await pool.write { db in
                for (message, texts) in zip(batch, encoded) {
                    try Self.insert(message, headers: texts.headers, metadata: texts.metadata, db)
                    if let record = message.idempotency { try Self.insert(record, db) }
                }
            }
        }
    }

    /// The header summary and metadata of each message as the JSON text stored with it.
    static func encodedTexts(_ batch: [NewMessage]) throws -> [(headers: String, metadata: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try batch.map { message in
            (
                headers: String(decoding: try encoder.encode(HeaderSummary.parse(message.content)), as: UTF8.self),
                metadata: String(decoding: try encoder.encode(message.metadata), as: UTF8.self)
            )
        }
    }

    /// Inserts one message with its tags, recipients and first events; the caller holds the write transaction.
    static func insert(_ message: NewMessage, headers: String, metadata: String, _ db: Database) throws {
        let receivedAt = StoredTime.millis(message.receivedAt)
        try db.execute(
            sql: """
                INSERT INTO messages (id, sender, priority, deliver_by, received_at, size, origin, submitter, headers,
                                      content, metadata, campaign_id, subscriber_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                message.id.rawValue, message.sender, message.priority.rawValue,
                StoredTime.nullableMillis(message.deliverBy), receivedAt, message.content.count, message.origin,
                message.submitter, headers, Data(message.content), metadata, message.campaignID, message.subscriberID,
            ])
        let tag = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO message_tags (message_id, tag, received_at) VALUES (?, ?, ?)")
        for name in message.tags {
            try tag.execute(arguments: [message.id.rawValue, name, receivedAt])
        }
        let recipient = try db.cachedStatement(
            sql: """
                INSERT INTO recipients (message_id, idx, recipient, domain, state, priority_rank, deadline_order,
                                        received_at, updated_at)
                VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)
                """)
        let deadline = StoredTime.nullableMillis(message.deliverBy) ?? QueueSchema.noDeadline
        for (index, address) in message.recipients.enumerated() {
            try recipient.execute(arguments: [
                message.id.rawValue, index, address, RecipientRows.domain(of: address), message.priority.rank,
                deadline, receivedAt, receivedAt,
            ])
            try EventLog.append(
                RecipientKey(messageID: message.id, index: index), time: receivedAt, state: .queued,
                note: "received from \(message.origin)", webhook: .queued, db)
        }
    }
}
