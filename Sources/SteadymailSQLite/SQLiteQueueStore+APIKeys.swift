import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func createAPIKey(_ key: APIKeyRecord) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO api_keys (id, name, scope, key_hash, created_at, revoked_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        key.id, key.name, key.scope.rawValue, key.hash, StoredTime.millis(key.createdAt),
                        StoredTime.nullableMillis(key.revokedAt),
                    ])
            }
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: Self.apiKeySelect + " ORDER BY created_at, id").map(Self.apiKeyRecord)
            }
        }
    }

    public func apiKey(id: String) async throws -> APIKeyRecord? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: Self.apiKeySelect + " WHERE id = ?", arguments: [id]).map(Self.apiKeyRecord)
            }
        }
    }

    public func revokeAPIKey(id: String, now: Date) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
                    arguments: [StoredTime.millis(now), id])
                return db.changesCount > 0
            }
        }
    }

    private static let apiKeySelect = "SELECT id, name, scope, key_hash, created_at, revoked_at FROM api_keys"

    private static func apiKeyRecord(_ row: Row) throws -> APIKeyRecord {
        let id: String = row["id"]
        guard let scope = APIKeyScope(rawValue: row["scope"]) else {
            throw StorageError.corrupt("api key \(id): unknown scope")
        }
        return APIKeyRecord(
            id: id, name: row["name"], scope: scope, hash: row["key_hash"],
            createdAt: StoredTime.date(row["created_at"] as Int64),
            revokedAt: StoredTime.nullableDate(row["revoked_at"] as Int64?))
    }
}
