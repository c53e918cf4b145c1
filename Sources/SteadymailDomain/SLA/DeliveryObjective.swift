import Foundation

/// What Steadymail promises about the mail of one priority class: `ratio` percent of recipients delivered within
/// `target` of their acceptance.
///
/// It exists because the users of a mail server feel the time from acceptance to delivery, not the uptime of a relay:
/// the objective is measured on real recipients, per day and over the SLA period, with the same error budget and
/// burn-rate alerts as a relay's SLA.
public struct DeliveryObjective: Sendable, Equatable, Codable {
    public var priority: Priority
    /// Delivered within this long after acceptance counts as on time.
    public var target: Duration
    /// The share of recipients that must be on time, in percent, strictly between 0 and 100.
    public var ratio: Double

    public init(priority: Priority, target: Duration, ratio: Double) {
        self.priority = priority
        self.target = target
        self.ratio = ratio
    }

    /// The defaults: transactional 99 % within 60 s, time-critical 99 % within 15 min, bulk 99 % within 4 h.
    public static func defaultObjective(for priority: Priority) -> DeliveryObjective {
        switch priority {
        case .transactional: DeliveryObjective(priority: priority, target: .seconds(60), ratio: 99)
        case .timeCritical: DeliveryObjective(priority: priority, target: .seconds(15 * 60), ratio: 99)
        case .bulk: DeliveryObjective(priority: priority, target: .seconds(4 * 3600), ratio: 99)
        }
    }
}
