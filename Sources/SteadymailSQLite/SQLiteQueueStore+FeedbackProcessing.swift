import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func campaignMessageSent(campaign: Int64, subscriber: Int64) async throws -> Bool {
        try await translatingErrors {
            try await pool.read { db in
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM campaign_recipients
                            WHERE campaign_id = ? AND subscriber_id = ? AND message_id IS NOT NULL)
                        """,
                    arguments: [campaign, subscriber]) ?? false
            }
        }
    }

    public func messageOrigin(_ id: QueueID) async throws -> MessageOrigin? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT m.campaign_id, m.subscriber_id,
                            (SELECT r.last_relay FROM recipients r WHERE r.message_id = m.id
                                AND r.last_relay IS NOT NULL ORDER BY r.updated_at DESC LIMIT 1) AS relay
                        FROM messages m WHERE m.id = ?
                        """,
                    arguments: [id.rawValue]
                ).map {
                    MessageOrigin(campaignID: $0["campaign_id"], subscriberID: $0["subscriber_id"], relay: $0["relay"])
                }
            }
        }
    }

    public func softBounceCampaigns(subscriber: Int64?, email: String) async throws -> Int {
        let column = subscriber == nil ? "email" : "subscriber_id"
        let arguments: StatementArguments = subscriber.map { [$0] } ?? [email]
        return try await translatingErrors {
            try await pool.read { db in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(DISTINCT campaign_id) + COUNT(*) - COUNT(campaign_id)
                        FROM feedback_events WHERE \(column) = ? AND kind = 'soft_bounce'
                        """,
                    arguments: arguments) ?? 0
            }
        }
    }

    public func unprocessedFeedback(limit: Int) async throws -> [StoredFeedback] {
        guard limit > 0 else { return [] }
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM feedback_events WHERE processed = 0 ORDER BY id LIMIT ?",
                    arguments: [limit]
                ).map(Self.storedFeedback)
            }
        }
    }

    public func markFeedbackProcessed(ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await translatingErrors {
            try await pool.write { db in
                for id in ids {
                    try db.execute(sql: "UPDATE feedback_events SET processed = 1 WHERE id = ?", arguments: [id])
                }
            }
        }
    }

    static func storedFeedback(_ row: Row) throws -> StoredFeedback {
        let id: Int64 = row["id"]
        let kindText: String = row["kind"]
        let sourceText: String = row["source"]
        guard let kind = FeedbackKind(rawValue: kindText), let source = FeedbackSource(rawValue: sourceText) else {
            throw StorageError.corrupt("feedback event \(id): kind \(kindText), source \(sourceText)")
        }
        let messageText: String? = row["message_id"]
        return StoredFeedback(
            id: id,
            event: FeedbackEvent(
                kind: kind, source: source, email: row["email"], campaignID: row["campaign_id"],
                subscriberID: row["subscriber_id"], messageID: messageText.flatMap(QueueID.init), relay: row["relay"],
                status: row["status"], detail: row["detail"], at: StoredTime.date(row["at"]),
                dedupeKey: row["dedupe_key"]))
    }
}
