import Foundation

/// The health state of one relay, fed by relay-level delivery failures and by the relay's monitors.
///
/// It exists so that a relay that is down is skipped for a while instead of costing every message a connection
/// timeout, and so that it is probed by exactly one trial transaction before traffic returns to it. Monitors feed the
/// same value rather than a second, competing state: a monitor that calls the relay down takes it out of rotation
/// (`down`) before deliveries fail on it, and its recovery closes the breaker, or lets a trial through at once when
/// delivery failures had opened it. It is a pure value: the caller owns it, passes the time, and logs and counts the
/// state changes it returns.
public struct CircuitBreaker: Sendable, Equatable {
    /// The tunables of a breaker.
    public struct Configuration: Sendable, Equatable {
        /// Consecutive relay-level failures that open the breaker.
        public var threshold: Int
        /// The first cooldown after opening.
        public var cooldownInitial: Duration
        /// The cooldown never grows beyond this.
        public var cooldownMaximum: Duration
        /// The factor applied to the cooldown after each failed trial.
        public var growth: Double

        public init(
            threshold: Int = 3, cooldownInitial: Duration = .seconds(10), cooldownMaximum: Duration = .seconds(300),
            growth: Double = 2
        ) {
            self.threshold = threshold
            self.cooldownInitial = cooldownInitial
            self.cooldownMaximum = cooldownMaximum
            self.growth = growth
        }
    }

    public enum State: Sendable, Equatable {
        /// Traffic flows.
        case closed
        /// The relay is skipped until `until`.
        case open(until: Date, cooldown: Duration)
        /// One trial transaction decides whether the breaker closes or opens again.
        case halfOpen(trialInFlight: Bool)
        /// A monitor of the relay says it is down: no transaction until a monitor says it is up again.
        case down(since: Date)
    }

    /// A transition, returned so the caller can log and count it.
    public struct StateChange: Sendable, Equatable {
        public var from: State
        public var to: State
        public var at: Date
    }

    /// May change while the breaker runs (a configuration reload); the state is kept.
    public var configuration: Configuration
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    /// The cooldown of the last opening, grown when a trial fails.
    private var lastCooldown: Duration?

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Whether a transaction may start now. Once the cooldown has passed, the breaker turns half-open and this admits
    /// exactly one trial; the caller must then report its outcome.
    public mutating func allowsAttempt(now: Date) -> Bool {
        admit(now: now).allowed
    }

    /// As `allowsAttempt(now:)`, also returning the open → half-open change it made, if any.
    public mutating func admit(now: Date) -> (allowed: Bool, change: StateChange?) {
        switch state {
        case .closed:
            return (true, nil)
        case .open(let until, _):
            guard now >= until else { return (false, nil) }
            return (true, move(to: .halfOpen(trialInFlight: true), at: now))
        case .halfOpen(let trialInFlight):
            guard !trialInFlight else { return (false, nil) }
            state = .halfOpen(trialInFlight: true)
            return (true, nil)
        case .down:
            return (false, nil)
        }
    }

    /// A transaction on this relay worked (or reached a recipient-level answer): close the breaker. While a monitor
    /// holds the relay down, a transaction that was already in flight changes nothing.
    @discardableResult
    public mutating func recordSuccess(now: Date) -> StateChange? {
        if case .down = state { return nil }
        consecutiveFailures = 0
        lastCooldown = nil
        return move(to: .closed, at: now)
    }

    /// A relay-level failure: count it, open the breaker at the threshold, or reopen it with a longer cooldown when
    /// the trial failed. A late failure while open changes nothing.
    @discardableResult
    public mutating func recordRelayFailure(now: Date) -> StateChange? {
        switch state {
        case .closed:
            consecutiveFailures += 1
            guard consecutiveFailures >= configuration.threshold else { return nil }
            return open(cooldown: configuration.cooldownInitial, now: now)
        case .halfOpen:
            consecutiveFailures += 1
            let previous = lastCooldown ?? configuration.cooldownInitial
            let grown = min(previous.inSeconds * configuration.growth, configuration.cooldownMaximum.inSeconds)
            return open(cooldown: .seconds(grown), now: now)
        case .open, .down:
            return nil
        }
    }

    /// A monitor of the relay went down: take the relay out of rotation until it is up again.
    @discardableResult
    public mutating func recordMonitorDown(now: Date) -> StateChange? {
        if case .down = state { return nil }
        return move(to: .down(since: now), at: now)
    }

    /// Every monitor of the relay is up again. A relay a monitor held down closes (the caller ramps its pace up);
    /// one that delivery failures opened lets a trial through now instead of waiting out its cooldown.
    @discardableResult
    public mutating func recordMonitorUp(now: Date) -> StateChange? {
        switch state {
        case .down:
            consecutiveFailures = 0
            lastCooldown = nil
            return move(to: .closed, at: now)
        case .open:
            return move(to: .halfOpen(trialInFlight: false), at: now)
        case .closed, .halfOpen:
            return nil
        }
    }

    /// The trial ended without telling anything about the relay (for example a poison candidate): admit another.
    public mutating func releaseTrial() {
        if case .halfOpen(trialInFlight: true) = state { state = .halfOpen(trialInFlight: false) }
    }

    private mutating func open(cooldown: Duration, now: Date) -> StateChange? {
        let capped = min(cooldown, configuration.cooldownMaximum)
        lastCooldown = capped
        return move(to: .open(until: now.addingTimeInterval(capped.inSeconds), cooldown: capped), at: now)
    }

    private mutating func move(to next: State, at now: Date) -> StateChange? {
        guard next != state else { return nil }
        defer { state = next }
        return StateChange(from: state, to: next, at: now)
    }
}
