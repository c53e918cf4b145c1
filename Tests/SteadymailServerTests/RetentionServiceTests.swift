import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct RetentionServiceTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let day = 86_400.0

    static func id(_ n: Int) -> QueueID { QueueID(String(format: "%020d", n))! }

    /// A store holding `finished` messages delivered at t0 + `finishedAt(n)` seconds, and one in flight (id 0).
    static func store(in directory: URL, finished: Int, finishedAt: (Int) -> Double) async throws -> SQLiteQueueStore {
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("queue.sqlite").path, busyTimeout: .seconds(5))
        try await store.enqueue(
            (0...finished).map { n in
                NewMessage(
                    id: id(n), sender: "s@example.org", recipients: ["r\(n)@example.net"], priority: .bulk,
                    deliverBy: nil, receivedAt: t0, content: Array("Subject: \(n)\r\n\r\nbody\r\n".utf8),
                    origin: "test", submitter: nil)
            })
        let claimed = try await store.claim(now: t0, limit: finished + 1, owner: "w", leaseUntil: t0 + 60)
        for item in claimed {
            let n = Int(item.record.key.messageID.rawValue)!
            guard n > 0 else { continue }
            try await store.apply(
                [RecipientTransition(key: item.record.key, to: .delivered, at: t0 + finishedAt(n))], owner: "w")
        }
        return store
    }

    static func service(_ store: any QueueStore, batch: Int) -> RetentionService {
        RetentionService(
            store: store,
            configuration: RetentionConfiguration(
                bodies: .seconds(7 * 86400), events: .seconds(90 * 86400), interval: .seconds(60), batch: batch,
                vacuumPages: 100),
            logger: Logger(label: "test"))
    }

    @Test func aPassDeletesExpiredIdempotencyAnswersOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.store(in: directory, finished: 0) { _ in 0 }
        for (n, expires) in [(1, Self.t0 + 10), (2, Self.t0 + Self.day)] {
            try await store.enqueue([
                NewMessage(
                    id: Self.id(n), sender: "s@example.org", recipients: ["r@example.net"], priority: .bulk,
                    deliverBy: nil, receivedAt: Self.t0, content: Array("Subject: x\r\n\r\nx\r\n".utf8),
                    origin: "api k", submitter: nil,
                    idempotency: IdempotencyRecord(
                        apiKeyID: "k", key: "key-\(n)", requestHash: "h", status: 202, body: [], createdAt: Self.t0,
                        expiresAt: expires))
            ])
        }
        let report = try await Self.service(store, batch: 10).pass(now: Self.t0 + 60)
        #expect(report.idempotencyKeys == 1)
        #expect(try await store.idempotentAnswer(apiKeyID: "k", key: "key-2", now: Self.t0 + 60) != nil)
        #expect(try await store.message(Self.id(1)) != nil, "the answer goes, the mail stays")
    }

    @Test func aPassRemovesWhatThePolicySaysInBatches() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Messages 1-5 finished 100 days before `now`, 6-10 finished 10 days before, 11-12 one day before.
        let now = Self.t0 + 200 * Self.day
        let store = try await Self.store(in: directory, finished: 12) { n in
            (n <= 5 ? 100 : n <= 10 ? 190 : 199) * Self.day
        }
        let report = try await Self.service(store, batch: 2).pass(now: now)
        #expect(report.messages == 5)
        #expect(report.bodies == 5)
        for n in 1...5 { #expect(try await store.message(Self.id(n)) == nil, "message \(n)") }
        for n in 6...10 {
            #expect(try await store.body(of: Self.id(n)) == nil, "message \(n)")
            #expect(try await store.message(Self.id(n))?.bodyRemovedAt == now, "message \(n)")
        }
        for n in [0, 11, 12] { #expect(try await store.body(of: Self.id(n)) != nil, "message \(n)") }
        #expect(try await Self.service(store, batch: 2).pass(now: now).messages == 0)
        try store.close()
    }

    @Test func aReloadedSectionAppliesToTheNextPass() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.store(in: directory, finished: 3) { _ in 0 }
        let service = Self.service(store, batch: 10)
        let now = Self.t0 + 2 * Self.day
        #expect(try await service.pass(now: now) == RetentionService.Report())
        service.reconfigure(
            RetentionConfiguration(
                bodies: .seconds(3600), events: .seconds(86400), interval: .seconds(1), batch: 1, vacuumPages: 1))
        #expect(service.configuration.interval == .seconds(1))
        #expect(try await service.pass(now: now).messages == 3)
        try store.close()
    }

    @Test func aCancelledPassRemovesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.store(in: directory, finished: 3) { _ in 0 }
        let service = Self.service(store, batch: 1)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await service.pass(now: Self.t0 + 200 * Self.day)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try await store.counts().total == 4)
        try store.close()
    }
}
