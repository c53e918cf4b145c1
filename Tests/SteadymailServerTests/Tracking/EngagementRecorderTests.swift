import Foundation
import Logging
import ServiceLifecycle
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// An engagement store that keeps each written batch, and fails while `failing` is set.
actor BatchStore: EngagementStore {
    var batches: [[EngagementHit]] = []
    var failing = false

    func fail(_ failing: Bool) { self.failing = failing }

    func recordEngagement(_ hits: [EngagementHit]) async throws {
        if failing { throw CancellationError() }
        batches.append(hits)
    }

    func engagementSummary(campaign: Int64) async throws -> EngagementSummary { EngagementSummary() }
    func engagementHours(campaign: Int64) async throws -> [EngagementHour] { [] }
    func campaignLinkID(campaign: Int64, url: String) async throws -> Int64 { 1 }
    func campaignLink(id: Int64) async throws -> CampaignLink? { nil }
}

@Suite struct EngagementRecorderTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    func hit(_ subscriber: Int64) -> EngagementHit {
        EngagementHit(campaignID: 1, subscriberID: subscriber, kind: .open, at: at)
    }

    @Test func hitsAreWrittenTogetherInOneBatch() async {
        let store = BatchStore()
        let recorder = EngagementRecorder(store: store, logger: Logger(label: "test"))
        for subscriber: Int64 in 1...5 { await recorder.record(hit(subscriber)) }
        #expect(await store.batches.isEmpty)
        await recorder.flush()
        #expect(await store.batches == [(Int64(1)...5).map(hit)])
        await recorder.flush()
        #expect(await store.batches.count == 1, "an empty buffer writes nothing")
    }

    @Test func theBufferIsBoundedAndDropsBeyondIt() async {
        let store = BatchStore()
        let recorder = EngagementRecorder(store: store, capacity: 3, logger: Logger(label: "test"))
        for subscriber: Int64 in 1...10 { await recorder.record(hit(subscriber)) }
        #expect(await recorder.pending == 3)
        await recorder.flush()
        #expect(await store.batches == [[hit(1), hit(2), hit(3)]])
        await recorder.record(hit(11))
        #expect(await recorder.pending == 1)
    }

    @Test func aFailedWriteKeepsItsHitsForTheNextWithinTheBound() async {
        let store = BatchStore()
        let recorder = EngagementRecorder(store: store, capacity: 4, logger: Logger(label: "test"))
        await store.fail(true)
        for subscriber: Int64 in 1...3 { await recorder.record(hit(subscriber)) }
        await recorder.flush()
        #expect(await recorder.pending == 3)
        for subscriber: Int64 in 4...6 { await recorder.record(hit(subscriber)) }
        #expect(await recorder.pending == 4)
        await store.fail(false)
        await recorder.flush()
        #expect(await store.batches == [(Int64(1)...4).map(hit)])
        #expect(await recorder.pending == 0)
    }

    @Test func itWritesEverySecondAndOnceMoreAtShutdown() async throws {
        let store = BatchStore()
        let recorder = EngagementRecorder(store: store, interval: .milliseconds(50), logger: Logger(label: "test"))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [recorder], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await recorder.record(hit(1))
            for _ in 0..<100 where await store.batches.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await store.batches == [[hit(1)]])
            // Too soon for the next tick: only the shutdown writes it.
            let slow = EngagementRecorder(store: store, interval: .seconds(3600), logger: Logger(label: "test"))
            let second = ServiceGroup(
                configuration: ServiceGroupConfiguration(services: [slow], logger: Logger(label: "test")))
            tasks.addTask { try await second.run() }
            await slow.record(hit(2))
            try await Task.sleep(for: .milliseconds(50))
            await second.triggerGracefulShutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(await store.batches.last == [hit(2)])
    }
}
