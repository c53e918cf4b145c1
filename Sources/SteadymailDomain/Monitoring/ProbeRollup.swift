import Foundation

/// The width of the buckets older probe results are summarised in.
public enum RollupResolution: String, Sendable, Codable, CaseIterable {
    case minute
    case hour

    /// The width of one bucket in seconds.
    public var seconds: Int64 {
        switch self {
        case .minute: 60
        case .hour: 3600
        }
    }

    /// The start of the bucket holding `date` (buckets are aligned on the Unix epoch, so in UTC).
    public func bucketStart(of date: Date) -> Date {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let start = seconds - ((seconds % self.seconds) + self.seconds) % self.seconds
        return Date(timeIntervalSince1970: TimeInterval(start))
    }
}

/// What the probe runs of one monitor within one minute or one hour amounted to.
///
/// It exists so that months of history stay small: after `monitoring.raw_retention` single results are folded into
/// minute rollups, and minute rollups into hour rollups, keeping what uptime and latency reports need (runs, failures,
/// warnings, latency sum and maximum, the range of the measured value).
public struct ProbeRollup: Sendable, Equatable, Codable {
    public var monitor: String
    public var resolution: RollupResolution
    public var bucketStart: Date
    public var runs: Int
    /// Runs whose verdict was `down`.
    public var failures: Int
    /// Runs whose verdict was `warn`.
    public var warns: Int
    /// Runs that measured a latency; the average latency is `latencySumMs / latencyCount`.
    public var latencyCount: Int
    public var latencySumMs: Int64
    public var latencyMaxMs: Int64
    /// The range of the measured value; nil when no run measured one.
    public var valueMin: Double?
    public var valueMax: Double?

    public init(
        monitor: String, resolution: RollupResolution, bucketStart: Date, runs: Int = 0, failures: Int = 0,
        warns: Int = 0, latencyCount: Int = 0, latencySumMs: Int64 = 0, latencyMaxMs: Int64 = 0,
        valueMin: Double? = nil, valueMax: Double? = nil
    ) {
        self.monitor = monitor
        self.resolution = resolution
        self.bucketStart = bucketStart
        self.runs = runs
        self.failures = failures
        self.warns = warns
        self.latencyCount = latencyCount
        self.latencySumMs = latencySumMs
        self.latencyMaxMs = latencyMaxMs
        self.valueMin = valueMin
        self.valueMax = valueMax
    }

    /// Adds one probe result.
    public mutating func add(_ result: ProbeResult) {
        runs += 1
        if result.verdict == .down { failures += 1 }
        if result.verdict == .warn { warns += 1 }
        if let latency = result.latency {
            let millis = Self.milliseconds(latency)
            latencyCount += 1
            latencySumMs += millis
            latencyMaxMs = max(latencyMaxMs, millis)
        }
        if let value = result.value, value.isFinite { include(min: value, max: value) }
    }

    /// Adds another rollup of the same monitor (a finer one, or a partial one of the same bucket).
    public mutating func merge(_ other: ProbeRollup) {
        runs += other.runs
        failures += other.failures
        warns += other.warns
        latencyCount += other.latencyCount
        latencySumMs += other.latencySumMs
        latencyMaxMs = max(latencyMaxMs, other.latencyMaxMs)
        if let low = other.valueMin, let high = other.valueMax { include(min: low, max: high) }
    }

    private mutating func include(min low: Double, max high: Double) {
        valueMin = Swift.min(valueMin ?? low, low)
        valueMax = Swift.max(valueMax ?? high, high)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
