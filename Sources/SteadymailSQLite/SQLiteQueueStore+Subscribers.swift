import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func upsertSubscribers(
        _ rows: [SubscriberUpsert], listID: Int64?, subscriptionStatus: SubscriptionStatus, now: Date
    ) async throws -> UpsertSummary {
        try await translatingErrors {
            try await pool.write { db in
                try SubscriberUpsertWriter(db: db, now: StoredTime.millis(now)).write(
                    rows, listID: listID, subscriptionStatus: subscriptionStatus)
            }
        }
    }

    public func subscriber(email: String) async throws -> Subscriber? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE email = ?", arguments: [email])
                    .map(Self.subscriber)
            }
        }
    }

    public func subscriber(id: Int64) async throws -> Subscriber? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM subscribers WHERE id = ?", arguments: [id])
                    .map(Self.subscriber)
            }
        }
    }

    public func setSubscriberStatus(id: Int64, status: SubscriberStatus, now: Date) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ?",
                    arguments: [status.rawValue, StoredTime.millis(now), id])
                return db.changesCount > 0
            }
        }
    }

    public func subscriptions(of subscriberID: Int64) async throws -> [Subscription] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.list_id, l.name, s.status, s.created_at, s.updated_at
                        FROM subscriptions s JOIN lists l ON l.id = s.list_id
                        WHERE s.subscriber_id = ? ORDER BY l.name
                        """, arguments: [subscriberID]
                ).map { row in
                    let status: String = row["status"]
                    guard let status = SubscriptionStatus(rawValue: status) else {
                        throw StorageError.corrupt("subscription of \(subscriberID)")
                    }
                    return Subscription(
                        listID: row["list_id"], listName: row["name"], status: status,
                        createdAt: StoredTime.date(row["created_at"]), updatedAt: StoredTime.date(row["updated_at"]))
                }
            }
        }
    }

    public func setSubscription(subscriberID: Int64, listID: Int64, status: SubscriptionStatus, now: Date)
        async throws -> Bool
    {
        try await translatingErrors {
            try await pool.write { db in
                let known =
                    try Bool.fetchOne(
                        db,
                        sql: """
                            SELECT EXISTS (SELECT 1 FROM subscribers WHERE id = ?)
                                AND EXISTS (SELECT 1 FROM lists WHERE id = ?)
                            """, arguments: [subscriberID, listID]) ?? false
                guard known else { return false }
                let time = StoredTime.millis(now)
                try db.execute(
                    sql: """
                        INSERT INTO subscriptions (list_id, subscriber_id, status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (list_id, subscriber_id) DO UPDATE SET status = excluded.status,
                            updated_at = excluded.updated_at
                        """, arguments: [listID, subscriberID, status.rawValue, time, time])
                return true
            }
        }
    }

    public func subscribers(matching query: SubscriberQuery) async throws -> [Subscriber] {
        var conditions = ["id > ?"]
        var arguments: StatementArguments = [query.afterID]
        if let listID = query.listID {
            conditions.append("id IN (SELECT subscriber_id FROM subscriptions WHERE list_id = ?)")
            arguments += [listID]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        arguments += [max(0, query.limit)]
        let sql = "SELECT * FROM subscribers WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?"
        let bound = arguments
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.subscriber)
            }
        }
    }

    public func confirmSubscription(subscriberID: Int64, listID: Int64, now: Date) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE subscriptions SET status = 'confirmed',
                            updated_at = CASE WHEN status = 'confirmed' THEN updated_at ELSE ? END
                        WHERE list_id = ? AND subscriber_id = ? AND status IN ('unconfirmed', 'confirmed')
                        """, arguments: [StoredTime.millis(now), listID, subscriberID])
                return db.changesCount > 0
            }
        }
    }

    public func deleteSubscriber(id: Int64) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM subscribers WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }

    static func subscriber(_ row: Row) throws -> Subscriber {
        let id: Int64 = row["id"]
        let status: String = row["status"]
        guard let status = SubscriberStatus(rawValue: status),
            let attributes = try? JSONValue.object(json: row["attributes"])
        else { throw StorageError.corrupt("subscriber \(id)") }
        return Subscriber(
            id: id, email: row["email"], name: row["name"], status: status, attributes: attributes,
            createdAt: StoredTime.date(row["created_at"]), updatedAt: StoredTime.date(row["updated_at"]))
    }
}
