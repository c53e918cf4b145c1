import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Reads the counters `v4_recipient_counts` keeps: a handful of rows, however long the queue.
    public func counts() async throws -> QueueCounts {
        try await translatingErrors {
            try await pool.read { db in
                let rows = try Row.fetchAll(db, sql: Self.countsSQL)
                var counts = QueueCounts()
                for row in rows {
                    let state = try RecipientRows.state(row["state"], message: "(counts)")
                    let rank: Int = row["priority_rank"]
                    guard let priority = Priority.allCases.first(where: { $0.rank == rank }) else {
                        throw StorageError.corrupt("(counts): unknown priority rank \(rank)")
                    }
                    let n: Int = row["n"]
                    counts.byState[state, default: 0] += n
                    counts.byPriority[priority, default: [:]][state, default: 0] += n
                }
                return counts
            }
        }
    }

    static let countsSQL = "SELECT state, priority_rank, n FROM recipient_counts WHERE n > 0"

    public func recipients(matching filter: RecipientFilter) async throws -> [RecipientRecord] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let states = filter.states {
            conditions.append(
                "r.state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            arguments += StatementArguments(states.map(\.rawValue).sorted())
        }
        if let domain = filter.domain {
            conditions.append("r.domain = ?")
            arguments += [domain.lowercased()]
        }
        if let receivedBefore = filter.receivedBefore {
            conditions.append("m.received_at <= ?")
            arguments += [StoredTime.millis(receivedBefore)]
        }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = RecipientRows.select + clause + " ORDER BY m.received_at, r.message_id, r.idx LIMIT ?"
        arguments += [max(0, filter.limit)]
        let finalArguments = arguments
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: finalArguments).map(RecipientRows.record)
            }
        }
    }

    public func message(_ id: QueueID) async throws -> MessageDetail? {
        try await translatingErrors {
            try await pool.read { db in try Self.detail(id, db) }
        }
    }

    public func body(of id: QueueID) async throws -> [UInt8]? {
        try await translatingErrors {
            try await pool.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT content FROM messages WHERE id = ? AND body_removed_at IS NULL",
                    arguments: [id.rawValue])
                return row.map { [UInt8](($0["content"] as Data?) ?? Data()) }
            }
        }
    }

    public func envelope(of id: QueueID) async throws -> MessageEnvelope? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT sender, priority, deliver_by, received_at, size, origin, submitter
                        FROM messages WHERE id = ?
                        """,
                    arguments: [id.rawValue]
                ).map { row in
                    MessageEnvelope(
                        id: id,
                        sender: row["sender"],
                        priority: try RecipientRows.priority(row["priority"], message: id.rawValue),
                        deliverBy: StoredTime.nullableDate(row["deliver_by"] as Int64?),
                        receivedAt: StoredTime.date(row["received_at"] as Int64),
                        size: row["size"],
                        origin: row["origin"],
                        submitter: row["submitter"]
                    )
                }
            }
        }
    }

    private static func detail(_ id: QueueID, _ db: Database) throws -> MessageDetail? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT sender, priority, deliver_by, received_at, size, origin, submitter, headers, finished_at,
                           body_removed_at, metadata
                    FROM messages WHERE id = ?
                    """,
                arguments: [id.rawValue])
        else { return nil }
        let headersJSON: String = row["headers"]
        guard let headers = try? JSONDecoder().decode([HeaderField].self, from: Data(headersJSON.utf8))
        else {
            throw StorageError.corrupt("message \(id): unreadable header summary")
        }
        let metadataJSON: String = row["metadata"]
        guard let metadata = try? JSONDecoder().decode([String: String].self, from: Data(metadataJSON.utf8)) else {
            throw StorageError.corrupt("message \(id): unreadable metadata")
        }
        let recipients = try Row.fetchAll(
            db, sql: RecipientRows.select + " WHERE r.message_id = ? ORDER BY r.idx",
            arguments: [id.rawValue]
        ).map(RecipientRows.record)
        return MessageDetail(
            id: id,
            sender: row["sender"],
            priority: try RecipientRows.priority(row["priority"], message: id.rawValue),
            deliverBy: StoredTime.nullableDate(row["deliver_by"] as Int64?),
            receivedAt: StoredTime.date(row["received_at"] as Int64),
            size: row["size"],
            origin: row["origin"],
            submitter: row["submitter"],
            tags: try String.fetchAll(
                db, sql: "SELECT tag FROM message_tags WHERE message_id = ? ORDER BY rowid", arguments: [id.rawValue]),
            metadata: metadata,
            headers: headers,
            recipients: recipients,
            events: try events(of: id, db),
            finishedAt: StoredTime.nullableDate(row["finished_at"] as Int64?),
            bodyRemovedAt: StoredTime.nullableDate(row["body_removed_at"] as Int64?)
        )
    }

    private static func events(of id: QueueID, _ db: Database) throws -> [QueueEvent] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT e.time, r.recipient, e.state, e.relay, e.reply, e.note
                FROM events e LEFT JOIN recipients r ON r.message_id = e.message_id AND r.idx = e.recipient_idx
                WHERE e.message_id = ? ORDER BY e.time, e.id
                """,
            arguments: [id.rawValue]
        ).map { row in
            QueueEvent(
                time: StoredTime.date(row["time"] as Int64),
                recipient: row["recipient"],
                state: try RecipientRows.state(row["state"], message: id.rawValue),
                relay: row["relay"],
                reply: row["reply"],
                note: row["note"]
            )
        }
    }
}
