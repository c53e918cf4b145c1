import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailSQLite

@Suite("SQLite retention and space")
struct SQLiteRetentionTests {
    typealias C = QueueStoreConformance

    @Test func newDatabasesGiveSpaceBackIncrementally() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            #expect(try await store.incrementalVacuumEnabled())
            #expect(try await store.writerSynchronousMode() == 2)
        }
    }

    @Test func finalStatesOfTheTriggerAreTheFinalStatesOfTheStateMachine() {
        let final = RecipientState.allCases.filter(\.isFinal).map { "'\($0.rawValue)'" }
        #expect(Set(QueueSchema.finalStates.dropFirst().dropLast().components(separatedBy: ", ")) == Set(final))
    }

    @Test func reclaimSpaceGivesFreedPagesBack() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            let big = [UInt8](repeating: 65, count: 100_000)
            try await store.enqueue((1...20).map { C.message($0, content: big) })
            let claimed = try await store.claim(now: C.at(1), limit: 100, owner: "w", leaseUntil: C.at(60))
            try await store.apply(
                claimed.map { RecipientTransition(key: $0.record.key, to: .delivered, at: C.at(2)) }, owner: "w")
            _ = try await store.reclaimSpace(pages: 1_000_000)
            let pagesBefore = try await pragma("page_count", store)
            #expect(try await pragma("freelist_count", store) == 0)

            #expect(try await store.pruneBodies(finishedBefore: C.at(3), limit: 100, now: C.at(3)) == 20)
            let free = try await pragma("freelist_count", store)
            #expect(free > 400)
            #expect(try await store.reclaimSpace(pages: 100) == 100)
            #expect(try await pragma("freelist_count", store) == free - 100)
            #expect(try await store.reclaimSpace(pages: 1_000_000) == free - 100)
            #expect(try await pragma("freelist_count", store) == 0)
            #expect(try await pragma("page_count", store) <= pagesBefore - free)
            #expect(try await store.counts().byState == [.delivered: 20])
        }
    }

    @Test func pruneMessagesLeavesNoRowOfTheMessage() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            try await store.enqueue([C.message(1, tags: ["news", "weekly"]), C.message(2, tags: ["news"])])
            let claimed = try await store.claim(now: C.at(1), limit: 1, owner: "w", leaseUntil: C.at(60))
            try await store.apply(
                claimed.map { RecipientTransition(key: $0.record.key, to: .delivered, at: C.at(2)) }, owner: "w")
            #expect(try await store.pruneMessages(finishedBefore: C.at(3), limit: 10) == 1)
            let left = try await store.pool.read { db in
                try ["messages", "recipients", "events", "message_tags"].map { table in
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(table == "messages" ? "id" : "message_id") = ?",
                        arguments: [C.id(1).rawValue]) ?? -1
                }
            }
            #expect(left == [0, 0, 0, 0])
            #expect(try await store.message(C.id(2))?.tags == ["news"])
        }
    }

    @Test func pruneQueriesReadTheirIndexes() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            try await store.enqueue((1...50).map { C.message($0) })
            let bodies = try await plan(SQLiteQueueStore.pruneBodiesSQL, arguments: [0, 0, 10], store)
            #expect(bodies.contains { $0.contains("messages USING INDEX messages_body_kept") }, "\(bodies)")
            #expect(!bodies.contains { $0.hasPrefix("SCAN") }, "\(bodies)")
            let rows = try await plan(SQLiteQueueStore.dueMessagesSQL, arguments: [0, 10], store)
            #expect(rows.contains { $0.contains("messages USING INDEX messages_finished") }, "\(rows)")
            #expect(!rows.contains { $0.hasPrefix("SCAN") }, "\(rows)")
        }
    }

    /// A file created before `v4_retention` (no auto-vacuum, finished mail already in it) is migrated, its finished
    /// messages found, and switched to incremental vacuum by one rewrite that keeps everything.
    @Test func anOlderDatabaseIsBroughtForward() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v2.sqlite").path
        let old = try DatabasePool(path: path)
        try QueueSchema.migrator.migrate(old, upTo: "v2")
        try await old.write { db in
            for (n, state) in [(1, "delivered"), (2, "queued")] {
                let id = C.id(n).rawValue
                try db.execute(
                    sql: """
                        INSERT INTO messages (id, sender, priority, received_at, size, origin, headers, content)
                        VALUES (?, 's@x.org', 'bulk', 1700000000000, 1, 'test', '[]', x'41');
                        INSERT INTO recipients (message_id, idx, recipient, domain, state, priority_rank, received_at,
                                                updated_at)
                        VALUES (?, 0, 'r@x.org', 'x.org', ?, 2, 1700000000000, 1700000010000);
                        """, arguments: [id, id, state])
            }
        }
        try old.close()

        let store = try SQLiteQueueStore(path: path, busyTimeout: .seconds(5))
        #expect(try await store.message(C.id(1))?.finishedAt == C.at(10))
        #expect(try await store.message(C.id(2))?.finishedAt == nil)
        #expect(try await !store.incrementalVacuumEnabled())
        try await store.enableIncrementalVacuum()
        #expect(try await store.incrementalVacuumEnabled())
        #expect(try await store.writerSynchronousMode() == 2)
        #expect(try await store.counts().byState == [.delivered: 1, .queued: 1])
        #expect(try await store.pruneMessages(finishedBefore: C.at(11), limit: 10) == 1)
        #expect(try await store.counts().byState == [.queued: 1])
        try store.close()
    }

    private func pragma(_ name: String, _ store: SQLiteQueueStore) async throws -> Int {
        try await store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") ?? -1 }
    }

    private func plan(_ sql: String, arguments: StatementArguments, _ store: SQLiteQueueStore) async throws
        -> [String]
    {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }
}
