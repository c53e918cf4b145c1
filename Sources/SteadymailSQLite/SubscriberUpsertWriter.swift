import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

/// Writes one batch of `SubscriberUpsert` rows inside a write transaction, with cached statements, so that an
/// import of a million rows costs a few index look-ups and one write per row.
struct SubscriberUpsertWriter {
    let db: Database
    let now: Int64

    func write(_ rows: [SubscriberUpsert], listID: Int64?, subscriptionStatus: SubscriptionStatus) throws
        -> UpsertSummary
    {
        var summary = UpsertSummary()
        var seen = Set<String>()
        let suppressed = try db.cachedStatement(sql: "SELECT 1 FROM suppressions WHERE email = ?")
        let existing = try db.cachedStatement(sql: "SELECT id FROM subscribers WHERE email = ?")
        for (index, row) in rows.enumerated() {
            guard seen.insert(row.email).inserted else {
                summary.skipped.append((index, .duplicate))
                summary.subscriberIDs.append(nil)
                continue
            }
            if try Bool.fetchOne(suppressed, arguments: [row.email]) != nil {
                summary.skipped.append((index, .suppressed))
                summary.subscriberIDs.append(nil)
                continue
            }
            let id: Int64
            if let known = try Int64.fetchOne(existing, arguments: [row.email]) {
                try update(known, with: row)
                id = known
                summary.updated += 1
            } else {
                id = try insert(row)
                summary.inserted += 1
            }
            summary.subscriberIDs.append(id)
            if let listID { try subscribe(id, to: listID, status: subscriptionStatus) }
        }
        return summary
    }

    private func insert(_ row: SubscriberUpsert) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO subscribers (email, name, status, attributes, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            row.email, row.name ?? "", (row.status ?? .enabled).rawValue,
            JSONValue.json(row.attributes.filter { $0.value != .null }), now, now,
        ])
        return db.lastInsertedRowID
    }

    private func update(_ id: Int64, with row: SubscriberUpsert) throws {
        let status = row.overwriteStatus ? row.status?.rawValue : nil
        try db.cachedStatement(
            sql: """
                UPDATE subscribers SET name = CASE WHEN ? IS NULL OR (? = 0 AND name <> '') THEN name ELSE ? END,
                    status = COALESCE(?, status),
                    attributes = CASE WHEN ? = '{}' THEN attributes ELSE json_patch(attributes, ?) END,
                    updated_at = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            row.name, row.overwriteName, row.name, status, JSONValue.json(row.attributes),
            JSONValue.json(row.attributes), now, id,
        ])
    }

    private func subscribe(_ id: Int64, to listID: Int64, status: SubscriptionStatus) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO subscriptions (list_id, subscriber_id, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT (list_id, subscriber_id) DO NOTHING
                """
        ).execute(arguments: [listID, id, status.rawValue, now, now])
    }
}
