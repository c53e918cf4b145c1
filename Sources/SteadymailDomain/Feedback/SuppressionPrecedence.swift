/// Which suppression reason wins when feedback meets an address that is already suppressed.
///
/// It exists because the reason decides what the entry stops (transactional mail is refused only for a hard bounce
/// or a complaint), so a weaker report must never replace a stronger one: a complaint always wins, a hard bounce
/// replaces an operator's `manual` entry and an unsubscribe, and an unsubscribe is written only where nothing is.
public enum SuppressionPrecedence {
    /// Whether an entry with `reason` should be written over `existing` (nil: not suppressed).
    public static func replaces(_ existing: SuppressionReason?, with reason: SuppressionReason) -> Bool {
        guard let existing else { return true }
        return rank(reason) > rank(existing)
    }

    private static func rank(_ reason: SuppressionReason) -> Int {
        switch reason {
        case .complaint: 3
        case .hardBounce: 2
        case .manual: 1
        case .unsubscribe: 0
        }
    }
}
