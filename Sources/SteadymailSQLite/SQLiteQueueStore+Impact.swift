import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func impactEvents(relay: String?, from: Date, to: Date, limit: Int) async throws -> [ImpactEvent] {
        guard limit > 0 else { return [] }
        let arguments = ImpactEventsQuery.touchedArguments(
            relay: relay, from: StoredTime.millis(from), to: StoredTime.millis(to), limit: limit)
        return try await translatingErrors {
            try await pool.read { db in
                let rows = try Row.fetchAll(db, sql: ImpactEventsQuery.events, arguments: arguments)
                let messageIDs = Array(Set(rows.map { $0["message_id"] as String }))
                var tags: [String: [String]] = [:]
                for chunk in stride(from: 0, to: messageIDs.count, by: 500) {
                    let ids = Array(messageIDs[chunk..<min(chunk + 500, messageIDs.count)])
                    let tagRows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT message_id, tag FROM message_tags
                            WHERE message_id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY rowid
                            """,
                        arguments: StatementArguments(ids))
                    for row in tagRows { tags[row["message_id"], default: []].append(row["tag"]) }
                }
                return try rows.map { row in
                    let messageText: String = row["message_id"]
                    guard let messageID = QueueID(messageText) else {
                        throw StorageError.corrupt("event of message \(messageText)")
                    }
                    let state = try RecipientRows.state(row["state"], message: messageText)
                    let priority = try RecipientRows.priority(row["priority"], message: messageText)
                    return ImpactEvent(
                        messageID: messageID, recipientIndex: row["recipient_idx"], time: StoredTime.date(row["time"]),
                        state: state, relay: row["relay"], note: row["note"], priority: priority,
                        tags: tags[messageText] ?? [], receivedAt: StoredTime.date(row["received_at"]))
                }
            }
        }
    }
}
