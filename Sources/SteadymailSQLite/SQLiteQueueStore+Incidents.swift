import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func openIncident(monitor: String, relay: String?, at: Date, cause: String) async throws -> Int64 {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO incidents (monitor, relay, opened_at, cause) VALUES (?, ?, ?, ?)",
                    arguments: [monitor, relay, StoredTime.millis(at), cause])
                return db.lastInsertedRowID
            }
        }
    }

    public func addIncidentUpdate(id: Int64, at: Date, message: String) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try Self.requireIncident(id, db)
                try db.execute(
                    sql: "INSERT INTO incident_updates (incident_id, at, message) VALUES (?, ?, ?)",
                    arguments: [id, StoredTime.millis(at), message])
            }
        }
    }

    public func closeIncident(id: Int64, at: Date, impact: IncidentImpact?) async throws {
        let impactText = try impact.map(Self.json)
        try await translatingErrors {
            try await pool.write { db in
                try Self.requireIncident(id, db)
                try db.execute(
                    sql: """
                        UPDATE incidents SET closed_at = MAX(?, opened_at), impact = COALESCE(?, impact)
                        WHERE id = ? AND closed_at IS NULL
                        """,
                    arguments: [StoredTime.millis(at), impactText, id])
            }
        }
    }

    public func setIncidentImpact(id: Int64, impact: IncidentImpact) async throws {
        let impactText = try Self.json(impact)
        try await translatingErrors {
            try await pool.write { db in
                try Self.requireIncident(id, db)
                try db.execute(sql: "UPDATE incidents SET impact = ? WHERE id = ?", arguments: [impactText, id])
            }
        }
    }

    public func setIncidentPublicNote(id: Int64, note: String?) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try Self.requireIncident(id, db)
                try db.execute(sql: "UPDATE incidents SET public_note = ? WHERE id = ?", arguments: [note, id])
            }
        }
    }

    public func incidents(openOnly: Bool, limit: Int) async throws -> [IncidentRecord] {
        guard limit > 0 else { return [] }
        let condition = openOnly ? "WHERE closed_at IS NULL" : ""
        return try await readIncidents("\(condition) ORDER BY id DESC LIMIT ?", [limit])
    }

    public func incident(id: Int64) async throws -> IncidentRecord? {
        try await readIncidents("WHERE id = ?", [id]).first
    }

    public func openIncidents() async throws -> [IncidentRecord] {
        try await readIncidents("WHERE closed_at IS NULL ORDER BY id", [])
    }

    /// Incidents selected by `clause` (a fixed SQL fragment whose `?` take `arguments`, never user text), each with
    /// its updates.
    private func readIncidents(_ clause: String, _ arguments: StatementArguments) async throws
        -> [IncidentRecord]
    {
        try await translatingErrors {
            try await pool.read { db in
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM incidents \(clause)", arguments: arguments)
                return try rows.map { row in
                    let id: Int64 = row["id"]
                    let updates = try Row.fetchAll(
                        db, sql: "SELECT at, message FROM incident_updates WHERE incident_id = ? ORDER BY id",
                        arguments: [id]
                    ).map { IncidentUpdate(at: StoredTime.date($0["at"]), message: $0["message"]) }
                    let impactText: String? = row["impact"]
                    let impact = try impactText.map { text in
                        do {
                            return try JSONDecoder().decode(IncidentImpact.self, from: Data(text.utf8))
                        } catch {
                            throw StorageError.corrupt("incident \(id) has an unreadable impact")
                        }
                    }
                    return IncidentRecord(
                        id: id, monitor: row["monitor"], relay: row["relay"],
                        openedAt: StoredTime.date(row["opened_at"]),
                        closedAt: StoredTime.nullableDate(row["closed_at"]), cause: row["cause"], updates: updates,
                        impact: impact, publicNote: row["public_note"])
                }
            }
        }
    }

    private static func requireIncident(_ id: Int64, _ db: Database) throws {
        let exists = try Bool.fetchOne(
            db, sql: "SELECT EXISTS (SELECT 1 FROM incidents WHERE id = ?)", arguments: [id])
        guard exists == true else { throw StorageError.conflict("no incident \(id)") }
    }

    private static func json(_ impact: IncidentImpact) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(impact), as: UTF8.self)
    }
}
