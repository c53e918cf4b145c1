import Foundation
import SteadymailStorage

/// The status page's source in a running node: relay states from the relay pool, monitor states from the monitor
/// service, incidents from the queue store, daily uptime and planned maintenance through two seams.
///
/// It exists so that the page reads only what may be public: relay and monitor names and states, incident times and
/// public notes. Probe messages, incident causes and updates (which may name hosts and quote SMTP replies), relay
/// hosts and credentials never leave this type.
public struct LiveStatusSource: StatusSource {
    let title: String
    let relays: any RelayControl
    let monitors: any MonitorControl
    let store: any QueueStore
    let uptime: any StatusUptimeSource
    let maintenance: any StatusMaintenanceSource

    public init(
        title: String, relays: any RelayControl, monitors: any MonitorControl, store: any QueueStore,
        uptime: any StatusUptimeSource, maintenance: any StatusMaintenanceSource
    ) {
        self.title = title
        self.relays = relays
        self.monitors = monitors
        self.store = store
        self.uptime = uptime
        self.maintenance = maintenance
    }

    /// The most recent incidents looked at for the closed ones of the last week.
    static let recentIncidentLimit = 200

    public func snapshot(now: Date) async throws -> StatusSnapshot {
        let days = StatusDays.ending(at: now, count: StatusSnapshot.uptimeDays)
        let monitorViews = await monitors.monitors()
        var relayRows: [StatusRelay] = []
        for relay in await relays.snapshot() {
            let probing = monitorViews.filter { $0.relay == relay.name }.map(\.name)
            relayRows.append(
                StatusRelay(
                    name: relay.name, state: .relay(state: relay.state, pace: relay.pace),
                    uptime: try await uptime.dailyUptime(
                        relay: relay.name, monitors: probing, days: days, now: now)))
        }
        var monitorRows: [StatusMonitor] = []
        for monitor in monitorViews {
            monitorRows.append(
                StatusMonitor(
                    name: monitor.name, type: monitor.type,
                    state: .monitor(state: monitor.state, consecutiveFailures: monitor.consecutiveFailures),
                    uptime: try await uptime.dailyUptime(
                        relay: monitor.relay, monitors: [monitor.name], days: days, now: now)))
        }
        return StatusSnapshot(
            title: title, generatedAt: now, relays: relayRows, monitors: monitorRows,
            incidents: try await incidents(now: now),
            maintenance: try await maintenance.upcoming(
                from: now, to: now.addingTimeInterval(StatusSnapshot.maintenanceHorizon)))
    }

    /// Open incidents and those closed within the last week, newest first, with only their public parts. Stored
    /// updates are probe lines, not written for the public, so none is shown.
    func incidents(now: Date) async throws -> [StatusIncident] {
        let since = now.addingTimeInterval(-StatusSnapshot.recentIncidentWindow)
        var records: [Int64: IncidentRecord] = [:]
        for record in try await store.openIncidents() { records[record.id] = record }
        for record in try await store.incidents(openOnly: false, limit: Self.recentIncidentLimit) {
            if let closed = record.closedAt, closed >= since { records[record.id] = record }
        }
        return records.values.sorted { $0.id > $1.id }.map { record in
            StatusIncident(
                id: record.id, monitor: record.monitor, relay: record.relay, startedAt: record.openedAt,
                endedAt: record.closedAt, publicNote: record.publicNote, updates: [])
        }
    }
}
