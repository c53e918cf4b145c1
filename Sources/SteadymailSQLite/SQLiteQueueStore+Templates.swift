import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func saveTemplate(
        name: String, kind: TemplateKind, subject: String?, html: String, text: String?, now: Date
    ) async throws -> StoredTemplate {
        try await translatingErrors {
            try await pool.write { db in
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        INSERT INTO templates (name, kind, subject, html, text, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, subject = excluded.subject,
                            html = excluded.html, text = excluded.text, updated_at = excluded.updated_at
                        RETURNING *
                        """,
                    arguments: [
                        name, kind.rawValue, subject, html, text, StoredTime.millis(now), StoredTime.millis(now),
                    ])
                guard let row else { throw StorageError.corrupt("template \(name) was not written") }
                return try Self.storedTemplate(row)
            }
        }
    }

    public func templates() async throws -> [StoredTemplate] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM templates ORDER BY name").map(Self.storedTemplate)
            }
        }
    }

    public func template(named name: String) async throws -> StoredTemplate? {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM templates WHERE name = ?", arguments: [name])
                    .map(Self.storedTemplate)
            }
        }
    }

    public func deleteTemplate(named name: String) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM templates WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }

    static func storedTemplate(_ row: Row) throws -> StoredTemplate {
        let kindName: String = row["kind"]
        guard let kind = TemplateKind(rawValue: kindName) else {
            throw StorageError.corrupt("template \(row["name"] ?? "?")")
        }
        return StoredTemplate(
            id: row["id"], name: row["name"], kind: kind, subject: row["subject"], html: row["html"],
            text: row["text"], createdAt: StoredTime.date(row["created_at"]),
            updatedAt: StoredTime.date(row["updated_at"]))
    }
}
