import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func saveMonitor(_ monitor: MonitorDefinition) async throws {
        let definition = String(decoding: try JSONEncoder().encode(monitor), as: UTF8.self)
        try await translatingErrors {
            try await pool.write { db in
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM monitors WHERE name = ?)", arguments: [monitor.name])
                guard exists != true else { throw StorageError.conflict("a monitor named \(monitor.name) exists") }
                let next = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(added), 0) + 1 FROM monitors") ?? 1
                try db.execute(
                    sql: "INSERT INTO monitors (name, definition, added) VALUES (?, ?, ?)",
                    arguments: [monitor.name, definition, next])
            }
        }
    }

    public func removeMonitor(name: String) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM monitors WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }

    public func runtimeMonitors() async throws -> [MonitorDefinition] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT name, definition FROM monitors ORDER BY added").map { row in
                    let text: String = row["definition"]
                    do {
                        return try JSONDecoder().decode(MonitorDefinition.self, from: Data(text.utf8))
                    } catch {
                        let name: String = row["name"]
                        throw StorageError.corrupt("monitor \(name) has an unreadable definition")
                    }
                }
            }
        }
    }
}
