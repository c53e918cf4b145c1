import Foundation
import GRDB
import SteadymailStorage

extension SQLiteQueueStore {
    public func idempotentAnswer(apiKeyID: String, key: String, now: Date) async throws -> IdempotencyRecord? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT api_key_id, idempotency_key, request_hash, status, answer, created_at, expires_at
                        FROM api_idempotency
                        WHERE api_key_id = ? AND idempotency_key = ? AND expires_at > ?
                        """,
                    arguments: [apiKeyID, key, StoredTime.millis(now)]
                ).map { row in
                    IdempotencyRecord(
                        apiKeyID: row["api_key_id"], key: row["idempotency_key"], requestHash: row["request_hash"],
                        status: row["status"], body: [UInt8]((row["answer"] as Data?) ?? Data()),
                        createdAt: StoredTime.date(row["created_at"] as Int64),
                        expiresAt: StoredTime.date(row["expires_at"] as Int64))
                }
            }
        }
    }

    public func pruneIdempotency(before: Date) async throws -> Int {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM api_idempotency WHERE expires_at <= ?", arguments: [StoredTime.millis(before)])
                return db.changesCount
            }
        }
    }

    /// Writes `record` inside the enqueue transaction: an expired row for the same pair is replaced, a live one makes
    /// the primary key refuse the insert (a `StorageError.conflict` that rolls the whole batch back).
    static func insert(_ record: IdempotencyRecord, _ db: Database) throws {
        let createdAt = StoredTime.millis(record.createdAt)
        try db.execute(
            sql: "DELETE FROM api_idempotency WHERE api_key_id = ? AND idempotency_key = ? AND expires_at <= ?",
            arguments: [record.apiKeyID, record.key, createdAt])
        try db.execute(
            sql: """
                INSERT INTO api_idempotency (api_key_id, idempotency_key, request_hash, status, answer, created_at,
                                             expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.apiKeyID, record.key, record.requestHash, record.status, Data(record.body), createdAt,
                StoredTime.millis(record.expiresAt),
            ])
    }
}
