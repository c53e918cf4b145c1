import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
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
