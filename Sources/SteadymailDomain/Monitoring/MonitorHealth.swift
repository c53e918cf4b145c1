import Foundation

/// Whether a monitor's target is up or down, as far as its results so far tell.
public enum MonitorStatus: String, Sendable, Codable, CaseIterable {
    /// No result has decided yet: fewer failures than the threshold and no success since the start.
    case unknown
    case up
    case down
}

/// A change of a monitor's status, the moment an incident opens or closes and an alert goes out.
public struct MonitorTransition: Sendable, Equatable {
    public var from: MonitorStatus
    public var to: MonitorStatus
    /// The time of the result that caused the change.
    public var at: Date
    /// The result's message: the cause of an incident, or what recovery looked like.
    public var message: String

    public init(from: MonitorStatus, to: MonitorStatus, at: Date, message: String) {
        self.from = from
        self.to = to
        self.at = at
        self.message = message
    }
}

/// The state of one monitor, fed its probe results in order.
///
/// It exists so that one rule decides when a target is down, with no clock of its own: `failuresBeforeDown`
/// consecutive failed runs mark it down (one failed run is often a lost packet, not an outage), and a single success
/// (`up` or `warn`) marks it up again at once, so a recovered relay returns to rotation without delay.
public struct MonitorHealth: Sendable, Equatable {
    /// Consecutive failed runs that mark the monitor down; at least 1.
    public let failuresBeforeDown: Int
    public private(set) var status: MonitorStatus = .unknown
    /// Failed runs since the last success.
    public private(set) var consecutiveFailures = 0
    /// When the current status began; nil while unknown.
    public private(set) var since: Date?
    /// The latest result recorded.
    public private(set) var latest: ProbeResult?

    public init(failuresBeforeDown: Int) {
        self.failuresBeforeDown = max(1, failuresBeforeDown)
    }

    /// Takes one result into account and returns the change of status it caused, if any.
    @discardableResult
    public mutating func record(_ result: ProbeResult) -> MonitorTransition? {
        latest = result
        let next: MonitorStatus
        if result.verdict.isFailure {
            consecutiveFailures += 1
            next = consecutiveFailures >= failuresBeforeDown ? .down : status
        } else {
            consecutiveFailures = 0
            next = .up
        }
        guard next != status else { return nil }
        let transition = MonitorTransition(from: status, to: next, at: result.at, message: result.message)
        status = next
        since = result.at
        return transition
    }
}
