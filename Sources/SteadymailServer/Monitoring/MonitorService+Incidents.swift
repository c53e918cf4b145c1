import Foundation
import SteadymailDomain
import SteadymailStorage

/// Incidents: an outage of a monitor opens one, a change of its cause updates it, recovery closes it with its impact.
extension MonitorService {
    /// Opens the incident of an outage that began at `start`, the first of the failed runs that marked the monitor
    /// down.
    func openIncident(_ name: String, _ result: ProbeResult, at start: Date) async {
        guard var entry = entries[name], entry.incident == nil else { return }
        do {
            let id = try await store.openIncident(
                monitor: name, relay: entry.definition.relay, at: start, cause: result.message)
            entry.incident = id
            entries[name] = entry
            logger.notice(
                "incident opened", metadata: ["incident": "\(id)", "monitor": "\(name)", "cause": "\(result.message)"])
        } catch {
            logger.error("incident not stored", metadata: ["monitor": "\(name)", "error": "\(error)"])
        }
    }

    /// A failing probe whose explanation changed adds an update to the open incident.
    func updateIncident(_ name: String, _ result: ProbeResult) async {
        guard let entry = entries[name], let id = entry.incident, entry.lastIncidentMessage != result.message else {
            return
        }
        entries[name]?.lastIncidentMessage = result.message
        try? await store.addIncidentUpdate(id: id, at: result.at, message: result.message)
    }

    func closeIncident(_ name: String, at time: Date) async {
        guard let id = entries[name]?.incident else { return }
        entries[name]?.incident = nil
        entries[name]?.lastIncidentMessage = nil
        do {
            guard let record = try await store.incident(id: id) else { return }
            let impact = try await Incidents.compute(record, until: time, store: store, now: time)
            try await store.closeIncident(id: id, at: time, impact: impact)
            logger.notice(
                "incident closed",
                metadata: [
                    "incident": "\(id)", "monitor": "\(name)",
                    "duration": "\(String(format: "%.1fs", time.timeIntervalSince(record.openedAt)))",
                ])
        } catch {
            logger.error("incident not closed", metadata: ["incident": "\(id)", "error": "\(error)"])
        }
    }

    /// After a restart, open incidents belong to their monitors again: the next verdict continues or closes them.
    /// An incident whose monitor no longer exists is closed now.
    func reattachOpenIncidents() async {
        let open = (try? await store.openIncidents()) ?? []
        for record in open {
            if entries[record.monitor] != nil {
                entries[record.monitor]?.incident = record.id
            } else {
                try? await store.addIncidentUpdate(id: record.id, at: Date(), message: "monitor removed")
                entries[record.monitor] = nil
                if let impact = try? await Incidents.compute(record, until: Date(), store: store, now: Date()) {
                    try? await store.closeIncident(id: record.id, at: Date(), impact: impact)
                }
            }
        }
    }
}
