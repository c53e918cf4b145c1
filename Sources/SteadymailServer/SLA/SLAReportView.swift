import Foundation
import SteadymailDomain

/// The document of `steadymail sla --json` and `GET /v1/sla`: each relay measured against its SLA and each priority
/// class against its delivery objective.
///
/// It exists so that the CLI, the control socket and the API answer with one shape; values without data are null.
public struct SLAReportView: Codable, Sendable, Equatable {
    public var generatedAt: String
    /// The error-budget period, `sla.period`.
    public var periodSeconds: Double
    public var relays: [RelaySLAView]
    /// Every monitor's own availability per period, maintenance of its target apart.
    public var monitors: [MonitorUptimeView]
    public var objectives: [ObjectiveView]

    enum CodingKeys: String, CodingKey {
        case relays, monitors, objectives
        case generatedAt = "generated_at"
        case periodSeconds = "period_seconds"
    }
}

/// One monitor: its measured availability per period (24 h, 7 d, 30 d, 90 d).
public struct MonitorUptimeView: Codable, Sendable, Equatable {
    public var monitor: String
    /// The relay it is bound to, whose maintenance (and the node's) is set apart with its own.
    public var relay: String?
    public var availability: [AvailabilityView]

    /// Every key is always present; a monitor bound to no relay has `"relay": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(monitor, forKey: .monitor)
        try container.encode(relay, forKey: .relay)
        try container.encode(availability, forKey: .availability)
    }

    enum CodingKeys: String, CodingKey {
        case monitor, relay, availability
    }
}

/// One relay: its measured availability per period with maintenance apart, and, when it states an SLA, its budget
/// and burn rates.
public struct RelaySLAView: Codable, Sendable, Equatable {
    public var relay: String
    /// The promised availability in percent; nil when the relay states none.
    public var sla: Double?
    /// The monitors the availability is measured from.
    public var monitors: [String]
    /// 24h, 7d, 30d and 90d.
    public var availability: [AvailabilityView]
    /// Downtime seconds over `sla.period`; nil without an SLA.
    public var budget: BudgetView?
    /// The fast and slow pairs; empty without an SLA.
    public var burn: [BurnView]
}

/// Availability over one period.
public struct AvailabilityView: Codable, Sendable, Equatable {
    /// `24h`, `7d`, `30d` or `90d`.
    public var period: String
    /// Nil when no probe result covers the period.
    public var uptimePercent: Double?
    /// Seconds covered by probe results, maintenance excluded.
    public var measuredSeconds: Double
    public var downSeconds: Double
    /// Seconds of declared maintenance, not counted as downtime.
    public var maintenanceSeconds: Double

    init(period: UptimePeriod, measure: UptimeMeasure) {
        self.period = period.rawValue
        uptimePercent = measure.uptimePercent
        measuredSeconds = measure.measuredSeconds
        downSeconds = measure.downSeconds
        maintenanceSeconds = measure.maintenanceSeconds
    }

    enum CodingKeys: String, CodingKey {
        case period
        case uptimePercent = "uptime_percent"
        case measuredSeconds = "measured_seconds"
        case downSeconds = "down_seconds"
        case maintenanceSeconds = "maintenance_seconds"
    }
}

/// An error budget over the period: seconds of downtime for a relay, late recipients for an objective.
public struct BudgetView: Codable, Sendable, Equatable {
    /// The objective in percent.
    public var objective: Double
    public var allowed: Double
    public var used: Double
    public var left: Double
    /// The share of the budget left in percent; nil when nothing is allowed yet.
    public var leftPercent: Double?

    init(_ budget: ErrorBudget) {
        objective = budget.objective
        allowed = budget.allowed
        used = budget.used
        left = budget.left
        leftPercent = budget.leftFraction.map { $0 * 100 }
    }

    enum CodingKeys: String, CodingKey {
        case objective, allowed, used, left
        case leftPercent = "left_percent"
    }
}

/// One burn-rate pair now: the burn over each window and whether its alert fires.
public struct BurnView: Codable, Sendable, Equatable {
    /// `fast` or `slow`.
    public var speed: String
    public var factor: Double
    public var longWindowSeconds: Double
    public var shortWindowSeconds: Double
    /// Nil when the window has no data.
    public var longBurn: Double?
    public var shortBurn: Double?
    public var firing: Bool

    init(_ speed: BurnSpeed, pair: BurnRatePair, longBurn: Double?, shortBurn: Double?, firing: Bool) {
        self.speed = speed.rawValue
        factor = pair.factor
        longWindowSeconds = pair.longWindow.timeInterval
        shortWindowSeconds = pair.shortWindow.timeInterval
        self.longBurn = longBurn
        self.shortBurn = shortBurn
        self.firing = firing
    }

    enum CodingKeys: String, CodingKey {
        case speed, factor, firing
        case longWindowSeconds = "long_window_seconds"
        case shortWindowSeconds = "short_window_seconds"
        case longBurn = "long_burn"
        case shortBurn = "short_burn"
    }
}

/// One priority class against its delivery objective.
public struct ObjectiveView: Codable, Sendable, Equatable {
    public var priority: String
    public var targetSeconds: Double
    /// The share to deliver within the target, in percent.
    public var ratio: Double
    /// Recipients accepted today (UTC).
    public var today: OutcomeView
    /// Recipients accepted over `sla.period`.
    public var period: OutcomeView
    /// Late recipients over the period.
    public var budget: BudgetView
    public var burn: [BurnView]
    /// Each UTC day of the period with recipients accepted, oldest first.
    public var days: [ObjectiveDayView]

    enum CodingKeys: String, CodingKey {
        case priority, ratio, today, period, budget, burn, days
        case targetSeconds = "target_seconds"
    }
}

/// Recipients judged against a delivery objective.
public struct OutcomeView: Codable, Sendable, Equatable {
    public var onTime: Int
    public var late: Int
    public var pending: Int
    public var bounced: Int
    /// Nil when no recipient was judged.
    public var attainmentPercent: Double?

    init(_ counts: DeliveryOutcomeCounts) {
        onTime = counts.onTime
        late = counts.late
        pending = counts.pending
        bounced = counts.bounced
        attainmentPercent = counts.attainmentPercent
    }

    enum CodingKeys: String, CodingKey {
        case late, pending, bounced
        case onTime = "on_time"
        case attainmentPercent = "attainment_percent"
    }
}

/// The recipients of one priority class accepted on one UTC day, judged against the objective.
public struct ObjectiveDayView: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var outcomes: OutcomeView

    init(start: Date, counts: DeliveryOutcomeCounts) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        date = formatter.string(from: start)
        outcomes = OutcomeView(counts)
    }
}
