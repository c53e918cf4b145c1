import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func warnDelayed(receivedBefore: Date, now: Date, limit: Int) async throws -> [RecipientRecord] {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        UPDATE recipients SET delay_warned = 1
                        WHERE rowid IN (
                            SELECT rowid FROM recipients INDEXED BY recipients_delay_unwarned
                            WHERE \(Self.unwarned) AND received_at <= ?
                            ORDER BY received_at LIMIT ?)
                        RETURNING message_id, idx, state
                        """,
                    arguments: [StoredTime.millis(receivedBefore), max(limit, 0)])
                var keys: [RecipientKey] = []
                for row in rows {
                    let key = try RecipientRows.key(row)
                    let state = try RecipientRows.state(row["state"], message: key.messageID.rawValue)
                    try EventLog.append(key, time: nowMillis, state: state, note: Self.delayedNote, db)
                    keys.append(key)
                }
                keys.sort { ($0.messageID, $0.index) < ($1.messageID, $1.index) }
                return try RecipientRows.records(db, keys: keys)
            }
        }
    }

    public func nextDelayWarningTime(delay: Duration) async throws -> Date? {
        let delayMillis = StoredTime.millis(delay)
        return try await translatingErrors {
            try await pool.read { db in
                let oldest = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MIN(received_at) FROM recipients INDEXED BY recipients_delay_unwarned
                        WHERE \(Self.unwarned)
                        """)
                return oldest.map { oldest in
                    let (due, overflow) = oldest.addingReportingOverflow(delayMillis)
                    return StoredTime.date(overflow ? .max : due)
                }
            }
        }
    }

    /// The condition of the partial index `recipients_delay_unwarned`: undelivered and not yet warned about.
    static let unwarned = "delay_warned = 0 AND state IN ('queued', 'deferred', 'in_flight')"

    /// The note of the event a delay warning appends; the event keeps the recipient's state.
    static let delayedNote = "delayed"
}
