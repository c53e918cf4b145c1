import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func campaignActivity(campaign: Int64) async throws -> CampaignActivity {
        try await translatingErrors {
            try await pool.read { db in
                let queue = try Row.fetchOne(db, sql: CampaignReportQuery.queueActivity, arguments: [campaign])
                let other = try Row.fetchOne(
                    db, sql: CampaignReportQuery.otherActivity, arguments: [campaign, campaign])
                let firsts = [queue?["first"], other?["first"]].compactMap { $0 as Int64? }
                let lasts = [queue?["last"], other?["last"]].compactMap { $0 as Int64? }
                return CampaignActivity(
                    deferredRecipients: queue?["deferred"] ?? 0, firstActivity: firsts.min().map(StoredTime.date),
                    lastActivity: lasts.max().map(StoredTime.date))
            }
        }
    }

    public func campaignHours(campaign: Int64, from: Date, to: Date) async throws -> [CampaignHour] {
        let range: StatementArguments = [campaign, StoredTime.millis(from), StoredTime.millis(to)]
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: CampaignReportQuery.hours, arguments: range + range + range).map { row in
                    CampaignHour(
                        hour: StoredTime.date(row["hour"]), sent: row["sent"], delivered: row["delivered"],
                        deferrals: row["deferrals"], bounces: row["bounces"])
                }
            }
        }
    }

    public func campaignDelays(campaign: Int64, windows: [ImpactWindow], now: Date) async throws -> DelayStatistics {
        guard !windows.isEmpty else { return .none }
        let (delays, arguments) = CampaignReportQuery.delays(windows: windows, campaign: campaign, now: now)
        return try await translatingErrors {
            try await pool.read { db in
                let totals = try Row.fetchOne(
                    db,
                    sql: delays + """
                        SELECT COUNT(*) AS n, COALESCE(SUM(waiting), 0) AS waiting,
                            COALESCE(SUM(delay), 0) AS total, COALESCE(MAX(delay), 0) AS longest
                        FROM delays
                        """, arguments: arguments)
                let count: Int = totals?["n"] ?? 0
                guard count > 0, let totals else { return .none }
                let (offset, length) = DelayStatistics.middle(count: count)
                let middle = try Int64.fetchAll(
                    db, sql: delays + " SELECT delay FROM delays ORDER BY delay LIMIT ? OFFSET ?",
                    arguments: arguments + [length, offset])
                return DelayStatistics(
                    recipients: count, stillWaiting: totals["waiting"], total: Self.seconds(totals["total"]),
                    longest: Self.seconds(totals["longest"]), middle: middle.map(Self.seconds))
            }
        }
    }

    private static func seconds(_ millis: Int64) -> TimeInterval { Double(millis) / 1_000 }
}
