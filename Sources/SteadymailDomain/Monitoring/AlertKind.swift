/// What an alert announces: a condition starting (or lasting) or its end.
///
/// It exists so that channels, receivers and tests name alerts the same way: the raw value is the `kind` field of the
/// alert webhook's JSON. Every condition has its recovery kind, and the two share the alert's deduplication key.
public enum AlertKind: String, Sendable, Codable, CaseIterable {
    /// A monitor reached its consecutive failures and is down.
    case monitorDown = "monitor_down"
    /// A monitor that was down passed again.
    case monitorUp = "monitor_up"
    /// A relay's circuit opened (or a monitor held it down): it takes no transactions.
    case circuitOpen = "circuit_open"
    /// The relay's circuit closed again.
    case circuitClosed = "circuit_closed"
    /// A certificate expires within a `tls-cert` monitor's warning or failure days.
    case certificateExpiry = "certificate_expiry"
    /// The certificate was renewed: it is outside the warning days again.
    case certificateRenewed = "certificate_renewed"
    /// The oldest recipient waiting for delivery is older than `alerts.oldest_deferred`.
    case oldestDeferred = "oldest_deferred"
    /// The oldest waiting recipient is younger than the threshold again.
    case oldestDeferredCleared = "oldest_deferred_cleared"
    /// Free space under `data_dir` is below `alerts.disk_low`.
    case diskLow = "disk_low"
    /// Free space is above the threshold again.
    case diskRecovered = "disk_recovered"
    /// A relay burns its SLA's error budget faster than a burn-rate pair allows, over both windows.
    case slaBurn = "sla_burn"
    /// The relay's burn rate is back under the pair's factor.
    case slaBurnRecovered = "sla_burn_recovered"
    /// Mail of one priority class misses its delivery objective fast enough to burn the budget.
    case objectiveBurn = "objective_burn"
    /// The priority class's burn rate is back under the pair's factor.
    case objectiveBurnRecovered = "objective_burn_recovered"
    /// A campaign's hard-bounce or complaint rate is over its pause threshold: the reputation guard paused it (for a
    /// relay, nothing is paused).
    case reputationPause = "reputation_pause"
    /// A campaign's or relay's complaint rate is over the warning threshold.
    case reputationWarn = "reputation_warn"
    /// The rates of the campaign or relay over a pause threshold are under the thresholds again (or the campaign
    /// ended).
    case reputationRecovered = "reputation_recovered"
    /// The complaint rate over the warning threshold is under it again (or the campaign ended).
    case reputationWarnRecovered = "reputation_warn_recovered"

    /// Whether this kind announces the end of a condition.
    public var isRecovery: Bool {
        switch self {
        case .monitorUp, .circuitClosed, .certificateRenewed, .oldestDeferredCleared, .diskRecovered,
            .slaBurnRecovered, .objectiveBurnRecovered, .reputationRecovered, .reputationWarnRecovered:
            true
        case .monitorDown, .circuitOpen, .certificateExpiry, .oldestDeferred, .diskLow, .slaBurn, .objectiveBurn,
            .reputationPause, .reputationWarn:
            false
        }
    }

    /// The kind announcing the end of this condition; a recovery kind is its own.
    public var recovery: AlertKind {
        switch self {
        case .monitorDown: .monitorUp
        case .circuitOpen: .circuitClosed
        case .certificateExpiry: .certificateRenewed
        case .oldestDeferred: .oldestDeferredCleared
        case .diskLow: .diskRecovered
        case .slaBurn: .slaBurnRecovered
        case .objectiveBurn: .objectiveBurnRecovered
        case .reputationPause: .reputationRecovered
        case .reputationWarn: .reputationWarnRecovered
        case .monitorUp, .circuitClosed, .certificateRenewed, .oldestDeferredCleared, .diskRecovered,
            .slaBurnRecovered, .objectiveBurnRecovered, .reputationRecovered, .reputationWarnRecovered:
            self
        }
    }
}

/// How urgent an alert is; ordered, so an escalation (a certificate warning that becomes critical) can be told apart
/// from a repeat.
public enum AlertSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    /// The end of a condition, or something to know without acting.
    case info
    /// Act soon: a certificate within its warning days, a queue that is backing up.
    case warning
    /// Act now: mail is not flowing the way it should.
    case critical

    var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}
