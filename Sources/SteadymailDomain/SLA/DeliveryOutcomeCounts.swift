import Foundation

/// How the recipients of one priority class accepted in one range fared against their delivery objective.
///
/// It exists as the one shape storage aggregates recipients into and the objective arithmetic reads. The rules:
/// delivered within the target is on time; delivered later, expired (by deadline, age or an operator's delete), or
/// still waiting when already older than the target is late; still waiting and younger than the target is not judged
/// yet; bounced recipients are not counted at all: a 5xx from the receiving side is an answer delivered in time, not
/// a delay of ours.
public struct DeliveryOutcomeCounts: Sendable, Equatable, Codable {
    public var onTime: Int
    public var late: Int
    /// Waiting and still within the target.
    public var pending: Int
    public var bounced: Int

    public init(onTime: Int = 0, late: Int = 0, pending: Int = 0, bounced: Int = 0) {
        self.onTime = onTime
        self.late = late
        self.pending = pending
        self.bounced = bounced
    }

    /// Recipients judged: on time or late.
    public var judged: Int { onTime + late }

    /// The share of judged recipients on time, in percent; nil when none was judged.
    public var attainmentPercent: Double? {
        guard judged > 0 else { return nil }
        return 100 * Double(onTime) / Double(judged)
    }

    /// The share of judged recipients that were late; nil when none was judged.
    public var errorRate: Double? {
        guard judged > 0 else { return nil }
        return Double(late) / Double(judged)
    }

    public static func + (lhs: DeliveryOutcomeCounts, rhs: DeliveryOutcomeCounts) -> DeliveryOutcomeCounts {
        DeliveryOutcomeCounts(
            onTime: lhs.onTime + rhs.onTime, late: lhs.late + rhs.late, pending: lhs.pending + rhs.pending,
            bounced: lhs.bounced + rhs.bounced)
    }
}

/// The outcome counts of one priority class for recipients accepted within one bucket of time (a UTC day, or one
/// whole window).
public struct DeliveryOutcomeBucket: Sendable, Equatable, Codable {
    public var priority: Priority
    public var start: Date
    public var counts: DeliveryOutcomeCounts

    public init(priority: Priority, start: Date, counts: DeliveryOutcomeCounts) {
        self.priority = priority
        self.start = start
        self.counts = counts
    }
}
