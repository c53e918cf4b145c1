import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Leases due recipients with one `UPDATE ... RETURNING`: the single SQLite writer makes the claim atomic.
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws
        -> [ClaimedRecipient]
    {
        guard limit > 0 else { return [] }
        let nowMillis = StoredTime.millis(now)
        let leaseMillis = StoredTime.millis(leaseUntil)
        return try await translatingErrors {
            try await pool.write { db in
                let claimed = try Row.fetchAll(
                    db,
                    sql: """
                        UPDATE recipients
                        SET state = 'in_flight', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                            updated_at = ?
                        WHERE rowid IN (
                            SELECT rowid FROM recipients
                            WHERE state = 'queued' OR (state = 'deferred' AND next_attempt_at <= ?)
                            ORDER BY priority_rank, received_at, message_id, idx
                            LIMIT ?)
                        RETURNING message_id, idx, priority_rank, received_at
                        """,
                    arguments: [owner, leaseMillis, nowMillis, nowMillis, limit]
                ).sorted { claimOrder($0) < claimOrder($1) }
                let keys = try claimed.map { row in
                    let rawID: String = row["message_id"]
                    guard let id = QueueID(rawID) else {
                        throw StorageError.corrupt("message \(rawID): malformed id")
                    }
                    return RecipientKey(messageID: id, index: row["idx"])
                }
                for key in keys {
                    try appendEvent(key, time: nowMillis, state: .inFlight, note: "claimed by \(owner)", db)
                }
                return try RecipientRows.records(db, keys: keys).map {
                    ClaimedRecipient(record: $0, leaseUntil: leaseUntil)
                }
            }
        }
    }

    /// Applies all transitions in one transaction, or none when any of them is not allowed.
    public func apply(_ transitions: [RecipientTransition], owner: String) async throws {
        guard !transitions.isEmpty else { return }
        try await translatingErrors {
            try await pool.write { db in
                for transition in transitions {
                    try Self.apply(transition, owner: owner, db)
                }
            }
        }
    }

    public func releaseExpiredLeases(now: Date) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                let released = try Row.fetchAll(
                    db,
                    sql: """
                        UPDATE recipients SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = ?
                        WHERE state = 'in_flight' AND lease_until < ?
                        RETURNING message_id, idx
                        """,
                    arguments: [nowMillis, nowMillis])
                for row in released {
                    try db.execute(
                        sql: """
                            INSERT INTO events (message_id, recipient_idx, time, state, note)
                            VALUES (?, ?, ?, 'queued', 'lease expired')
                            """,
                        arguments: [row["message_id"] as String, row["idx"] as Int, nowMillis])
                }
                return released.count
            }
        }
    }

    private static func apply(_ transition: RecipientTransition, owner: String, _ db: Database) throws {
        let key = transition.key
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT state, lease_owner FROM recipients WHERE message_id = ? AND idx = ?",
                arguments: [key.messageID.rawValue, key.index])
        else { throw StorageError.conflict("unknown recipient \(key.messageID)#\(key.index)") }
        let current = try RecipientRows.state(row["state"], message: key.messageID.rawValue)
        guard current == .inFlight, (row["lease_owner"] as String?) == owner else {
            throw StorageError.conflict(
                "recipient \(key.messageID)#\(key.index) is not leased by \(owner)")
        }
        guard current.canMove(to: transition.to) else {
            throw StorageError.conflict(
                "recipient \(key.messageID)#\(key.index): \(InvalidTransition(from: current, to: transition.to))"
            )
        }
        let at = StoredTime.millis(transition.at)
        let nextAttempt: Int64? =
            transition.to == .deferred
            ? StoredTime.millis(transition.nextAttemptAt ?? transition.at) : nil
        try db.execute(
            sql: """
                UPDATE recipients
                SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                    last_reply = COALESCE(?, last_reply), updated_at = ?
                WHERE message_id = ? AND idx = ?
                """,
            arguments: [
                transition.to.rawValue, nextAttempt, transition.reply, at, key.messageID.rawValue,
                key.index,
            ])
        try db.execute(
            sql: """
                INSERT INTO events (message_id, recipient_idx, time, state, relay, reply, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.messageID.rawValue, key.index, at, transition.to.rawValue, transition.relay,
                transition.reply,
                transition.note,
            ])
    }
}

private func claimOrder(_ row: Row) -> ClaimOrder {
    ClaimOrder(
        rank: row["priority_rank"], receivedAt: row["received_at"], id: row["message_id"],
        index: row["idx"])
}

/// The delivery order of claimed recipients: priority rank, then arrival, then message id and position.
private struct ClaimOrder: Comparable {
    var rank: Int
    var receivedAt: Int64
    var id: String
    var index: Int

    static func < (lhs: ClaimOrder, rhs: ClaimOrder) -> Bool {
        (lhs.rank, lhs.receivedAt, lhs.id, lhs.index) < (rhs.rank, rhs.receivedAt, rhs.id, rhs.index)
    }
}

private func appendEvent(
    _ key: RecipientKey, time: Int64, state: RecipientState, note: String, _ db: Database
) throws {
    try db.execute(
        sql: "INSERT INTO events (message_id, recipient_idx, time, state, note) VALUES (?, ?, ?, ?, ?)",
        arguments: [key.messageID.rawValue, key.index, time, state.rawValue, note])
}
