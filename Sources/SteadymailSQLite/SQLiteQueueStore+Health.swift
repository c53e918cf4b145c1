import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage

extension SQLiteQueueStore {
    /// Each `MIN` reads one end of the `recipients_age` index (state, arrival).
    public func oldestWaitingArrival() async throws -> Date? {
        try await translatingErrors {
            try await pool.read { db in
                try [RecipientState.queued, .deferred].compactMap { state in
                    try Int64.fetchOne(db, sql: Self.minimumSQL("received_at"), arguments: [state.rawValue])
                }.min().map(StoredTime.date)
            }
        }
    }

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
