import Foundation

/// The backoff between delivery attempts of a temporarily failing recipient.
///
/// It exists so that a destination answering 4xx is retried ever more patiently, and so that the recipients deferred
/// together by one outage spread out again (full jitter) instead of returning as one thundering herd.
public struct RetrySchedule: Sendable, Equatable {
    /// The ceiling of the first retry.
    public var initial: Duration
    /// How much the ceiling grows with each further retry.
    public var factor: Double
    /// The ceiling never grows beyond this.
    public var maximum: Duration

    public init(initial: Duration = .seconds(60), factor: Double = 2, maximum: Duration = .seconds(3600)) {
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
    }

    /// The longest delay before retry `attempt` (1 is the first retry): `min(maximum, initial × factor^(attempt-1))`.
    public func ceiling(forAttempt attempt: Int) -> Duration {
        let exponent = Double(max(attempt, 1) - 1)
        let grown = initial.inSeconds * pow(factor, exponent)
        let capped = min(maximum.inSeconds, grown.isFinite ? grown : maximum.inSeconds)
        return .seconds(max(capped, 0))
    }

    /// A delay drawn uniformly from `0...ceiling(forAttempt: attempt)` (full jitter).
    public func delay(forAttempt attempt: Int, using rng: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(forAttempt: attempt).inSeconds
        return .seconds(Double.random(in: 0...ceiling, using: &rng))
    }
}
