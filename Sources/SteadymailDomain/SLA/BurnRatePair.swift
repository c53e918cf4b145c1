import Foundation

/// One multi-window burn-rate alert rule: the error budget is burning `factor` times faster than the period allows,
/// measured over a long window and confirmed over a short one.
///
/// It exists because one window alone either fires too late (long) or flaps (short): as in the Google SRE workbook,
/// the long window proves the burn is significant and the short one that it is still going on, so the alert clears
/// soon after the trouble ends.
public struct BurnRatePair: Sendable, Equatable, Codable {
    /// The burn rate both windows must exceed (14.4 for the fast pair, 6 for the slow one).
    public var factor: Double
    public var longWindow: Duration
    public var shortWindow: Duration

    public init(factor: Double, longWindow: Duration, shortWindow: Duration) {
        self.factor = factor
        self.longWindow = longWindow
        self.shortWindow = shortWindow
    }

    /// The workbook's page: 2 % of a 30-day budget in one hour.
    public static let fastDefault = BurnRatePair(factor: 14.4, longWindow: .seconds(3600), shortWindow: .seconds(300))
    /// The workbook's second page: 5 % of a 30-day budget in six hours.
    public static let slowDefault = BurnRatePair(
        factor: 6, longWindow: .seconds(6 * 3600), shortWindow: .seconds(1800))

    /// Whether the alert fires: both windows burn faster than `factor`. A window without data (nil) never fires.
    public func fires(longBurn: Double?, shortBurn: Double?) -> Bool {
        guard let longBurn, let shortBurn else { return false }
        return longBurn > factor && shortBurn > factor
    }
}

/// Which of the two burn-rate pairs an evaluation or alert is about.
public enum BurnSpeed: String, Sendable, Codable, CaseIterable {
    /// Pages: the budget would be gone in about two days.
    case fast
    /// Warns: the budget would be gone in about five days.
    case slow
}

/// The two burn-rate pairs every SLA and delivery objective is watched with.
///
/// It exists so that relays and delivery objectives share one alerting policy, set once under `sla:`.
public struct BurnRatePolicy: Sendable, Equatable, Codable {
    public var fast: BurnRatePair
    public var slow: BurnRatePair

    public init(fast: BurnRatePair = .fastDefault, slow: BurnRatePair = .slowDefault) {
        self.fast = fast
        self.slow = slow
    }

    public func pair(_ speed: BurnSpeed) -> BurnRatePair {
        switch speed {
        case .fast: fast
        case .slow: slow
        }
    }
}
