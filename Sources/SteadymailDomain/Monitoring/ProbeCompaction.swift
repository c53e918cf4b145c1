import Foundation

/// One stored probe result with the monitor it belongs to.
public struct MonitorResult: Sendable, Equatable, Codable {
    public var monitor: String
    public var result: ProbeResult

    public init(monitor: String, result: ProbeResult) {
        self.monitor = monitor
        self.result = result
    }
}

/// Folds probe history into coarser buckets, without storage.
///
/// It exists so that the rule of compaction (which bucket a run falls in, how buckets add up) is one pure function
/// every storage backend calls, and is tested without a database.
public enum ProbeCompaction {
    /// Minute rollups of single results, one per monitor and minute, ordered by monitor then bucket.
    public static func minutes(_ results: [MonitorResult]) -> [ProbeRollup] {
        var buckets: [BucketKey: ProbeRollup] = [:]
        for entry in results {
            let start = RollupResolution.minute.bucketStart(of: entry.result.at)
            let key = BucketKey(monitor: entry.monitor, start: start)
            buckets[key, default: ProbeRollup(monitor: entry.monitor, resolution: .minute, bucketStart: start)]
                .add(entry.result)
        }
        return sorted(buckets)
    }

    /// Rollups folded into buckets of `resolution` (minutes into hours), ordered by monitor then bucket.
    public static func fold(_ rollups: [ProbeRollup], into resolution: RollupResolution) -> [ProbeRollup] {
        var buckets: [BucketKey: ProbeRollup] = [:]
        for rollup in rollups {
            let start = resolution.bucketStart(of: rollup.bucketStart)
            let key = BucketKey(monitor: rollup.monitor, start: start)
            buckets[key, default: ProbeRollup(monitor: rollup.monitor, resolution: resolution, bucketStart: start)]
                .merge(rollup)
        }
        return sorted(buckets)
    }

    /// The cutoff before which history of `resolution` is folded: `now - retention`, rounded down to a bucket start
    /// so that only whole buckets are folded.
    public static func cutoff(now: Date, retention: Duration, resolution: RollupResolution) -> Date {
        resolution.bucketStart(of: now.addingTimeInterval(-Double(retention.components.seconds)))
    }

    private struct BucketKey: Hashable {
        var monitor: String
        var start: Date
    }

    private static func sorted(_ buckets: [BucketKey: ProbeRollup]) -> [ProbeRollup] {
        buckets.values.sorted { ($0.monitor, $0.bucketStart) < ($1.monitor, $1.bucketStart) }
    }
}
