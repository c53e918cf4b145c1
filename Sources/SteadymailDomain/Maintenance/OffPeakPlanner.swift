import Foundation

/// Ranks the times to do planned work by the mail expected then.
///
/// It exists so that `steadymail maintenance suggest` proposes off-peak windows from what the node really sends: the
/// volume of each hour of the week is the mean of that hour over the last four weeks of history (an hour without mail
/// counts as zero), plus mail already scheduled for then. Each candidate, starting on the hour over the next 14 days,
/// says whether the relays left (every relay but the one under maintenance; none for a node window) could carry its
/// busiest hour.
public struct OffPeakPlanner: Sendable {
    /// One relay's capacity; nil `ratePerSecond` means unlimited.
    public struct RelayCapacity: Sendable, Equatable {
        public var name: String
        public var ratePerSecond: Double?

        public init(name: String, ratePerSecond: Double?) {
            self.name = name
            self.ratePerSecond = ratePerSecond
        }
    }

    /// One proposed window.
    public struct Candidate: Sendable, Equatable {
        public var start: Date
        public var end: Date
        /// Messages expected during the window.
        public var expectedVolume: Double
        /// Messages expected in its busiest hour.
        public var peakHourlyVolume: Double
        /// Messages per hour the remaining relays can send; nil when one of them is unlimited.
        public var remainingCapacityPerHour: Double?
        public var othersCanCarry: Bool
    }

    public static let historyWeeks = 4
    public static let horizon: TimeInterval = 14 * 86_400
    static let hour: TimeInterval = 3600
    static let hoursPerWeek = 168

    /// Messages per hour-of-week (hours since 1970 modulo 168), averaged over `historyWeeks`.
    public let hourOfWeekVolume: [Double]
    /// Scheduled messages, by the start of their hour.
    public let scheduled: [Date: Int]

    /// - Parameters:
    ///   - history: messages received per hour, keyed by the hour's start, over the last 28 days (older hours are
    ///     ignored).
    ///   - scheduled: mail planned for a time, as (time, count).
    ///   - now: the present.
    public init(history: [Date: Int], scheduled: [(at: Date, count: Int)] = [], now: Date) {
        var sums = [Double](repeating: 0, count: Self.hoursPerWeek)
        let oldest = now.addingTimeInterval(-Double(Self.historyWeeks) * 7 * 86_400)
        for (start, count) in history where start >= oldest && start < now {
            sums[Self.hourOfWeek(start)] += Double(count)
        }
        hourOfWeekVolume = sums.map { $0 / Double(Self.historyWeeks) }
        var planned: [Date: Int] = [:]
        for item in scheduled { planned[Self.hourStart(item.at), default: 0] += item.count }
        self.scheduled = planned
    }

    /// The expected messages in the hour starting at `start`.
    public func expected(hourStarting start: Date) -> Double {
        hourOfWeekVolume[Self.hourOfWeek(start)] + Double(scheduled[start] ?? 0)
    }

    /// The candidates for a window of `duration` over the 14 days after `now`, quietest first (earlier first among
    /// equals), at most `limit`. `relay` is the relay under maintenance; nil means the whole node.
    public func suggest(
        duration: Duration, relay: String?, relays: [RelayCapacity], now: Date, limit: Int
    ) -> [Candidate] {
        let length = duration.elapsedSeconds
        guard length > 0, limit > 0 else { return [] }
        let remaining = relay.map { name in relays.filter { $0.name != name } } ?? []
        let capacity: Double? =
            remaining.contains { $0.ratePerSecond == nil }
            ? nil : remaining.reduce(0) { $0 + ($1.ratePerSecond ?? 0) * Self.hour }
        let first = Self.hourStart(now) < now ? Self.hourStart(now).addingTimeInterval(Self.hour) : now
        let count = Int(Self.horizon / Self.hour)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(count)
        for index in 0..<count {
            let start = first.addingTimeInterval(Double(index) * Self.hour)
            var volume = 0.0
            var peak = 0.0
            var offset = 0.0
            while offset < length {
                let share = min(Self.hour, length - offset) / Self.hour
                let hourly = expected(hourStarting: start.addingTimeInterval(offset))
                volume += hourly * share
                peak = max(peak, hourly)
                offset += Self.hour
            }
            candidates.append(
                Candidate(
                    start: start, end: start.addingTimeInterval(length), expectedVolume: volume,
                    peakHourlyVolume: peak, remainingCapacityPerHour: capacity,
                    othersCanCarry: capacity.map { peak <= $0 } ?? true))
        }
        candidates.sort { ($0.expectedVolume, $0.start) < ($1.expectedVolume, $1.start) }
        return Array(candidates.prefix(limit))
    }

    static func hourStart(_ time: Date) -> Date {
        Date(timeIntervalSince1970: (time.timeIntervalSince1970 / hour).rounded(.down) * hour)
    }

    static func hourOfWeek(_ time: Date) -> Int {
        let hours = Int((time.timeIntervalSince1970 / hour).rounded(.down))
        return ((hours % hoursPerWeek) + hoursPerWeek) % hoursPerWeek
    }
}
