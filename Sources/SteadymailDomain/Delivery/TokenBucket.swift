import Foundation

/// A message-rate limit with bursts: tokens refill at `ratePerSecond` up to `burst`, and each message takes one.
///
/// It exists to hold a relay to its configured `rate`, and an API key to `http.rate_limit`, as a pure value the caller
/// advances with the time, so that a relay at its limit is reported busy, an API client is told when to retry, and
/// both know when to look again.
public struct TokenBucket: Sendable, Equatable {
    /// Allows a tiny shortfall from floating-point refill so that a token is available at `nextAvailable`.
    private static let tolerance = 1e-9

    public let ratePerSecond: Double
    public let burst: Double
    public private(set) var tokens: Double
    private var updatedAt: Date

    /// A full bucket at `now`. `burst` below 1 counts as 1.
    public init(ratePerSecond: Double, burst: Int, now: Date) {
        self.ratePerSecond = ratePerSecond
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.updatedAt = now
    }

    /// The bucket refilling at a new rate and burst from `now` on; the tokens it holds carry over, capped at the new
    /// burst, so that a change of rate neither grants nor forfeits a burst.
    public func retuned(ratePerSecond: Double, burst: Int, now: Date) -> TokenBucket {
        var bucket = TokenBucket(ratePerSecond: ratePerSecond, burst: burst, now: max(now, updatedAt))
        bucket.tokens = min(bucket.burst, tokens(at: now))
        return bucket
    }

    /// Takes a token if one is available at `now`.
    public mutating func take(now: Date) -> Bool {
        take(1, now: now)
    }

    /// Takes `count` tokens at once if all of them are available at `now`, and none otherwise: a batch of messages is
    /// admitted whole or not at all.
    public mutating func take(_ count: Int, now: Date) -> Bool {
        tokens = tokens(at: now)
        updatedAt = max(updatedAt, now)
        let wanted = Double(max(count, 0))
        guard tokens >= wanted - Self.tolerance else { return false }
        tokens = max(tokens - wanted, 0)
        return true
    }

    /// The earliest time at which `take` will succeed; `now` when a token is there already.
    public func nextAvailable(now: Date) -> Date {
        nextAvailable(1, now: now)
    }

    /// The earliest time at which `take(count, now:)` will succeed; `distantFuture` when `count` exceeds the burst,
    /// which no wait can satisfy.
    public func nextAvailable(_ count: Int, now: Date) -> Date {
        let wanted = Double(max(count, 0))
        let available = tokens(at: now)
        if available >= wanted - Self.tolerance { return now }
        guard ratePerSecond > 0, wanted <= burst else { return .distantFuture }
        return max(now, updatedAt).addingTimeInterval((wanted - available) / ratePerSecond)
    }

    private func tokens(at now: Date) -> Double {
        let elapsed = max(now.timeIntervalSince(updatedAt), 0)
        return min(burst, tokens + elapsed * max(ratePerSecond, 0))
    }
}
