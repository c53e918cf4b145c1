import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Each `MIN` reads one end of an index whose first column is the state.
    public func nextAttemptTime() async throws -> Date? {
        try await translatingErrors {
            try await pool.read { db in
                let queued = try Self.minimum("received_at", state: .queued, db)
                let deferred = try Self.minimum("next_attempt_at", state: .deferred, db)
                return [queued, deferred].compactMap { $0 }.min().map(StoredTime.date)
            }
        }
    }

    public func nextExpiryTime(maxAge: Duration) async throws -> Date? {
        let age = StoredTime.millis(maxAge)
        return try await translatingErrors {
            try await pool.read { db in
                var candidates: [Int64] = []
                for state in Self.waiting {
                    if let deadline = try Self.minimum("deadline_order", state: state, db),
                        deadline != QueueSchema.noDeadline
                    {
                        candidates.append(deadline)
                    }
                    if let oldest = try Self.minimum("received_at", state: state, db) {
                        candidates.append(oldest.addingReportingOverflow(age).overflow ? .max : oldest + age)
                    }
                }
                return candidates.min().map(StoredTime.date)
            }
        }
    }

    /// Expires by deadline first, so that a recipient past both limits is reported as `deadline`.
    public func expireDue(now: Date, maxAge: Duration) async throws -> [ExpiredRecipient] {
        let nowMillis = StoredTime.millis(now)
        let cutoff = nowMillis.subtractingReportingOverflow(StoredTime.millis(maxAge))
        return try await translatingErrors {
            try await pool.write { db in
                let late = try Self.expire(
                    where: Self.pastDeadline, nowMillis, now: nowMillis, note: "deadline", db)
                let old =
                    cutoff.overflow
                    ? []
                    : try Self.expire(
                        where: Self.pastAge, cutoff.partialValue, now: nowMillis, note: "max_age", db)
                return late + old
            }
        }
    }

    public func releaseLeases(ownerPrefix: String, now: Date, reason: LeaseReleaseReason) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                try Self.requeueLeased(
                    where: "substr(lease_owner, 1, length(?)) = ?", [ownerPrefix, ownerPrefix], now: nowMillis,
                    note: reason.note, db)
            }
        }
    }

    /// The expiry conditions, each with one `?`: the deadline, and the latest arrival time still within the lifetime.
    static let pastDeadline = "deadline_order <= ?"
    static let pastAge = "received_at <= ?"

    /// The states in which a recipient waits for delivery and can expire.
    private static let waiting: [RecipientState] = [.queued, .deferred]

    /// The smallest value of `column` among recipients in `state`; `column` is a fixed name, never user input.
    private static func minimum(_ column: String, state: RecipientState, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: minimumSQL(column), arguments: [state.rawValue])
    }

    /// Reads the smallest `column` of the recipients in one state (one `?`), from an index that starts with the state.
    static func minimumSQL(_ column: String) -> String {
        "SELECT MIN(\(column)) FROM recipients WHERE state = ?"
    }

    /// Moves the waiting recipients matching `condition` to `expired`; binds `updated_at`, then `condition`'s `?`.
    static func expireSQL(where condition: String) -> String {
        """
        UPDATE recipients SET state = 'expired', next_attempt_at = NULL, updated_at = ?
        WHERE state IN ('queued', 'deferred') AND \(condition)
        RETURNING message_id, idx
        """
    }

    /// Expires the waiting recipients matching `condition` (one `?`, bound to `limit`) and records `note`.
    private static func expire(
        where condition: String, _ limit: Int64, now: Int64, note: String, _ db: Database
    ) throws -> [ExpiredRecipient] {
        let rows = try Row.fetchAll(db, sql: expireSQL(where: condition), arguments: [now, limit])
        let keys = try rows.map(RecipientRows.key).sorted { ($0.messageID, $0.index) < ($1.messageID, $1.index) }
        for key in keys {
            try EventLog.append(key, time: now, state: .expired, note: note, webhook: .expired, db)
        }
        return try RecipientRows.records(db, keys: keys).map { ExpiredRecipient(record: $0, reason: note) }
    }
}
