import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Rows folded per transaction, so that intake's commits run in between.
    static let compactionBatch = 2000

    public func probeRollups(monitor: String, resolution: RollupResolution, since: Date, until: Date) async throws
        -> [ProbeRollup]
    {
        try await translatingErrors {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM probe_rollups
                        WHERE monitor = ? AND resolution = ? AND bucket_start >= ? AND bucket_start < ?
                        ORDER BY bucket_start
                        """,
                    arguments: [monitor, resolution.rawValue, StoredTime.millis(since), StoredTime.millis(until)]
                ).map(Self.rollup)
            }
        }
    }

    public func compactProbeResults(
        now: Date, rawRetention: Duration, minuteRetention: Duration, hourRetention: Duration
    ) async throws -> CompactionSummary {
        var summary = CompactionSummary()
        let rawCutoff = StoredTime.millis(
            ProbeCompaction.cutoff(now: now, retention: rawRetention, resolution: .minute))
        while true {
            let folded = try await foldRawResults(before: rawCutoff)
            summary.resultsFolded += folded
            if folded < Self.compactionBatch { break }
        }
        let minuteCutoff = StoredTime.millis(
            ProbeCompaction.cutoff(now: now, retention: minuteRetention, resolution: .hour))
        while true {
            let folded = try await foldMinutes(before: minuteCutoff)
            summary.minutesFolded += folded
            if folded < Self.compactionBatch { break }
        }
        let hourCutoff = StoredTime.millis(
            ProbeCompaction.cutoff(now: now, retention: hourRetention, resolution: .hour))
        summary.hoursDeleted = try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM probe_rollups WHERE resolution = 'hour' AND bucket_start < ?",
                    arguments: [hourCutoff])
                return db.changesCount
            }
        }
        return summary
    }

    /// Folds up to one batch of single results older than `cutoff` into minute rollups; returns how many.
    private func foldRawResults(before cutoff: Int64) async throws -> Int {
        try await translatingErrors {
            try await pool.write { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, monitor, at, verdict, latency_ms, message, value FROM probe_results
                        WHERE at < ? ORDER BY at LIMIT ?
                        """,
                    arguments: [cutoff, Self.compactionBatch])
                guard !rows.isEmpty else { return 0 }
                let results = try rows.map { row in
                    MonitorResult(monitor: row["monitor"], result: try Self.probeResult(row))
                }
                try Self.addRollups(ProbeCompaction.minutes(results), db)
                let ids: [Int64] = rows.map { $0["id"] }
                try db.execute(
                    sql: "DELETE FROM probe_results WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                    arguments: StatementArguments(ids))
                return rows.count
            }
        }
    }

    /// Folds up to one batch of minute rollups older than `cutoff` into hour rollups; returns how many.
    private func foldMinutes(before cutoff: Int64) async throws -> Int {
        try await translatingErrors {
            try await pool.write { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM probe_rollups WHERE resolution = 'minute' AND bucket_start < ?
                        ORDER BY bucket_start LIMIT ?
                        """,
                    arguments: [cutoff, Self.compactionBatch])
                guard !rows.isEmpty else { return 0 }
                let minutes = try rows.map(Self.rollup)
                try Self.addRollups(ProbeCompaction.fold(minutes, into: .hour), db)
                for minute in minutes {
                    try db.execute(
                        sql: """
                            DELETE FROM probe_rollups WHERE monitor = ? AND resolution = 'minute' AND bucket_start = ?
                            """,
                        arguments: [minute.monitor, StoredTime.millis(minute.bucketStart)])
                }
                return rows.count
            }
        }
    }

    /// Writes rollups, adding each to the stored bucket of the same monitor, resolution and start if there is one.
    private static func addRollups(_ rollups: [ProbeRollup], _ db: Database) throws {
        for var rollup in rollups {
            let start = StoredTime.millis(rollup.bucketStart)
            if let existing = try Row.fetchOne(
                db,
                sql: "SELECT * FROM probe_rollups WHERE monitor = ? AND resolution = ? AND bucket_start = ?",
                arguments: [rollup.monitor, rollup.resolution.rawValue, start])
            {
                rollup.merge(try Self.rollup(existing))
            }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO probe_rollups (monitor, resolution, bucket_start, runs, failures, warns,
                        latency_count, latency_sum_ms, latency_max_ms, value_min, value_max)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    rollup.monitor, rollup.resolution.rawValue, start, rollup.runs, rollup.failures, rollup.warns,
                    rollup.latencyCount, rollup.latencySumMs, rollup.latencyMaxMs, rollup.valueMin, rollup.valueMax,
                ])
        }
    }

    static func rollup(_ row: Row) throws -> ProbeRollup {
        let resolutionText: String = row["resolution"]
        guard let resolution = RollupResolution(rawValue: resolutionText) else {
            throw StorageError.corrupt("probe rollup with resolution \(resolutionText)")
        }
        return ProbeRollup(
            monitor: row["monitor"], resolution: resolution, bucketStart: StoredTime.date(row["bucket_start"]),
            runs: row["runs"], failures: row["failures"], warns: row["warns"], latencyCount: row["latency_count"],
            latencySumMs: row["latency_sum_ms"], latencyMaxMs: row["latency_max_ms"], valueMin: row["value_min"],
            valueMax: row["value_max"])
    }
}
