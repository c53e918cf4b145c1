import Foundation

/// One notification for the operator: a condition started, lasts, or ended.
///
/// It exists so that every source of alerts (monitors, relay circuits, the queue's age, the disk) hands the alert
/// dispatcher one shape, and so that deduplication works on a key the source chose rather than on text: every alert of
/// one condition, its repeats and its recovery carry the same `key` ("monitor:relay:primary", "circuit:primary",
/// "cert:<monitor>", "oldest-deferred", "disk"). The constructors in `Alert+Conditions.swift` fix those keys.
public struct Alert: Sendable, Equatable {
    public var kind: AlertKind
    /// What deduplication and repeats are keyed on; the same for a condition and its recovery.
    public var key: String
    /// The monitor or relay the alert is about, or "node" for the node's own conditions.
    public var subject: String
    public var severity: AlertSeverity
    /// One line an operator reads first: "monitor relay:primary is down: connection refused".
    public var summary: String
    /// What else is known: the probe's message, the threshold, the measured value.
    public var details: String
    /// When the condition was observed (for a repeat, when it was observed again).
    public var time: Date
    /// When the condition began: the first firing's time for a repeat and for a recovery; set by `AlertThrottle`.
    public var since: Date?

    public init(
        kind: AlertKind, key: String, subject: String, severity: AlertSeverity, summary: String, details: String,
        time: Date, since: Date? = nil
    ) {
        self.kind = kind
        self.key = key
        self.subject = subject
        self.severity = severity
        self.summary = summary
        self.details = details
        self.time = time
        self.since = since
    }

    /// Whether this alert announces the end of a condition.
    public var isRecovery: Bool { kind.isRecovery }
}
