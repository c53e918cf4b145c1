import Foundation
import Logging
import SteadymailDomain

/// The live limits of every destination on this node: the configured ones, and each unlisted domain while a throttle
/// has it slowed down.
///
/// It exists so that deliveries to one provider, whichever relay carries them, share one concurrency, one rate and one
/// pace, and so that a throttling reply from one destination slows that destination alone. State is kept by
/// destination name, so that a later configuration reload can swap the map and keep the gates of names that remain.
actor DestinationLimiter {
    /// One destination's limit and what `steadymail destinations` counts for it.
    struct Gate {
        var limit: PacedLimit
        var throttles = 0
        var lastThrottle: String?
    }

    /// What `acquire` decided for a transaction.
    enum Admission: Equatable {
        /// A slot is held; `release` it when the transaction ends.
        case held
        /// The destination limits nothing now; there is nothing to release.
        case free
        /// No slot now: come back at `retryAt`.
        case busy(retryAt: Date)
    }

    private var map: DestinationMap
    private var configured: [String: Destination]
    private var pace: AdaptivePace.Configuration
    /// The connection ceiling of a destination without a concurrency of its own: no more than the node runs at once.
    private var defaultConnections: Int
    private let logger: Logger
    private var gates: [String: Gate]

    init(
        destinations: [Destination], pace: AdaptivePace.Configuration, defaultConnections: Int, logger: Logger,
        now: Date = Date()
    ) {
        map = DestinationMap(destinations: destinations)
        configured = Dictionary(destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.pace = pace
        self.defaultConnections = defaultConnections
        self.logger = logger
        var gates: [String: Gate] = [:]
        for destination in destinations {
            gates[destination.name] = Gate(
                limit: PacedLimit(
                    pace: AdaptivePace(
                        configuration: pace, maximum: Self.maximum(destination, defaultConnections: defaultConnections)),
                    now: now))
        }
        self.gates = gates
    }

    /// Takes a reloaded destination list and tunables. A destination that stays keeps its slots in flight, pace and
    /// counts by name, its pace within its new limits; a new one starts steady; a removed one is forgotten (its
    /// transactions in flight finish without a slot to give back). Domains slowed by a throttle stay slowed.
    func reconfigure(
        destinations: [Destination], pace: AdaptivePace.Configuration, defaultConnections: Int, now: Date
    ) {
        let previous = gates
        let wasConfigured = configured
        map = DestinationMap(destinations: destinations)
        configured = Dictionary(destinations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.pace = pace
        self.defaultConnections = defaultConnections
        var gates: [String: Gate] = [:]
        for destination in destinations {
            let maximum = Self.maximum(destination, defaultConnections: defaultConnections)
            var gate =
                previous[destination.name]
                ?? Gate(limit: PacedLimit(pace: AdaptivePace(configuration: pace, maximum: maximum), now: now))
            gate.limit.reconfigure(configuration: pace, maximum: maximum, now: now)
            gates[destination.name] = gate
        }
        for (key, var gate) in previous where wasConfigured[key] == nil && gate.limit.pace.phase != .steady {
            guard map.destination(forDomain: key) == nil else { continue }
            gate.limit.reconfigure(
                configuration: pace, maximum: .init(connections: defaultConnections, rate: nil), now: now)
            gates[key] = gate
        }
        self.gates = gates
    }

    private static func maximum(_ destination: Destination, defaultConnections: Int) -> AdaptivePace.Maximum {
        AdaptivePace.Maximum(connections: destination.concurrency ?? defaultConnections, rate: destination.rate)
    }

    /// The destination name of each domain (a configured destination's name, or the domain itself).
    func keys(forDomains domains: [String]) -> [String] {
        domains.map { map.key(forDomain: $0) }
    }

    /// How one message's recipients, given by their domains, split into transactions; see `DestinationMap.groups`.
    func groups(domains: [String]) -> [DestinationGroup] {
        map.groups(domains: domains) { isLimited($0) }
    }

    /// Takes a slot of `key` for a transaction starting now, or says when to come back.
    func acquire(_ key: String, now: Date, minimumDelay: TimeInterval) -> Admission {
        guard var gate = gates[key], isLimited(key) else { return .free }
        defer { gates[key] = gate }
        if gate.limit.acquire(now: now) { return .held }
        return .busy(retryAt: gate.limit.retryTime(now: now, minimumDelay: minimumDelay))
    }

    /// Gives back the slot `acquire` held for a transaction started at `startedAt`.
    func release(_ key: String, startedAt: Date, now: Date) {
        gates[key]?.limit.release(startedAt: startedAt, now: now)
        forgetIfSteady(key)
    }

    /// A recipient of `key` was accepted: grow its pace once the interval has passed.
    func succeeded(_ key: String, now: Date) {
        guard gates[key]?.limit.succeeded(now: now) == true else { return }
        logPace(key, because: "clean interval")
        forgetIfSteady(key)
    }

    /// A recipient of `key` got a throttling reply in a transaction started at `startedAt`: cut the destination's
    /// pace (an unlisted domain gets a gate of its own) and return when that recipient should come back.
    func throttled(_ key: String, reply: String, startedAt: Date, now: Date, minimumDelay: TimeInterval) -> Date {
        var gate =
            gates[key]
            ?? Gate(
                limit: PacedLimit(
                    pace: AdaptivePace(
                        configuration: pace, maximum: .init(connections: defaultConnections, rate: nil)),
                    now: now))
        gate.throttles += 1
        gate.lastThrottle = reply
        let cut = gate.limit.throttled(now: now, startedAt: startedAt)
        let retryAt = gate.limit.retryTime(now: now, minimumDelay: minimumDelay)
        gates[key] = gate
        if cut { logPace(key, because: "throttled: \(reply)") }
        return retryAt
    }

    func snapshot() -> [DestinationView] {
        let listed = map.destinations.map(\.name)
        let unlisted = gates.keys.filter { configured[$0] == nil }.sorted()
        return (listed + unlisted).compactMap { name in
            guard let gate = gates[name] else { return nil }
            let destination = configured[name]
            return DestinationView(
                name: name, domains: destination?.domains ?? [name], concurrency: destination?.concurrency,
                rate: destination?.rate, inFlight: gate.limit.inFlight, pace: gate.limit.pace.phase.rawValue,
                connectionLimit: gate.limit.pace.connections, rateLimit: gate.limit.pace.rate,
                throttles: gate.throttles, lastThrottle: gate.lastThrottle)
        }
    }

    /// Whether transactions to `key` must hold a slot: it has limits of its own, or a throttle cut it.
    private func isLimited(_ key: String) -> Bool {
        guard let gate = gates[key] else { return false }
        return configured[key]?.hasLimits == true || gate.limit.pace.phase != .steady
    }

    /// An unlisted domain back at full speed with nothing in flight needs no gate any more.
    private func forgetIfSteady(_ key: String) {
        guard configured[key] == nil, let gate = gates[key], gate.limit.pace.phase == .steady, gate.limit.inFlight == 0
        else { return }
        gates[key] = nil
    }

    private func logPace(_ key: String, because reason: String) {
        guard let pace = gates[key]?.limit.pace else { return }
        logger.notice(
            "destination pace",
            metadata: [
                "destination": "\(key)", "pace": "\(pace.phase.rawValue)", "connections": "\(pace.connections)",
                "rate": "\(pace.rate.map { String(format: "%g/s", $0) } ?? "unlimited")", "reason": "\(reason)",
            ])
    }
}

extension DestinationLimiter: DestinationControl {}
