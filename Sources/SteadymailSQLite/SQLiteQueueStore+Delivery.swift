import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Leases due recipients with one `UPDATE ... RETURNING`: the single SQLite writer makes the claim atomic.
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [ClaimedRecipient] {
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
                ).sorted { ClaimOrder($0) < ClaimOrder($1) }
                let keys = try claimed.map(RecipientRows.key)
                for key in keys {
                    try EventLog.append(key, time: nowMillis, state: .inFlight, note: "claimed by \(owner)", db)
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
                for key in try released.map(RecipientRows.key) {
                    try EventLog.append(key, time: nowMillis, state: .queued, note: "lease expired", db)
                }
                return released.count
            }
        }
    }

    /// Checks the lease and the state machine, then records the change and its event; throws a conflict otherwise.
    private static func apply(_ transition: RecipientTransition, owner: String, _ db: Database) throws {
        let key = transition.key
        let name = "recipient \(key.messageID)#\(key.index)"
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT state, lease_owner FROM recipients WHERE message_id = ? AND idx = ?",
                arguments: [key.messageID.rawValue, key.index])
        else { throw StorageError.conflict("unknown \(name)") }
        let current = try RecipientRows.state(row["state"], message: key.messageID.rawValue)
        guard current == .inFlight, (row["lease_owner"] as String?) == owner else {
            throw StorageError.conflict("\(name) is not leased by \(owner)")
        }
        guard current.canMove(to: transition.to) else {
            throw StorageError.conflict("\(name): \(InvalidTransition(from: current, to: transition.to))")
        }
        let at = StoredTime.millis(transition.at)
        let nextAttempt: Int64? =
            transition.to == .deferred ? StoredTime.millis(transition.nextAttemptAt ?? transition.at) : nil
        try db.execute(
            sql: """
                UPDATE recipients
                SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                    last_reply = COALESCE(?, last_reply), updated_at = ?
                WHERE message_id = ? AND idx = ?
                """,
            arguments: [transition.to.rawValue, nextAttempt, transition.reply, at, key.messageID.rawValue, key.index])
        try EventLog.append(
            key, time: at, state: transition.to, relay: transition.relay, reply: transition.reply,
            note: transition.note, db)
    }
}

/// The delivery order of claimed recipients: priority rank, then arrival, then message id and position. `RETURNING`
/// yields rows in no promised order, so claims are sorted after the update.
private struct ClaimOrder: Comparable {
    var rank: Int
    var receivedAt: Int64
    var id: String
    var index: Int

    init(_ row: Row) {
        rank = row["priority_rank"]
        receivedAt = row["received_at"]
        id = row["message_id"]
        index = row["idx"]
    }

    static func < (lhs: ClaimOrder, rhs: ClaimOrder) -> Bool {
        (lhs.rank, lhs.receivedAt, lhs.id, lhs.index) < (rhs.rank, rhs.receivedAt, rhs.id, rhs.index)
    }
}
