import Foundation

/// A stretch of time and the share of it counted as down: the time one probe result stands for, a minute rollup or an
/// hour rollup.
///
/// It exists so that single results and rollups of any resolution are measured alike. A single result stands for the
/// time from its run to the monitor's next run (at most a minute, and not past the range); a rollup for its bucket, of
/// which the share of failed runs is counted down.
public struct UptimeSlot: Sendable, Equatable {
    public var start: Date
    /// The width of the slot in seconds.
    public var width: TimeInterval
    /// The share of the slot counted as down, 0...1.
    public var downFraction: Double

    public init(start: Date, width: TimeInterval, downFraction: Double) {
        self.start = start
        self.width = width
        self.downFraction = downFraction
    }

    /// The longest time one single result stands for.
    public static let longestResultSpan: TimeInterval = 60

    public var interval: DateInterval { DateInterval(start: start, duration: max(width, 0)) }

    /// The slots of one monitor's history within `range`: its single results at a time inside `range` and outside
    /// maintenance, and every rollup with runs that overlaps `range`, in time order.
    public static func slots(
        results: [ProbeResult], rollups: [ProbeRollup], within range: DateInterval, maintenance: [DateInterval]
    ) -> [UptimeSlot] {
        let kept = results.filter { result in
            range.contains(result.at) && result.at < range.end
                && !maintenance.contains { $0.contains(result.at) && result.at < $0.end }
        }.sorted { $0.at < $1.at }
        var slots: [UptimeSlot] = []
        for (index, result) in kept.enumerated() {
            let next = index + 1 < kept.count ? kept[index + 1].at : range.end
            let width = min(next.timeIntervalSince(result.at), longestResultSpan)
            guard width > 0 else { continue }
            slots.append(UptimeSlot(start: result.at, width: width, downFraction: result.verdict.isFailure ? 1 : 0))
        }
        for rollup in rollups where rollup.runs > 0 {
            let slot = UptimeSlot(
                start: rollup.bucketStart, width: TimeInterval(rollup.resolution.seconds),
                downFraction: Double(rollup.failures) / Double(rollup.runs))
            if slot.interval.start < range.end, slot.interval.end > range.start { slots.append(slot) }
        }
        return slots.sorted { ($0.start, $0.width) < ($1.start, $1.width) }
    }

    /// The slots of a relay from those of its monitors: at every moment the monitor that was most down decides, so a
    /// failed run of any bound monitor counts the relay down; a moment no monitor covers stays uncovered.
    public static func worstOf(_ monitors: [[UptimeSlot]]) -> [UptimeSlot] {
        let histories = monitors.filter { !$0.isEmpty }.map { $0.sorted { $0.start < $1.start } }
        guard histories.count > 1 else { return histories.first ?? [] }
        var bounds = Set<Date>()
        for slot in histories.joined() {
            bounds.insert(slot.start)
            bounds.insert(slot.interval.end)
        }
        let points = bounds.sorted()
        var cursors = Array(repeating: 0, count: histories.count)
        var slots: [UptimeSlot] = []
        for (from, to) in zip(points, points.dropFirst()) {
            var worst: Double?
            for index in histories.indices {
                let history = histories[index]
                while cursors[index] < history.count, history[cursors[index]].interval.end <= from {
                    cursors[index] += 1
                }
                if cursors[index] < history.count, history[cursors[index]].start <= from {
                    worst = max(worst ?? 0, history[cursors[index]].downFraction)
                }
            }
            if let worst {
                slots.append(UptimeSlot(start: from, width: to.timeIntervalSince(from), downFraction: worst))
            }
        }
        return slots
    }
}
