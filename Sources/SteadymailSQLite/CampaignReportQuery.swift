import Foundation
import GRDB
import SteadymailDomain

/// The SQL of the campaign report: every figure aggregated by SQLite, so that no recipient or event row reaches the
/// process.
///
/// It exists apart from the store methods so that the queries, which are the whole of the work, read in one place.
enum CampaignReportQuery {
    /// Deferred recipients and the span of queue events, over the campaign's messages (`messages_campaign`) and
    /// their events (`events_message`).
    static let queueActivity = """
        SELECT COUNT(DISTINCT CASE WHEN e.state = 'deferred' THEN e.message_id || ':' || e.recipient_idx END) AS deferred,
            MIN(e.time) AS first, MAX(e.time) AS last
        FROM messages m INDEXED BY messages_campaign JOIN events e ON e.message_id = m.id
        WHERE m.campaign_id = ?
        """

    /// The span of the campaign's feedback events and engagement hours.
    static let otherActivity = """
        SELECT MIN(first) AS first, MAX(last) AS last FROM (
            SELECT MIN(at) AS first, MAX(at) AS last FROM feedback_events WHERE campaign_id = ?
            UNION ALL
            SELECT MIN(hour), MAX(hour) FROM engagement_hours WHERE campaign_id = ?)
        """

    /// Messages queued, deliveries, deferrals and bounces per hour in `[from, to)`; arguments: campaign, from, to,
    /// three times.
    static let hours = """
        SELECT hour, SUM(sent) AS sent, SUM(delivered) AS delivered, SUM(deferrals) AS deferrals,
            SUM(bounces) AS bounces
        FROM (
            SELECT (m.received_at / 3600000) * 3600000 AS hour, 1 AS sent, 0 AS delivered, 0 AS deferrals,
                0 AS bounces
            FROM messages m INDEXED BY messages_campaign
            WHERE m.campaign_id = ? AND m.received_at >= ? AND m.received_at < ?
            UNION ALL
            SELECT (e.time / 3600000) * 3600000, 0, e.state = 'delivered', e.state = 'deferred', 0
            FROM messages m INDEXED BY messages_campaign JOIN events e ON e.message_id = m.id
            WHERE m.campaign_id = ? AND e.state IN ('delivered', 'deferred') AND e.time >= ? AND e.time < ?
            UNION ALL
            SELECT (at / 3600000) * 3600000, 0, 0, 0, 1 FROM feedback_events
            WHERE campaign_id = ? AND kind IN ('hard_bounce', 'soft_bounce') AND at >= ? AND at < ?)
        GROUP BY hour ORDER BY hour
        """

    /// Each delayed recipient's delay in milliseconds and whether it still waits, for `windows` (at least one): the
    /// rows `hit` of every window, each recipient once with its earliest start. A window holds up a recipient that,
    /// inside it, was deferred (on the window's relay, or with no relay) or waited for lack of a relay
    /// (`ImpactNote.waiting`), from that event; or one that sat out the window in the queue without a delivery
    /// attempt (queued before its end, not final before its start, no attempt or outcome event in it: nothing is claimed
    /// while every relay is down), from its arrival or the window's start, whichever is later.
    static func delays(windows: [ImpactWindow], campaign: Int64, now: Date) -> (
        sql: String, arguments: StatementArguments
    ) {
        var blocks: [String] = []
        var arguments: StatementArguments = []
        for window in windows {
            let (start, end) = (StoredTime.millis(window.start), StoredTime.millis(window.end))
            blocks.append(
                """
                SELECT e.message_id, e.recipient_idx, e.time AS started
                FROM events e JOIN messages m ON m.id = e.message_id
                WHERE e.time >= ? AND e.time <= ? AND \(ImpactEventsQuery.indexed) AND e.recipient_idx IS NOT NULL
                    AND m.campaign_id = ?
                    AND ((e.state = 'deferred' AND (? IS NULL OR e.relay IS NULL OR e.relay = ?))
                        OR (e.state IN ('queued', 'deferred') AND e.note IN (\(waitingNotes))))
                """)
            arguments += [start, end, campaign, window.relay, window.relay]
            arguments += StatementArguments(ImpactNote.waiting)
            blocks.append(
                """
                SELECT r.message_id, r.idx, MAX(m.received_at, ?)
                FROM messages m INDEXED BY messages_campaign JOIN recipients r ON r.message_id = m.id
                WHERE m.campaign_id = ? AND m.received_at <= ?
                    AND (r.state NOT IN \(QueueSchema.finalStates) OR r.updated_at >= ?)
                    AND NOT EXISTS (SELECT 1 FROM events e WHERE e.message_id = r.message_id
                        AND e.recipient_idx = r.idx AND e.state IN ('in_flight', 'delivered', 'bounced', 'deferred')
                        AND e.time >= ? AND e.time <= ?)
                """)
            arguments += [start, campaign, end, start, start, end]
        }
        arguments += [StoredTime.millis(now)]
        let sql = """
            WITH hit AS (
                SELECT message_id, recipient_idx, MIN(started) AS started FROM (
                    \(blocks.joined(separator: "\nUNION ALL\n")))
                GROUP BY message_id, recipient_idx),
            delays AS (
                SELECT MAX(0, CASE WHEN r.state IN \(QueueSchema.finalStates) THEN r.updated_at ELSE ? END
                        - hit.started) AS delay,
                    r.state NOT IN \(QueueSchema.finalStates) AS waiting
                FROM hit JOIN recipients r ON r.message_id = hit.message_id AND r.idx = hit.recipient_idx)
            """
        return (sql, arguments)
    }

    private static var waitingNotes: String { databaseQuestionMarks(count: ImpactNote.waiting.count) }
}
