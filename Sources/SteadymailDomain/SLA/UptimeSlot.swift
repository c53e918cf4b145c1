import Foundation

/// A stretch of time and what the probe runs within it found: a minute of single results, a minute rollup or an hour
/// rollup.
///
/// It exists so that raw results and rollups of any resolution are measured alike: the share of failed runs in a slot
/// is the share of its time counted as down.
public struct UptimeSlot: Sendable, Equatable {
    public var start: Date
    /// The width of the slot in seconds (60 or 3600).
    public var width: TimeInterval
    public var runs: Int
    public var failures: Int

    public init(start: Date, width: TimeInterval, runs: Int, failures: Int) {
        self.start = start
        self.width = width
        self.runs = runs
        self.failures = failures
    }

    public var interval: DateInterval { DateInterval(start: start, duration: width) }

    /// The share of the slot counted as down; 0 without runs.
    public var downFraction: Double { runs > 0 ? Double(failures) / Double(runs) : 0 }

    /// The slots of one monitor's history within `range`: single results (those at a time inside `range` and outside
    /// maintenance) grouped by minute, and every rollup that overlaps `range`.
    public static func slots(
        results: [ProbeResult], rollups: [ProbeRollup], within range: DateInterval, maintenance: [DateInterval]
    ) -> [UptimeSlot] {
        var minutes: [Date: UptimeSlot] = [:]
        for result in results where range.contains(result.at) && result.at < range.end {
            guard !maintenance.contains(where: { $0.contains(result.at) && result.at < $0.end }) else { continue }
            let start = RollupResolution.minute.bucketStart(of: result.at)
            var slot = minutes[start] ?? UptimeSlot(start: start, width: 60, runs: 0, failures: 0)
            slot.runs += 1
            if result.verdict.isFailure { slot.failures += 1 }
            minutes[start] = slot
        }
        var slots = Array(minutes.values)
        for rollup in rollups where rollup.runs > 0 {
            let slot = UptimeSlot(
                start: rollup.bucketStart, width: TimeInterval(rollup.resolution.seconds), runs: rollup.runs,
                failures: rollup.failures)
            if slot.interval.start < range.end, slot.interval.end > range.start { slots.append(slot) }
        }
        return slots.sorted { ($0.start, $0.width) < ($1.start, $1.width) }
    }

    /// The slots of a relay from those of its monitors: where several monitors cover the same slot, the one that
    /// failed most decides, so a failed run of any bound monitor counts the relay down.
    public static func worstOf(_ monitors: [[UptimeSlot]]) -> [UptimeSlot] {
        struct Key: Hashable {
            var start: Date
            var width: TimeInterval
        }
        var worst: [Key: UptimeSlot] = [:]
        for slot in monitors.joined() {
            let key = Key(start: slot.start, width: slot.width)
            if let current = worst[key], current.downFraction >= slot.downFraction { continue }
            worst[key] = slot
        }
        return worst.values.sorted { ($0.start, $0.width) < ($1.start, $1.width) }
    }
}
