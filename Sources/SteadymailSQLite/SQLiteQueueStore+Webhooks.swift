import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Webhook subscriptions and their outbox. Claiming is one `UPDATE ... RETURNING` over the pending rows that are due
/// and first in line for their message and webhook; the single SQLite writer makes it atomic.
extension SQLiteQueueStore {
    public func createWebhook(_ webhook: WebhookRecord) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO webhooks (id, url, description, secret, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [
                        webhook.id, webhook.url, webhook.description, webhook.secret,
                        StoredTime.millis(webhook.createdAt),
                    ])
                for type in webhook.events {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO webhook_subscriptions (type, webhook_id) VALUES (?, ?)",
                        arguments: [type.rawValue, webhook.id])
                }
            }
        }
    }

    public func webhooks() async throws -> [WebhookRecord] {
        try await translatingErrors {
            try await pool.read { db in
                let types = try Row.fetchAll(db, sql: "SELECT webhook_id, type FROM webhook_subscriptions")
                var events: [String: [WebhookEventType]] = [:]
                for row in types {
                    let id: String = row["webhook_id"]
                    guard let type = WebhookEventType(rawValue: row["type"]) else {
                        throw StorageError.corrupt("webhook \(id): unknown event type")
                    }
                    events[id, default: []].append(type)
                }
                return try Row.fetchAll(
                    db, sql: "SELECT id, url, description, secret, created_at FROM webhooks ORDER BY created_at, id"
                ).map { row in
                    let id: String = row["id"]
                    return WebhookRecord(
                        id: id, url: row["url"], events: (events[id] ?? []).sorted(), description: row["description"],
                        secret: row["secret"], createdAt: StoredTime.date(row["created_at"]))
                }
            }
        }
    }

    public func removeWebhook(id: String) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM webhooks WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }

    public func claimWebhookDeliveries(now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookDelivery] {
        guard limit > 0 else { return [] }
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                let ids = try Int64.fetchAll(
                    db,
                    sql: """
                        UPDATE webhook_outbox SET lease_until = ?, attempts = attempts + 1
                        WHERE id IN (
                            SELECT o.id FROM webhook_outbox o INDEXED BY webhook_outbox_due
                            WHERE o.state = 'pending' AND o.next_attempt_at <= ?
                                AND (o.lease_until IS NULL OR o.lease_until <= ?)
                                AND NOT EXISTS (
                                    SELECT 1 FROM webhook_outbox p INDEXED BY webhook_outbox_order
                                    WHERE p.state = 'pending' AND p.webhook_id = o.webhook_id
                                        AND p.message_id = o.message_id AND p.id < o.id)
                            ORDER BY o.next_attempt_at, o.id LIMIT ?)
                        RETURNING id
                        """,
                    arguments: [StoredTime.millis(leaseUntil), nowMillis, nowMillis, limit])
                return try Self.deliveries(db, where: "o.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
            }
        }
    }

    public func markWebhookDelivered(_ id: Int64, now: Date) async throws {
        try await finish(id, state: "delivered", error: nil, now: now)
    }

    public func giveUpWebhookDelivery(_ id: Int64, error: String, now: Date) async throws {
        try await finish(id, state: "failed", error: error, now: now)
    }

    public func rescheduleWebhookDelivery(_ id: Int64, nextAttemptAt: Date, error: String, now: Date) async throws {
        let next = StoredTime.millis(nextAttemptAt)
        try await translatingErrors {
            try await pool.write { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            UPDATE webhook_outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ?
                            WHERE id = ? AND state = 'pending'
                            RETURNING webhook_id, message_id
                            """,
                        arguments: [next, error, id])
                else { return }
                // The later events of the message wait for this one anyway; not due before it, they are not read by
                // every claim in between.
                try db.execute(
                    sql: """
                        UPDATE webhook_outbox SET next_attempt_at = ?
                        WHERE state = 'pending' AND webhook_id = ? AND message_id = ? AND id > ? AND next_attempt_at < ?
                        """,
                    arguments: [next, row["webhook_id"] as String, row["message_id"] as String, id, next])
            }
        }
    }

    public func giveUpWebhookDeliveries(happenedBefore: Date, now: Date, limit: Int) async throws
        -> [WebhookDelivery]
    {
        let cutoff = StoredTime.millis(happenedBefore)
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                let ids = try Int64.fetchAll(
                    db,
                    sql: """
                        UPDATE webhook_outbox
                        SET state = 'failed', finished_at = ?, last_error = COALESCE(last_error, 'not attempted')
                        WHERE id IN (
                            SELECT id FROM webhook_outbox INDEXED BY webhook_outbox_age
                            WHERE state = 'pending' AND time <= ? AND (lease_until IS NULL OR lease_until <= ?)
                            ORDER BY time LIMIT ?)
                        RETURNING id
                        """,
                    arguments: [nowMillis, cutoff, nowMillis, max(limit, 0)])
                return try Self.deliveries(db, where: "o.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
            }
        }
    }

    public func pendingWebhookDeliveries() async throws -> Int {
        try await translatingErrors {
            try await pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM webhook_outbox INDEXED BY webhook_outbox_age WHERE state = 'pending'"
                ) ?? 0
            }
        }
    }

    public func webhookDeliveryCounts() async throws -> [String: WebhookDeliveryCounts] {
        try await translatingErrors {
            try await pool.read { db in
                var counts: [String: WebhookDeliveryCounts] = [:]
                let rows = try Row.fetchAll(
                    db, sql: "SELECT webhook_id, state, COUNT(*) AS n FROM webhook_outbox GROUP BY webhook_id, state")
                for row in rows {
                    let id: String = row["webhook_id"]
                    let n: Int = row["n"]
                    switch row["state"] as String {
                    case "pending": counts[id, default: .init()].pending = n
                    case "delivered": counts[id, default: .init()].delivered = n
                    default: counts[id, default: .init()].failed = n
                    }
                }
                return counts
            }
        }
    }

    /// Ends a pending entry as `delivered` or `failed`.
    private func finish(_ id: Int64, state: String, error: String?, now: Date) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE webhook_outbox
                        SET state = ?, finished_at = ?, lease_until = NULL, last_error = COALESCE(?, last_error)
                        WHERE id = ? AND state = 'pending'
                        """,
                    arguments: [state, StoredTime.millis(now), error, id])
            }
        }
    }

    /// The outbox entries matching `condition` (fixed SQL over alias `o`, `?` bound to `ids`) with their webhook, in
    /// entry order.
    private static func deliveries(_ db: Database, where condition: String, _ ids: [Int64]) throws
        -> [WebhookDelivery]
    {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT o.id, o.webhook_id, w.url, w.secret, o.event_id, o.type, o.time, o.message_id, o.recipient_idx,
                       o.recipient, o.relay, o.reply, o.note, o.tags, o.attempts
                FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
                WHERE \(condition) ORDER BY o.id
                """,
            arguments: StatementArguments(ids))
        return try rows.map(delivery)
    }

    private static func delivery(_ row: Row) throws -> WebhookDelivery {
        let id: Int64 = row["id"]
        guard let type = WebhookEventType(rawValue: row["type"]), let messageID = QueueID(row["message_id"] as String)
        else {
            throw StorageError.corrupt("webhook outbox entry \(id): unknown event type or message id")
        }
        let tagsText: String = row["tags"]
        let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8))) ?? []
        return WebhookDelivery(
            id: id, webhookID: row["webhook_id"], url: row["url"], secret: row["secret"],
            event: WebhookEvent(
                id: row["event_id"], type: type, time: StoredTime.date(row["time"]),
                recipient: RecipientKey(messageID: messageID, index: row["recipient_idx"]), address: row["recipient"],
                relay: row["relay"], reply: row["reply"], note: row["note"], tags: tags),
            attempts: row["attempts"])
    }
}
