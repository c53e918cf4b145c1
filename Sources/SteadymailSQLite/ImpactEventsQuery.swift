import GRDB
import SteadymailDomain

/// The SQL that finds the recipients an incident touched and reads their whole history.
///
/// It exists apart from the store method so that a test can hold its plan to `events_impact_time`: the touched
/// recipients are found by a range over the time of the events an incident can touch, never by reading the whole log.
enum ImpactEventsQuery {
    /// The condition of the partial index `events_impact_time` (migration v10_monitoring), repeated word for word so
    /// that SQLite sees the query implies it and may use the index.
    static let indexed = """
        (state IN ('expired', 'deferred') \
        OR note IN ('failed over', 'no relay available', 'no other relay available'))
        """

    /// Distinct recipients with an event in the window that touches an incident.
    static var touched: String {
        let waiting = databaseQuestionMarks(count: ImpactNote.waiting.count)
        return """
            SELECT DISTINCT message_id, recipient_idx FROM events
            WHERE time >= ? AND time <= ? AND recipient_idx IS NOT NULL AND \(indexed)
                AND (state = 'expired'
                    OR (state = 'in_flight' AND note = ? AND (? IS NULL OR relay = ?))
                    OR (state = 'deferred' AND relay IS NOT NULL AND (? IS NULL OR relay = ?))
                    OR (state IN ('deferred', 'queued') AND note IN (\(waiting))))
            LIMIT ?
            """
    }

    static func touchedArguments(relay: String?, from: Int64, to: Int64, limit: Int) -> StatementArguments {
        var arguments: StatementArguments = [from, to, ImpactNote.failedOver, relay, relay, relay, relay]
        arguments += StatementArguments(ImpactNote.waiting)
        arguments += [limit]
        return arguments
    }

    /// Every event of the touched recipients with their message's priority and arrival, by recipient then time.
    static var events: String {
        """
        WITH touched AS (\(touched))
        SELECT e.message_id, e.recipient_idx, e.time, e.state, e.relay, e.note, m.priority, m.received_at
        FROM touched
        JOIN events e ON e.message_id = touched.message_id AND e.recipient_idx = touched.recipient_idx
        JOIN messages m ON m.id = touched.message_id
        ORDER BY e.message_id, e.recipient_idx, e.time, e.id
        """
    }
}
