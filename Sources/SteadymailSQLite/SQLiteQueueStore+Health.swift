import Foundation
import GRDB
import SteadymailStorage

extension SQLiteQueueStore {
    /// Rewrites the single row of `health_probe` in a write transaction, so the commit (and its WAL fsync) must work.
    public func probeWritable(now: Date) async throws {
        try await translatingErrors {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO health_probe (id, probed_at) VALUES (1, ?)
                        ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at
                        """,
                    arguments: [StoredTime.millis(now)])
            }
        }
    }
}
