import Foundation

/// The share of delivery slots reserved for bulk mail.
///
/// It exists so that steady transactional load cannot starve campaigns: transactional and time-critical mail go first
/// but never occupy the last `ceil(totalSlots × share)` slots, which only bulk may fill.
public struct BulkShare: Sendable, Equatable {
    /// Between 0 and 1.
    public let share: Double

    /// `share` is clamped to `0...1`.
    public init(share: Double = 0.2) {
        self.share = min(max(share, 0), 1)
    }

    /// The slots only bulk may use.
    public func reservedSlots(totalSlots: Int) -> Int {
        Int((Double(max(totalSlots, 0)) * share).rounded(.up))
    }

    /// How many recipients a claim may take now, per class. Both are caps on the same free slots: claim up to `other`
    /// non-bulk recipients first, then up to `bulk` minus what was taken.
    public func claimPlan(totalSlots: Int, busyBulk: Int, busyOther: Int) -> (other: Int, bulk: Int) {
        let free = max(totalSlots - busyBulk - busyOther, 0)
        let otherLimit = totalSlots - reservedSlots(totalSlots: totalSlots) - busyOther
        return (min(free, max(otherLimit, 0)), free)
    }
}
