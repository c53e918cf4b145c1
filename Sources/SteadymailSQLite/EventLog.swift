import GRDB
import SteadymailDomain
import SteadymailStorage

/// Appends rows to the `events` table, the history `steadymail message` shows. Every recipient state change writes
/// one in the same transaction as the change.
enum EventLog {
    static func append(
        _ key: RecipientKey, time: Int64, state: RecipientState, relay: String? = nil, reply: String? = nil,
        note: String?, _ db: Database
    ) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO events (message_id, recipient_idx, time, state, relay, reply, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        try statement.execute(arguments: [key.messageID.rawValue, key.index, time, state.rawValue, relay, reply, note])
    }
}
