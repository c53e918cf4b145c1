import Foundation

/// When a webhook event whose delivery failed is tried again, and when it is given up.
///
/// It exists so that a receiver that is down is not hammered (the delay doubles per failed attempt up to a ceiling)
/// and is not hit by every waiting event at the same instant when it returns (each delay is jittered between half its
/// ceiling and the ceiling), while an event never waits longer than `maxAge` in all.
public struct WebhookRetryPolicy: Sendable, Equatable {
    /// The ceiling of the first delay.
    public var initial: Duration
    /// The largest ceiling.
    public var maximum: Duration
    /// How long after its creation an event is still tried; afterwards it is given up.
    public var maxAge: Duration

    public init(initial: Duration, maximum: Duration, maxAge: Duration) {
        self.initial = initial
        self.maximum = maximum
        self.maxAge = maxAge
    }

    /// What follows a failed attempt.
    public enum Decision: Sendable, Equatable {
        case retry(at: Date)
        case giveUp
    }

    /// The ceiling of the delay after `attempts` failed attempts: `min(maximum, initial × 2^(attempts-1))`.
    public func ceiling(afterAttempts attempts: Int) -> Duration {
        RetrySchedule(initial: initial, factor: 2, maximum: maximum).ceiling(forAttempt: attempts)
    }

    /// A delay drawn uniformly between half the ceiling and the ceiling ("equal jitter").
    public func delay(afterAttempts attempts: Int, using rng: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterAttempts: attempts).inSeconds
        return .seconds(Double.random(in: (ceiling / 2)...ceiling, using: &rng))
    }

    /// The moment an event created at `createdAt` is given up.
    public func deadline(createdAt: Date) -> Date {
        createdAt.addingTimeInterval(maxAge.inSeconds)
    }

    /// After the `attempts`-th failed attempt at `now`: the next attempt, or giving up once `maxAge` has passed.
    public func afterFailure(
        attempts: Int, createdAt: Date, now: Date, using rng: inout some RandomNumberGenerator
    ) -> Decision {
        guard now < deadline(createdAt: createdAt) else { return .giveUp }
        return .retry(at: now.addingTimeInterval(delay(afterAttempts: attempts, using: &rng).inSeconds))
    }
}
