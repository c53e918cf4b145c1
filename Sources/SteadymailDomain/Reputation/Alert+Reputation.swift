import Foundation

/// What the reputation guard watches: a campaign (which it pauses) or a relay (which it only reports).
public enum ReputationSubject: Sendable, Hashable {
    case campaign(Int64)
    case relay(String)

    /// "campaign 12", "relay primary".
    public var label: String {
        switch self {
        case .campaign(let id): "campaign \(id)"
        case .relay(let name): "relay \(name)"
        }
    }

    /// The alert's subject: the campaign's tag ("campaign-12") or the relay's name.
    public var alertSubject: String {
        switch self {
        case .campaign(let id): "campaign-\(id)"
        case .relay(let name): name
        }
    }
}

/// The reputation guard's alerts, and the words it uses for a rate.
///
/// They exist next to the other conditions so that a campaign's or relay's warning, pause and recovery share one key
/// ("reputation:campaign:12", "reputation:relay:primary"): a warning that becomes a pause is an escalation of the same
/// condition, sent at once, and one recovery ends it. The rates and counts are in the summary and the details.
extension Alert {
    public static func reputationKey(_ subject: ReputationSubject) -> String {
        switch subject {
        case .campaign(let id): "reputation:campaign:\(id)"
        case .relay(let name): "reputation:relay:\(name)"
        }
    }

    /// A rate over a pause threshold: the campaign was paused; for a relay nothing was.
    public static func reputationPause(
        _ subject: ReputationSubject, breach: ReputationVerdict.Breach, counts: ReputationCounts,
        thresholds: ReputationThresholds, window: Duration, at time: Date
    ) -> Alert {
        let rate = breach.describe(counts, window: window)
        let summary =
            switch subject {
            case .campaign: "\(subject.label) paused by the reputation guard: \(rate)"
            case .relay: "\(subject.label) is over the reputation guard's pause threshold: \(rate) (nothing paused)"
            }
        return Alert(
            kind: .reputationPause, key: reputationKey(subject), subject: subject.alertSubject, severity: .critical,
            summary: summary, details: details(counts, thresholds: thresholds, window: window), time: time)
    }

    /// A complaint rate over the warning threshold.
    public static func reputationWarn(
        _ subject: ReputationSubject, breach: ReputationVerdict.Breach, counts: ReputationCounts,
        thresholds: ReputationThresholds, window: Duration, at time: Date
    ) -> Alert {
        Alert(
            kind: .reputationWarn, key: reputationKey(subject), subject: subject.alertSubject, severity: .warning,
            summary: "\(subject.label) is over the reputation guard's warning threshold: "
                + breach.describe(counts, window: window),
            details: details(counts, thresholds: thresholds, window: window), time: time)
    }

    /// The end of the condition `raised` (a warning or a pause); `reason` says why it ended.
    public static func reputationRecovered(
        _ subject: ReputationSubject, raised: AlertKind, reason: String, at time: Date
    ) -> Alert {
        Alert(
            kind: raised.recovery, key: reputationKey(subject), subject: subject.alertSubject, severity: .info,
            summary: "\(subject.label): \(reason)", details: "the reputation guard's condition ended", time: time)
    }

    private static func details(_ counts: ReputationCounts, thresholds: ReputationThresholds, window: Duration)
        -> String
    {
        func share(_ value: Double, digits: Int = 1) -> String {
            ReputationVerdict.Breach.formatShare(value, digits: digits)
        }
        let measured =
            "over \(ReputationVerdict.Breach.formatWindow(window)): \(counts.hardBounces) hard bounces of "
            + "\(counts.attempts) attempts (\(share(counts.hardBounceRate))), \(counts.complaints) complaints of "
            + "\(counts.delivered) delivered (\(share(counts.complaintRate, digits: 2)))"
        let limits =
            "thresholds: hard bounces over \(share(thresholds.hardBouncePause)) of at least "
            + "\(thresholds.hardBounceMinAttempts) attempts; complaints \(share(thresholds.complaintWarn, digits: 2)) "
            + "warn, \(share(thresholds.complaintPause, digits: 2)) pause, of at least "
            + "\(thresholds.complaintMinDelivered) delivered"
        return measured + "; " + limits
    }
}

extension ReputationVerdict.Breach {
    /// The rate in words, as the guard's pause note and alerts say it: "hard bounces 7.5% of 240 attempts in 24h",
    /// "complaints 0.25% of 2000 delivered in 24h".
    public func describe(_ counts: ReputationCounts, window: Duration) -> String {
        switch self {
        case .hardBounces:
            "hard bounces \(Self.formatShare(counts.hardBounceRate)) of \(counts.attempts) attempts in "
                + Self.formatWindow(window)
        case .complaints:
            "complaints \(Self.formatShare(counts.complaintRate, digits: 2)) of \(counts.delivered) delivered in "
                + Self.formatWindow(window)
        }
    }

    /// A share as a percentage: 0.075 → "7.5%".
    static func formatShare(_ share: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f%%", share * 100)
    }

    /// A window in the configuration's units: "24h", "90m", "45s".
    static func formatWindow(_ window: Duration) -> String {
        let seconds = window.components.seconds
        if seconds > 0, seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds > 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
