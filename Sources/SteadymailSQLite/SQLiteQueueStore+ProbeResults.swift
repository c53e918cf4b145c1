import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    public func recordProbeResults(_ results: [MonitorResultRecord]) async throws {
        guard !results.isEmpty else { return }
        try await translatingErrors {
            try await pool.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO probe_results (monitor, at, verdict, latency_ms, message, value)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                for entry in results {
                    let result = entry.result
                    try statement.execute(arguments: [
                        entry.monitor, StoredTime.millis(result.at), result.verdict.rawValue,
                        result.latency.map { StoredTime.millis($0) }, result.message,
                        result.value.flatMap { $0.isFinite ? $0 : nil },
                    ])
                }
            }
        }
    }

    public func probeResults(monitor: String, since: Date, until: Date, limit: Int) async throws -> [ProbeResult] {
        guard limit > 0 else { return [] }
        return try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT at, verdict, latency_ms, message, value FROM probe_results
                        WHERE monitor = ? AND at >= ? AND at < ?
                        ORDER BY at DESC, id DESC LIMIT ?
                        """,
                    arguments: [monitor, StoredTime.millis(since), StoredTime.millis(until), limit]
                ).reversed().map(Self.probeResult)
            }
        }
    }

    public func latestProbeResults() async throws -> [String: ProbeResult] {
        try await translatingErrors {
            try await pool.read { db in
                // A skip-scan of `probe_results_monitor`: one index seek per monitor name, then its newest row.
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        WITH RECURSIVE names(name) AS (
                            SELECT MIN(monitor) FROM probe_results
                            UNION ALL
                            SELECT (SELECT MIN(monitor) FROM probe_results WHERE monitor > name)
                            FROM names WHERE name IS NOT NULL
                        )
                        SELECT p.monitor, p.at, p.verdict, p.latency_ms, p.message, p.value
                        FROM names JOIN probe_results p ON p.id = (
                            SELECT id FROM probe_results WHERE monitor = names.name ORDER BY at DESC, id DESC LIMIT 1)
                        """)
                var latest: [String: ProbeResult] = [:]
                for row in rows { latest[row["monitor"]] = try Self.probeResult(row) }
                return latest
            }
        }
    }

    static func probeResult(_ row: Row) throws -> ProbeResult {
        let verdictText: String = row["verdict"]
        guard let verdict = ProbeVerdict(rawValue: verdictText) else {
            throw StorageError.corrupt("probe result with verdict \(verdictText)")
        }
        let latency: Int64? = row["latency_ms"]
        return ProbeResult(
            verdict: verdict, at: StoredTime.date(row["at"]), latency: latency.map { .milliseconds($0) },
            message: row["message"], value: row["value"])
    }
}
