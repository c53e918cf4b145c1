import GRDB

/// The SELECT that picks which recipients a claim leases, in delivery order: priority rank, deadline (none last),
/// arrival, then message id and position.
///
/// It exists so that a claim stays an index walk with millions of rows waiting: `queued` recipients are read one
/// priority at a time from `recipients_claim_order_v2`, already in order and stopped at the limit, and due `deferred`
/// recipients from `recipients_due`. Only the few candidates of those parts are sorted together.
enum ClaimQuery {
    /// Selects the `rid` (rowid) of up to `limit` due recipients of the given priority ranks; see `arguments`.
    static func select(rankCount: Int) -> String {
        let columns = "rowid AS rid, priority_rank, deadline_order, received_at, message_id, idx"
        let order = "priority_rank, deadline_order, received_at, message_id, idx"
        let queued = Array(
            repeating: """
                SELECT * FROM (SELECT \(columns) FROM recipients
                               WHERE state = 'queued' AND priority_rank = ? ORDER BY \(order) LIMIT ?)
                """,
            count: rankCount)
        let ranks = Array(repeating: "?", count: rankCount).joined(separator: ", ")
        let deferred = """
            SELECT * FROM (SELECT \(columns) FROM recipients
                           WHERE state = 'deferred' AND next_attempt_at <= ? AND priority_rank IN (\(ranks))
                           ORDER BY \(order) LIMIT ?)
            """
        return """
            SELECT rid FROM (\((queued + [deferred]).joined(separator: " UNION ALL ")))
            ORDER BY \(order) LIMIT ?
            """
    }

    /// The arguments of `select(rankCount: ranks.count)`.
    static func arguments(ranks: [Int], now: Int64, limit: Int) -> StatementArguments {
        var arguments = StatementArguments()
        for rank in ranks {
            arguments += [rank, limit]
        }
        arguments += [now]
        arguments += StatementArguments(ranks)
        arguments += [limit, limit]
        return arguments
    }
}

/// The delivery order of claimed recipients. `RETURNING` yields rows in no promised order, so claims are sorted after
/// the update.
struct ClaimOrder: Comparable {
    var rank: Int
    var deadline: Int64
    var receivedAt: Int64
    var id: String
    var index: Int

    init(_ row: Row) {
        rank = row["priority_rank"]
        deadline = row["deadline_order"]
        receivedAt = row["received_at"]
        id = row["message_id"]
        index = row["idx"]
    }

    static func < (lhs: ClaimOrder, rhs: ClaimOrder) -> Bool {
        (lhs.rank, lhs.deadline, lhs.receivedAt, lhs.id, lhs.index)
            < (rhs.rank, rhs.deadline, rhs.receivedAt, rhs.id, rhs.index)
    }
}
