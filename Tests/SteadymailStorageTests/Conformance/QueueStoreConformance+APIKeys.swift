import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func apiKeysAreStoredListedAndRevoked(_ store: any QueueStore) async throws {
        let first = APIKeyRecord(id: "aaaaaaaaaaaaaaaa", name: "shop", scope: .send, hash: "h1", createdAt: at(1))
        let second = APIKeyRecord(id: "bbbbbbbbbbbbbbbb", name: "ops", scope: .admin, hash: "h2", createdAt: at(2))
        try await store.createAPIKey(second)
        try await store.createAPIKey(first)
        #expect(try await store.apiKeys() == [first, second])
        #expect(try await store.apiKey(id: "aaaaaaaaaaaaaaaa") == first)
        #expect(try await store.apiKey(id: "cccccccccccccccc") == nil)
        await #expect(throws: StorageError.self) { try await store.createAPIKey(first) }

        #expect(try await store.revokeAPIKey(id: "aaaaaaaaaaaaaaaa", now: at(10)))
        #expect(try await store.revokeAPIKey(id: "aaaaaaaaaaaaaaaa", now: at(20)))
        #expect(try await store.apiKey(id: "aaaaaaaaaaaaaaaa")?.revokedAt == at(10))
        #expect(try await !store.revokeAPIKey(id: "cccccccccccccccc", now: at(20)))
        #expect(try await store.apiKey(id: "bbbbbbbbbbbbbbbb")?.revokedAt == nil)
    }
}
