import Foundation
import GRDB
import SteadymailStorage

extension SQLiteQueueStore {
    /// Stores the batch in one write transaction; with `synchronous = FULL` the commit has flushed the WAL on return.
    public func enqueue(_ batch: [NewMessage]) async throws {
        guard !batch.isEmpty else { return }
        let encoder = JSONEncoder()
        let summaries = try batch.map { message in
            String(decoding: try encoder.encode(HeaderSummary.parse(message.content)), as: UTF8.self)
        }
        try await translatingErrors {
            try await pool.write { db in
                for (message, headers) in zip(batch, summaries) {
                    try Self.insert(message, headers: headers, db)
                }
            }
        }
    }

    private static func insert(_ message: NewMessage, headers: String, _ db: Database) throws {
        let receivedAt = StoredTime.millis(message.receivedAt)
        try db.execute(
            sql: """
                INSERT INTO messages (id, sender, priority, deliver_by, received_at, size, origin, submitter, headers,
                                      content)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                message.id.rawValue, message.sender, message.priority.rawValue,
                StoredTime.nullableMillis(message.deliverBy), receivedAt, message.content.count, message.origin,
                message.submitter, headers, Data(message.content),
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
                note: "received from \(message.origin)", db)
        }
    }
}
