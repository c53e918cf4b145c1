import Foundation
import GRDB
import SteadymailDomain
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

    @Test func writerKeepsTemporaryFilesInMemory() async throws {
        try await withSQLiteStore { store in
            let setting = try await store.writerTempStore()
            #expect(setting == 2)
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
        #expect(QueueSchema.migrator.migrations.starts(with: ["v1", "v2"]))
        let first = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
        #expect(try await first.appliedMigrations() == QueueSchema.migrator.migrations)
        try await first.enqueue([QueueStoreConformance.message(1)])
        try first.close()

        let second = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
        #expect(try await second.appliedMigrations() == QueueSchema.migrator.migrations)
        #expect(try await second.counts().total == 1)
        #expect(try await second.writerSynchronousMode() == 2)
        try second.close()
    }

    @Test func claimSelectReadsIndexes() async throws {
        try await withSQLiteStore { store in
            try await store.enqueue((1...50).map { QueueStoreConformance.message($0) })
            let ranks = [0, 1, 2]
            let plan = try await store.pool.read { db in
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + ClaimQuery.select(rankCount: ranks.count),
                    arguments: ClaimQuery.arguments(ranks: ranks, now: 0, limit: 10)
                ).map { $0["detail"] as String }
            }
            let reads = plan.filter { $0.contains("recipients") }
            #expect(reads.count == ranks.count + 1, "\(plan)")
            #expect(reads.allSatisfy { $0.hasPrefix("SEARCH recipients USING") }, "\(plan)")
            #expect(reads.filter { $0.contains("recipients_claim_order_v2") }.count == ranks.count, "\(plan)")
        }
    }

    @Test func timerQueriesReadIndexes() async throws {
        try await withSQLiteStore { store in
            try await store.enqueue((1...50).map { QueueStoreConformance.message($0) })
            let statements =
                ["received_at", "next_attempt_at", "deadline_order"].map(SQLiteQueueStore.minimumSQL)
                + [SQLiteQueueStore.pastDeadline, SQLiteQueueStore.pastAge].map(SQLiteQueueStore.expireSQL)
            for sql in statements {
                let plan = try await store.pool.read { db in
                    let placeholders = Array(repeating: 0, count: sql.filter { $0 == "?" }.count)
                    return try Row.fetchAll(
                        db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(placeholders)
                    ).map { $0["detail"] as String }
                }
                #expect(!plan.isEmpty && plan.allSatisfy { $0.hasPrefix("SEARCH recipients USING") }, "\(sql): \(plan)")
            }
        }
    }

    @Test func migrationCopiesDeadlinesOfExistingRecipients() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v1.sqlite").path
        let old = try DatabasePool(path: path)
        try QueueSchema.migrator.migrate(old, upTo: "v1")
        try await old.write { db in
            for (id, deadline) in [("00000000000000000001", nil), ("00000000000000000002", Int64(1_700_000_100_000))] {
                try db.execute(
                    sql: """
                        INSERT INTO messages (id, sender, priority, deliver_by, received_at, size, origin, headers,
                                              content)
                        VALUES (?, 's@x.org', 'bulk', ?, 1700000000000, 1, 'test', '[]', x'41');
                        INSERT INTO recipients (message_id, idx, recipient, domain, state, priority_rank, received_at,
                                                updated_at)
                        VALUES (?, 0, 'r@x.org', 'x.org', 'queued', 2, 1700000000000, 1700000000000);
                        """, arguments: [id, deadline, id])
            }
        }
        try old.close()

        let store = try SQLiteQueueStore(path: path, busyTimeout: .seconds(5))
        let claimed = try await store.claim(
            now: QueueStoreConformance.at(1), limit: 10, owner: "w", leaseUntil: QueueStoreConformance.at(60))
        #expect(claimed.map(\.record.key) == [QueueStoreConformance.key(2), QueueStoreConformance.key(1)])
        try store.close()
    }

    @Test func migrationFillsLastRelayOfWaitingRecipientsFromTheEventLog() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v2.sqlite").path
        let old = try DatabasePool(path: path)
        try QueueSchema.migrator.migrate(old, upTo: "v2")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO messages (id, sender, priority, received_at, size, origin, headers, content)
                    VALUES ('00000000000000000001', 's@x.org', 'bulk', 1700000000000, 1, 'test', '[]', x'41');
                    INSERT INTO recipients (message_id, idx, recipient, domain, state, priority_rank, received_at,
                                            next_attempt_at, updated_at)
                    VALUES ('00000000000000000001', 0, 'a@x.org', 'x.org', 'deferred', 2, 1700000000000,
                            1700000900000, 1700000000000),
                           ('00000000000000000001', 1, 'b@x.org', 'x.org', 'delivered', 2, 1700000000000, NULL,
                            1700000000000);
                    INSERT INTO events (message_id, recipient_idx, time, state, relay, note)
                    VALUES ('00000000000000000001', 0, 1700000001000, 'deferred', 'first', NULL),
                           ('00000000000000000001', 0, 1700000002000, 'deferred', 'second', NULL),
                           ('00000000000000000001', 0, 1700000003000, 'queued', NULL, 'no relay available'),
                           ('00000000000000000001', 1, 1700000001000, 'delivered', 'first', NULL);
                    """)
        }
        try old.close()

        let store = try SQLiteQueueStore(path: path, busyTimeout: .seconds(5))
        let records = try await store.recipients(matching: RecipientFilter())
        #expect(records.map(\.lastRelay) == ["second", nil])
        #expect(try await store.retryNow(RecipientSelector(relay: "second"), now: QueueStoreConformance.t0) == 1)
        try store.close()
    }

    @Test func selectionsReadIndexes() async throws {
        try await withSQLiteStore { store in
            try await store.enqueue((1...50).map { QueueStoreConformance.message($0, tags: ["t\($0 % 5)"]) })
            let selectors: [(RecipientSelector, String?)] = [
                (RecipientSelector(messageID: QueueStoreConformance.id(1)), nil),
                (RecipientSelector(domain: "example.net"), nil),
                (RecipientSelector(sender: "s@example.org"), "messages_sender"),
                (RecipientSelector(tag: "t1"), "message_tags_order"),
                (RecipientSelector(relay: "a"), nil),
            ]
            for (selector, index) in selectors {
                let selection = RecipientSelection(selector, states: [.queued, .deferred])
                let sql = SQLiteQueueStore.updateSQL(set: "state = 'held'", where: selection.sql)
                var arguments: StatementArguments = [0]
                arguments += selection.arguments
                let finalArguments = arguments
                let plan = try await store.pool.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: finalArguments)
                        .map { $0["detail"] as String }
                }
                #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(selector): \(plan)")
                if let index { #expect(plan.contains { $0.contains(index) }, "\(selector): \(plan)") }
            }
        }
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
