import Foundation
import GRDB
import SteadymailStorage

/// The embedded queue store: one SQLite file in WAL mode through a GRDB `DatabasePool`. It exists so that a single
/// Steadymail node needs no database server, while keeping the `QueueStore` promise that an accepted message is on
/// stable storage: the writer runs with `synchronous = FULL`, so every commit flushes the WAL.
public final class SQLiteQueueStore: QueueStore {
    let pool: DatabasePool

    /// Opens (creating it and its directory if needed) the queue database at `path` and brings its schema up to date.
    public convenience init(path: String, busyTimeout: Duration) throws {
        try self.init(path: path, busyTimeout: busyTimeout, readonly: false)
    }

    /// Opens an existing queue database for reading only, without migrations: for the CLI while the server is down.
    public static func openReadOnly(path: String) throws -> SQLiteQueueStore {
        try SQLiteQueueStore(path: path, busyTimeout: .seconds(5), readonly: true)
    }

    private init(path: String, busyTimeout: Duration, readonly: Bool) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout.timeInterval)
        configuration.readonly = readonly
        configuration.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Takes effect only in a file without tables: it must come before GRDB switches a new file to WAL and
            // before the first migration. Older files are switched by `enableIncrementalVacuum()`.
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            // The writer's statement journals (an insert that fires the counting triggers may need to roll back alone)
            // stay in memory: as files they cost a create and an unlink per statement, the largest cost of intake
            // under load. They are small and live only until their statement ends.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        pool = try translatingErrorsSynchronously {
            if !readonly {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            return try DatabasePool(path: path, configuration: configuration)
        }
        guard !readonly else { return }
        try translatingErrorsSynchronously {
            // DatabasePool sets `synchronous = NORMAL` when it enables WAL; a queue must not lose acknowledged mail.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try QueueSchema.migrator.migrate(pool)
        }
    }

    /// Closes the database connections; later calls fail with `StorageError.unavailable`.
    public func close() throws {
        try translatingErrorsSynchronously { try pool.close() }
    }

    /// The `synchronous` setting of the writer connection (2 is FULL).
    public func writerSynchronousMode() async throws -> Int {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            }
        }
    }

    /// The `temp_store` setting of the writer connection (2 is MEMORY).
    public func writerTempStore() async throws -> Int {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA temp_store") ?? -1
            }
        }
    }

    /// The journal mode of the database file, `wal` once opened.
    public func journalMode() async throws -> String {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
            }
        }
    }

    /// Whether free pages can be given back to the file system (`PRAGMA auto_vacuum` is INCREMENTAL). True for files
    /// created by this version; a file created before `v4_retention` needs `enableIncrementalVacuum()` once.
    public func incrementalVacuumEnabled() async throws -> Bool {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2
            }
        }
    }

    /// Switches the file to incremental vacuum with one `VACUUM`, which rewrites the whole database while holding
    /// the write lock, then truncates the WAL the rewrite filled. Meant for start-up, before intake opens.
    public func enableIncrementalVacuum() async throws {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }

    /// The identifiers of the schema migrations recorded in the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await translatingErrors {
            try await pool.read { db in try QueueSchema.migrator.appliedMigrations(db) }
        }
    }
}

extension Duration {
    fileprivate var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
