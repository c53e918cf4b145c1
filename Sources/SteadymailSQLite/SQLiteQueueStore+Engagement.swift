import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func recordEngagement(_ hits: [EngagementHit]) async throws {
        guard !hits.isEmpty else { return }
        try await translatingErrors {
            try await pool.write { db in
                for hit in hits { try Self.record(hit, db) }
            }
        }
    }

    private static func record(_ hit: EngagementHit, _ db: Database) throws {
        let at = StoredTime.millis(hit.at)
        let hour = at - at % 3_600_000
        let seenBefore =
            try Bool.fetchOne(
                db,
                sql:
                    "SELECT EXISTS (SELECT 1 FROM engagement WHERE campaign_id = ? AND kind = ? AND subscriber_id = ?)",
                arguments: [hit.campaignID, hit.kind.rawValue, hit.subscriberID]) ?? false
        try db.execute(
            sql: """
                INSERT INTO engagement (campaign_id, kind, subscriber_id, link_id, count, first_at, last_at)
                VALUES (?, ?, ?, ?, 1, ?, ?)
                ON CONFLICT (campaign_id, kind, subscriber_id, link_id)
                DO UPDATE SET count = count + 1, last_at = MAX(last_at, excluded.last_at)
                """,
            arguments: [hit.campaignID, hit.kind.rawValue, hit.subscriberID, hit.linkID, at, at])
        try db.execute(
            sql: """
                INSERT INTO engagement_hours (campaign_id, kind, hour, total, uniques) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (campaign_id, kind, hour)
                DO UPDATE SET total = total + 1, uniques = uniques + excluded.uniques
                """,
            arguments: [hit.campaignID, hit.kind.rawValue, hour, seenBefore ? 0 : 1])
    }

    public func engagementSummary(campaign: Int64) async throws -> EngagementSummary {
        try await translatingErrors {
            try await pool.read { db in
                var summary = EngagementSummary()
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT kind, SUM(count) AS total, COUNT(DISTINCT subscriber_id) AS uniques
                        FROM engagement WHERE campaign_id = ? GROUP BY kind
                        """,
                    arguments: [campaign])
                for row in rows {
                    let total: Int = row["total"]
                    let uniques: Int = row["uniques"]
                    switch EngagementKind(rawValue: row["kind"]) {
                    case .open: (summary.opens, summary.uniqueOpens) = (total, uniques)
                    case .click: (summary.clicks, summary.uniqueClicks) = (total, uniques)
                    case nil: throw StorageError.corrupt("engagement kind \(String(describing: row["kind"]))")
                    }
                }
                return summary
            }
        }
    }

    public func engagementHours(campaign: Int64) async throws -> [EngagementHour] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT kind, hour, total, uniques FROM engagement_hours WHERE campaign_id = ?
                        ORDER BY hour, kind
                        """,
                    arguments: [campaign]
                ).map { row in
                    let text: String = row["kind"]
                    guard let kind = EngagementKind(rawValue: text) else {
                        throw StorageError.corrupt("engagement kind \(text)")
                    }
                    return EngagementHour(
                        hour: StoredTime.date(row["hour"]), kind: kind, total: row["total"], uniques: row["uniques"])
                }
            }
        }
    }
}
