import GRDB
import SteadymailStorage

/// The SELECT that finds the positions (arrival time and message id) of one page of a message listing, newest first.
///
/// It exists so that every page is a short walk down one index already in list order, stopped at the limit, never a
/// sort of every matching message. The most selective filter picks the index that drives the walk: an address reads
/// `recipients_address`, a tag `message_tags_order`, a state `recipients_state_order`, no filter
/// `messages_received_order`; each of them ends in (received_at, message id). The other filters are checked per row
/// through primary keys (`+` keeps SQLite from walking a state index instead). Only fixed SQL is built; every value is
/// a bound argument.
struct MessageListQuery {
    var sql: String
    var arguments: StatementArguments

    /// Selects `received_at` and `message_id` of at most `limit` messages matching `query`.
    init(_ query: MessageQuery, limit: Int) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        let table: String
        let idColumn: String
        var distinct = true
        if let recipient = query.recipient {
            (table, idColumn) = ("recipients", "message_id")
            conditions.append("d.recipient = ? COLLATE NOCASE")
            arguments += [recipient]
            if let state = query.state {
                conditions.append("+d.state = ?")
                arguments += [state.rawValue]
            }
            if let tag = query.tag {
                conditions.append(
                    "EXISTS (SELECT 1 FROM message_tags t WHERE t.message_id = d.message_id AND t.tag = ?)")
                arguments += [tag]
            }
        } else if let tag = query.tag {
            (table, idColumn, distinct) = ("message_tags", "message_id", false)
            conditions.append("d.tag = ?")
            arguments += [tag]
            if let state = query.state {
                conditions.append(
                    "EXISTS (SELECT 1 FROM recipients r WHERE r.message_id = d.message_id AND +r.state = ?)")
                arguments += [state.rawValue]
            }
        } else if let state = query.state {
            (table, idColumn) = ("recipients", "message_id")
            conditions.append("d.state = ?")
            arguments += [state.rawValue]
        } else {
            (table, idColumn, distinct) = ("messages", "id", false)
        }
        if let since = query.receivedSince {
            conditions.append("d.received_at >= ?")
            arguments += [StoredTime.millis(since)]
        }
        if let before = query.receivedBefore {
            conditions.append("d.received_at < ?")
            arguments += [StoredTime.millis(before)]
        }
        if let after = query.after {
            conditions.append("(d.received_at, d.\(idColumn)) < (?, ?)")
            arguments += [StoredTime.millis(after.receivedAt), after.id.rawValue]
        }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        sql = """
            SELECT \(distinct ? "DISTINCT " : "")d.received_at AS received_at, d.\(idColumn) AS message_id
            FROM \(table) d\(clause)
            ORDER BY d.received_at DESC, d.\(idColumn) DESC LIMIT ?
            """
        arguments += [max(0, limit)]
        self.arguments = arguments
    }
}
