import Foundation
import GRDB
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailSQLite

@Suite("SQLite recipient counters")
struct SQLiteCountsTests {
    typealias C = QueueStoreConformance

    /// Every kind of recipient change, each followed by a recount of the rows the counters stand for.
    @Test func countersAgreeWithTheRowsAfterEveryKindOfChange() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            try await store.enqueue(
                (1...30).map { n in
                    C.message(
                        n, to: (0..<(n % 3 + 1)).map { "r\($0)@d\(n % 4).example" },
                        priority: Priority.allCases[n % Priority.allCases.count], receivedAt: C.at(Double(n)),
                        deliverBy: n % 5 == 0 ? C.at(500) : nil)
                })
            try await expectCountersMatch(store, "after enqueue")
            let claimed = try await store.claim(now: C.at(100), limit: 40, owner: "node/a", leaseUntil: C.at(400))
            try await expectCountersMatch(store, "after claim")
            let outcomes: [RecipientState] = [.delivered, .bounced, .deferred, .queued, .inFlight]
            try await store.apply(
                claimed.enumerated().compactMap { i, item in
                    let state = outcomes[i % outcomes.count]
                    guard state != .inFlight else { return nil }
                    return RecipientTransition(
                        key: item.record.key, to: state, at: C.at(101), nextAttemptAt: C.at(200),
                        refundAttempt: state == .queued)
                }, owner: "node/a")
            try await expectCountersMatch(store, "after apply")
            _ = try await store.retryNow(RecipientSelector(domain: "d1.example"), now: C.at(150))
            try await expectCountersMatch(store, "after retry")
            #expect(try await store.hold(RecipientSelector(domain: "d2.example"), now: C.at(160)) > 0)
            try await expectCountersMatch(store, "after hold")
            _ = try await store.release(RecipientSelector(messageID: C.id(2)), now: C.at(170))
            try await expectCountersMatch(store, "after release")
            #expect(try await !store.delete(RecipientSelector(domain: "d3.example"), now: C.at(180)).isEmpty)
            try await expectCountersMatch(store, "after delete")
            _ = try await store.expireDue(now: C.at(500), maxAge: .seconds(86400))
            try await expectCountersMatch(store, "after expiry")
            _ = try await store.claim(now: C.at(501), limit: 5, owner: "node/b", leaseUntil: C.at(502))
            _ = try await store.releaseExpiredLeases(now: C.at(503))
            _ = try await store.releaseLeases(ownerPrefix: "node/a", now: C.at(504), reason: .shutdown)
            try await expectCountersMatch(store, "after lease releases")
            #expect(try await store.pruneMessages(finishedBefore: C.at(10_000), limit: 1000) > 0)
            try await expectCountersMatch(store, "after pruning")
            #expect(try await store.counts().total == (try await store.recipients(matching: RecipientFilter()).count))
        }
    }

    @Test func countsReadOnlyTheCounters() async throws {
        try await withSQLiteStore { (store: SQLiteQueueStore) async throws in
            let plan = try await store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteQueueStore.countsSQL).map {
                    $0["detail"] as String
                }
            }
            #expect(plan.count == 1 && plan[0].contains("recipient_counts"), "\(plan)")
        }
    }

    private func expectCountersMatch(_ store: SQLiteQueueStore, _ step: String) async throws {
        let recount = try await store.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.state, m.priority, COUNT(*) AS n FROM recipients r JOIN messages m ON m.id = r.message_id
                    GROUP BY r.state, m.priority
                    """
            ).map { row in
                ["\(row["state"] as String)/\(row["priority"] as String)": row["n"] as Int]
            }.reduce(into: [String: Int]()) { $0.merge($1) { a, _ in a } }
        }
        let counts = try await store.counts()
        var counted: [String: Int] = [:]
        for (priority, states) in counts.byPriority {
            for (state, n) in states { counted["\(state.rawValue)/\(priority.rawValue)"] = n }
        }
        #expect(counted == recount, "\(step)")
        #expect(counts.total == recount.values.reduce(0, +), "\(step)")
    }
}
