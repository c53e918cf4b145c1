import Foundation
import SteadymailDomain
import SteadymailStorage

/// The monitoring part of the store, passed through unchanged.
extension RecordingQueueStore {
    func recordProbeResults(_ results: [MonitorResultRecord]) async throws {
        try await inner.recordProbeResults(results)
    }

    func probeResults(monitor: String, since: Date, until: Date, limit: Int) async throws -> [ProbeResult] {
        try await inner.probeResults(monitor: monitor, since: since, until: until, limit: limit)
    }

    func probeRollups(monitor: String, resolution: RollupResolution, since: Date, until: Date) async throws
        -> [ProbeRollup]
    {
        try await inner.probeRollups(monitor: monitor, resolution: resolution, since: since, until: until)
    }

    func compactProbeResults(now: Date, rawRetention: Duration, minuteRetention: Duration, hourRetention: Duration)
        async throws -> CompactionSummary
    {
        try await inner.compactProbeResults(
            now: now, rawRetention: rawRetention, minuteRetention: minuteRetention, hourRetention: hourRetention)
    }

    func latestProbeResults() async throws -> [String: ProbeResult] { try await inner.latestProbeResults() }

    func saveMonitor(_ monitor: MonitorDefinition) async throws { try await inner.saveMonitor(monitor) }

    func removeMonitor(name: String) async throws -> Bool { try await inner.removeMonitor(name: name) }

    func runtimeMonitors() async throws -> [MonitorDefinition] { try await inner.runtimeMonitors() }

    func openIncident(monitor: String, relay: String?, at: Date, cause: String) async throws -> Int64 {
        try await inner.openIncident(monitor: monitor, relay: relay, at: at, cause: cause)
    }

    func addIncidentUpdate(id: Int64, at: Date, message: String) async throws {
        try await inner.addIncidentUpdate(id: id, at: at, message: message)
    }

    func closeIncident(id: Int64, at: Date, impact: IncidentImpact?) async throws {
        try await inner.closeIncident(id: id, at: at, impact: impact)
    }

    func setIncidentImpact(id: Int64, impact: IncidentImpact) async throws {
        try await inner.setIncidentImpact(id: id, impact: impact)
    }

    func setIncidentPublicNote(id: Int64, note: String?) async throws {
        try await inner.setIncidentPublicNote(id: id, note: note)
    }

    func incidents(openOnly: Bool, limit: Int) async throws -> [IncidentRecord] {
        try await inner.incidents(openOnly: openOnly, limit: limit)
    }

    func incident(id: Int64) async throws -> IncidentRecord? { try await inner.incident(id: id) }

    func openIncidents() async throws -> [IncidentRecord] { try await inner.openIncidents() }

    func impactEvents(relay: String?, from: Date, to: Date, limit: Int) async throws -> [ImpactEvent] {
        try await inner.impactEvents(relay: relay, from: from, to: to, limit: limit)
    }

    func deliveryOutcomes(
        from: Date, to: Date, targets: [Priority: Duration], now: Date, bucket: Duration?
    ) async throws -> [DeliveryOutcomeBucket] {
        try await inner.deliveryOutcomes(from: from, to: to, targets: targets, now: now, bucket: bucket)
    }
}

/// The maintenance part of the store, passed through unchanged.
extension RecordingQueueStore {
    func addMaintenanceWindow(_ window: MaintenanceWindow) async throws -> Int64 {
        try await inner.addMaintenanceWindow(window)
    }

    func maintenanceWindows() async throws -> [MaintenanceWindow] { try await inner.maintenanceWindows() }

    func removeMaintenanceWindow(id: Int64) async throws -> Bool { try await inner.removeMaintenanceWindow(id: id) }

    func hourlyVolume(from: Date, to: Date) async throws -> [HourlyVolume] {
        try await inner.hourlyVolume(from: from, to: to)
    }
}
