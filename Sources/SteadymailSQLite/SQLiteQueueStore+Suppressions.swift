import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func suppression(email: String) async throws -> Suppression? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM suppressions WHERE email = ?", arguments: [email]).map(
                    Self.suppression)
            }
        }
    }

    public func suppress(_ entry: Suppression) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO suppressions (email, reason, note, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [entry.email, entry.reason.rawValue, entry.note, StoredTime.millis(entry.createdAt)])
            }
        }
    }

    public func suppressions(matching query: SuppressionQuery) async throws -> [Suppression] {
        try await translatingErrors {
            try await pool.read { db in
                var sql = "SELECT * FROM suppressions WHERE email > ?"
                var arguments: StatementArguments = [query.after ?? ""]
                if let reason = query.reason {
                    sql += " AND reason = ?"
                    arguments += [reason.rawValue]
                }
                sql += " ORDER BY email LIMIT ?"
                arguments += [max(0, query.limit)]
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.suppression)
            }
        }
    }

    public func removeSuppression(email: String) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM suppressions WHERE email = ?", arguments: [email])
                return db.changesCount > 0
            }
        }
    }

    public func suppressionCounts() async throws -> [SuppressionReason: Int] {
        try await translatingErrors {
            try await pool.read { db in
                var counts: [SuppressionReason: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT reason, COUNT(*) AS n FROM suppressions GROUP BY reason") {
                    let text: String = row["reason"]
                    guard let reason = SuppressionReason(rawValue: text) else {
                        throw StorageError.corrupt("suppression reason \(text)")
                    }
                    counts[reason] = row["n"]
                }
                return counts
            }
        }
    }

    static func suppression(_ row: Row) throws -> Suppression {
        let email: String = row["email"]
        let text: String = row["reason"]
        guard let reason = SuppressionReason(rawValue: text) else {
            throw StorageError.corrupt("suppression of \(email): reason \(text)")
        }
        return Suppression(
            email: email, reason: reason, note: row["note"], createdAt: StoredTime.date(row["created_at"]))
    }
}
