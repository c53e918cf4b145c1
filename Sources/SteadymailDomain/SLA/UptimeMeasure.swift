import Foundation

/// The availability measured over one range: how much time probes covered, how much of it was down, and how much
/// declared maintenance was set apart.
///
/// It exists so that the report, the error budget and the burn rate read one measurement. The rule: each slot of
/// probe history (`UptimeSlot`) counts for its time inside the range and outside maintenance, and the share of its
/// failed runs is the share of that time counted as down; time without any probe result is neither up nor down.
public struct UptimeMeasure: Sendable, Equatable {
    /// Seconds covered by probe results, maintenance excluded.
    public var measuredSeconds: Double
    /// Of those, the seconds counted as down.
    public var downSeconds: Double
    /// Seconds of the range inside declared maintenance (overlapping windows counted once).
    public var maintenanceSeconds: Double

    public init(measuredSeconds: Double, downSeconds: Double, maintenanceSeconds: Double) {
        self.measuredSeconds = measuredSeconds
        self.downSeconds = downSeconds
        self.maintenanceSeconds = maintenanceSeconds
    }

    /// Availability in percent; nil when no probe covered the range.
    public var uptimePercent: Double? {
        guard measuredSeconds > 0 else { return nil }
        return 100 * (1 - downSeconds / measuredSeconds)
    }

    /// The share of measured time that was down; nil without data.
    public var errorRate: Double? {
        guard measuredSeconds > 0 else { return nil }
        return downSeconds / measuredSeconds
    }

    /// Measures `slots` over `range`, setting `maintenance` apart.
    public static func measure(_ slots: [UptimeSlot], over range: DateInterval, maintenance: [DateInterval])
        -> UptimeMeasure
    {
        let merged = MaintenanceIntervals.merge(maintenance)
        var measured = 0.0
        var down = 0.0
        for slot in slots {
            guard let inside = slot.interval.intersection(with: range), inside.duration > 0 else { continue }
            let seconds = inside.duration - MaintenanceIntervals.overlap(merged, with: inside)
            guard seconds > 0 else { continue }
            measured += seconds
            down += seconds * slot.downFraction
        }
        return UptimeMeasure(
            measuredSeconds: measured, downSeconds: down,
            maintenanceSeconds: MaintenanceIntervals.overlap(merged, with: range))
    }
}

/// Interval arithmetic over maintenance windows.
///
/// It exists so that overlapping windows (a relay's and the whole node's) are counted once.
public enum MaintenanceIntervals {
    /// The intervals sorted and merged where they overlap or touch.
    public static func merge(_ intervals: [DateInterval]) -> [DateInterval] {
        var merged: [DateInterval] = []
        for interval in intervals.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, interval.start <= last.end {
                merged[merged.count - 1] = DateInterval(start: last.start, end: max(last.end, interval.end))
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    /// Seconds of `range` covered by `merged` (intervals already merged).
    public static func overlap(_ merged: [DateInterval], with range: DateInterval) -> Double {
        merged.reduce(0) { total, interval in
            total + (interval.intersection(with: range)?.duration ?? 0)
        }
    }
}
