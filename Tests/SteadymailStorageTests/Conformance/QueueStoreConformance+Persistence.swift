import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func survivesCloseAndReopen(_ factory: QueueStoreFactory) async throws {
        let store = try await factory.open()
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org"])])
        _ = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        let before = try await store.message(id(1))
        try await factory.close(store)

        let reopened = try await factory.open()
        #expect(try await reopened.message(id(1)) == before)
        #expect(try await reopened.body(of: id(1)) == content())
        try await factory.close(reopened)
    }

    static func readOnlyCanReadButNotWrite(_ factory: QueueStoreFactory) async throws {
        let store = try await factory.open()
        try await store.enqueue([message(1)])
        try await factory.close(store)

        let readOnly = try await factory.openReadOnly()
        #expect(try await readOnly.message(id(1))?.recipients.count == 1)
        #expect(try await readOnly.counts().byState == [.queued: 1])
        await #expect(throws: StorageError.self) { try await readOnly.enqueue([message(2)]) }
        await #expect(throws: StorageError.self) {
            _ = try await readOnly.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        }
        #expect(try await readOnly.counts().byState == [.queued: 1])
        try await factory.close(readOnly)
    }
}
