import GRDB
import SteadymailDomain
import SteadymailStorage

/// The claim-time re-check of campaign mail: a subscriber who unsubscribed, was blocklisted, bounced, was deleted or
/// suppressed after their message was queued is not mailed, and nothing of a paused or cancelled campaign leaves.
///
/// It exists because a campaign's messages may wait in the queue for hours (an outage, a pause) and a late
/// unsubscribe must still be honoured, and because a message in flight when its campaign was paused or cancelled may
/// come back to the queue (deferred) after the pause's hold or the cancel's delete went by. It runs inside the
/// claim's transaction: claimed recipients whose subscriber may no longer be mailed move to `expired` (reason
/// `unsubscribed` or `suppressed`, no notice), those of a cancelled campaign to `expired` (reason `deleted`), those of a
/// paused campaign to `held` (the claim is undone as a hold would have caught it), each with an event, and none is
/// handed to delivery. Mail without a campaign costs one primary key lookup of its message, which the claim reads
/// anyway.
enum CampaignClaimCheck {
    private enum Verdict {
        case expire(ExpiryReason)
        case hold
    }

    /// Settles the claimed campaign recipients among `keys` that must not be delivered; returns the keys that remain
    /// claimed, in order.
    static func filter(_ keys: [RecipientKey], now: Int64, _ db: Database) throws -> [RecipientKey] {
        guard !keys.isEmpty else { return keys }
        let ids = Array(Set(keys.map(\.messageID.rawValue)))
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, s.status, c.state AS campaign_state,
                       EXISTS (SELECT 1 FROM suppressions x WHERE x.email = s.email) AS suppressed
                FROM messages m
                LEFT JOIN subscribers s ON s.id = m.subscriber_id
                LEFT JOIN campaigns c ON c.id = m.campaign_id
                WHERE m.id IN (\(placeholders)) AND m.campaign_id IS NOT NULL
                """, arguments: StatementArguments(ids))
        var verdicts: [String: Verdict] = [:]
        for row in rows {
            let campaignState: String? = row["campaign_state"]
            let status: String? = row["status"]
            if campaignState == CampaignState.cancelled.rawValue {
                verdicts[row["id"]] = .expire(.deleted)
            } else if status != SubscriberStatus.enabled.rawValue {
                verdicts[row["id"]] = .expire(.unsubscribed)
            } else if row["suppressed"] == true {
                verdicts[row["id"]] = .expire(.suppressed)
            } else if campaignState == CampaignState.paused.rawValue {
                verdicts[row["id"]] = .hold
            }
        }
        guard !verdicts.isEmpty else { return keys }
        let settle = try db.cachedStatement(
            sql: """
                UPDATE recipients SET state = ?, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL,
                    attempts = MAX(attempts - 1, 0), updated_at = ?
                WHERE message_id = ? AND idx = ?
                """)
        var kept: [RecipientKey] = []
        for key in keys {
            switch verdicts[key.messageID.rawValue] {
            case nil:
                kept.append(key)
            case .expire(let reason):
                try settle.execute(arguments: [RecipientState.expired.rawValue, now, key.messageID.rawValue, key.index])
                try EventLog.append(
                    key, time: now, state: .expired, note: reason.rawValue,
                    webhook: reason == .deleted ? .deleted : .expired, db)
            case .hold:
                try settle.execute(arguments: [RecipientState.held.rawValue, now, key.messageID.rawValue, key.index])
                try EventLog.append(key, time: now, state: .held, note: "campaign paused", webhook: .held, db)
            }
        }
        return kept
    }
}
