import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct ProbeCompactionTests {
    /// A whole hour, so that minute and hour buckets start at round offsets from it.
    let hour = Date(timeIntervalSince1970: TimeInterval((1_800_000_000 as Int) / 3600 * 3600))

    private func at(_ seconds: Double) -> Date { hour.addingTimeInterval(seconds) }

    private func entry(
        _ monitor: String, _ verdict: ProbeVerdict, _ seconds: Double, latencyMs: Int? = nil, value: Double? = nil
    ) -> MonitorResult {
        MonitorResult(
            monitor: monitor,
            result: ProbeResult(
                verdict: verdict, at: at(seconds), latency: latencyMs.map { .milliseconds($0) }, message: "x",
                value: value))
    }

    @Test func bucketsAlignOnTheEpoch() {
        #expect(RollupResolution.minute.bucketStart(of: at(61.9)) == at(60))
        #expect(RollupResolution.hour.bucketStart(of: at(3599)) == hour)
        #expect(RollupResolution.hour.bucketStart(of: at(3600)) == at(3600))
    }

    @Test func resultsFoldIntoMinutesPerMonitor() {
        let rollups = ProbeCompaction.minutes([
            entry("a", .up, 1, latencyMs: 10, value: 5),
            entry("a", .down, 30),
            entry("a", .warn, 59, latencyMs: 30, value: 2),
            entry("a", .up, 60, latencyMs: 7),
            entry("b", .down, 5),
        ])
        #expect(
            rollups == [
                ProbeRollup(
                    monitor: "a", resolution: .minute, bucketStart: at(0), runs: 3, failures: 1, warns: 1,
                    latencyCount: 2, latencySumMs: 40, latencyMaxMs: 30, valueMin: 2, valueMax: 5),
                ProbeRollup(
                    monitor: "a", resolution: .minute, bucketStart: at(60), runs: 1, latencyCount: 1, latencySumMs: 7,
                    latencyMaxMs: 7),
                ProbeRollup(monitor: "b", resolution: .minute, bucketStart: at(0), runs: 1, failures: 1),
            ])
    }

    @Test func minutesFoldIntoHoursKeepingTheTotals() {
        let minutes = ProbeCompaction.minutes(
            (0..<120).map { entry("a", $0 % 10 == 0 ? .down : .up, Double($0) * 60, latencyMs: $0, value: Double($0)) })
        let hours = ProbeCompaction.fold(minutes, into: .hour)
        #expect(hours.count == 2)
        #expect(hours.map(\.runs) == [60, 60])
        #expect(hours.map(\.failures) == [6, 6])
        #expect(hours.map(\.latencyMaxMs) == [59, 119])
        #expect(hours[0].latencySumMs == Int64((0..<60).reduce(0, +)))
        #expect(hours.map(\.valueMin) == [0, 60])
        #expect(hours.map(\.valueMax) == [59, 119])
        #expect(hours.allSatisfy { $0.resolution == .hour })
    }

    @Test func mergingPartialBucketsEqualsFoldingAtOnce() {
        let all = (0..<10).map { entry("a", .up, Double($0) * 5, latencyMs: $0) }
        var merged = ProbeCompaction.minutes(Array(all[0..<4]))[0]
        merged.merge(ProbeCompaction.minutes(Array(all[4...]))[0])
        #expect(merged == ProbeCompaction.minutes(all)[0])
    }

    @Test func theCutoffIsAWholeBucket() {
        let now = at(2 * 3600 + 125)
        #expect(ProbeCompaction.cutoff(now: now, retention: .seconds(3600), resolution: .minute) == at(3600 + 120))
        #expect(ProbeCompaction.cutoff(now: now, retention: .seconds(3600), resolution: .hour) == at(3600))
    }
}
