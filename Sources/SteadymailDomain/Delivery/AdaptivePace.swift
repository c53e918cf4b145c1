import Foundation

/// How hard one relay or destination may be driven right now: a connection limit and a rate ceiling below its
/// configured maxima, raised while replies stay clean and cut when the far end says it is rate-limiting us.
///
/// It exists so that the catch-up burst after an outage does not trip a provider's limits (slow start), and so that a
/// throttling reply slows the sender down instead of being retried at full speed (multiplicative decrease). It is a
/// pure value: the caller passes the time of every event and applies the limits it reads back.
public struct AdaptivePace: Sendable, Equatable {
    /// The tunables shared by every relay and destination (`delivery.ramp_*`, `delivery.throttle_min_rate`).
    public struct Configuration: Sendable, Equatable {
        /// How long replies must stay clean before the limits double, and how long a cut holds.
        public var interval: Duration
        /// The connection limit a ramp starts from.
        public var initialConnections: Int
        /// The rate ceiling, in messages per second, a ramp starts from.
        public var initialRate: Double
        /// For a maximum without a rate: the ceiling at which the rate counts as unlimited again, and the rate a first
        /// cut halves.
        public var fullRate: Double
        /// Cuts never take the rate ceiling below this.
        public var minimumRate: Double

        public init(
            interval: Duration = .seconds(30), initialConnections: Int = 1, initialRate: Double = 1,
            fullRate: Double = 50, minimumRate: Double = 0.1
        ) {
            self.interval = interval
            self.initialConnections = initialConnections
            self.initialRate = initialRate
            self.fullRate = fullRate
            self.minimumRate = minimumRate
        }
    }

    /// The configured limits: what the pace returns to when it is steady.
    public struct Maximum: Sendable, Equatable {
        public var connections: Int
        /// Messages per second; nil means unlimited.
        public var rate: Double?

        public init(connections: Int, rate: Double? = nil) {
            self.connections = max(1, connections)
            self.rate = rate
        }
    }

    /// Why the limits are where they are, as `steadymail relays` shows it.
    public enum Phase: String, Sendable, Equatable, CaseIterable {
        /// At the configured maxima.
        case steady
        /// Slow start after an outage, pause or other recovery.
        case ramping
        /// Cut by a throttling reply, growing back.
        case throttled
    }

    public let configuration: Configuration
    public let maximum: Maximum
    public private(set) var phase: Phase = .steady
    /// Simultaneous transactions allowed now, 1 to `maximum.connections`.
    public private(set) var connections: Int
    /// Messages per second allowed now; nil means no ceiling.
    public private(set) var rate: Double?
    /// No growth before this time; nil when steady.
    public private(set) var holdUntil: Date?
    /// The time of the last recovery or cut: a throttling reply to a transaction started before it was sent at the
    /// old pace and does not cut again.
    private var epoch: Date?

    /// A steady pace at the maxima.
    public init(configuration: Configuration, maximum: Maximum) {
        self.configuration = configuration
        self.maximum = maximum
        connections = maximum.connections
        rate = maximum.rate
    }

    /// The relay came back (breaker closed, resumed, maintenance over): start low and ramp up.
    public mutating func recover(now: Date) {
        connections = min(max(1, configuration.initialConnections), maximum.connections)
        rate = normalised(min(configuration.initialRate, maximum.rate ?? .infinity))
        phase = .ramping
        epoch = now
        holdUntil = now.addingTimeInterval(configuration.interval.inSeconds)
        becomeSteadyAtMaximum()
    }

    /// A clean reply: once a whole interval has passed since the last change, both limits double (capped at the
    /// maxima). Returns whether the limits changed.
    @discardableResult
    public mutating func succeeded(now: Date) -> Bool {
        guard phase != .steady, let holdUntil, now >= holdUntil else { return false }
        connections = min(connections * 2, maximum.connections)
        if let current = rate { rate = normalised(min(current * 2, maximum.rate ?? .infinity)) }
        self.holdUntil = now.addingTimeInterval(configuration.interval.inSeconds)
        becomeSteadyAtMaximum()
        return true
    }

    /// A throttling reply to a transaction started at `startedAt`: halve both limits (at least one connection and
    /// `minimumRate`) and hold them for an interval. A reply to a transaction started before the last cut only
    /// restarts the hold. Returns whether the limits were cut.
    @discardableResult
    public mutating func throttled(now: Date, startedAt: Date) -> Bool {
        if let epoch, startedAt < epoch {
            if phase != .steady { holdUntil = now.addingTimeInterval(configuration.interval.inSeconds) }
            return false
        }
        let current = rate ?? maximum.rate ?? configuration.fullRate
        connections = max(1, connections / 2)
        rate = min(max(configuration.minimumRate, current / 2), maximum.rate ?? .infinity)
        phase = .throttled
        epoch = now
        holdUntil = now.addingTimeInterval(configuration.interval.inSeconds)
        return true
    }

    /// The same pace under new tunables and maxima (a configuration reload): a steady pace is steady at the new
    /// maxima; a ramping or throttled one keeps its phase, hold and limits, within the new maxima.
    public func reconfigured(configuration: Configuration, maximum: Maximum) -> AdaptivePace {
        var next = AdaptivePace(configuration: configuration, maximum: maximum)
        guard phase != .steady else { return next }
        next.phase = phase
        next.epoch = epoch
        next.holdUntil = holdUntil
        next.connections = min(connections, maximum.connections)
        if let rate {
            next.rate = next.normalised(min(rate, maximum.rate ?? .infinity))
        }
        next.becomeSteadyAtMaximum()
        return next
    }

    /// Without a configured rate, a ceiling that reached `fullRate` is lifted.
    private func normalised(_ rate: Double) -> Double? {
        if maximum.rate == nil, rate >= configuration.fullRate { return nil }
        return rate
    }

    private mutating func becomeSteadyAtMaximum() {
        guard connections >= maximum.connections, rate == maximum.rate else { return }
        phase = .steady
        holdUntil = nil
    }
}
