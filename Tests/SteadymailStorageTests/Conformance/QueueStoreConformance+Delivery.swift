import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func claimOrdersByDeadlineWithinPriority(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, receivedAt: at(0)),
            message(2, receivedAt: at(5), deliverBy: at(1000)),
            message(3, receivedAt: at(10), deliverBy: at(500)),
            message(4, priority: .bulk, receivedAt: at(0), deliverBy: at(1)),
        ])
        let claimed = try await store.claim(now: at(20), limit: 10, owner: "w", leaseUntil: at(80))
        #expect(claimed.map(\.record.key) == [key(3), key(2), key(1), key(4)])
        #expect(claimed.map(\.record.deliverBy) == [at(500), at(1000), nil, at(1)])
    }

    static func claimOnlyGivenPriorities(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, priority: .transactional, receivedAt: at(0)),
            message(2, priority: .bulk, receivedAt: at(1)),
            message(3, priority: .bulk, receivedAt: at(2)),
            message(4, priority: .timeCritical, receivedAt: at(3)),
        ])
        let first = try await store.claim(
            now: at(10), limit: 1, owner: "w", leaseUntil: at(600), priorities: [.bulk])
        #expect(first.map(\.record.key) == [key(2)])
        try await store.apply(
            [RecipientTransition(key: key(2), to: .deferred, at: at(11), nextAttemptAt: at(50))], owner: "w")

        #expect(
            try await store.claim(now: at(20), limit: 10, owner: "w", leaseUntil: at(600), priorities: [])
                .isEmpty)
        let due = try await store.claim(
            now: at(60), limit: 10, owner: "w", leaseUntil: at(600), priorities: [.bulk, .timeCritical])
        #expect(due.map(\.record.key) == [key(4), key(2), key(3)])
        #expect(try await states(store)[key(1)] == .queued)
    }

    static func deferredRecordsAttemptsAndNextAttempt(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1)])
        _ = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1), to: .deferred, at: at(2), nextAttemptAt: at(120), relay: "r1",
                    reply: "451 4.3.0 try later")
            ], owner: "w")
        let record = try #require(try await store.recipients(matching: RecipientFilter()).first)
        #expect(record.state == .deferred)
        #expect(record.attempts == 1)
        #expect(record.nextAttemptAt == at(120))
        #expect(try await store.nextAttemptTime() == at(120))
    }

    static func queuedTransitionCanRefundTheAttempt(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1)])
        _ = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1), to: .queued, at: at(2), relay: "r1", note: "failover", refundAttempt: true)
            ], owner: "w")
        var record = try #require(try await store.recipients(matching: RecipientFilter()).first)
        #expect(record.state == .queued)
        #expect(record.attempts == 0)

        _ = try await store.claim(now: at(3), limit: 1, owner: "w", leaseUntil: at(60))
        try await store.apply([RecipientTransition(key: key(1), to: .queued, at: at(4))], owner: "w")
        record = try #require(try await store.recipients(matching: RecipientFilter()).first)
        #expect(record.attempts == 1)
        let events = try #require(try await store.message(id(1))).events
        #expect(
            events.map(\.note) == [
                "received from smtp 127.0.0.1 helo=test", "claimed by w", "failover", "claimed by w", nil,
            ])
    }

    static func envelopeWithoutEvents(_ store: any QueueStore) async throws {
        var stored = message(1, to: ["a@x.org", "b@x.org"], priority: .bulk, receivedAt: at(3), deliverBy: at(90))
        stored.submitter = "app"
        try await store.enqueue([stored])

        #expect(
            try await store.envelope(of: id(1))
                == MessageEnvelope(
                    id: id(1), sender: "sender@example.org", priority: .bulk, deliverBy: at(90), receivedAt: at(3),
                    size: content().count, origin: "smtp 127.0.0.1 helo=test", submitter: "app"))
        #expect(try await store.envelope(of: id(404)) == nil)
    }
}
