import Foundation
import SteadymailDomain
import SteadymailStorage

/// Reads the probe history of a relay's monitors and its maintenance for one range, as `UptimeSlot`s.
///
/// It exists so that the alert evaluation (hours of history) and the report (90 days) read storage the same way:
/// single results, then minute and hour rollups, each monitor with the maintenance of its own target, its relay and
/// the node set apart.
struct SLAHistory: Sendable {
    let store: any QueueStore
    let maintenance: any MaintenanceSource

    /// The most single results read per monitor and range.
    static let resultLimit = 200_000

    /// The slots over `range` of `monitors` together (`UptimeSlot.worstOf` them: a relay's monitors, or one monitor
    /// with the relay it is bound to, if any) and the maintenance of that relay and of the node.
    func relay(_ relay: String?, monitors: [String], range: DateInterval) async throws
        -> (slots: [UptimeSlot], maintenance: [DateInterval])
    {
        var shared = await maintenance.intervals(for: .node, overlapping: range)
        if let relay { shared += await maintenance.intervals(for: .relay(relay), overlapping: range) }
        var perMonitor: [[UptimeSlot]] = []
        for monitor in monitors {
            let own = await maintenance.intervals(for: .monitor(monitor), overlapping: range)
            perMonitor.append(try await slots(monitor, range: range, maintenance: shared + own))
        }
        return (UptimeSlot.worstOf(perMonitor), shared)
    }

    private func slots(_ monitor: String, range: DateInterval, maintenance: [DateInterval]) async throws
        -> [UptimeSlot]
    {
        let results = try await store.probeResults(
            monitor: monitor, since: range.start, until: range.end, limit: Self.resultLimit)
        var rollups: [ProbeRollup] = []
        for resolution in RollupResolution.allCases {
            rollups += try await store.probeRollups(
                monitor: monitor, resolution: resolution,
                since: resolution.bucketStart(of: range.start), until: range.end)
        }
        return UptimeSlot.slots(results: results, rollups: rollups, within: range, maintenance: maintenance)
    }
}
