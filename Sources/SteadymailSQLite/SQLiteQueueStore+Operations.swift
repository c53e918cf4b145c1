import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// An operator's queue operations: each is one `UPDATE ... RETURNING` over the selected recipients plus one event per
/// changed recipient, in one write transaction. A recipient already in the target state is not selected, which makes
/// every operation idempotent.
extension SQLiteQueueStore {
    public func retryNow(_ selector: RecipientSelector, now: Date) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                try Self.change(
                    selector, from: [.deferred], alsoWhere: "next_attempt_at > ?", [nowMillis],
                    set: "next_attempt_at = ?", [nowMillis], event: .deferred, note: "retry requested", now: nowMillis,
                    db
                ).count
            }
        }
    }

    public func hold(_ selector: RecipientSelector, now: Date) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                try Self.change(
                    selector, from: [.queued, .deferred], set: "state = 'held', next_attempt_at = NULL", [],
                    event: .held, note: "held", now: nowMillis, db
                ).count
            }
        }
    }

    public func release(_ selector: RecipientSelector, now: Date) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                try Self.change(
                    selector, from: [.held], set: "state = 'queued', next_attempt_at = NULL", [], event: .queued,
                    note: "released", now: nowMillis, db
                ).count
            }
        }
    }

    public func delete(_ selector: RecipientSelector, now: Date) async throws -> [ExpiredRecipient] {
        let nowMillis = StoredTime.millis(now)
        let reason = ExpiryReason.deleted.rawValue
        return try await translatingErrors {
            try await pool.write { db in
                let keys = try Self.change(
                    selector, from: [.queued, .deferred, .held], set: "state = 'expired', next_attempt_at = NULL", [],
                    event: .expired, note: reason, now: nowMillis, db)
                return try RecipientRows.records(db, keys: keys).map { ExpiredRecipient(record: $0, reason: reason) }
            }
        }
    }

    public func counts(of selector: RecipientSelector) async throws -> [RecipientState: Int] {
        let selection = RecipientSelection(selector, states: nil)
        return try await translatingErrors {
            try await pool.read { db in
                var counts: [RecipientState: Int] = [:]
                let rows = try Row.fetchAll(
                    db, sql: "SELECT state, COUNT(*) AS n FROM recipients WHERE \(selection.sql) GROUP BY state",
                    arguments: selection.arguments)
                for row in rows {
                    counts[try RecipientRows.state(row["state"], message: "(selection)")] = row["n"]
                }
                return counts
            }
        }
    }

    /// Applies `assignments` (fixed SQL whose `?` take `assignmentArguments`) to the recipients in `states` that
    /// `selector` matches and that meet `extraCondition` (fixed SQL, `?` bound to `extraArguments`); records an event
    /// in `event` with `note` for each. Returns the changed recipients in message and position order.
    static func change(
        _ selector: RecipientSelector, from states: [RecipientState], alsoWhere extraCondition: String? = nil,
        _ extraArguments: StatementArguments = [], set assignments: String, _ assignmentArguments: StatementArguments,
        event: RecipientState, note: String, now: Int64, _ db: Database
    ) throws -> [RecipientKey] {
        let selection = RecipientSelection(selector, states: states)
        let condition = extraCondition.map { "\(selection.sql) AND \($0)" } ?? selection.sql
        var arguments = assignmentArguments
        arguments += [now]
        arguments += selection.arguments
        arguments += extraArguments
        let changed = try Row.fetchAll(
            db, sql: updateSQL(set: assignments, where: condition), arguments: arguments)
        let keys = try changed.map(RecipientRows.key).sorted { ($0.messageID, $0.index) < ($1.messageID, $1.index) }
        for key in keys {
            try EventLog.append(key, time: now, state: event, note: note, db)
        }
        return keys
    }

    /// The update of one operation: binds the assignments' `?`, then `updated_at`, then the condition's `?`.
    static func updateSQL(set assignments: String, where condition: String) -> String {
        "UPDATE recipients SET \(assignments), updated_at = ? WHERE \(condition) RETURNING message_id, idx"
    }
}
