import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func insertFeedback(_ event: FeedbackEvent) async throws -> Int64? {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO feedback_events (at, kind, source, email, campaign_id, subscriber_id, message_id,
                            relay, status, detail, dedupe_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (dedupe_key) DO NOTHING
                        """,
                    arguments: [
                        StoredTime.millis(event.at), event.kind.rawValue, event.source.rawValue, event.email,
                        event.campaignID, event.subscriberID, event.messageID?.rawValue, event.relay, event.status,
                        event.detail, event.dedupeKey,
                    ])
                return db.changesCount > 0 ? db.lastInsertedRowID : nil
            }
        }
    }

    public func feedbackCounts(campaign: Int64) async throws -> [FeedbackKind: Int] {
        try await translatingErrors {
            try await pool.read { db in
                var counts: [FeedbackKind: Int] = [:]
                let rows = try Row.fetchAll(
                    db, sql: "SELECT kind, COUNT(*) AS n FROM feedback_events WHERE campaign_id = ? GROUP BY kind",
                    arguments: [campaign])
                for row in rows {
                    let text: String = row["kind"]
                    guard let kind = FeedbackKind(rawValue: text) else {
                        throw StorageError.corrupt("feedback kind \(text)")
                    }
                    counts[kind] = row["n"]
                }
                return counts
            }
        }
    }
}
