import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct InternalProbeTests {
    private func withStore(_ body: (SQLiteQueueStore, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store, directory.path)
    }

    private func run(_ probe: any MonitorProbe, now: Date = Date()) async -> ProbeResult {
        await probe.run(now: now, deadline: now.addingTimeInterval(30))
    }

    @Test func aWritableStoreIsUp() async throws {
        try await withStore { store, _ in
            let result = await run(StorageProbe(store: store))
            #expect(result.verdict == .up, "\(result.message)")
        }
    }

    @Test func aReadOnlyStoreIsDown() async throws {
        try await withStore { _, directory in
            let readOnly = try SQLiteQueueStore.openReadOnly(path: directory + "/q.sqlite")
            defer { try? readOnly.close() }
            let result = await run(StorageProbe(store: readOnly))
            #expect(result.verdict == .down)
            #expect(result.message.hasPrefix("the queue store cannot write"), "\(result.message)")
        }
    }

    @Test func diskSpaceIsMeasuredAgainstTheThreshold() async throws {
        try await withStore { _, directory in
            let free = try #require(DiskSpaceMonitor.space(directory)?.free)
            let plenty = await run(DiskProbe(dataDir: directory, threshold: 1))
            #expect(plenty.verdict == .up)
            let value = try #require(plenty.value)
            #expect(abs(value - Double(free)) < 1e9)
            let short = await run(DiskProbe(dataDir: directory, threshold: Double(free) * 4))
            #expect(short.verdict == .down, "\(short.message)")
            let missing = await run(DiskProbe(dataDir: directory + "/nowhere", threshold: 1))
            #expect(missing.verdict == .down)
        }
    }

    @Test func theOldestWaitingRecipientsAgeIsJudged() async throws {
        try await withStore { store, _ in
            let now = Date()
            let empty = await run(OldestDeferredProbe(store: store, threshold: 60), now: now)
            #expect(empty.verdict == .up && empty.value == 0, "\(empty.message)")
            try await store.enqueue([
                NewMessage(
                    id: QueueID("00000000000000000001")!, sender: "s@example.org", recipients: ["a@one.example"],
                    priority: .bulk, deliverBy: nil, receivedAt: now.addingTimeInterval(-120),
                    content: Array("Subject: x\r\n\r\nx\r\n".utf8), origin: "test", submitter: nil, tags: [])
            ])
            let old = await run(OldestDeferredProbe(store: store, threshold: 60), now: now)
            #expect(old.verdict == .down, "\(old.message)")
            let age = try #require(old.value)
            #expect(age > 119 && age < 122, "\(age)")
            let lenient = await run(OldestDeferredProbe(store: store, threshold: 600), now: now)
            #expect(lenient.verdict == .up)
        }
    }

    /// Answers with a fixed tally.
    struct FixedOutcomes: RelayOutcomeSource {
        let tally: RelayOutcomeWindow.Tally?
        func failureRatio(relay: String, window: Duration, now: Date) async -> RelayOutcomeWindow.Tally? { tally }
    }

    private func ratioProbe(_ tally: RelayOutcomeWindow.Tally?) -> RelayFailureRatioProbe {
        RelayFailureRatioProbe(
            relay: "a", threshold: 0.5, window: .seconds(300), source: FixedOutcomes(tally: tally))
    }

    @Test func theFailureRatioNeedsEnoughTransactions() async throws {
        let few = await run(ratioProbe(RelayOutcomeWindow.Tally(transactions: 4, failures: 4)))
        #expect(few.verdict == .up)
        #expect(few.message.hasPrefix("too few transactions"), "\(few.message)")
        let failing = await run(ratioProbe(RelayOutcomeWindow.Tally(transactions: 6, failures: 4)))
        #expect(failing.verdict == .down)
        #expect(failing.message == "4 of 6 transactions on a failed (67%) over 300 s", "\(failing.message)")
        #expect(failing.value == 4.0 / 6.0)
        let half = await run(ratioProbe(RelayOutcomeWindow.Tally(transactions: 10, failures: 5)))
        #expect(half.verdict == .up)
        let unknown = await run(ratioProbe(nil))
        #expect(unknown.verdict == .down)
    }
}
