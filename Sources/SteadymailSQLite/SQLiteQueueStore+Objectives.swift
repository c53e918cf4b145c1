import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func deliveryOutcomes(
        from: Date, to: Date, targets: [Priority: Duration], now: Date, bucket: Duration?
    ) async throws -> [DeliveryOutcomeBucket] {
        var values: [String: Int64] = [
            "from": StoredTime.millis(from), "to": StoredTime.millis(to), "now": StoredTime.millis(now),
            "bucket": bucket.map { max(StoredTime.millis($0), 1) } ?? 0,
        ]
        for priority in Priority.allCases {
            values["target\(priority.rank)"] = StoredTime.millis(
                targets[priority] ?? DeliveryObjective.defaultObjective(for: priority).target)
        }
        let arguments = values
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: DeliveryOutcomeQuery.sql,
                    arguments: StatementArguments(arguments.mapValues { $0 as (any DatabaseValueConvertible)? })
                )
                .compactMap { row -> DeliveryOutcomeBucket? in
                    let rank: Int = row["priority_rank"]
                    guard let priority = Priority.allCases.first(where: { $0.rank == rank }) else { return nil }
                    return DeliveryOutcomeBucket(
                        priority: priority, start: StoredTime.date(row["bucket_start"]),
                        counts: DeliveryOutcomeCounts(
                            onTime: row["on_time"], late: row["late"], pending: row["pending"],
                            bounced: row["bounced"]))
                }
            }
        }
    }
}

/// The SQL of `deliveryOutcomes`: one pass over a range of `recipients_arrival_outcome`, grouped by priority and
/// bucket.
enum DeliveryOutcomeQuery {
    static let sql = """
        WITH judged AS (
            SELECT priority_rank, state, updated_at - received_at AS took, :now - received_at AS age,
                   CASE WHEN :bucket > 0 THEN received_at - (((received_at % :bucket) + :bucket) % :bucket)
                        ELSE :from END AS bucket_start,
                   CASE priority_rank WHEN 0 THEN :target0 WHEN 1 THEN :target1 ELSE :target2 END AS target
            FROM recipients INDEXED BY recipients_arrival_outcome
            WHERE received_at >= :from AND received_at < :to
        )
        SELECT priority_rank, bucket_start,
               SUM(state = 'delivered' AND took <= target) AS on_time,
               SUM((state = 'delivered' AND took > target) OR state = 'expired'
                   OR (state NOT IN \(QueueSchema.finalStates) AND age > target)) AS late,
               SUM(state NOT IN \(QueueSchema.finalStates) AND age <= target) AS pending,
               SUM(state = 'bounced') AS bounced
        FROM judged
        GROUP BY priority_rank, bucket_start
        ORDER BY bucket_start, priority_rank
        """
}
