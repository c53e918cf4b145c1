import Foundation
import GRDB
import SteadymailStorage

/// The stored link targets of campaigns (`campaign_links`), which click tokens name by id.
extension SQLiteQueueStore {
    public func campaignLinkID(campaign: Int64, url: String) async throws -> Int64 {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO campaign_links (campaign_id, url) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    arguments: [campaign, url])
                guard
                    let id = try Int64.fetchOne(
                        db, sql: "SELECT id FROM campaign_links WHERE campaign_id = ? AND url = ?",
                        arguments: [campaign, url])
                else { throw StorageError.corrupt("campaign link of campaign \(campaign)") }
                return id
            }
        }
    }

    public func campaignLink(id: Int64) async throws -> CampaignLink? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT campaign_id, url FROM campaign_links WHERE id = ?", arguments: [id])
                    .map { CampaignLink(id: id, campaignID: $0["campaign_id"], url: $0["url"]) }
            }
        }
    }
}
