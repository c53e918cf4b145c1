import Foundation

/// What a campaign or relay sent and what came back over the guard's rolling window.
///
/// It exists so that the thresholds are judged on plain counts: attempts are recipient-level outcomes only (delivered
/// plus hard-bounced); deferrals and expiries are not attempts, so downtime never counts against a campaign.
public struct ReputationCounts: Sendable, Equatable {
    public var delivered: Int
    public var hardBounces: Int
    public var complaints: Int

    public init(delivered: Int = 0, hardBounces: Int = 0, complaints: Int = 0) {
        self.delivered = delivered
        self.hardBounces = hardBounces
        self.complaints = complaints
    }

    public var attempts: Int { delivered + hardBounces }
    public var hardBounceRate: Double { attempts == 0 ? 0 : Double(hardBounces) / Double(attempts) }
    public var complaintRate: Double { delivered == 0 ? 0 : Double(complaints) / Double(delivered) }
}

/// The reputation guard's thresholds (`reputation:` in the configuration) and its verdict on a set of counts.
///
/// It exists so that the decision is pure and tested on its own: hard bounces strictly over `hardBouncePause` of at
/// least `hardBounceMinAttempts` attempts pause; complaints at or over `complaintPause` of at least
/// `complaintMinDelivered` delivered pause, at or over `complaintWarn` warn.
public struct ReputationThresholds: Sendable, Equatable {
    public var hardBouncePause: Double
    public var hardBounceMinAttempts: Int
    public var complaintWarn: Double
    public var complaintPause: Double
    public var complaintMinDelivered: Int

    public init(
        hardBouncePause: Double, hardBounceMinAttempts: Int, complaintWarn: Double, complaintPause: Double,
        complaintMinDelivered: Int
    ) {
        self.hardBouncePause = hardBouncePause
        self.hardBounceMinAttempts = hardBounceMinAttempts
        self.complaintWarn = complaintWarn
        self.complaintPause = complaintPause
        self.complaintMinDelivered = complaintMinDelivered
    }

    public func verdict(_ counts: ReputationCounts) -> ReputationVerdict {
        if counts.attempts >= hardBounceMinAttempts, counts.hardBounceRate > hardBouncePause {
            return .pause(.hardBounces)
        }
        guard counts.delivered >= complaintMinDelivered, counts.delivered > 0 else { return .healthy }
        if counts.complaintRate >= complaintPause { return .pause(.complaints) }
        if counts.complaintRate >= complaintWarn { return .warn(.complaints) }
        return .healthy
    }
}

/// What the guard does about a campaign or relay.
public enum ReputationVerdict: Sendable, Equatable {
    /// Which rate crossed its threshold.
    public enum Breach: String, Sendable, Equatable {
        case hardBounces = "hard_bounce"
        case complaints = "complaint"
    }

    case healthy
    case warn(Breach)
    case pause(Breach)
}
