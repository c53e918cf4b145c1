import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func addMaintenanceWindow(_ window: MaintenanceWindow) async throws -> Int64 {
        let schedule = String(decoding: try JSONEncoder().encode(window.schedule), as: UTF8.self)
        let (kind, name) = Self.columns(window.target)
        return try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO maintenance_windows (target_kind, target_name, schedule, reason)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [kind, name, schedule, window.reason])
                return db.lastInsertedRowID
            }
        }
    }

    public func maintenanceWindows() async throws -> [MaintenanceWindow] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT id, target_kind, target_name, schedule, reason FROM maintenance_windows ORDER BY id"
                ).map(Self.window)
            }
        }
    }

    public func removeMaintenanceWindow(id: Int64) async throws -> Bool {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM maintenance_windows WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }

    public func hourlyVolume(from: Date, to: Date) async throws -> [HourlyVolume] {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db, sql: Self.hourlyVolumeSQL, arguments: [StoredTime.millis(from), StoredTime.millis(to)]
                )
                .map { row in
                    let hour: Int64 = row["hour"]
                    let count: Int = row["messages"]
                    return HourlyVolume(hourStart: StoredTime.date(hour * 3_600_000), messages: count)
                }
            }
        }
    }

    /// Walks `messages_received_order` over the range and counts per hour (a small temporary b-tree of hours).
    static let hourlyVolumeSQL = """
        SELECT received_at / 3600000 AS hour, COUNT(*) AS messages FROM messages
        WHERE received_at >= ? AND received_at < ?
        GROUP BY hour ORDER BY hour
        """

    private static func columns(_ target: MaintenanceWindow.Target) -> (String, String) {
        switch target {
        case .relay(let name): ("relay", name)
        case .monitor(let name): ("monitor", name)
        case .node: ("node", "")
        }
    }

    private static func window(_ row: Row) throws -> MaintenanceWindow {
        let id: Int64 = row["id"]
        let kind: String = row["target_kind"]
        let name: String = row["target_name"]
        let text: String = row["schedule"]
        let target: MaintenanceWindow.Target
        switch kind {
        case "relay": target = .relay(name)
        case "monitor": target = .monitor(name)
        case "node": target = .node
        default: throw StorageError.corrupt("maintenance window \(id) has an unknown target kind \(kind)")
        }
        guard let schedule = try? JSONDecoder().decode(MaintenanceWindow.Schedule.self, from: Data(text.utf8)) else {
            throw StorageError.corrupt("maintenance window \(id) has an unreadable schedule")
        }
        return MaintenanceWindow(id: id, target: target, schedule: schedule, reason: row["reason"])
    }
}
