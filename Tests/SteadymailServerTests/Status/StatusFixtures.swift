import Foundation
import SteadymailDomain

@testable import SteadymailServer

/// Snapshots and fakes shared by the status page tests.
enum StatusFixtures {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15T15:06:40Z
    static let hostile = #"<script>alert("x")</script> & 'quoted'"#

    static func bars(percent: Double? = 100) -> [StatusUptimeBar] {
        StatusDays.ending(at: now, count: StatusSnapshot.uptimeDays).map {
            StatusUptimeBar(date: StatusDays.label($0), uptimePercent: percent, maintenanceMinutes: 0)
        }
    }

    static func snapshot(title: String = "mail.example status") -> StatusSnapshot {
        StatusSnapshot(
            title: title, generatedAt: now,
            relays: [
                StatusRelay(name: "primary", state: .down, uptime: bars(percent: 93.5)),
                StatusRelay(name: hostile, state: .operational, uptime: bars()),
            ],
            monitors: [StatusMonitor(name: "relay:primary", type: "smtp", state: .down, uptime: bars(percent: nil))],
            incidents: [
                StatusIncident(
                    id: 7, monitor: "relay:primary", relay: "primary", startedAt: now.addingTimeInterval(-600),
                    endedAt: nil, publicNote: hostile, updates: [StatusUpdate(at: now, message: hostile)]),
                StatusIncident(
                    id: 3, monitor: "disk", relay: nil, startedAt: now.addingTimeInterval(-90_000),
                    endedAt: now.addingTimeInterval(-86_000), publicNote: nil, updates: []),
            ],
            maintenance: [
                StatusMaintenance(
                    targetType: "relay", target: "primary", start: now.addingTimeInterval(3600),
                    end: now.addingTimeInterval(7200), reason: hostile)
            ])
    }
}

/// Relays in fixed states.
struct FixedStatusRelays: RelayControl {
    var relays: [(name: String, state: String)]

    func snapshot() async -> [RelayView] {
        relays.map { relay in
            RelayView(
                name: relay.name, state: relay.state, weight: 1, priorityGroup: 0, openConnections: 0, pace: "steady",
                connectionLimit: 1, rateLimit: nil, throttles: 0, lastThrottle: nil, sent: 0, deferred: 0, bounced: 0,
                failures: 0, stateChanges: 0, lastError: "refused by 10.1.2.3:2525", lastChange: nil)
        }
    }

    func setPaused(_ name: String, paused: Bool) async -> Bool { false }
}

/// Monitors in fixed states; adding and removing is not needed by the status page.
struct FixedStatusMonitors: MonitorControl {
    var views: [MonitorView]

    func monitors() async -> [MonitorView] { views }
    func add(json: String) async throws(MonitorChangeError) -> MonitorView { throw .invalid("fixed") }
    func remove(_ name: String) async throws(MonitorChangeError) { throw .notFound(name) }
    func results(_ name: String, limit: Int) async throws -> [ProbeResultView] { [] }

    static func view(_ name: String, kind: MonitorKind, relay: String?, down: Bool) -> MonitorView {
        var health = MonitorHealth(failuresBeforeDown: 1)
        if down {
            health.record(ProbeResult(verdict: .down, at: StatusFixtures.now, message: "550 from 10.1.2.3"))
        }
        return MonitorView(
            definition: MonitorDefinition(name: name, kind: kind, relay: relay), health: health, last: nil, since: nil,
            incident: nil)
    }
}
