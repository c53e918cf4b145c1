import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func idempotencyRecord(
        key: String = "order-1", apiKeyID: String = "aaaaaaaaaaaaaaaa", hash: String = "h1", created: Double = 0,
        expires: Double = 86_400
    ) -> IdempotencyRecord {
        IdempotencyRecord(
            apiKeyID: apiKeyID, key: key, requestHash: hash, status: 202, body: Array("{\"id\":\"\(hash)\"}".utf8),
            createdAt: at(created), expiresAt: at(expires))
    }

    static func metadataIsStoredWithTheMessage(_ store: any QueueStore) async throws {
        var first = message(1)
        first.metadata = ["order": "1234", "customer": "Zoë \"quoted\" \u{1F600}", "": "empty key"]
        try await store.enqueue([first, message(2)])
        #expect(try await store.message(id(1))?.metadata == first.metadata)
        #expect(try await store.message(id(2))?.metadata == [:])
    }

    static func idempotentAnswerIsStoredWithTheMessage(_ store: any QueueStore) async throws {
        var first = message(1)
        first.idempotency = idempotencyRecord()
        try await store.enqueue([first])
        #expect(
            try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-1", now: at(10))
                == first.idempotency)
        #expect(try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-2", now: at(10)) == nil)
        #expect(try await store.idempotentAnswer(apiKeyID: "bbbbbbbbbbbbbbbb", key: "order-1", now: at(10)) == nil)
        #expect(try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-1", now: at(86_400)) == nil)
    }

    static func liveIdempotencyKeyRefusesTheWholeBatch(_ store: any QueueStore) async throws {
        var first = message(1)
        first.idempotency = idempotencyRecord()
        try await store.enqueue([first])
        var duplicate = message(3)
        duplicate.idempotency = idempotencyRecord(hash: "h2", created: 5)
        await #expect(throws: StorageError.self) { try await store.enqueue([message(2), duplicate]) }
        #expect(try await store.message(id(2)) == nil)
        #expect(try await store.message(id(3)) == nil)
        #expect(
            try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-1", now: at(10))?.requestHash
                == "h1")

        var otherKey = message(4)
        otherKey.idempotency = idempotencyRecord(apiKeyID: "bbbbbbbbbbbbbbbb", hash: "h3", created: 5)
        try await store.enqueue([otherKey])
        #expect(try await store.message(id(4)) != nil)
    }

    static func anIdempotencyRecordInAFailedBatchIsNotKept(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1)])
        var withRecord = message(2)
        withRecord.idempotency = idempotencyRecord()
        await #expect(throws: StorageError.self) { try await store.enqueue([withRecord, message(1)]) }
        #expect(try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-1", now: at(10)) == nil)
    }

    static func expiredIdempotencyKeyIsReplaced(_ store: any QueueStore) async throws {
        var first = message(1)
        first.idempotency = idempotencyRecord(expires: 100)
        try await store.enqueue([first])
        var second = message(2)
        second.idempotency = idempotencyRecord(hash: "h2", created: 100, expires: 200)
        try await store.enqueue([second])
        #expect(
            try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "order-1", now: at(150))
                == second.idempotency)
        #expect(try await store.counts().total == 2)
    }

    static func pruneIdempotencyRemovesOnlyExpiredRecords(_ store: any QueueStore) async throws {
        for (n, expires) in [(1, 100.0), (2, 200.0), (3, 300.0)] {
            var message = message(n)
            message.idempotency = idempotencyRecord(key: "k\(n)", expires: expires)
            try await store.enqueue([message])
        }
        #expect(try await store.pruneIdempotency(before: at(200)) == 2)
        #expect(try await store.pruneIdempotency(before: at(200)) == 0)
        #expect(try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "k3", now: at(250)) != nil)
        #expect(try await store.idempotentAnswer(apiKeyID: "aaaaaaaaaaaaaaaa", key: "k2", now: at(150)) == nil)
        #expect(try await store.counts().total == 3, "pruning answers never touches the mail")
    }
}
