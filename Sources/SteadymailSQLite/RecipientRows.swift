import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Reads `RecipientRecord`s out of the recipients table joined with their message, in one shape for listings, message
/// details and claims.
enum RecipientRows {
    /// Selects the columns `record(_:)` decodes; `r` is the recipients table and `m` the messages table.
    static let select = """
        SELECT r.message_id, r.idx, r.recipient, r.state, m.sender, m.priority, m.received_at, m.deliver_by,
               r.attempts, r.next_attempt_at, r.last_reply, r.last_relay, m.origin, m.submitter
        FROM recipients r JOIN messages m ON m.id = r.message_id
        """

    /// The recipient key in the `message_id` and `idx` columns of a row.
    static func key(_ row: Row) throws -> RecipientKey {
        let rawID: String = row["message_id"]
        guard let id = QueueID(rawID) else { throw StorageError.corrupt("message \(rawID): malformed id") }
        return RecipientKey(messageID: id, index: row["idx"])
    }

    static func record(_ row: Row) throws -> RecipientRecord {
        let key = try key(row)
        let rawID = key.messageID.rawValue
        return RecipientRecord(
            key: key,
            recipient: row["recipient"],
            state: try state(row["state"], message: rawID),
            sender: row["sender"],
            priority: try priority(row["priority"], message: rawID),
            receivedAt: StoredTime.date(row["received_at"] as Int64),
            deliverBy: StoredTime.nullableDate(row["deliver_by"] as Int64?),
            attempts: row["attempts"],
            nextAttemptAt: StoredTime.nullableDate(row["next_attempt_at"] as Int64?),
            lastReply: row["last_reply"],
            lastRelay: row["last_relay"],
            apiKey: (row["origin"] as String?)?.hasPrefix("api ") == true ? row["submitter"] : nil
        )
    }

    /// The records of the given recipients, in the order of `keys`.
    static func records(_ db: Database, keys: [RecipientKey]) throws -> [RecipientRecord] {
        let statement = try db.cachedStatement(sql: select + " WHERE r.message_id = ? AND r.idx = ?")
        return try keys.compactMap { key in
            try Row.fetchOne(statement, arguments: [key.messageID.rawValue, key.index]).map(record)
        }
    }

    static func state(_ raw: String, message: String) throws -> RecipientState {
        guard let state = RecipientState(rawValue: raw) else {
            throw StorageError.corrupt("message \(message): unknown state \(raw)")
        }
        return state
    }

    static func priority(_ raw: String, message: String) throws -> Priority {
        guard let priority = Priority(rawValue: raw) else {
            throw StorageError.corrupt("message \(message): unknown priority \(raw)")
        }
        return priority
    }

    /// The lowercased domain of an address, the part after its last `@`; empty when there is none.
    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return address[address.index(after: at)...].lowercased()
    }
}
