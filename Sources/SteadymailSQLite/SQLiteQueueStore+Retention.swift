import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Empties the `content` of due messages; their overflow pages go to the free list for `reclaimSpace`.
    public func pruneBodies(finishedBefore: Date, limit: Int, now: Date) async throws -> Int {
        guard limit > 0 else { return 0 }
        let arguments: StatementArguments = [StoredTime.millis(now), StoredTime.millis(finishedBefore), limit]
        return try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: Self.pruneBodiesSQL, arguments: arguments)
                return db.changesCount
            }
        }
    }

    /// Deletes events, tags, recipients, then the message, so that no row is left pointing at a deleted message
    /// whatever the foreign-key setting.
    public func pruneMessages(finishedBefore: Date, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        let arguments: StatementArguments = [StoredTime.millis(finishedBefore), limit]
        return try await translatingErrors {
            try await pool.write { db in
                let ids = try String.fetchAll(db, sql: Self.dueMessagesSQL, arguments: arguments)
                for sql in [
                    "DELETE FROM events WHERE message_id = ?", "DELETE FROM message_tags WHERE message_id = ?",
                    "DELETE FROM recipients WHERE message_id = ?", "DELETE FROM messages WHERE id = ?",
                ] {
                    let statement = try db.cachedStatement(sql: sql)
                    for id in ids { try statement.execute(arguments: [id]) }
                }
                return ids.count
            }
        }
    }

    /// One `PRAGMA incremental_vacuum(pages)` outside any transaction; in WAL mode the file shrinks at the next
    /// checkpoint.
    public func reclaimSpace(pages: Int) async throws -> Int {
        guard pages > 0 else { return 0 }
        return try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                try db.execute(sql: "PRAGMA incremental_vacuum(\(pages))")
                let after = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                return max(0, before - after)
            }
        }
    }

    /// Removes the bytes of finished messages that still have them; binds the removal time, the cutoff and the limit.
    /// Reads the partial index `messages_body_kept`.
    static let pruneBodiesSQL = """
        UPDATE messages SET content = x'', body_removed_at = ?
        WHERE rowid IN (SELECT rowid FROM messages
                        WHERE finished_at < ? AND finished_at IS NOT NULL AND body_removed_at IS NULL
                        ORDER BY finished_at LIMIT ?)
        """

    /// The ids of messages finished before a cutoff, oldest first, up to a limit; reads `messages_finished`. The
    /// recipient check guards against a `finished_at` that ever disagreed with the recipients.
    static let dueMessagesSQL = """
        SELECT id FROM messages
        WHERE finished_at < ? AND NOT EXISTS (SELECT 1 FROM recipients r
                                              WHERE r.message_id = messages.id
                                                AND r.state NOT IN \(QueueSchema.finalStates))
        ORDER BY finished_at LIMIT ?
        """
}
