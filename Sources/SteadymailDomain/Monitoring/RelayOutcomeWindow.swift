import Foundation

/// A relay's recent transactions and how many of them failed at relay level, counted per second over a bounded past.
///
/// It exists so that a `relay-failures` monitor can ask what share of a relay's transactions failed over the last
/// minutes without the delivery path keeping a record per transaction: outcomes of the same second share one bucket,
/// and buckets older than `retention` are dropped as new ones arrive, so memory stays bounded by the retention in
/// seconds however much mail flows.
public struct RelayOutcomeWindow: Sendable, Equatable {
    /// What the window saw over a span: transactions, and those that failed at relay level.
    public struct Tally: Sendable, Equatable {
        public var transactions: Int
        public var failures: Int

        public init(transactions: Int, failures: Int) {
            self.transactions = transactions
            self.failures = failures
        }

        /// Failures per transaction (0...1); nil when there was no transaction.
        public var ratio: Double? {
            transactions == 0 ? nil : Double(failures) / Double(transactions)
        }
    }

    struct Bucket: Sendable, Equatable {
        var second: Int64
        var transactions: Int
        var failures: Int
    }

    /// How far back outcomes are kept; a longer window is answered over this span.
    public let retention: TimeInterval
    /// Oldest first, one per second that saw a transaction.
    private(set) var buckets: [Bucket] = []

    public init(retention: TimeInterval = 3_600) {
        self.retention = max(1, retention)
    }

    /// Counts one transaction that ended at `time`, failed at relay level or not. A time earlier than the last one
    /// recorded (the clock stepped back) counts in the last second seen.
    public mutating func record(failed: Bool, at time: Date) {
        let second = Self.second(time)
        if let last = buckets.last, last.second >= second {
            buckets[buckets.count - 1].transactions += 1
            if failed { buckets[buckets.count - 1].failures += 1 }
        } else {
            buckets.append(Bucket(second: second, transactions: 1, failures: failed ? 1 : 0))
        }
        let oldest = second - Int64(retention)
        if let first = buckets.firstIndex(where: { $0.second > oldest }), first > 0 {
            buckets.removeFirst(first)
        }
    }

    /// The transactions that ended in the `window` before `now` (whole seconds, the current one included).
    public func tally(over window: TimeInterval, now: Date) -> Tally {
        let end = Self.second(now)
        let start = end - Int64(min(max(window, 0), retention).rounded(.up)) + 1
        var tally = Tally(transactions: 0, failures: 0)
        for bucket in buckets.reversed() {
            guard bucket.second >= start else { break }
            guard bucket.second <= end else { continue }
            tally.transactions += bucket.transactions
            tally.failures += bucket.failures
        }
        return tally
    }

    private static func second(_ time: Date) -> Int64 {
        Int64(time.timeIntervalSince1970.rounded(.down))
    }
}
