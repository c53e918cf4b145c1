import Foundation

/// How long the recipients an outage delayed waited: how many, how many still wait, and the median, longest and total
/// delay.
///
/// It exists so that a store computes the figures in SQL (count, sum, maximum, and the one or two middle delays in
/// order) without reading every recipient, and the median rule lives in one tested place.
public struct DelayStatistics: Sendable, Equatable {
    public var recipients: Int
    /// Recipients not delivered (nor finally failed) yet: their delay runs until now.
    public var stillWaiting: Int
    public var median: TimeInterval
    public var longest: TimeInterval
    public var total: TimeInterval

    public init(recipients: Int, stillWaiting: Int, median: TimeInterval, longest: TimeInterval, total: TimeInterval) {
        self.recipients = recipients
        self.stillWaiting = stillWaiting
        self.median = median
        self.longest = longest
        self.total = total
    }

    /// No delayed recipient.
    public static let none = DelayStatistics(recipients: 0, stillWaiting: 0, median: 0, longest: 0, total: 0)

    /// The figures from what SQL aggregates: `middle` are the delays at `middleOffset(count:)` in ascending order
    /// (one for an odd count, two for an even one, averaged).
    public init(recipients: Int, stillWaiting: Int, total: TimeInterval, longest: TimeInterval, middle: [TimeInterval])
    {
        let median = middle.isEmpty ? 0 : middle.reduce(0, +) / Double(middle.count)
        self.init(recipients: recipients, stillWaiting: stillWaiting, median: median, longest: longest, total: total)
    }

    /// Where the middle delays start in ascending order, and how many there are, for `count` delays.
    public static func middle(count: Int) -> (offset: Int, length: Int) {
        guard count > 0 else { return (0, 0) }
        return ((count - 1) / 2, count % 2 == 0 ? 2 : 1)
    }

    /// A delay as operators read it: `42s`, `4m10s`, `9m02s`, `2h05m`, `3d4h`.
    public static func spell(_ delay: TimeInterval) -> String {
        let seconds = Int(max(0, delay).rounded())
        let days = seconds / 86_400
        let hours = (seconds % 86_400) / 3_600
        let minutes = (seconds % 3_600) / 60
        let rest = seconds % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        if minutes > 0 { return "\(minutes)m\(two(rest))s" }
        return "\(rest)s"
    }
}
