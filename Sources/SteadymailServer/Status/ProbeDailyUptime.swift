import Foundation
import SteadymailDomain
import SteadymailStorage

/// Daily uptime from the probe history: the share of probe runs that day that did not fail, over the single results
/// and the minute and hour rollups compaction left (the three never overlap).
///
/// It exists as the simple first `StatusUptimeSource`: a count of runs, not of time, with no maintenance known.
/// The SLA's uptime function (time-weighted, maintenance excluded) is meant to replace it behind the same protocol.
public struct ProbeDailyUptime: StatusUptimeSource {
    let store: any QueueStore

    public init(store: any QueueStore) {
        self.store = store
    }

    /// The most single results read for one monitor and one day.
    static let resultsPerDay = 100_000

    public func dailyUptime(monitors: [String], days: [Date], now: Date) async throws -> [StatusUptimeBar] {
        guard let first = days.first, let last = days.last else { return [] }
        let end = last.addingTimeInterval(86_400)
        var counts: [Date: RunCount] = [:]
        for monitor in monitors {
            for resolution in RollupResolution.allCases {
                for rollup in try await store.probeRollups(
                    monitor: monitor, resolution: resolution, since: first, until: end)
                {
                    counts[Self.day(of: rollup.bucketStart), default: RunCount()].add(
                        runs: rollup.runs, failures: rollup.failures)
                }
            }
            for day in days {
                let results = try await store.probeResults(
                    monitor: monitor, since: day, until: day.addingTimeInterval(86_400), limit: Self.resultsPerDay)
                let failures = results.filter(\.verdict.isFailure).count
                counts[day, default: RunCount()].add(runs: results.count, failures: failures)
            }
        }
        return Self.bars(days: days, counts: counts)
    }

    /// One bar per day: the percentage of good runs (two decimals), nil for a day without runs.
    static func bars(days: [Date], counts: [Date: RunCount]) -> [StatusUptimeBar] {
        days.map { day in
            let count = counts[day] ?? RunCount()
            let percent =
                count.runs == 0
                ? nil : (Double(count.runs - count.failures) / Double(count.runs) * 10_000).rounded() / 100
            return StatusUptimeBar(date: StatusDays.label(day), uptimePercent: percent, maintenanceMinutes: 0)
        }
    }

    static func day(of date: Date) -> Date { StatusDays.calendar.startOfDay(for: date) }

    /// Probe runs and failures of one day.
    struct RunCount: Equatable {
        var runs = 0
        var failures = 0

        mutating func add(runs: Int, failures: Int) {
            self.runs += runs
            self.failures += failures
        }
    }
}
