import SteadymailDomain

/// The `sla:` section: the error-budget period, how often budgets are evaluated, the burn-rate alert pairs, and the
/// delivery objective of each priority class.
///
/// It exists so that the SLA service receives windows shorter than the period, factors and ratios in range, and one
/// objective per priority class, defaults filled in.
public struct SLAConfiguration: Sendable, Equatable {
    /// The error-budget period (30 d).
    public var period: Duration
    /// How often budgets and burn rates are evaluated (1 min).
    public var evaluationInterval: Duration
    /// The fast and slow burn-rate pairs (14.4x over 1 h and 5 min; 6x over 6 h and 30 min).
    public var burnRates: BurnRatePolicy
    /// One objective per priority class, in `Priority.allCases` order.
    public var objectives: [DeliveryObjective]

    public init(
        period: Duration = .seconds(30 * 86400), evaluationInterval: Duration = .seconds(60),
        burnRates: BurnRatePolicy = BurnRatePolicy(),
        objectives: [DeliveryObjective] = Priority.allCases.map(DeliveryObjective.defaultObjective(for:))
    ) {
        self.period = period
        self.evaluationInterval = evaluationInterval
        self.burnRates = burnRates
        self.objectives = objectives
    }

    /// The objective of one priority class.
    public func objective(for priority: Priority) -> DeliveryObjective {
        objectives.first { $0.priority == priority } ?? .defaultObjective(for: priority)
    }
}
