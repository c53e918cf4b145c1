import Foundation

/// Whether a final recipient-level failure is a hard or a soft bounce.
///
/// It exists so that every source classifies the same way: RFC 3463 class 5 is permanent, except 5.2.2 (mailbox
/// full), which passes with time; class 4 reported as final (a DSN `Action: failed` with `4.x.x`, a provider's
/// "transient" bounce) is soft. Only final recipient-level failures are classified at all: a deferral, a relay-level
/// failure and an expiry are never bounces, so an outage cannot mark a list bounced.
public enum BounceClassification {
    /// The kind of a final failure with the enhanced status `status` (`5.1.1`) or, without one, the basic reply
    /// code `code` (550); nil when neither says failure.
    public static func kind(status: String?, code: Int?) -> FeedbackKind? {
        if let status, let first = status.split(separator: ".", maxSplits: 1).first, let klass = Int(first) {
            let trimmed = status.trimmingCharacters(in: .whitespaces)
            switch klass {
            case 5: return trimmed == "5.2.2" ? .softBounce : .hardBounce
            case 4: return .softBounce
            default: break
            }
        }
        guard let code else { return nil }
        switch code {
        case 552: return .softBounce
        case 500...599: return .hardBounce
        case 400...499: return .softBounce
        default: return nil
        }
    }
}
