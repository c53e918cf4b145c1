import Foundation
import SteadymailConfig
import SteadymailDomain

/// The control channel's and the API's view of the monitors, and monitors added and removed at run time.
extension MonitorService: MonitorControl {
    func monitors() async -> [MonitorView] {
        order.compactMap { name in
            entries[name].map {
                MonitorView(
                    definition: $0.definition, health: $0.health, last: $0.last, since: $0.since,
                    incident: $0.incident)
            }
        }
    }

    func add(json: String) async throws(MonitorChangeError) -> MonitorView {
        var definition: MonitorDefinition
        do {
            definition = try SteadymailConfiguration.runtimeMonitor(json: json, in: settings)
        } catch {
            throw .invalid(error.description)
        }
        definition.source = .runtime
        guard entries[definition.name] == nil else { throw .duplicate(definition.name) }
        do {
            try await store.saveMonitor(definition)
        } catch {
            throw .storage("\(error)")
        }
        start(definition)
        logger.notice("monitor added", metadata: ["monitor": "\(definition.name)", "type": "\(definition.kind)"])
        guard let entry = entries[definition.name] else { throw .notFound(definition.name) }
        return MonitorView(definition: entry.definition, health: entry.health, last: nil, since: nil, incident: nil)
    }

    func remove(_ name: String) async throws(MonitorChangeError) {
        guard let entry = entries[name] else { throw .notFound(name) }
        guard entry.definition.source == .runtime else { throw .fromConfiguration(name) }
        do {
            _ = try await store.removeMonitor(name: name)
        } catch {
            throw .storage("\(error)")
        }
        await stop(name, because: "monitor removed")
        logger.notice("monitor removed", metadata: ["monitor": "\(name)"])
    }

    /// Stops a monitor: its open incident closes and a relay it held down is released.
    func stop(_ name: String, because reason: String) async {
        guard let entry = entries[name] else { return }
        entry.task?.cancel()
        if let relay = entry.definition.relay, let pool, entry.health.status == .down {
            await pool.setMonitorVerdict(name, relay: relay, down: false, reason: reason, now: Date())
        }
        if entry.incident != nil {
            if let id = entry.incident { try? await store.addIncidentUpdate(id: id, at: Date(), message: reason) }
            await closeIncident(name, at: Date())
        }
        entries[name] = nil
        order.removeAll { $0 == name }
    }

    func results(_ name: String, limit: Int) async throws -> [ProbeResultView] {
        try await store.probeResults(monitor: name, since: .distantPast, until: Date(), limit: limit).reversed().map(
            ProbeResultView.init)
    }
}
