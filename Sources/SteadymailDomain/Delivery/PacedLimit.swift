import Foundation

/// A concurrency and rate limit that follows an `AdaptivePace`: it counts the transactions in flight, keeps the token
/// bucket of the current rate ceiling, and spaces out the return of work it turned away.
///
/// It exists so that relays and destinations share one answer to "may a transaction start now, and if not, when
/// should it come back", as a pure value the caller advances with the time.
public struct PacedLimit: Sendable, Equatable {
    /// The hold time assumed before the first transaction finished, in seconds: on the short side, because work that
    /// comes back too early costs one more postponement, while work that comes back too late leaves slots idle.
    static let assumedHoldTime = 0.25
    /// The weight of the newest hold time in the smoothed average.
    static let smoothing = 0.2
    /// The largest burst a bucket is given: a rate above it gains nothing from a bigger burst.
    static let largestBurst = 1_000_000.0

    public private(set) var pace: AdaptivePace
    /// Transactions started and not yet released.
    public private(set) var inFlight = 0
    private var bucket: TokenBucket?
    /// Seconds a transaction holds its slot, smoothed; nil until the first one was released.
    private var holdTime: Double?
    /// When the work turned away last is due back; the next is spaced after it.
    private var retryCursor: Date?

    public init(pace: AdaptivePace, now: Date) {
        self.pace = pace
        bucket = pace.rate.map { TokenBucket(ratePerSecond: $0, burst: Self.burst($0), now: now) }
    }

    /// Whether `acquire` would succeed at `now`, without acquiring.
    public func admits(now: Date) -> Bool {
        inFlight < pace.connections && (bucket.map { $0.nextAvailable(now: now) <= now } ?? true)
    }

    /// Starts a transaction if the connection limit and the rate ceiling allow one now.
    public mutating func acquire(now: Date) -> Bool {
        guard inFlight < pace.connections else { return false }
        if bucket != nil, bucket?.take(now: now) != true { return false }
        inFlight += 1
        return true
    }

    /// Ends a transaction started at `startedAt`, learning how long transactions hold their slot.
    public mutating func release(startedAt: Date, now: Date) {
        inFlight = max(0, inFlight - 1)
        let held = max(0, now.timeIntervalSince(startedAt))
        holdTime = holdTime.map { $0 + Self.smoothing * (held - $0) } ?? held
    }

    /// See `AdaptivePace.recover(now:)`.
    public mutating func recover(now: Date) {
        pace.recover(now: now)
        retune(now: now)
    }

    /// See `AdaptivePace.succeeded(now:)`.
    @discardableResult
    public mutating func succeeded(now: Date) -> Bool {
        guard pace.succeeded(now: now) else { return false }
        retune(now: now)
        return true
    }

    /// See `AdaptivePace.throttled(now:startedAt:)`.
    @discardableResult
    public mutating func throttled(now: Date, startedAt: Date) -> Bool {
        guard pace.throttled(now: now, startedAt: startedAt) else { return false }
        retune(now: now)
        return true
    }

    /// Applies new tunables and maxima (a configuration reload), keeping the transactions in flight; see
    /// `AdaptivePace.reconfigured(configuration:maximum:)`.
    public mutating func reconfigure(
        configuration: AdaptivePace.Configuration, maximum: AdaptivePace.Maximum, now: Date
    ) {
        guard configuration != pace.configuration || maximum != pace.maximum else { return }
        pace = pace.reconfigured(configuration: configuration, maximum: maximum)
        retune(now: now)
    }

    /// When work turned away at `now` should come back: no sooner than `minimumDelay`, and each one a slot after the
    /// previous, a slot being what the limits let through per transaction (one over the rate, or the hold time over
    /// the connection limit). A backlog therefore returns about as fast as the limit drains it, not all at once.
    public mutating func retryTime(now: Date, minimumDelay: TimeInterval) -> Date {
        let perConnection = (holdTime ?? Self.assumedHoldTime) / Double(max(1, pace.connections))
        let spacing = max(pace.rate.map { 1 / $0 } ?? 0, perConnection)
        let next = max(now.addingTimeInterval(minimumDelay), retryCursor ?? .distantPast)
        retryCursor = next.addingTimeInterval(spacing)
        return next
    }

    private mutating func retune(now: Date) {
        guard let rate = pace.rate else {
            bucket = nil
            return
        }
        bucket =
            bucket?.retuned(ratePerSecond: rate, burst: Self.burst(rate), now: now)
            ?? TokenBucket(ratePerSecond: rate, burst: Self.burst(rate), now: now)
    }

    /// One second's worth of messages, at least one: the burst a relay's `rate` has always allowed.
    static func burst(_ rate: Double) -> Int {
        Int(min(max(rate, 1), largestBurst))
    }
}
