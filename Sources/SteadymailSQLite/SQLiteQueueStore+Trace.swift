import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Reads one more position than asked for, to know whether a next page exists, then the summaries of the page,
    /// all in one read transaction.
    public func messages(matching query: MessageQuery) async throws -> MessagePage {
        let limit = max(0, query.limit)
        let select = MessageListQuery(query, limit: limit + 1)
        return try await translatingErrors {
            try await pool.read { db in
                let positions = try Row.fetchAll(db, sql: select.sql, arguments: select.arguments).map { row in
                    let rawID: String = row["message_id"]
                    guard let id = QueueID(rawID) else {
                        throw StorageError.corrupt("message \(rawID): malformed id")
                    }
                    return MessagePosition(receivedAt: StoredTime.date(row["received_at"] as Int64), id: id)
                }
                let page = Array(positions.prefix(limit))
                let summaries = try page.compactMap { try Self.summary(of: $0, db) }
                return MessagePage(messages: summaries, next: positions.count > limit ? page.last : nil)
            }
        }
    }

    public func waitingByRelay() async throws -> [String: [RecipientState: Int]] {
        try await translatingErrors {
            try await pool.read { db in
                var counts: [String: [RecipientState: Int]] = [:]
                for row in try Row.fetchAll(db, sql: Self.waitingByRelaySQL) {
                    let relay: String = row["last_relay"]
                    let state = try RecipientRows.state(row["state"], message: "(waiting by relay)")
                    counts[relay, default: [:]][state] = row["n"]
                }
                return counts
            }
        }
    }

    public func oldestWaitingArrival() async throws -> Date? {
        try await translatingErrors {
            try await pool.read { db in
                let oldest = try [RecipientState.queued, .deferred].compactMap { state in
                    try Int64.fetchOne(db, sql: Self.minimumSQL("received_at"), arguments: [state.rawValue])
                }
                return oldest.min().map(StoredTime.date)
            }
        }
    }

    /// Counts waiting recipients per last relay and state, reading the waiting ones through a state index.
    static let waitingByRelaySQL = """
        SELECT last_relay, state, COUNT(*) AS n FROM recipients
        WHERE state IN ('queued', 'deferred') AND last_relay IS NOT NULL
        GROUP BY last_relay, state
        """

    /// The summary of the message at `position`; nil when it is gone (which one read transaction rules out).
    private static func summary(of position: MessagePosition, _ db: Database) throws -> MessageSummary? {
        let id = position.id.rawValue
        let message = try db.cachedStatement(sql: "SELECT sender, priority FROM messages WHERE id = ?")
        guard let row = try Row.fetchOne(message, arguments: [id]) else { return nil }
        let recipients = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT idx, recipient, state FROM recipients WHERE message_id = ? ORDER BY idx"),
            arguments: [id]
        ).map { row in
            RecipientSummary(
                index: row["idx"], address: row["recipient"], state: try RecipientRows.state(row["state"], message: id))
        }
        let tags = try String.fetchAll(
            db.cachedStatement(sql: "SELECT tag FROM message_tags WHERE message_id = ? ORDER BY rowid"),
            arguments: [id])
        return MessageSummary(
            id: position.id, sender: row["sender"], priority: try RecipientRows.priority(row["priority"], message: id),
            receivedAt: position.receivedAt, tags: tags, recipients: recipients)
    }
}
