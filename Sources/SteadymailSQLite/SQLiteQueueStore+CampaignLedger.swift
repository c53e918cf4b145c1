import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// The per-recipient ledger of campaigns: the audience snapshot, the pending rows the runner reads, and the one
/// transaction that queues messages and settles their rows together.
extension SQLiteQueueStore {
    /// Subscribers per snapshot transaction: short enough that intake and delivery write in between.
    static let snapshotRange: Int64 = 50_000

    public func snapshotAudience(campaign id: Int64, segment: SegmentExpression?, now: Date) async throws -> Int {
        let nowMillis = StoredTime.millis(now)
        let filter = segment.map { SegmentSQLCompiler.compile($0, dialect: .sqlite) }
        let sql = Self.snapshotSQL + (filter.map { " AND (\($0.sql))" } ?? "") + " ORDER BY s.id"
        return try await translatingErrors {
            let bounds = try await pool.read { db -> (taken: Bool, maxID: Int64)? in
                guard
                    let taken = try Bool.fetchOne(
                        db, sql: "SELECT snapshot_taken FROM campaigns WHERE id = ?", arguments: [id])
                else { return nil }
                return (taken, try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM subscribers") ?? 0)
            }
            guard let bounds else { throw StorageError.conflict("unknown campaign \(id)") }
            if !bounds.taken {
                var low: Int64 = 0
                repeat {
                    let (from, high) = (low, low + Self.snapshotRange)
                    let isLast = high >= bounds.maxID
                    try await pool.write { db in
                        var arguments: StatementArguments = [id, nowMillis, from, isLast ? Int64.max : high, id]
                        if let filter { arguments += StatementArguments(filter) }
                        try db.execute(sql: sql, arguments: arguments)
                        if isLast {
                            try db.execute(sql: "UPDATE campaigns SET snapshot_taken = 1 WHERE id = ?", arguments: [id])
                        }
                    }
                    low = high
                } while low < bounds.maxID
            }
            return try await pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ? AND state = 'pending'",
                    arguments: [id]) ?? 0
            }
        }
    }

    /// Inserts the eligible subscribers with `low < id <= high` as pending; a row already there is left alone. The
    /// segment's condition (its `?` numbered after these) and the order are appended.
    private static let snapshotSQL = """
        INSERT OR IGNORE INTO campaign_recipients (campaign_id, subscriber_id, state, updated_at)
        SELECT ?1, s.id, 'pending', ?2 FROM subscribers s
        WHERE s.id > ?3 AND s.id <= ?4 AND s.status = 'enabled'
          AND EXISTS (SELECT 1 FROM subscriptions sub
                      WHERE sub.subscriber_id = s.id AND sub.status = 'confirmed'
                        AND sub.list_id IN (SELECT list_id FROM campaign_lists WHERE campaign_id = ?5))
          AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email)
        """

    public func pendingRecipients(campaign id: Int64, limit: Int) async throws -> [PendingRecipient] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT c.subscriber_id AS pending_id, s.*,
                               EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email) AS suppressed
                        FROM campaign_recipients c LEFT JOIN subscribers s ON s.id = c.subscriber_id
                        WHERE c.campaign_id = ? AND c.state = 'pending'
                        ORDER BY c.subscriber_id LIMIT ?
                        """, arguments: [id, limit]
                ).map { row in
                    let subscriber = (row["id"] as Int64?) == nil ? nil : try Self.subscriber(row)
                    return PendingRecipient(
                        subscriberID: row["pending_id"], subscriber: subscriber, suppressed: row["suppressed"] ?? false)
                }
            }
        }
    }

    public func enqueueCampaignMessages(
        campaign id: Int64, _ messages: [CampaignMessage], skips: [CampaignSkip], now: Date
    ) async throws {
        guard !messages.isEmpty || !skips.isEmpty else { return }
        let batch = messages.map { item in
            var message = item.message
            message.campaignID = id
            message.subscriberID = item.subscriberID
            return message
        }
        let encoded = try Self.encodedTexts(batch)
        let nowMillis = StoredTime.millis(now)
        try await translatingErrors {
            try await pool.write { db in
                let state = try String.fetchOne(db, sql: "SELECT state FROM campaigns WHERE id = ?", arguments: [id])
                guard state == CampaignState.running.rawValue else {
                    throw StorageError.conflict("campaign \(id) is \(state ?? "unknown"), not running")
                }
                let settle = try db.cachedStatement(
                    sql: """
                        UPDATE campaign_recipients SET state = ?, message_id = ?, reason = ?, updated_at = ?
                        WHERE campaign_id = ? AND subscriber_id = ? AND state = 'pending'
                        """)
                func move(_ subscriberID: Int64, to next: LedgerState, message: String?, reason: String?) throws {
                    try settle.execute(arguments: [next.rawValue, message, reason, nowMillis, id, subscriberID])
                    guard db.changesCount == 1 else {
                        throw StorageError.conflict("campaign \(id): subscriber \(subscriberID) is not pending")
                    }
                }
                for (message, texts) in zip(batch, encoded) {
                    try move(message.subscriberID ?? 0, to: .enqueued, message: message.id.rawValue, reason: nil)
                    try Self.insert(message, headers: texts.headers, metadata: texts.metadata, db)
                }
                for skip in skips {
                    try move(skip.subscriberID, to: .skipped, message: nil, reason: skip.reason.rawValue)
                }
            }
        }
    }

    public func expirePending(campaign id: Int64, now: Date) async throws -> Int {
        try await closePending(campaign: id, to: .expired, reason: ExpiryReason.deadline.rawValue, now: now)
    }

    public func cancelPending(campaign id: Int64, now: Date) async throws -> Int {
        try await closePending(campaign: id, to: .cancelled, reason: nil, now: now)
    }

    private func closePending(campaign id: Int64, to state: LedgerState, reason: String?, now: Date) async throws
        -> Int
    {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE campaign_recipients SET state = ?, reason = ?, updated_at = ?
                        WHERE campaign_id = ? AND state = 'pending'
                        """, arguments: [state.rawValue, reason, StoredTime.millis(now), id])
                return db.changesCount
            }
        }
    }

    public func campaignWaiting(campaign id: Int64) async throws -> Int {
        try await translatingErrors {
            try await pool.read { db in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM messages INDEXED BY messages_campaign_unfinished
                        WHERE campaign_id = ? AND finished_at IS NULL
                        """, arguments: [id]) ?? 0
            }
        }
    }

    public func campaignProgress(campaign id: Int64) async throws -> CampaignProgress {
        try await translatingErrors {
            try await pool.read { db in
                var progress = CampaignProgress()
                let ledger = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT state, reason, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ?
                        GROUP BY state, reason
                        """, arguments: [id])
                for row in ledger {
                    guard let state = LedgerState(rawValue: row["state"]) else {
                        throw StorageError.corrupt("campaign \(id): ledger state \(row["state"] ?? "?")")
                    }
                    progress.ledger[state, default: 0] += row["n"]
                    if state == .skipped, let reason = LedgerSkipReason(rawValue: row["reason"] ?? "") {
                        progress.skipped[reason, default: 0] += row["n"]
                    }
                }
                let queue = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.state, COUNT(*) AS n FROM messages m INDEXED BY messages_campaign
                        JOIN recipients r ON r.message_id = m.id
                        WHERE m.campaign_id = ? GROUP BY r.state
                        """, arguments: [id])
                for row in queue {
                    progress.queue[try RecipientRows.state(row["state"], message: "(campaign \(id))")] = row["n"]
                }
                let expired = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.note, COUNT(*) AS n FROM messages m INDEXED BY messages_campaign
                        JOIN events e ON e.message_id = m.id
                        WHERE m.campaign_id = ? AND e.state = 'expired' GROUP BY e.note
                        """, arguments: [id])
                for row in expired {
                    progress.queueExpired[row["note"] ?? "unknown"] = row["n"]
                }
                return progress
            }
        }
    }
}
