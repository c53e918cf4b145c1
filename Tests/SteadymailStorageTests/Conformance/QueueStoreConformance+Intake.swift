import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func enqueueThenRead(_ store: any QueueStore) async throws {
        let bytes = (0...255).map(UInt8.init) + content()
        var message = message(1, to: ["One@Example.NET", "two@example.org"], content: bytes)
        message.deliverBy = at(3600)
        message.submitter = "api-key-7"
        try await store.enqueue([message])

        #expect(try await store.body(of: id(1)) == bytes)
        let records = try await store.recipients(matching: RecipientFilter())
        #expect(
            records == [
                RecipientRecord(
                    key: key(1, 0), recipient: "One@Example.NET", state: .queued,
                    sender: "sender@example.org",
                    priority: .transactional, receivedAt: t0, deliverBy: at(3600), attempts: 0,
                    nextAttemptAt: nil,
                    lastReply: nil),
                RecipientRecord(
                    key: key(1, 1), recipient: "two@example.org", state: .queued,
                    sender: "sender@example.org",
                    priority: .transactional, receivedAt: t0, deliverBy: at(3600), attempts: 0,
                    nextAttemptAt: nil,
                    lastReply: nil),
            ])
        let detail = try #require(try await store.message(id(1)))
        #expect(detail.size == bytes.count)
        #expect(detail.submitter == "api-key-7")
        #expect(detail.origin == "smtp 127.0.0.1 helo=test")
    }

    static func unknownMessageReadsAsNil(_ store: any QueueStore) async throws {
        #expect(try await store.message(id(404)) == nil)
        #expect(try await store.body(of: id(404)) == nil)
    }

    static func batchWithDuplicateStoresNothing(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1)])
        await #expect(throws: StorageError.self) {
            try await store.enqueue([message(2), message(1)])
        }
        await #expect(throws: StorageError.self) {
            try await store.enqueue([message(3), message(3)])
        }
        #expect(try await store.message(id(2)) == nil)
        #expect(try await store.message(id(3)) == nil)
        #expect(try await store.counts().total == 1)
    }

    static func duplicateIDIsConflict(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1)])
        do {
            try await store.enqueue([message(1)])
            Issue.record("a duplicate id was stored")
        } catch let error as StorageError {
            guard case .conflict = error else {
                Issue.record("expected a conflict, got \(error)")
                return
            }
        }
    }
}
