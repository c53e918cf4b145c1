import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [ClaimedRecipient] {
        try await claim(
            now: now, limit: limit, owner: owner, leaseUntil: leaseUntil, priorities: Set(Priority.allCases))
    }

    /// Leases due recipients with one `UPDATE ... RETURNING`: the single SQLite writer makes the claim atomic.
    public func claim(now: Date, limit: Int, owner: String, leaseUntil: Date, priorities: Set<Priority>) async throws
        -> [ClaimedRecipient]
    {
        guard limit > 0, !priorities.isEmpty else { return [] }
        let nowMillis = StoredTime.millis(now)
        let ranks = priorities.map(\.rank).sorted()
        var arguments: StatementArguments = [owner, StoredTime.millis(leaseUntil), nowMillis]
        arguments += ClaimQuery.arguments(ranks: ranks, now: nowMillis, limit: limit)
        let finalArguments = arguments
        return try await translatingErrors {
            try await pool.write { db in
                let claimed = try Row.fetchAll(
                    db,
                    sql: """
                        UPDATE recipients
                        SET state = 'in_flight', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                            updated_at = ?
                        WHERE rowid IN (\(ClaimQuery.select(rankCount: ranks.count)))
                        RETURNING message_id, idx, priority_rank, deadline_order, received_at
                        """,
                    arguments: finalArguments
                ).sorted { ClaimOrder($0) < ClaimOrder($1) }
                let keys = try CampaignClaimCheck.filter(claimed.map(RecipientRows.key), now: nowMillis, db)
                for key in keys {
                    try EventLog.append(
                        key, time: nowMillis, state: .inFlight, note: "claimed by \(owner)", webhook: nil, db)
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
                try Self.requeueLeased(where: "lease_until < ?", [nowMillis], now: nowMillis, note: "lease expired", db)
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
        for failover in transition.failovers {
            try EventLog.append(
                key, time: StoredTime.millis(failover.at), state: .inFlight, relay: failover.relay,
                reply: failover.reply, note: Failover.note, webhook: nil, db)
        }
        let at = StoredTime.millis(transition.at)
        let nextAttempt: Int64? =
            transition.to == .deferred ? StoredTime.millis(transition.nextAttemptAt ?? transition.at) : nil
        try db.execute(
            sql: """
                UPDATE recipients
                SET state = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                    last_reply = COALESCE(?, last_reply), last_relay = COALESCE(?, last_relay),
                    attempts = MAX(attempts - ?, 0), updated_at = ?
                WHERE message_id = ? AND idx = ?
                """,
            arguments: [
                transition.to.rawValue, nextAttempt, transition.reply, transition.relay,
                transition.refundAttempt ? 1 : 0, at, key.messageID.rawValue, key.index,
            ])
        try EventLog.append(
            key, time: at, state: transition.to, relay: transition.relay, reply: transition.reply,
            note: transition.note, webhook: transition.webhookEvent, db)
        try DeliveryFeedbackRows.record(transition, db)
    }

    /// Returns in-flight recipients matching `condition` (a fixed SQL fragment whose `?` take `arguments`, never user
    /// text) to `queued`, with an event noting why; returns how many.
    static func requeueLeased(
        where condition: String, _ arguments: [any DatabaseValueConvertible], now: Int64, note: String,
        _ db: Database
    ) throws -> Int {
        let released = try Row.fetchAll(
            db,
            sql: """
                UPDATE recipients SET state = 'queued', lease_owner = NULL, lease_until = NULL, updated_at = ?
                WHERE state = 'in_flight' AND \(condition)
                RETURNING message_id, idx
                """,
            arguments: StatementArguments([now] + arguments))
        for key in try released.map(RecipientRows.key) {
            try EventLog.append(key, time: now, state: .queued, note: note, webhook: nil, db)
        }
        return released.count
    }
}
