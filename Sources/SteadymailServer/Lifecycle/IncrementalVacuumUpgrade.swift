import Logging
import SteadymailSQLite

/// Switches a queue database created before retention existed to incremental vacuum, once, at start-up.
///
/// It exists because SQLite can give freed pages back to the file system only in a file created with
/// `auto_vacuum = INCREMENTAL`; an older file must be rewritten by one `VACUUM`. That runs before intake opens, and a
/// failure (for example too little disk for the copy) is logged, not fatal: retention still deletes, and SQLite reuses
/// the freed pages, the file just does not shrink.
enum IncrementalVacuumUpgrade {
    static func run(_ store: SQLiteQueueStore, path: String, logger: Logger) async {
        do {
            guard try await !store.incrementalVacuumEnabled() else { return }
            logger.notice(
                "queue database: rewriting it once (VACUUM) to enable incremental vacuum", metadata: ["path": "\(path)"]
            )
            let started = ContinuousClock.now
            try await store.enableIncrementalVacuum()
            logger.notice(
                "queue database: incremental vacuum enabled",
                metadata: ["seconds": "\((ContinuousClock.now - started).components.seconds)"])
        } catch {
            logger.warning(
                "queue database: incremental vacuum not enabled; freed space is reused but not returned",
                metadata: ["error": "\(error)"])
        }
    }
}
