import Foundation
import Logging
import NIOCore
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP

/// The live state of every configured relay: its circuit breaker, its pace (connection limit and rate ceiling), open
/// and idle connections, and counts.
///
/// It exists so that routing, failover and `steadymail relays` read one health state per relay. Monitors of a later
/// issue feed the same breaker, never a second state; a relay that comes back (breaker closed after being open,
/// resumed, and later the end of a maintenance window through `beginRecovery`) ramps up from a low pace.
actor RelayPool {
    struct Relay {
        var configuration: RelayConfiguration
        var endpoint: RelayEndpoint
        var breaker: CircuitBreaker
        /// The connection limit and rate ceiling now, and the transactions holding them.
        var limit: PacedLimit
        var idle: [(connection: RelayConnection, sent: Int, since: Date)] = []
        var open = 0
        var paused = false
        /// In a maintenance window or its drain lead-in: like a pause, but set and cleared by the windows alone, so
        /// that a window ending never resumes what an operator paused, nor a resume ends a window.
        var maintenance = false
        var counters = RelayCounters()
        /// The monitors bound to this relay that call it down now; while any does, its breaker is `down`.
        var downMonitors: Set<String> = []
        /// Recent transactions and relay-level failures, for `relay-failures` monitors.
        var outcomes = RelayOutcomeWindow()
    }

    private var relays: [String: Relay]
    private var order: [String]
    private var routes: RouteTable
    private let group: any EventLoopGroup
    private let wake: WakeSignal
    private var idleLimit: TimeInterval
    private var generation = 0
    private let logger: Logger
    /// Every change of a relay's health state, for the alerts on a circuit opening and closing.
    nonisolated let stateChanges: AsyncStream<RelayStateChange>
    private let stateChangeSink: AsyncStream<RelayStateChange>.Continuation

    init(
        relays: [(RelayConfiguration, RelayEndpoint)], routes: RouteTable, breaker: CircuitBreaker,
        pace: AdaptivePace.Configuration, idleLimit: Duration, group: any EventLoopGroup, wake: WakeSignal,
        logger: Logger
    ) {
        var table: [String: Relay] = [:]
        let now = Date()
        for (configuration, endpoint) in relays {
            table[configuration.name] = Relay(
                configuration: configuration, endpoint: endpoint, breaker: breaker,
                limit: Self.limit(configuration, pace: pace, now: now))
        }
        self.relays = table
        self.order = relays.map(\.0.name)
        self.routes = routes
        self.group = group
        self.wake = wake
        self.idleLimit = idleLimit.timeInterval
        self.logger = logger
        (stateChanges, stateChangeSink) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    var isEmpty: Bool { order.isEmpty }

    /// A steady pace at the relay's `max_connections` and `rate`.
    private static func limit(_ relay: RelayConfiguration, pace: AdaptivePace.Configuration, now: Date) -> PacedLimit {
        let maximum = AdaptivePace.Maximum(connections: relay.maxConnections, rate: relay.rate)
        return PacedLimit(pace: AdaptivePace(configuration: pace, maximum: maximum), now: now)
    }

    /// Takes a reloaded relay list and routes. A relay keeps its health, pace, counters and pause by name (its pace
    /// within its new maxima); one whose connection settings changed gets a new endpoint generation (its idle sessions
    /// close, sessions in use close when their transaction ends); a removed relay takes no new transactions and its
    /// open ones finish.
    func reconfigure(
        relays newRelays: [(RelayConfiguration, RelayEndpoint)], routes: RouteTable,
        breaker: CircuitBreaker.Configuration, pace: AdaptivePace.Configuration, idleLimit: Duration, now: Date
    ) {
        var table: [String: Relay] = [:]
        for (configuration, endpoint) in newRelays {
            guard var relay = relays[configuration.name] else {
                generation += 1
                var fresh = endpoint
                fresh.generation = generation
                table[configuration.name] = Relay(
                    configuration: configuration, endpoint: fresh, breaker: CircuitBreaker(configuration: breaker),
                    limit: Self.limit(configuration, pace: pace, now: now))
                continue
            }
            relay.limit.reconfigure(
                configuration: pace,
                maximum: AdaptivePace.Maximum(connections: configuration.maxConnections, rate: configuration.rate),
                now: now)
            if Self.connectionSettings(relay.configuration) != Self.connectionSettings(configuration)
                || relay.endpoint.client != endpoint.client
            {
                generation += 1
                relay.endpoint = endpoint
                relay.endpoint.generation = generation
                for entry in relay.idle { entry.connection.close() }
                relay.open -= relay.idle.count
                relay.idle = []
            }
            relay.configuration = configuration
            relay.breaker.configuration = breaker
            table[configuration.name] = relay
        }
        for (name, relay) in relays where table[name] == nil {
            for entry in relay.idle { entry.connection.close() }
        }
        self.relays = table
        self.order = newRelays.map(\.0.name)
        self.routes = routes
        self.idleLimit = idleLimit.timeInterval
        wake.signal()
    }

    /// What decides how a relay is reached; a change needs new sessions.
    private static func connectionSettings(_ relay: RelayConfiguration) -> [String] {
        [
            relay.host, "\(relay.port)", "\(relay.tls)", "\(relay.tlsVerify)", relay.caFile ?? "",
            relay.credentials?.username ?? "", relay.credentials?.password ?? "",
        ]
    }

    /// Picks the relay for one transaction, or says to wait (all usable relays busy) or that none is available. The
    /// chosen relay counts the transaction against its pace until `checkin`.
    /// A relay in maintenance takes only transactional mail, and only when no other relay of its route is available:
    /// bulk and time-critical mail wait for the window to end.
    func choose(priority: Priority, senderDomain: String, apiKey: String?, excluding: Set<String>, now: Date)
        -> RelayChoice
    {
        let subset = routes.relays(for: priority, senderDomain: senderDomain, apiKey: apiKey)
        var choice = select(subset: subset, excluding: excluding, allowMaintenance: false, now: now)
        if choice == .noneAvailable, priority == .transactional,
            order.contains(where: { relays[$0]?.maintenance == true })
        {
            choice = select(subset: subset, excluding: excluding, allowMaintenance: true, now: now)
        }
        if case .relay(let name) = choice {
            if let change = relays[name]?.breaker.admit(now: now).change { log(change, relay: name, now: now) }
            _ = relays[name]?.limit.acquire(now: now)
        }
        return choice
    }

    private func select(subset: [String]?, excluding: Set<String>, allowMaintenance: Bool, now: Date) -> RelayChoice {
        let candidates = order.compactMap { name -> RelayCandidate? in
            guard let relay = relays[name] else { return nil }
            return RelayCandidate(
                name: name, weight: relay.configuration.weight, priorityGroup: relay.configuration.priorityGroup,
                availability: availability(relay, allowMaintenance: allowMaintenance, now: now))
        }
        var generator = SystemRandomNumberGenerator()
        return RelaySelector(candidates: candidates).choose(
            routeSubset: subset, excluding: excluding, using: &generator)
    }

    private func availability(_ relay: Relay, allowMaintenance: Bool, now: Date) -> RelayCandidate.Availability {
        guard !relay.paused, allowMaintenance || !relay.maintenance, Self.breakerAdmits(relay.breaker, now: now) else {
            return .unavailable
        }
        return relay.limit.admits(now: now) ? .available : .busy
    }

    /// Whether the breaker would admit a transaction now, without admitting one.
    static func breakerAdmits(_ breaker: CircuitBreaker, now: Date) -> Bool {
        switch breaker.state {
        case .closed: true
        case .open(let until, _): now >= until
        case .halfOpen(let trialInFlight): !trialInFlight
        case .down: false
        }
    }

    static func stateName(_ breaker: CircuitBreaker) -> String { name(breaker.state) }

    static func name(_ state: CircuitBreaker.State) -> String {
        switch state {
        case .closed: "closed"
        case .open: "open"
        case .halfOpen: "half-open"
        case .down: "down"
        }
    }

    /// How relay `name` is reached now, for a session outside the pool's accounting (the canary probe's); nil when no
    /// relay has that name.
    func endpoint(named name: String) -> RelayEndpoint? { relays[name]?.endpoint }

    /// An idle session to reuse, or permission to open a new one (nil connection) with the endpoint to use.
    func checkout(_ name: String) -> (connection: RelayConnection?, sent: Int, endpoint: RelayEndpoint)? {
        guard var relay = relays[name] else { return nil }
        while let last = relay.idle.popLast() {
            if last.connection.isActive {
                relays[name] = relay
                return (last.connection, last.sent, relay.endpoint)
            }
            relay.open -= 1
        }
        relay.open += 1
        relays[name] = relay
        return (nil, 0, relay.endpoint)
    }

    /// Ends the transaction `choose` started at `startedAt` and returns its session. The session is kept for reuse
    /// while under the per-connection message limit and while in-flight and idle sessions stay within the pace's
    /// connection limit (after a cut, surplus sessions close).
    func checkin(
        _ name: String, connection: RelayConnection?, sent: Int, reusable: Bool, startedAt: Date, now: Date
    ) {
        guard var relay = relays[name] else {
            connection?.close()
            return
        }
        relay.limit.release(startedAt: startedAt, now: now)
        let room = relay.limit.inFlight + relay.idle.count < relay.limit.pace.connections
        if let connection, reusable, room, connection.isActive, sent < relay.configuration.maxMessagesPerConnection,
            connection.generation == relay.endpoint.generation
        {
            relay.idle.append((connection, sent, now))
        } else {
            connection?.close()
            relay.open = max(0, relay.open - 1)
        }
        relays[name] = relay
    }

    /// Closes sessions idle longer than `connection_idle`.
    func sweep(now: Date) {
        for name in order {
            guard var relay = relays[name] else { continue }
            let (stale, fresh) = relay.idle.partitioned { now.timeIntervalSince($0.since) >= idleLimit }
            for entry in stale { entry.connection.close() }
            relay.open -= stale.count
            relay.idle = fresh
            relays[name] = relay
        }
    }

    func closeAll() {
        for name in order {
            guard var relay = relays[name] else { continue }
            for entry in relay.idle { entry.connection.close() }
            relay.open -= relay.idle.count
            relay.idle = []
            relays[name] = relay
        }
    }

    /// The trial of a half-open relay ended without a verdict on the relay: let another transaction try.
    func releaseTrial(_ name: String) {
        relays[name]?.breaker.releaseTrial()
    }

    /// A clean transaction: closes the breaker, and grows a ramping or throttled pace once its interval has passed.
    func recordSuccess(_ name: String, now: Date) {
        relays[name]?.outcomes.record(failed: false, at: now)
        if let change = relays[name]?.breaker.recordSuccess(now: now) { log(change, relay: name, now: now) }
        if relays[name]?.limit.succeeded(now: now) == true { logPace(name, because: "clean interval") }
    }

    /// The relay said we send too fast in a transaction started at `startedAt`: cut its pace. It is not a failure
    /// (the breaker does not count it) nor a verdict on a half-open trial.
    func recordThrottle(_ name: String, reply: String, startedAt: Date, now: Date) {
        guard relays[name] != nil else { return }
        relays[name]?.counters.throttles += 1
        relays[name]?.counters.lastThrottle = reply
        relays[name]?.breaker.releaseTrial()
        if relays[name]?.limit.throttled(now: now, startedAt: startedAt) == true {
            logPace(name, because: "throttled: \(reply)")
        }
    }

    /// When mail a throttled relay turned away should come back; see `PacedLimit.retryTime`.
    func retryTime(_ name: String, now: Date, minimumDelay: TimeInterval) -> Date {
        relays[name]?.limit.retryTime(now: now, minimumDelay: minimumDelay) ?? now.addingTimeInterval(minimumDelay)
    }

    /// The relay is back from an outage, a pause or a maintenance window: restart its pace low and ramp it up.
    func beginRecovery(_ name: String, now: Date, because reason: String) {
        guard relays[name] != nil else { return }
        relays[name]?.limit.recover(now: now)
        logPace(name, because: reason)
    }

    /// A monitor bound to relay `name` changed its verdict. The relay is down while any of its monitors is down (its
    /// idle sessions close; no new transaction starts on it), and comes back, ramping up, when the last one recovers.
    func setMonitorVerdict(_ monitor: String, relay name: String, down: Bool, reason: String, now: Date) {
        guard var relay = relays[name] else { return }
        let wasDown = !relay.downMonitors.isEmpty
        if down { relay.downMonitors.insert(monitor) } else { relay.downMonitors.remove(monitor) }
        if down, !wasDown {
            for entry in relay.idle { entry.connection.close() }
            relay.open -= relay.idle.count
            relay.idle = []
            relay.counters.lastError = "monitor \(monitor): \(reason)"
        }
        relays[name] = relay
        let change =
            down
            ? relays[name]?.breaker.recordMonitorDown(now: now)
            : (relay.downMonitors.isEmpty ? relays[name]?.breaker.recordMonitorUp(now: now) : nil)
        if let change { log(change, relay: name, now: now, cause: "monitor \(monitor): \(reason)") }
        if !down { wake.signal() }
    }

    func recordRelayFailure(_ name: String, error: String, now: Date) {
        relays[name]?.outcomes.record(failed: true, at: now)
        relays[name]?.counters.failures += 1
        relays[name]?.counters.lastError = error
        if let change = relays[name]?.breaker.recordRelayFailure(now: now) {
            log(change, relay: name, now: now, cause: error)
        }
    }

    /// The relay's transactions and relay-level failures over the `window` before `now`; nil for an unknown relay.
    func failureRatio(relay name: String, window: Duration, now: Date) -> RelayOutcomeWindow.Tally? {
        relays[name]?.outcomes.tally(over: window.timeInterval, now: now)
    }

    func count(_ name: String, _ outcome: DeliveryOutcomeKind) {
        switch outcome {
        case .sent: relays[name]?.counters.sent += 1
        case .deferred: relays[name]?.counters.deferred += 1
        case .bounced: relays[name]?.counters.bounced += 1
        case .expired, .requeued: break
        }
    }

    /// Every relay a message of this kind may use, up or down.
    func allowedRelays(priority: Priority, senderDomain: String, apiKey: String?) -> Set<String> {
        Set(routes.relays(for: priority, senderDomain: senderDomain, apiKey: apiKey) ?? order)
    }

    /// Whether any relay could take a transaction now; while none can, the loop claims nothing and mail stays queued.
    /// A relay in maintenance counts: transactional mail may still use it.
    func anyAvailable(now: Date) -> Bool {
        order.contains { name in relays[name].map { !$0.paused && Self.breakerAdmits($0.breaker, now: now) } ?? false }
    }

    /// When the first open circuit lets a trial through again; nil when none is open.
    func earliestReopening() -> Date? {
        order.compactMap { name -> Date? in
            guard case .open(let until, _) = relays[name]?.breaker.state else { return nil }
            return until
        }.min()
    }

    /// The names of relays that could take a transaction now (for the poison-message rule); not those in maintenance.
    func availableRelays(now: Date) -> Set<String> {
        Set(
            order.filter { name in
                relays[name].map { !$0.paused && !$0.maintenance && Self.breakerAdmits($0.breaker, now: now) } ?? false
            })
    }

    func snapshot(now: Date) -> [RelayView] {
        order.compactMap { name in
            guard let relay = relays[name] else { return nil }
            return RelayView(
                name: name,
                state: relay.paused ? "paused" : relay.maintenance ? "maintenance" : Self.stateName(relay.breaker),
                weight: relay.configuration.weight,
                priorityGroup: relay.configuration.priorityGroup, openConnections: relay.open,
                pace: relay.limit.pace.phase.rawValue, connectionLimit: relay.limit.pace.connections,
                rateLimit: relay.limit.pace.rate, throttles: relay.counters.throttles,
                lastThrottle: relay.counters.lastThrottle,
                sent: relay.counters.sent, deferred: relay.counters.deferred, bounced: relay.counters.bounced,
                failures: relay.counters.failures, stateChanges: relay.counters.stateChanges,
                lastError: relay.counters.lastError,
                lastChange: relay.counters.lastChange.map(InternetDate.rfc3339))
        }
    }

    /// Drains a relay (no new transactions; open ones finish) or takes it back into rotation. Idempotent.
    func setPaused(_ name: String, paused: Bool, now: Date) -> Bool {
        guard var relay = relays[name] else { return false }
        guard relay.paused != paused else { return true }
        relay.paused = paused
        relay.counters.lastChange = now
        if paused {
            for entry in relay.idle { entry.connection.close() }
            relay.open -= relay.idle.count
            relay.idle = []
        }
        relays[name] = relay
        logger.notice(paused ? "relay paused" : "relay resumed", metadata: ["relay": "\(name)"])
        if !paused { beginRecovery(name, now: now, because: "resumed") }
        return true
    }

    /// Drains a relay for a maintenance window (no new transactions but transactional mail with nowhere else to go;
    /// open ones finish) or, when the window is over, takes it back with recovery pacing. Independent of an operator's
    /// pause. Idempotent; false for an unknown relay.
    @discardableResult
    func setMaintenance(_ name: String, active: Bool, now: Date) -> Bool {
        guard var relay = relays[name] else { return false }
        guard relay.maintenance != active else { return true }
        relay.maintenance = active
        relay.counters.lastChange = now
        if active {
            for entry in relay.idle { entry.connection.close() }
            relay.open -= relay.idle.count
            relay.idle = []
        }
        relays[name] = relay
        logger.notice(active ? "relay maintenance began" : "relay maintenance ended", metadata: ["relay": "\(name)"])
        if !active {
            beginRecovery(name, now: now, because: "maintenance ended")
            wake.signal()
        }
        return true
    }

    /// The relays a maintenance window drains now.
    var relaysInMaintenance: Set<String> { Set(order.filter { relays[$0]?.maintenance == true }) }

    /// Every relay's name and `rate` (nil: unlimited), for the off-peak planner.
    var capacities: [(name: String, rate: Double?)] {
        order.compactMap { name in relays[name].map { (name, $0.configuration.rate) } }
    }

    private func log(_ change: CircuitBreaker.StateChange, relay name: String, now: Date, cause: String? = nil) {
        relays[name]?.counters.lastChange = now
        relays[name]?.counters.stateChanges += 1
        logger.notice(
            "relay state",
            metadata: ["relay": "\(name)", "from": "\(Self.name(change.from))", "to": "\(Self.name(change.to))"])
        stateChangeSink.yield(
            RelayStateChange(
                relay: name, from: Self.name(change.from), to: Self.name(change.to), at: now,
                cause: cause ?? relays[name]?.counters.lastError))
        if change.to == .closed, change.from != .closed { beginRecovery(name, now: now, because: "circuit closed") }
    }

    private func logPace(_ name: String, because reason: String) {
        guard let pace = relays[name]?.limit.pace else { return }
        logger.notice(
            "relay pace",
            metadata: [
                "relay": "\(name)", "pace": "\(pace.phase.rawValue)", "connections": "\(pace.connections)",
                "rate": "\(pace.rate.map { String(format: "%g/s", $0) } ?? "unlimited")", "reason": "\(reason)",
            ])
    }
}

/// One change of a relay's health state (`closed`, `open`, `half-open`, `down`), as alerts announce it.
struct RelayStateChange: Sendable, Equatable {
    var relay: String
    var from: String
    var to: String
    var at: Date
    /// The failure or monitor verdict that caused it, when known.
    var cause: String?
}

/// Counts kept per relay for `steadymail relays`.
struct RelayCounters {
    var sent = 0
    var deferred = 0
    var bounced = 0
    var failures = 0
    /// Replies that said we send too fast; they cut the pace and never count as failures.
    var throttles = 0
    var lastThrottle: String?
    var stateChanges = 0
    var lastError: String?
    var lastChange: Date?
}

/// What one delivery run did to one recipient: the `status=` of its log line and what the relay's counters count.
enum DeliveryOutcomeKind: String, Sendable {
    case sent, deferred, bounced, expired
    /// Handed back to the queue without an attempt spent (shutdown, every relay down).
    case requeued = "queued"
}

extension Array {
    func partitioned(by predicate: (Element) -> Bool) -> ([Element], [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if predicate(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}

extension RelayPool: RelayControl {
    func snapshot() async -> [RelayView] { snapshot(now: Date()) }

    func setPaused(_ name: String, paused: Bool) async -> Bool {
        let changed = setPaused(name, paused: paused, now: Date())
        if changed, !paused { wake.signal() }
        return changed
    }
}
