import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// A whole hour, so that minute and hour buckets fall at round offsets.
    static let hour0 = Date(timeIntervalSince1970: TimeInterval((1_700_000_000 as Int) / 3600 * 3600))

    static func probe(
        _ monitor: String, _ verdict: ProbeVerdict, at seconds: Double, latencyMs: Int? = 5, value: Double? = nil,
        message: String = "m"
    ) -> MonitorResultRecord {
        MonitorResultRecord(
            monitor: monitor,
            result: ProbeResult(
                verdict: verdict, at: hour0.addingTimeInterval(seconds), latency: latencyMs.map { .milliseconds($0) },
                message: message, value: value))
    }

    static func probeResultsRoundTrip(_ store: any QueueStore) async throws {
        let batch = [
            probe("a", .up, at: 1, latencyMs: 12, value: 3.5, message: "250 greeting in 12 ms"),
            probe("a", .down, at: 2, latencyMs: nil, message: "connection refused"),
            probe("b", .warn, at: 3, value: 10),
            probe("a", .up, at: 4),
        ]
        try await store.recordProbeResults(batch)
        try await store.recordProbeResults([])
        let all = try await store.probeResults(
            monitor: "a", since: hour0, until: hour0.addingTimeInterval(60), limit: 10)
        #expect(all == [batch[0].result, batch[1].result, batch[3].result])
        let newest = try await store.probeResults(
            monitor: "a", since: hour0, until: hour0.addingTimeInterval(60), limit: 2)
        #expect(newest == [batch[1].result, batch[3].result])
        let window = try await store.probeResults(
            monitor: "a", since: hour0.addingTimeInterval(2), until: hour0.addingTimeInterval(4), limit: 10)
        #expect(window == [batch[1].result])
        #expect(try await store.latestProbeResults() == ["a": batch[3].result, "b": batch[2].result])
    }

    static func compactionFoldsOldHistory(_ store: any QueueStore) async throws {
        // Two hours of one result per 30 s for "a", one result for "b"; now is 50 h after the start.
        var batch = (0..<240).map { n in
            probe("a", n % 4 == 0 ? .down : .up, at: Double(n) * 30, latencyMs: n % 100, value: Double(n))
        }
        batch.append(probe("b", .warn, at: 7000))
        try await store.recordProbeResults(batch)
        let now = hour0.addingTimeInterval(50 * 3600)
        let summary = try await store.compactProbeResults(
            now: now, rawRetention: .seconds(48 * 3600 + 1800), minuteRetention: .seconds(49 * 3600),
            hourRetention: .seconds(400 * 86_400))
        // Raw cutoff 1 h 30 min: 180 results of "a" fold into 90 minutes; minute cutoff 1 h: 60 of them into 1 hour.
        #expect(summary == CompactionSummary(resultsFolded: 180, minutesFolded: 60, hoursDeleted: 0))
        let end = hour0.addingTimeInterval(3 * 3600)
        let raw = try await store.probeResults(monitor: "a", since: hour0, until: end, limit: 1000)
        #expect(raw.count == 60)
        #expect(raw.first?.at == hour0.addingTimeInterval(5400))
        let minutes = try await store.probeRollups(monitor: "a", resolution: .minute, since: hour0, until: end)
        #expect(minutes.count == 30)
        #expect(minutes.first?.bucketStart == hour0.addingTimeInterval(3600))
        #expect(minutes.allSatisfy { $0.runs == 2 })
        let hours = try await store.probeRollups(monitor: "a", resolution: .hour, since: hour0, until: end)
        #expect(
            hours
                == ProbeCompaction.fold(
                    ProbeCompaction.minutes(Array(batch[0..<120])), into: .hour))
        #expect(hours.first?.runs == 120 && hours.first?.failures == 30)
        #expect(try await store.probeResults(monitor: "b", since: hour0, until: end, limit: 10).count == 1)

        let again = try await store.compactProbeResults(
            now: now, rawRetention: .seconds(48 * 3600 + 1800), minuteRetention: .seconds(49 * 3600),
            hourRetention: .seconds(400 * 86_400))
        #expect(again == CompactionSummary())
        #expect(try await store.probeRollups(monitor: "a", resolution: .hour, since: hour0, until: end) == hours)
    }

    static func compactionAddsToAnExistingBucketAndDropsOldHours(_ store: any QueueStore) async throws {
        try await store.recordProbeResults([probe("a", .up, at: 10), probe("a", .down, at: 20)])
        let later = hour0.addingTimeInterval(3 * 3600)
        _ = try await store.compactProbeResults(
            now: later, rawRetention: .seconds(3600), minuteRetention: .seconds(10_800), hourRetention: .seconds(86_400)
        )
        // A result recorded late for an already compacted minute is added to that minute's rollup.
        try await store.recordProbeResults([probe("a", .warn, at: 30)])
        _ = try await store.compactProbeResults(
            now: later, rawRetention: .seconds(3600), minuteRetention: .seconds(10_800), hourRetention: .seconds(86_400)
        )
        let end = hour0.addingTimeInterval(3600)
        let minutes = try await store.probeRollups(monitor: "a", resolution: .minute, since: hour0, until: end)
        #expect(minutes.map(\.runs) == [3])
        #expect(minutes.map(\.failures) == [1])
        #expect(minutes.map(\.warns) == [1])
        #expect(try await store.probeRollups(monitor: "a", resolution: .hour, since: hour0, until: end).isEmpty)

        let muchLater = hour0.addingTimeInterval(4 * 86_400)
        let summary = try await store.compactProbeResults(
            now: muchLater, rawRetention: .seconds(3600), minuteRetention: .seconds(10_800),
            hourRetention: .seconds(86_400))
        #expect(summary == CompactionSummary(resultsFolded: 0, minutesFolded: 1, hoursDeleted: 1))
        #expect(try await store.probeRollups(monitor: "a", resolution: .hour, since: hour0, until: muchLater).isEmpty)
        #expect(try await store.probeRollups(monitor: "a", resolution: .minute, since: hour0, until: muchLater).isEmpty)
    }

    static func runtimeMonitorsAreKept(_ store: any QueueStore) async throws {
        let http = MonitorDefinition(
            name: "web", kind: .http, url: "http://127.0.0.1:8080/health", expectStatus: 200, bodyContains: "ok",
            interval: .seconds(1), timeout: .milliseconds(500), failuresBeforeDown: 3, source: .runtime)
        let tcp = MonitorDefinition(name: "port", kind: .tcp, host: "127.0.0.1", port: 9, source: .runtime)
        try await store.saveMonitor(http)
        try await store.saveMonitor(tcp)
        #expect(try await store.runtimeMonitors() == [http, tcp])
        await #expect(throws: StorageError.self) { try await store.saveMonitor(http) }
        #expect(try await store.removeMonitor(name: "web"))
        #expect(!(try await store.removeMonitor(name: "web")))
        #expect(try await store.runtimeMonitors() == [tcp])
        try await store.saveMonitor(http)
        #expect(try await store.runtimeMonitors() == [tcp, http])
    }
}
