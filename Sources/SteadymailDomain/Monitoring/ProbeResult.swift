import Foundation

/// The verdict of one probe run.
public enum ProbeVerdict: String, Sendable, Codable, CaseIterable {
    /// The check passed.
    case up
    /// The check passed but something needs attention soon (a certificate close to expiry); counts as up.
    case warn
    /// The check failed.
    case down

    /// Whether this run counts toward the consecutive failures that mark a monitor down.
    public var isFailure: Bool { self == .down }
}

/// What one run of a monitor's probe found.
///
/// It exists so that every kind of probe, network or internal, reports in one shape: the verdict, how long the check
/// took, a one-line explanation an operator can act on (it becomes an incident's cause), and the measured value where
/// the kind has one (days until a certificate expires, free bytes, the oldest deferral's age in seconds, a failure
/// ratio, a canary's delay in seconds).
public struct ProbeResult: Sendable, Equatable, Codable {
    public var verdict: ProbeVerdict
    /// When the run started.
    public var at: Date
    /// How long the run took; nil when it did not get far enough to measure anything.
    public var latency: Duration?
    /// One line: "220 greeting in 12 ms", "connection refused", "certificate expires in 2 days".
    public var message: String
    /// The measured quantity of the kind, if any.
    public var value: Double?

    public init(verdict: ProbeVerdict, at: Date, latency: Duration? = nil, message: String, value: Double? = nil) {
        self.verdict = verdict
        self.at = at
        self.latency = latency
        self.message = message
        self.value = value
    }
}
