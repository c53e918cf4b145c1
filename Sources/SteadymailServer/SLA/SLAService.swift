import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// Watches each relay's SLA and each priority class's delivery objective, and raises burn-rate alerts.
///
/// It exists so that an operator hears when an error budget burns fast enough to matter, before it is gone: every
/// `sla.evaluation_interval` it measures, for each relay with an `sla`, the availability its monitors saw over the
/// long and short window of each burn-rate pair (`sla.fast_*`, `sla.slow_*`), and for each priority class the share
/// of late recipients over the same windows; a pair whose two windows both burn faster than its factor raises
/// `sla_burn` or `objective_burn` (critical for the fast pair, warning for the slow one) through the
/// `AlertDispatcher`, and its end the recovery. Maintenance (`MaintenanceSource`) is set apart from downtime. The same
/// measurements make the report of `steadymail sla` and `GET /v1/sla`.
public final class SLAService: Service, Sendable {
    let store: any QueueStore
    let history: SLAHistory
    let monitors: any MonitorControl
    let alerts: AlertDispatcher?
    let logger: Logger
    private let state: Mutex<State>

    struct State {
        var settings: SteadymailConfiguration
        var alerts = BurnAlertState()
        /// The recovery of each firing alert, sent when its subject is gone (a reload removed a relay's `sla`).
        var recoveries: [String: Alert] = [:]
    }

    init(
        settings: SteadymailConfiguration, store: any QueueStore, monitors: any MonitorControl,
        alerts: AlertDispatcher?, maintenance: any MaintenanceSource = NoMaintenance(), logger: Logger
    ) {
        self.store = store
        self.history = SLAHistory(store: store, maintenance: maintenance)
        self.monitors = monitors
        self.alerts = alerts
        self.logger = logger
        self.state = Mutex(State(settings: settings))
    }

    /// The configuration in force; a reload replaces it from the next evaluation on.
    var settings: SteadymailConfiguration { state.withLock { $0.settings } }

    /// Applies a reloaded configuration (relays' `sla` and the `sla:` section) at the next evaluation.
    func reconfigure(_ settings: SteadymailConfiguration) {
        state.withLock { $0.settings = settings }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.settings.sla.evaluationInterval)
                do {
                    try await self.evaluate(now: Date())
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("sla evaluation failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Evaluates every burn-rate pair once, raising and recovering alerts on changes.
    func evaluate(now: Date) async throws {
        let settings = self.settings
        let policy = settings.sla.burnRates
        let bound = await boundMonitors()
        var keys: Set<String> = []
        for relay in settings.relays {
            guard let sla = relay.sla else { continue }
            let burns = try await relayBurns(relay.name, sla: sla, monitors: bound[relay.name] ?? [], now: now)
            for speed in BurnSpeed.allCases {
                let pair = policy.pair(speed)
                let (long, short) = burns[speed] ?? (nil, nil)
                let key = Alert.slaBurnKey(relay.name, speed)
                keys.insert(key)
                settle(
                    key, fires: pair.fires(longBurn: long, shortBurn: short),
                    alert: {
                        .slaBurn(
                            relay: relay.name, sla: sla, speed: speed, pair: pair, longBurn: long ?? 0,
                            shortBurn: short ?? 0, at: now)
                    }, recovery: .slaBurnRecovered(relay: relay.name, speed: speed, at: now), now: now)
            }
        }
        let objectiveBurns = try await objectiveBurns(settings.sla, now: now)
        for objective in settings.sla.objectives {
            for speed in BurnSpeed.allCases {
                let pair = policy.pair(speed)
                let (long, short) = objectiveBurns[objective.priority]?[speed] ?? (nil, nil)
                let key = Alert.objectiveBurnKey(objective.priority, speed)
                keys.insert(key)
                settle(
                    key, fires: pair.fires(longBurn: long, shortBurn: short),
                    alert: {
                        .objectiveBurn(
                            objective: objective, speed: speed, pair: pair, longBurn: long ?? 0,
                            shortBurn: short ?? 0, at: now)
                    }, recovery: .objectiveBurnRecovered(priority: objective.priority, speed: speed, at: now),
                    now: now)
            }
        }
        let gone = state.withLock { state in
            state.alerts.retain { keys.contains($0) }.compactMap { state.recoveries.removeValue(forKey: $0) }
        }
        for recovery in gone {
            logger.notice("sla burn alert ended with its relay's sla", metadata: ["key": "\(recovery.key)"])
            alerts?.recover(recovery, now: now)
        }
    }

    /// Whether the alert of `key` fires now.
    func isFiring(_ key: String) -> Bool { state.withLock { $0.alerts.isFiring(key) } }

    private func settle(_ key: String, fires: Bool, alert: () -> Alert, recovery: Alert, now: Date) {
        let change = state.withLock { state in
            state.recoveries[key] = fires ? recovery : nil
            return state.alerts.update(key, firing: fires)
        }
        if fires {
            if change == .started { logger.warning("sla burn alert", metadata: ["key": "\(key)"]) }
            alerts?.fire(alert(), now: now)
        } else if change == .ended {
            logger.notice("sla burn alert recovered", metadata: ["key": "\(key)"])
            alerts?.recover(recovery, now: now)
        }
    }

    /// The monitors bound to each relay.
    func boundMonitors() async -> [String: [String]] {
        var bound: [String: [String]] = [:]
        for monitor in await monitors.monitors() {
            guard let relay = monitor.relay else { continue }
            bound[relay, default: []].append(monitor.name)
        }
        return bound.mapValues { $0.sorted() }
    }

    /// The burn of each pair's long and short window for a relay; nil where a window has no probe data.
    func relayBurns(_ relay: String, sla: Double, monitors: [String], now: Date) async throws
        -> [BurnSpeed: (Double?, Double?)]
    {
        let policy = settings.sla.burnRates
        let longest = max(policy.fast.longWindow, policy.slow.longWindow).timeInterval
        let (slots, maintenance) = try await history.relay(
            relay, monitors: monitors, range: DateInterval(start: now.addingTimeInterval(-longest), end: now))
        func burn(_ window: Duration) -> Double? {
            let range = DateInterval(start: now.addingTimeInterval(-window.timeInterval), end: now)
            return UptimeMeasure.measure(slots, over: range, maintenance: maintenance).errorRate.map {
                ErrorBudget.burnRate(errorRate: $0, objective: sla)
            }
        }
        var burns: [BurnSpeed: (Double?, Double?)] = [:]
        for speed in BurnSpeed.allCases {
            let pair = policy.pair(speed)
            burns[speed] = (burn(pair.longWindow), burn(pair.shortWindow))
        }
        return burns
    }

    /// The burn of each pair's long and short window for every priority class; nil where no recipient was judged.
    /// A window looks at the recipients whose target fell due within it (accepted from `now - target - window` to
    /// `now - target`), so that every one of them can be judged: a window counted by arrival would hold only recipients
    /// too young to be late.
    func objectiveBurns(_ sla: SLAConfiguration, now: Date) async throws
        -> [Priority: [BurnSpeed: (Double?, Double?)]]
    {
        var burns: [Priority: [BurnSpeed: (Double?, Double?)]] = [:]
        for objective in sla.objectives {
            var errorRates: [Duration: Double?] = [:]
            for pair in [sla.burnRates.fast, sla.burnRates.slow] {
                for window in [pair.longWindow, pair.shortWindow] where errorRates[window] == nil {
                    let due = now.addingTimeInterval(-objective.target.timeInterval)
                    let counts = try await outcomes(
                        sla, from: due.addingTimeInterval(-window.timeInterval), to: due, now: now)
                    errorRates[window] = counts[objective.priority]?.errorRate
                }
            }
            func burn(_ window: Duration) -> Double? {
                (errorRates[window] ?? nil).map { ErrorBudget.burnRate(errorRate: $0, objective: objective.ratio) }
            }
            for speed in BurnSpeed.allCases {
                let pair = sla.burnRates.pair(speed)
                burns[objective.priority, default: [:]][speed] = (burn(pair.longWindow), burn(pair.shortWindow))
            }
        }
        return burns
    }

    /// The outcome counts per priority class, at `now`, of the recipients accepted from `from` to `to` (`now` when
    /// nil).
    func outcomes(_ sla: SLAConfiguration, from: Date, to: Date? = nil, now: Date) async throws
        -> [Priority: DeliveryOutcomeCounts]
    {
        let targets = Dictionary(uniqueKeysWithValues: sla.objectives.map { ($0.priority, $0.target) })
        let buckets = try await store.deliveryOutcomes(
            from: from, to: to ?? now, targets: targets, now: now, bucket: nil)
        return buckets.reduce(into: [:]) { total, bucket in
            total[bucket.priority] = (total[bucket.priority] ?? DeliveryOutcomeCounts()) + bucket.counts
        }
    }
}
