import Foundation

/// Error-budget arithmetic for an objective stated as a percentage (an SLA of 99.9, a delivery ratio of 99).
///
/// It exists so that relays (time-based budget: seconds of downtime) and delivery objectives (event-based budget:
/// late recipients) compute "allowed, used, left" and the burn rate with one formula: the burn rate is the error rate
/// observed divided by the error rate the objective allows, so 1 spends the budget exactly over the period.
public struct ErrorBudget: Sendable, Equatable, Codable {
    /// The objective in percent, strictly between 0 and 100.
    public var objective: Double
    /// What the period allows to go wrong: seconds of downtime, or late recipients.
    public var allowed: Double
    /// What went wrong in the period.
    public var used: Double

    public init(objective: Double, allowed: Double, used: Double) {
        self.objective = objective
        self.allowed = allowed
        self.used = used
    }

    /// The error rate the objective allows: 0.001 for 99.9.
    public static func allowedErrorRate(objective: Double) -> Double { (100 - objective) / 100 }

    /// A budget of `total` units (seconds of measured time, or recipients judged) of which `bad` went wrong.
    public init(objective: Double, total: Double, bad: Double) {
        self.init(objective: objective, allowed: total * Self.allowedErrorRate(objective: objective), used: bad)
    }

    /// Allowed minus used; negative once the budget is overspent.
    public var left: Double { allowed - used }

    /// The share of the budget left, 1 untouched, 0 spent, negative overspent; nil when nothing was measured.
    public var leftFraction: Double? {
        guard allowed > 0 else { return nil }
        return left / allowed
    }

    /// The burn rate of an error rate (bad / total in a window): 1 spends the budget exactly over the period.
    public static func burnRate(errorRate: Double, objective: Double) -> Double {
        errorRate / allowedErrorRate(objective: objective)
    }
}
