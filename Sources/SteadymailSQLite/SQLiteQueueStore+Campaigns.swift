import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Campaigns themselves: their settings, lists and state. The ledger is in `SQLiteQueueStore+CampaignLedger`.
extension SQLiteQueueStore {
    public func createCampaign(_ campaign: NewCampaign, now: Date) async throws -> CampaignRecord {
        let nowMillis = StoredTime.millis(now)
        return try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO campaigns (name, state, template, from_address, from_name, priority,
                                               throttle_per_minute, window_start, window_end, time_zone, send_at,
                                               deadline, segment, tracking, created_at)
                        VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        campaign.name, campaign.templateName, campaign.fromAddress, campaign.fromName,
                        campaign.priority.rawValue, campaign.throttlePerMinute, campaign.window?.startMinute,
                        campaign.window?.endMinute, campaign.timeZone, StoredTime.nullableMillis(campaign.sendAt),
                        StoredTime.nullableMillis(campaign.deadline), campaign.segment, campaign.tracking, nowMillis,
                    ])
                let id = db.lastInsertedRowID
                for listID in Set(campaign.listIDs) {
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM lists WHERE id = ?", arguments: [listID]) != nil
                    else { throw StorageError.conflict("unknown list \(listID)") }
                    try db.execute(
                        sql: "INSERT INTO campaign_lists (campaign_id, list_id) VALUES (?, ?)", arguments: [id, listID])
                }
                guard let stored = try Self.campaign(id: id, db) else { throw StorageError.corrupt("campaign \(id)") }
                return stored
            }
        }
    }

    public func campaign(id: Int64) async throws -> CampaignRecord? {
        try await translatingErrors {
            try await pool.read { db in try Self.campaign(id: id, db) }
        }
    }

    public func campaigns(states: Set<CampaignState>?) async throws -> [CampaignRecord] {
        try await translatingErrors {
            try await pool.read { db in
                let lists = try Self.campaignLists(db)
                var sql = "SELECT * FROM campaigns"
                var arguments = StatementArguments()
                if let states {
                    guard !states.isEmpty else { return [] }
                    sql += " WHERE state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))"
                    arguments += StatementArguments(states.map(\.rawValue).sorted())
                }
                return try Row.fetchAll(db, sql: sql + " ORDER BY id DESC", arguments: arguments).map { row in
                    try Self.campaignRecord(row, lists: lists[row["id"]] ?? [])
                }
            }
        }
    }

    public func deleteDraftCampaign(id: Int64) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                let state = try String.fetchOne(db, sql: "SELECT state FROM campaigns WHERE id = ?", arguments: [id])
                guard state == CampaignState.draft.rawValue else { return false }
                try db.execute(sql: "DELETE FROM campaign_lists WHERE campaign_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM campaigns WHERE id = ?", arguments: [id])
                return true
            }
        }
    }

    public func setCampaignState(id: Int64, to state: CampaignState, note: String?, sendAt: Date?, now: Date)
        async throws -> Bool
    {
        let from = CampaignState.predecessors(of: state).map(\.rawValue).sorted()
        guard !from.isEmpty else { return false }
        let nowMillis = StoredTime.millis(now)
        var arguments: StatementArguments = [
            state.rawValue, note, StoredTime.nullableMillis(sendAt), state == .running ? nowMillis : nil,
            state.isFinal ? nowMillis : nil, id,
        ]
        arguments += StatementArguments(from)
        let finalArguments = arguments
        return try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE campaigns
                        SET state = ?, note = ?, send_at = COALESCE(?, send_at),
                            started_at = COALESCE(started_at, ?), finished_at = COALESCE(?, finished_at)
                        WHERE id = ? AND state IN (\(Array(repeating: "?", count: from.count).joined(separator: ", ")))
                        """,
                    arguments: finalArguments)
                return db.changesCount > 0
            }
        }
    }

    static func campaign(id: Int64, _ db: Database) throws -> CampaignRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM campaigns WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let lists = try Int64.fetchAll(
            db, sql: "SELECT list_id FROM campaign_lists WHERE campaign_id = ? ORDER BY list_id", arguments: [id])
        return try campaignRecord(row, lists: lists)
    }

    private static func campaignLists(_ db: Database) throws -> [Int64: [Int64]] {
        var lists: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT campaign_id, list_id FROM campaign_lists ORDER BY list_id") {
            lists[row["campaign_id"], default: []].append(row["list_id"])
        }
        return lists
    }

    private static func campaignRecord(_ row: Row, lists: [Int64]) throws -> CampaignRecord {
        let id: Int64 = row["id"]
        guard let state = CampaignState(rawValue: row["state"]), let priority = Priority(rawValue: row["priority"])
        else { throw StorageError.corrupt("campaign \(id)") }
        let zone: String = row["time_zone"]
        let window: SendWindow? =
            if let start = row["window_start"] as Int?, let end = row["window_end"] as Int? {
                SendWindow(startMinute: start, endMinute: end, timeZone: zone)
            } else {
                nil
            }
        let settings = NewCampaign(
            name: row["name"], templateName: row["template"], fromAddress: row["from_address"],
            fromName: row["from_name"], priority: priority, throttlePerMinute: row["throttle_per_minute"],
            window: window, timeZone: zone, sendAt: StoredTime.nullableDate(row["send_at"]),
            deadline: StoredTime.nullableDate(row["deadline"]), segment: row["segment"], listIDs: lists,
            tracking: row["tracking"])
        return CampaignRecord(
            id: id, settings: settings, state: state, note: row["note"], snapshotTaken: row["snapshot_taken"],
            createdAt: StoredTime.date(row["created_at"]), startedAt: StoredTime.nullableDate(row["started_at"]),
            finishedAt: StoredTime.nullableDate(row["finished_at"]))
    }
}
