import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Queued and deferred recipients wait; in-flight, held and final ones do not.
    static func oldestWaitingArrivalCountsQueuedAndDeferredOnly(_ store: any QueueStore) async throws {
        #expect(try await store.oldestWaitingArrival() == nil)
        try await store.enqueue([
            message(1, receivedAt: at(5)), message(2, receivedAt: at(10)), message(3, receivedAt: at(20)),
        ])
        #expect(try await store.oldestWaitingArrival() == at(5))
        let first = try await store.claim(now: at(30), limit: 1, owner: "w", leaseUntil: at(600))
        #expect(first.map(\.record.key) == [key(1)])
        #expect(try await store.oldestWaitingArrival() == at(10), "in flight is not waiting")
        try await store.apply(
            [RecipientTransition(key: key(1), to: .deferred, at: at(31), nextAttemptAt: at(9000), reply: "451")],
            owner: "w")
        #expect(try await store.oldestWaitingArrival() == at(5), "deferred is waiting")
        #expect(try await store.hold(RecipientSelector(messageID: id(1)), now: at(32)) == 1)
        #expect(try await store.oldestWaitingArrival() == at(10), "held is not waiting")
        let second = try await store.claim(now: at(33), limit: 1, owner: "w", leaseUntil: at(600))
        #expect(second.map(\.record.key) == [key(2)])
        try await store.apply([RecipientTransition(key: key(2), to: .delivered, at: at(34), reply: "250")], owner: "w")
        #expect(try await store.oldestWaitingArrival() == at(20), "delivered is not waiting")
    }

    /// A write probe succeeds on a writable store, again and again, and changes nothing any reader sees.
    static func probeWritableLeavesTheQueueAlone(_ store: any QueueStore) async throws {
        try await store.probeWritable(now: at(1))
        try await store.enqueue([message(1, to: ["a@x.org", "b@y.org"])])
        let counts = try await store.counts()
        let detail = try await store.message(id(1))
        let due = try await store.nextAttemptTime()
        try await store.probeWritable(now: at(2))
        try await store.probeWritable(now: at(3))
        #expect(try await store.counts() == counts)
        #expect(try await store.message(id(1)) == detail)
        #expect(try await store.nextAttemptTime() == due)
        #expect(try await store.recipients(matching: RecipientFilter()).count == 2)
    }

    /// A store that cannot write says so as `StorageError.unavailable`; reopened writable, the probe passes again.
    static func probeWritableFailsWhenTheStoreCannotWrite(_ factory: QueueStoreFactory) async throws {
        let store = try await factory.open()
        try await store.probeWritable(now: at(1))
        try await store.enqueue([message(1)])
        try await factory.close(store)

        let readOnly = try await factory.openReadOnly()
        do {
            try await readOnly.probeWritable(now: at(2))
            Issue.record("a read-only store passed the write probe")
        } catch let error as StorageError {
            guard case .unavailable = error else {
                Issue.record("expected StorageError.unavailable, got \(error)")
                return
            }
        }
        #expect(try await readOnly.counts().byState == [.queued: 1])
        try await factory.close(readOnly)

        let reopened = try await factory.open()
        try await reopened.probeWritable(now: at(3))
        try await factory.close(reopened)
    }
}
