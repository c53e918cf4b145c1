import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func createList(name: String, optIn: OptIn, description: String, now: Date) async throws -> MailingList {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO lists (name, optin, description, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [name, optIn.rawValue, description, StoredTime.millis(now)])
                return MailingList(
                    id: db.lastInsertedRowID, name: name, optIn: optIn, description: description,
                    createdAt: StoredTime.date(StoredTime.millis(now)))
            }
        }
    }

    public func lists() async throws -> [MailingList] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM lists ORDER BY name").map(Self.mailingList)
            }
        }
    }

    public func list(named name: String) async throws -> MailingList? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM lists WHERE name = ?", arguments: [name]).map(Self.mailingList)
            }
        }
    }

    public func deleteList(id: Int64) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM lists WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }

    public func listSizes() async throws -> [Int64: [SubscriptionStatus: Int]] {
        try await translatingErrors {
            try await pool.read { db in
                var sizes: [Int64: [SubscriptionStatus: Int]] = [:]
                let rows = try Row.fetchAll(
                    db, sql: "SELECT list_id, status, COUNT(*) AS n FROM subscriptions GROUP BY list_id, status")
                for row in rows {
                    guard let status = SubscriptionStatus(rawValue: row["status"]) else { continue }
                    sizes[row["list_id"], default: [:]][status] = row["n"]
                }
                return sizes
            }
        }
    }

    static func mailingList(_ row: Row) throws -> MailingList {
        let optIn: String = row["optin"]
        guard let kind = OptIn(rawValue: optIn) else { throw StorageError.corrupt("list \(row["id"] ?? "?")") }
        return MailingList(
            id: row["id"], name: row["name"], optIn: kind, description: row["description"],
            createdAt: StoredTime.date(row["created_at"]))
    }
}
