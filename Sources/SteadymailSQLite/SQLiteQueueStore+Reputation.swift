import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Two aggregate queries: delivered recipients of the messages of campaigns still open in the window (found through
    /// `messages_campaign`, the delivery time is the recipient's `updated_at`, final once delivered), and the hard
    /// bounces and complaints among the feedback events of the window.
    public func reputationCounts(since: Date) async throws -> ReputationSnapshot {
        let sinceMillis = StoredTime.millis(since)
        return try await translatingErrors {
            try await pool.read { db in
                var snapshot = ReputationSnapshot()
                func add(campaign: Int64?, relay: String?, _ change: (inout ReputationCounts) -> Void) {
                    if let campaign { change(&snapshot.campaigns[campaign, default: ReputationCounts()]) }
                    if let relay { change(&snapshot.relays[relay, default: ReputationCounts()]) }
                }
                let delivered = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT m.campaign_id AS campaign, r.last_relay AS relay, COUNT(*) AS n
                        FROM messages m JOIN recipients r ON r.message_id = m.id
                        WHERE m.campaign_id IN (SELECT id FROM campaigns WHERE finished_at IS NULL OR finished_at >= ?)
                            AND r.state = 'delivered' AND r.updated_at >= ?
                        GROUP BY m.campaign_id, r.last_relay
                        """,
                    arguments: [sinceMillis, sinceMillis])
                for row in delivered {
                    let n: Int = row["n"]
                    add(campaign: row["campaign"], relay: row["relay"]) { $0.delivered += n }
                }
                let feedback = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT campaign_id AS campaign, relay, kind, COUNT(*) AS n FROM feedback_events
                        WHERE at >= ? AND kind IN (?, ?)
                        GROUP BY campaign_id, relay, kind
                        """,
                    arguments: [sinceMillis, FeedbackKind.hardBounce.rawValue, FeedbackKind.complaint.rawValue])
                for row in feedback {
                    let n: Int = row["n"]
                    let kind: String = row["kind"]
                    add(campaign: row["campaign"], relay: row["relay"]) { counts in
                        if kind == FeedbackKind.hardBounce.rawValue {
                            counts.hardBounces += n
                        } else {
                            counts.complaints += n
                        }
                    }
                }
                return snapshot
            }
        }
    }
}
