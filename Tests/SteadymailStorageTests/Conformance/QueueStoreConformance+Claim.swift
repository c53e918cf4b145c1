import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func claimOrdersByPriorityThenAge(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, priority: .bulk, receivedAt: at(0)),
            message(2, priority: .transactional, receivedAt: at(10)),
            message(3, priority: .timeCritical, receivedAt: at(5)),
            message(4, to: ["a@x.org", "b@x.org"], priority: .transactional, receivedAt: at(1)),
        ])
        let claimed = try await store.claim(now: at(20), limit: 10, owner: "w1", leaseUntil: at(80))

        #expect(claimed.map(\.record.key) == [key(4, 0), key(4, 1), key(2), key(3), key(1)])
        #expect(claimed.allSatisfy { $0.record.state == .inFlight && $0.record.attempts == 1 })
        #expect(claimed.allSatisfy { $0.leaseUntil == at(80) })
        #expect(try await states(store).values.allSatisfy { $0 == .inFlight })
    }

    static func claimRespectsLimit(_ store: any QueueStore) async throws {
        try await store.enqueue((1...5).map { message($0, receivedAt: at(Double($0))) })

        let first = try await store.claim(now: at(10), limit: 2, owner: "w", leaseUntil: at(70))
        let second = try await store.claim(now: at(10), limit: 10, owner: "w", leaseUntil: at(70))
        let third = try await store.claim(now: at(10), limit: 10, owner: "w", leaseUntil: at(70))

        #expect(first.map(\.record.key) == [key(1), key(2)])
        #expect(second.map(\.record.key) == [key(3), key(4), key(5)])
        #expect(third.isEmpty)
        #expect(try await store.claim(now: at(10), limit: 0, owner: "w", leaseUntil: at(70)).isEmpty)
    }

    static func claimSkipsDeferredNotDueAndInFlight(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, receivedAt: at(0)), message(2, receivedAt: at(1))])
        _ = try await store.claim(now: at(2), limit: 1, owner: "w", leaseUntil: at(600))
        _ = try await store.claim(now: at(2), limit: 1, owner: "w", leaseUntil: at(600))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(2), to: .deferred, at: at(3), nextAttemptAt: at(100), reply: "451 later")
            ],
            owner: "w")

        #expect(try await store.claim(now: at(50), limit: 10, owner: "w", leaseUntil: at(600)).isEmpty)

        let due = try await store.claim(now: at(100), limit: 10, owner: "w2", leaseUntil: at(700))
        #expect(due.map(\.record.key) == [key(2)])
        #expect(due.first?.record.attempts == 2)
        #expect(due.first?.record.lastReply == "451 later")
    }

    static func leaseExpiryReturnsRecipientsToQueue(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1), message(2, receivedAt: at(1))])
        _ = try await store.claim(now: at(2), limit: 1, owner: "w", leaseUntil: at(30))
        _ = try await store.claim(now: at(2), limit: 1, owner: "w", leaseUntil: at(90))

        #expect(try await store.releaseExpiredLeases(now: at(10)) == 0)
        #expect(try await store.releaseExpiredLeases(now: at(31)) == 1)
        #expect(try await states(store) == [key(1): .queued, key(2): .inFlight])
        let detail = try #require(try await store.message(id(1)))
        #expect(detail.events.last?.state == .queued)
        #expect(detail.events.last?.note == "lease expired")

        await #expect(throws: StorageError.self) {
            try await store.apply(
                [RecipientTransition(key: key(1), to: .delivered, at: at(32))], owner: "w")
        }
        let again = try await store.claim(now: at(40), limit: 10, owner: "w2", leaseUntil: at(100))
        #expect(again.map(\.record.key) == [key(1)])
        #expect(again.first?.record.attempts == 2)
    }
}
