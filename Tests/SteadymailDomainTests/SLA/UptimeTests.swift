import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct UptimeTests {
    /// Midnight UTC, so that minutes, hours and days start at round offsets from it.
    let midnight = Date(timeIntervalSince1970: TimeInterval((1_800_000_000 as Int) / 86400 * 86400))

    private func at(_ seconds: Double) -> Date { midnight.addingTimeInterval(seconds) }

    private func results(from start: Double, count: Int, every step: Double, verdict: ProbeVerdict) -> [ProbeResult] {
        (0..<count).map { ProbeResult(verdict: verdict, at: at(start + Double($0) * step), message: "x") }
    }

    @Test func aFailedRunCountsDownUntilTheNextRun() {
        // One hour of runs every 10 s; three runs fail at 10 min, twelve from 20 min.
        var history = results(from: 0, count: 360, every: 10, verdict: .up)
        for index in [60, 61, 62, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131] {
            history[index].verdict = .down
        }
        let hour = DateInterval(start: at(0), duration: 3600)
        let slots = UptimeSlot.slots(results: history, rollups: [], within: hour, maintenance: [])
        #expect(slots.count == 360)
        let measure = UptimeMeasure.measure(slots, over: hour, maintenance: [])
        #expect(measure.measuredSeconds == 3600)
        #expect(measure.downSeconds == 30 + 120)
        let expected: Double = 100 * (1 - 150.0 / 3600)
        #expect(measure.uptimePercent == expected)
    }

    @Test func aResultStandsForAMinuteAtMostAndNotPastTheRange() {
        let range = DateInterval(start: at(0), duration: 300)
        let history = [
            ProbeResult(verdict: .down, at: at(0), message: "x"), ProbeResult(verdict: .up, at: at(200), message: "x"),
        ]
        let slots = UptimeSlot.slots(results: history, rollups: [], within: range, maintenance: [])
        #expect(
            slots == [
                UptimeSlot(start: at(0), width: 60, downFraction: 1),
                UptimeSlot(start: at(200), width: 60, downFraction: 0),
            ])
        let late = UptimeSlot.slots(
            results: history, rollups: [], within: DateInterval(start: at(0), duration: 230), maintenance: [])
        #expect(late.last == UptimeSlot(start: at(200), width: 30, downFraction: 0))
    }

    @Test func maintenanceIsSetApartAndNotCountedAsDowntime() {
        // Down for the whole second half hour, which is declared maintenance from 1800 to 3600.
        let history =
            results(from: 0, count: 180, every: 10, verdict: .up)
            + results(from: 1800, count: 180, every: 10, verdict: .down)
        let hour = DateInterval(start: at(0), duration: 3600)
        let maintenance = [DateInterval(start: at(1800), end: at(3600))]
        let slots = UptimeSlot.slots(results: history, rollups: [], within: hour, maintenance: maintenance)
        let measure = UptimeMeasure.measure(slots, over: hour, maintenance: maintenance)
        #expect(measure.uptimePercent == 100)
        #expect(measure.downSeconds == 0)
        #expect(measure.measuredSeconds == 1800)
        #expect(measure.maintenanceSeconds == 1800)
    }

    @Test func overlappingMaintenanceCountsOnce() {
        let range = DateInterval(start: at(0), duration: 3600)
        let windows = [
            DateInterval(start: at(100), end: at(700)), DateInterval(start: at(500), end: at(900)),
            DateInterval(start: at(3000), end: at(5000)),
        ]
        let merged = MaintenanceIntervals.merge(windows)
        #expect(merged == [DateInterval(start: at(100), end: at(900)), DateInterval(start: at(3000), end: at(5000))])
        #expect(MaintenanceIntervals.overlap(merged, with: range) == 800 + 600)
    }

    @Test func rollupsCountWithTheirWidthAndPartialMaintenance() {
        // An hour rollup with 12 of 120 runs failed, half of it in maintenance: 1800 s measured, 10 % of it down.
        let rollup = ProbeRollup(monitor: "m", resolution: .hour, bucketStart: at(0), runs: 120, failures: 12)
        let range = DateInterval(start: at(0), duration: 3600)
        let maintenance = [DateInterval(start: at(0), end: at(1800))]
        let slots = UptimeSlot.slots(results: [], rollups: [rollup], within: range, maintenance: maintenance)
        let measure = UptimeMeasure.measure(slots, over: range, maintenance: maintenance)
        #expect(measure.measuredSeconds == 1800)
        #expect(abs(measure.downSeconds - 180) < 1e-9)
    }

    @Test func aRangeWithoutResultsHasNoUptime() {
        let range = DateInterval(start: at(0), duration: 3600)
        let measure = UptimeMeasure.measure([], over: range, maintenance: [])
        #expect(measure.uptimePercent == nil)
        #expect(measure.errorRate == nil)
    }

    @Test func aRelayIsDownWhenAnyBoundMonitorFailed() {
        let range = DateInterval(start: at(0), duration: 120)
        let smtp = UptimeSlot.slots(
            results: results(from: 0, count: 12, every: 10, verdict: .up), rollups: [], within: range,
            maintenance: [])
        let canary = UptimeSlot.slots(
            results: results(from: 0, count: 6, every: 10, verdict: .up)
                + results(from: 60, count: 6, every: 10, verdict: .down), rollups: [], within: range,
            maintenance: [])
        let relay = UptimeSlot.worstOf([smtp, canary])
        let measure = UptimeMeasure.measure(relay, over: range, maintenance: [])
        #expect(measure.downSeconds == 60)
        #expect(measure.uptimePercent == 50)
    }

    @Test func dailyBarsShowUptimeMaintenanceAndMissingDays() {
        // Day 0: up all day with 6 h of maintenance; day 1: no data; day 2 (today, until noon): one hour down.
        let day0 = ProbeRollup(monitor: "m", resolution: .hour, bucketStart: at(0), runs: 1, failures: 0)
        var rollups = (0..<24).map { hour in
            var rollup = day0
            rollup.bucketStart = at(Double(hour) * 3600)
            return rollup
        }
        rollups += (0..<12).map { hour in
            ProbeRollup(
                monitor: "m", resolution: .hour, bucketStart: at(2 * 86400 + Double(hour) * 3600), runs: 1,
                failures: hour == 3 ? 1 : 0)
        }
        let now = at(2 * 86400 + 12 * 3600)
        let maintenance = [DateInterval(start: at(0), duration: 6 * 3600)]
        let range = DateInterval(start: at(0), end: now)
        let slots = UptimeSlot.slots(results: [], rollups: rollups, within: range, maintenance: maintenance)
        let bars = UptimeDay.bars(slots, days: 3, now: now, maintenance: maintenance)
        #expect(bars.map(\.start) == [at(0), at(86400), at(2 * 86400)])
        #expect(bars[0].uptimePercent == 100)
        #expect(bars[0].maintenanceShare == 0.25)
        #expect(bars[1].noData)
        #expect(abs((bars[2].uptimePercent ?? 0) - 100.0 * 11 / 12) < 1e-9)
        #expect(bars[2].maintenanceShare == 0)
    }

    @Test func periodsEndNow() {
        let now = at(90 * 86400)
        #expect(UptimePeriod.allCases.map(\.rawValue) == ["24h", "7d", "30d", "90d"])
        #expect(UptimePeriod.week.range(endingAt: now) == DateInterval(start: at(83 * 86400), end: now))
    }
}
