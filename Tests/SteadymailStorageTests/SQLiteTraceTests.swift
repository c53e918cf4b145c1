import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailSQLite

@Suite("SQLite message tracing reads")
struct SQLiteTraceTests {
    static func plan(_ store: SQLiteQueueStore, _ sql: String, _ arguments: StatementArguments) async throws
        -> [String]
    {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test func everyListingWalksOneIndexInListOrder() async throws {
        try await withSQLiteStore { store in
            try await store.enqueue(
                (1...50).map {
                    QueueStoreConformance.message(
                        $0, to: ["r\($0 % 7)@example.org"], receivedAt: QueueStoreConformance.at(Double($0)),
                        tags: ["t\($0 % 5)"])
                })
            let after = MessagePosition(receivedAt: QueueStoreConformance.at(40), id: QueueStoreConformance.id(40))
            let since = QueueStoreConformance.at(1)
            let before = QueueStoreConformance.at(45)
            let cases: [(MessageQuery, String)] = [
                (MessageQuery(), "messages_received_order"),
                (MessageQuery(receivedSince: since, receivedBefore: before, after: after), "messages_received_order"),
                (MessageQuery(state: .queued), "recipients_state_order"),
                (MessageQuery(state: .delivered, after: after), "recipients_state_order"),
                (MessageQuery(recipient: "r1@example.org"), "recipients_address"),
                (MessageQuery(state: .queued, recipient: "r1@example.org", after: after), "recipients_address"),
                (MessageQuery(recipient: "r1@example.org", tag: "t1"), "recipients_address"),
                (MessageQuery(tag: "t1"), "message_tags_order"),
                (MessageQuery(state: .deferred, tag: "t1", receivedSince: since, after: after), "message_tags_order"),
            ]
            for (query, index) in cases {
                let select = MessageListQuery(query, limit: 10)
                let plan = try await Self.plan(store, select.sql, select.arguments)
                #expect(plan.first?.contains(index) == true, "\(query): \(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "sorts every match: \(query): \(plan)")
                let reads = plan.filter { $0.hasPrefix("SEARCH") || $0.hasPrefix("SCAN") }
                #expect(reads.allSatisfy { $0.contains(" USING ") }, "\(query): \(plan)")
                #expect(
                    reads.dropFirst().allSatisfy { $0.contains("sqlite_autoindex") },
                    "filters by key: \(query): \(plan)")
            }
        }
    }

    @Test func waitingByRelayReadsTheWaitingRecipientsOnly() async throws {
        try await withSQLiteStore { store in
            try await store.enqueue((1...50).map { QueueStoreConformance.message($0) })
            let plan = try await Self.plan(store, SQLiteQueueStore.waitingByRelaySQL, [])
            let reads = plan.filter { $0.hasPrefix("SEARCH") || $0.hasPrefix("SCAN") }
            #expect(reads.count == 1 && reads[0].hasPrefix("SEARCH recipients USING"), "\(plan)")
            #expect(reads.first?.contains("(state=?)") == true, "\(plan)")
        }
    }

    @Test func migrationGivesExistingTagsTheirMessagesArrival() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("v6.sqlite").path
        let old = try DatabasePool(path: path)
        try QueueSchema.migrator.migrate(old, upTo: "v6_api_keys")
        try await old.write { db in
            for (id, time) in [
                ("00000000000000000001", 1_700_000_000_000), ("00000000000000000002", 1_700_000_005_000),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO messages (id, sender, priority, received_at, size, origin, headers, content)
                        VALUES (?, 's@x.org', 'bulk', ?, 1, 'test', '[]', x'41');
                        INSERT INTO recipients (message_id, idx, recipient, domain, state, priority_rank, received_at,
                                                updated_at)
                        VALUES (?, 0, 'r@x.org', 'x.org', 'queued', 2, ?, ?);
                        INSERT INTO message_tags (message_id, tag) VALUES (?, 'news');
                        """, arguments: [id, time, id, time, time, id])
            }
        }
        try old.close()

        let store = try SQLiteQueueStore(path: path, busyTimeout: .seconds(5))
        let page = try await store.messages(
            matching: MessageQuery(tag: "news", receivedSince: QueueStoreConformance.at(1)))
        #expect(page.messages.map(\.id.rawValue) == ["00000000000000000002"])
        #expect(page.messages.first?.receivedAt == QueueStoreConformance.at(5))
        try store.close()
    }
}
