import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Runs every monitor on its own interval and acts on what the probes find.
///
/// It exists to connect monitoring to the mail: each result is stored (and compacted later); the consecutive-failure
/// rule (`MonitorHealth`) turns results into up and down; a monitor bound to a relay feeds that relay's one health
/// state in the pool (down takes it out of rotation before deliveries fail on it); a monitor going down opens an
/// incident and going up closes it with its impact on the queue; and alerts go out for both. Monitors from the
/// configuration, the node's own checks behind `alerts.oldest_deferred` and `alerts.disk_low`, and monitors added at
/// run time (kept in storage) run alike.
actor MonitorService: Service {
    /// One monitor's live state.
    struct Entry {
        var definition: MonitorDefinition
        var health: MonitorHealth
        var last: ProbeResult?
        /// When the current state began.
        var since: Date?
        /// The incident this monitor's outage opened, while it lasts.
        var incident: Int64?
        /// The cause last written to the open incident, so that only a change adds an update.
        var lastIncidentMessage: String?
        /// When the current run of consecutive failures began: the start of an outage, once it counts as one.
        var failingSince: Date?
        var task: Task<Void, Never>?
    }

    let store: any QueueStore
    let pool: RelayPool?
    private(set) var probes: ProbeFactory
    let alerts: AlertDispatcher?
    /// Says which monitors are in a maintenance window; nil when no window can exist.
    let calendar: (any MaintenanceCalendar)?
    /// The running configuration: monitor defaults, relays and thresholds, for monitors added at run time.
    private(set) var settings: SteadymailConfiguration
    var entries: [String: Entry] = [:]
    var order: [String] = []
    let logger: Logger

    init(
        settings: SteadymailConfiguration, store: any QueueStore, pool: RelayPool?, probes: ProbeFactory,
        alerts: AlertDispatcher?, calendar: (any MaintenanceCalendar)? = nil, logger: Logger
    ) {
        self.settings = settings
        self.store = store
        self.pool = pool
        self.probes = probes
        self.alerts = alerts
        self.calendar = calendar
        self.logger = logger
    }

    var dataDir: String { settings.dataDir }

    func run() async throws {
        let runtime = (try? await store.runtimeMonitors()) ?? []
        for definition in Self.declared(settings) + runtime { start(definition) }
        await reattachOpenIncidents()
        let relayChanges = pool?.stateChanges
        await withDiscardingTaskGroup { tasks in
            if let relayChanges {
                tasks.addTask { [self] in
                    for await change in relayChanges {
                        await self.relayChanged(change)
                    }
                }
            }
            tasks.addTask { [self] in await self.compactPeriodically() }
            try? await gracefulShutdown()
            tasks.cancelAll()
        }
        stopAll()
    }

    /// The monitors a configuration declares, and the node checks its alert thresholds ask for.
    static func declared(_ settings: SteadymailConfiguration) -> [MonitorDefinition] {
        var monitors = settings.monitoring.monitors
        let names = Set(monitors.map(\.name))
        let defaults = settings.monitoring
        func node(_ name: String, _ kind: MonitorKind, threshold: Double) -> MonitorDefinition {
            MonitorDefinition(
                name: name, kind: kind, threshold: threshold, interval: defaults.defaultInterval,
                timeout: min(defaults.defaultTimeout, defaults.defaultInterval),
                failuresBeforeDown: defaults.defaultFailuresBeforeDown)
        }
        if let age = settings.alerts.oldestDeferred, !names.contains("node:oldest-deferred") {
            monitors.append(node("node:oldest-deferred", .oldestDeferred, threshold: age.timeInterval))
        }
        if let free = settings.alerts.diskLow, !names.contains("node:disk") {
            monitors.append(node("node:disk", .disk, threshold: Double(free)))
        }
        return monitors
    }

    /// A reloaded configuration: declared monitors that changed restart (those unchanged keep their state), those
    /// gone stop; monitors added at run time stay.
    func reconfigure(_ settings: SteadymailConfiguration, probes: ProbeFactory) async {
        self.settings = settings
        self.probes = probes
        let declared = Self.declared(settings)
        let wanted = Set(declared.map(\.name))
        for name in order where entries[name]?.definition.source == .configuration && !wanted.contains(name) {
            await stop(name, because: "monitor removed from the configuration")
        }
        for definition in declared where entries[definition.name]?.definition != definition {
            start(definition)
        }
    }

    /// Starts a monitor; a running one of the same name is replaced, keeping its state when nothing changed.
    func start(_ definition: MonitorDefinition) {
        let previous = entries[definition.name]
        previous?.task?.cancel()
        if previous == nil { order.append(definition.name) }
        var entry = Entry(
            definition: definition, health: MonitorHealth(failuresBeforeDown: definition.failuresBeforeDown))
        if let previous, previous.definition.failuresBeforeDown == definition.failuresBeforeDown {
            entry.health = previous.health
            entry.last = previous.last
            entry.since = previous.since
        }
        entry.incident = previous?.incident
        entry.lastIncidentMessage = previous?.lastIncidentMessage
        let probe = probes.probe(for: definition)
        entry.task = Task { [self] in await self.loop(definition.name, probe: probe, definition: definition) }
        entries[definition.name] = entry
    }

    private func stopAll() {
        for name in order { entries[name]?.task?.cancel() }
    }

    /// Runs the probe, records its result, waits out the rest of the interval; until cancelled.
    private nonisolated func loop(_ name: String, probe: any MonitorProbe, definition: MonitorDefinition) async {
        while !Task.isCancelled {
            let started = Date()
            let result = await probe.run(
                now: started, deadline: started.addingTimeInterval(definition.timeout.timeInterval))
            guard !Task.isCancelled else { return }
            await record(name, result)
            let next = started.addingTimeInterval(definition.interval.timeInterval)
            try? await Task.sleep(for: .seconds(max(0.05, next.timeIntervalSinceNow)))
        }
    }

    /// One probe result: stored, folded into the monitor's health, and acted on when the health changes. A monitor
    /// in a maintenance window keeps its result (stored as it is, unflagged: the windows say which results fall in
    /// maintenance) but its health stays as it was, so it opens no incident, raises no alert and takes no relay down;
    /// after the window its results count afresh.
    func record(_ name: String, _ result: ProbeResult) async {
        guard var entry = entries[name] else { return }
        do {
            try await store.recordProbeResults([MonitorResultRecord(monitor: name, result: result)])
        } catch {
            logger.warning("monitor result not stored", metadata: ["monitor": "\(name)", "error": "\(error)"])
        }
        if let calendar, await calendar.isQuiet(monitor: name, relay: entry.definition.relay, at: result.at) {
            entries[name]?.last = result
            return
        }
        entry = entries[name] ?? entry
        let transition = entry.health.record(result)
        entry.last = result
        if !result.verdict.isFailure {
            entry.failingSince = nil
        } else if entry.failingSince == nil {
            entry.failingSince = result.at
        }
        if transition != nil || entry.since == nil { entry.since = result.at }
        entries[name] = entry
        await resultAlerts(entry, result)
        guard let transition else {
            if entry.incident != nil, result.verdict == .down { await updateIncident(name, result) }
            return
        }
        logger.notice(
            "monitor state",
            metadata: [
                "monitor": "\(name)", "from": "\(transition.from.rawValue)", "to": "\(transition.to.rawValue)",
                "message": "\(result.message)",
            ])
        let down = transition.to == .down
        if let relay = entry.definition.relay, let pool, transition.from != .unknown || down {
            await pool.setMonitorVerdict(name, relay: relay, down: down, reason: result.message, now: result.at)
        }
        if down {
            await openIncident(name, result, at: entry.failingSince ?? result.at)
        } else {
            await closeIncident(name, at: result.at)
        }
        await transitionAlerts(entries[name] ?? entry, transition, result)
    }

    /// Results past their resolution's retention are folded into coarser summaries, every `compaction_interval`.
    private func compactPeriodically() async {
        while !Task.isCancelled {
            let monitoring = settings.monitoring
            do {
                let summary = try await store.compactProbeResults(
                    now: Date(), rawRetention: monitoring.rawRetention, minuteRetention: monitoring.minuteRetention,
                    hourRetention: monitoring.hourRetention)
                logger.debug("monitor results compacted", metadata: ["summary": "\(summary)"])
            } catch {
                logger.warning("monitor result compaction failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: monitoring.compactionInterval)
        }
    }
}
