import Foundation
import SteadymailStorage
import Testing

@testable import SteadymailSQLite

@Suite("SQLite backend specifics")
struct SQLiteSpecificTests {
    @Test func writerFlushesEveryCommit() async throws {
        try await withSQLiteStore { store in
            let mode = try await store.writerSynchronousMode()
            #expect(mode == 2)
        }
    }

    @Test func journalIsWAL() async throws {
        try await withSQLiteStore { store in
            let mode = try await store.journalMode()
            #expect(mode == "wal")
        }
    }

    @Test func migrationsAreRecordedOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
        #expect(try await first.appliedMigrations() == ["v1"])
        try await first.enqueue([QueueStoreConformance.message(1)])
        try first.close()

        let second = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
        #expect(try await second.appliedMigrations() == ["v1"])
        #expect(try await second.counts().total == 1)
        #expect(try await second.writerSynchronousMode() == 2)
        try second.close()
    }

    @Test func fullDiskIsUnavailable() async throws {
        try await withSQLiteStore { store in
            try await store.pool.writeWithoutTransaction { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
            let big = QueueStoreConformance.message(1, content: [UInt8](repeating: 65, count: 1 << 20))
            do {
                try await store.enqueue([big])
                Issue.record("a message larger than the database limit was stored")
            } catch let error as StorageError {
                guard case .unavailable = error else {
                    Issue.record("expected unavailable, got \(error)")
                    return
                }
            }
            let stored = try await store.message(QueueStoreConformance.id(1))
            #expect(stored == nil)
        }
    }

    @Test func closedStoreIsUnavailable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
        try store.close()
        await #expect(throws: StorageError.self) { try await store.counts() }
    }

    @Test func readOnlyOpenOfMissingFileFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: StorageError.self) {
            try SQLiteQueueStore.openReadOnly(path: directory.queuePath)
        }
    }
}
