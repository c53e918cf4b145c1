import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func nextAttemptTimeFollowsTheQueue(_ store: any QueueStore) async throws {
        #expect(try await store.nextAttemptTime() == nil)
        try await store.enqueue([message(1, receivedAt: at(10)), message(2, receivedAt: at(5))])
        #expect(try await store.nextAttemptTime() == at(5))

        _ = try await store.claim(now: at(20), limit: 10, owner: "w", leaseUntil: at(600))
        #expect(try await store.nextAttemptTime() == nil)

        try await store.apply(
            [
                RecipientTransition(key: key(1), to: .deferred, at: at(21), nextAttemptAt: at(100)),
                RecipientTransition(key: key(2), to: .deferred, at: at(21), nextAttemptAt: at(50)),
            ], owner: "w")
        #expect(try await store.nextAttemptTime() == at(50))

        try await store.enqueue([message(3, receivedAt: at(30))])
        #expect(try await store.nextAttemptTime() == at(30))
    }

    static func nextExpiryTimeIsTheEarliestLimit(_ store: any QueueStore) async throws {
        #expect(try await store.nextExpiryTime(maxAge: .seconds(60)) == nil)
        try await store.enqueue([
            message(1, receivedAt: at(0)),
            message(2, receivedAt: at(10), deliverBy: at(3600)),
        ])
        #expect(try await store.nextExpiryTime(maxAge: .seconds(5 * 86400)) == at(3600))
        #expect(try await store.nextExpiryTime(maxAge: .seconds(60)) == at(60))

        let claimed = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(600))
        #expect(claimed.map(\.record.key) == [key(2)])
        #expect(try await store.nextExpiryTime(maxAge: .seconds(5 * 86400)) == at(5 * 86400))

        try await store.apply(
            [RecipientTransition(key: key(2), to: .deferred, at: at(2), nextAttemptAt: at(900))], owner: "w")
        #expect(try await store.nextExpiryTime(maxAge: .seconds(5 * 86400)) == at(3600))
    }

    static func expireDueByDeadlineAndAge(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, priority: .bulk, receivedAt: at(0), deliverBy: at(100)),
            message(2, priority: .bulk, receivedAt: at(0)),
            message(3, priority: .bulk, receivedAt: at(50)),
            message(4, receivedAt: at(0), deliverBy: at(100)),
            message(5, receivedAt: at(0)),
        ])
        _ = try await store.claim(
            now: at(1), limit: 2, owner: "w", leaseUntil: at(9000), priorities: [.transactional])
        try await store.apply(
            [RecipientTransition(key: key(5), to: .deferred, at: at(2), nextAttemptAt: at(1000))], owner: "w")
        let maxAge = Duration.seconds(200)

        #expect(try await store.expireDue(now: at(99), maxAge: maxAge).isEmpty)
        let late = try await store.expireDue(now: at(100), maxAge: maxAge)
        #expect(late.map(\.record.key) == [key(1)])
        #expect(late.map(\.reason) == ["deadline"])
        #expect(late.first?.record.state == .expired)

        let old = try await store.expireDue(now: at(200), maxAge: maxAge)
        #expect(old.map(\.record.key) == [key(2), key(5)])
        #expect(old.map(\.reason) == ["max_age", "max_age"])
        #expect(
            try await states(store) == [
                key(1): .expired, key(2): .expired, key(3): .queued, key(4): .inFlight, key(5): .expired,
            ])
        let events = try #require(try await store.message(id(5))).events
        #expect(events.last?.state == .expired)
        #expect(events.last?.note == "max_age")
        #expect(try #require(try await store.message(id(1))).events.last?.note == "deadline")
        #expect(try await store.nextExpiryTime(maxAge: maxAge) == at(250))
    }

    static func retryNowMakesDeferredRecipientsDue(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@one.example"], receivedAt: at(0)), message(2, to: ["b@two.example"], receivedAt: at(1)),
            message(3, to: ["c@one.example"], receivedAt: at(2)),
        ])
        let claimed = try await store.claim(now: at(3), limit: 3, owner: "w", leaseUntil: at(600))
        try await store.apply(
            claimed.map {
                RecipientTransition(key: $0.record.key, to: .deferred, at: at(4), nextAttemptAt: at(3600), reply: "451")
            }, owner: "w")
        #expect(try await store.claim(now: at(5), limit: 3, owner: "w", leaseUntil: at(600)).isEmpty)

        #expect(try await store.retryNow(RecipientSelector(domain: "ONE.example"), now: at(6)) == 2)
        #expect(try await store.nextAttemptTime() == at(6))
        let due = try await store.claim(now: at(6), limit: 3, owner: "w", leaseUntil: at(600))
        #expect(Set(due.map(\.record.key.messageID)) == [id(1), id(3)])
        #expect(try #require(try await store.message(id(1))).events.contains { $0.note == "retry requested" })

        #expect(try await store.retryNow(RecipientSelector(messageID: id(2)), now: at(7)) == 1)
        #expect(try await store.retryNow(RecipientSelector(messageID: id(1)), now: at(7)) == 0)
        #expect(try await store.retryNow(RecipientSelector(messageID: id(2)), now: at(7)) == 0, "not idempotent")
        #expect(
            try await store.claim(now: at(7), limit: 3, owner: "w", leaseUntil: at(600)).map(\.record.key) == [key(2)])
    }

    static func releaseLeasesOfOneOwner(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, receivedAt: at(0)), message(2, receivedAt: at(1)), message(3, receivedAt: at(2)),
        ])
        _ = try await store.claim(now: at(3), limit: 1, owner: "node1/a", leaseUntil: at(9000))
        _ = try await store.claim(now: at(3), limit: 1, owner: "node1/b", leaseUntil: at(9000))
        _ = try await store.claim(now: at(3), limit: 1, owner: "node2/a", leaseUntil: at(9000))

        #expect(try await store.releaseLeases(ownerPrefix: "node%", now: at(4), reason: .ownerRestarted) == 0)
        #expect(try await store.releaseLeases(ownerPrefix: "node1/", now: at(4), reason: .ownerRestarted) == 2)
        #expect(try await states(store) == [key(1): .queued, key(2): .queued, key(3): .inFlight])
        let restarted = try #require(try await store.message(id(1))).events.last
        #expect(restarted?.state == .queued)
        #expect(restarted?.note == "lease released: owner restarted")

        #expect(try await store.releaseLeases(ownerPrefix: "node2/a", now: at(5), reason: .shutdown) == 1)
        #expect(try #require(try await store.message(id(3))).events.last?.note == "released at shutdown")
        #expect(try await states(store).values.allSatisfy { $0 == .queued })
    }
}
