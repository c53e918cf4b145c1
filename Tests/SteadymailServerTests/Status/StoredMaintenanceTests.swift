import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// Declared maintenance reaches the status page and the uptime bars the way the maintenance service acts on it.
@Suite struct StoredMaintenanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func upcomingOccurrencesAreListedSoonestFirstAndIntervalsPerTarget() async throws {
        try await ReadinessTests.withStore { store, _ in
            let weekly = MaintenanceWindow(
                target: .node,
                schedule: .weekly(weekday: 1, hour: 2, minute: 0, timeZone: "Europe/Berlin", duration: .seconds(7200)),
                reason: "backups")
            let once = MaintenanceWindow(
                target: .relay("primary"),
                schedule: .once(start: now.addingTimeInterval(3600), end: now.addingTimeInterval(7200)),
                reason: "firmware")
            _ = try await store.addMaintenanceWindow(weekly)
            _ = try await store.addMaintenanceWindow(once)
            let maintenance = StoredMaintenance(store: store)
            let upcoming = try await maintenance.upcoming(from: now, to: now.addingTimeInterval(14 * 86_400))
            #expect(upcoming.count == 3, "one firmware window and two Sundays in 14 days")
            #expect(upcoming.map(\.start) == upcoming.map(\.start).sorted())
            #expect(upcoming.contains { $0.targetType == "relay" && $0.target == "primary" && $0.reason == "firmware" })
            #expect(upcoming.filter { $0.targetType == "node" }.allSatisfy { $0.target == nil })
            let range = DateInterval(start: now, duration: 86_400)
            #expect(
                await maintenance.intervals(for: .relay("primary"), overlapping: range)
                    == [DateInterval(start: now.addingTimeInterval(3600), end: now.addingTimeInterval(7200))])
            #expect(await maintenance.intervals(for: .relay("backup"), overlapping: range).isEmpty)
        }
    }

    @Test func uptimeBarsSetDeclaredMaintenanceApart() async throws {
        try await ReadinessTests.withStore { store, _ in
            let day = StatusDays.ending(at: now, count: 1)[0]
            let results = (0..<60).map { minute in
                MonitorResult(
                    monitor: "relay:primary",
                    result: ProbeResult(
                        verdict: minute < 30 ? .up : .down, at: day.addingTimeInterval(Double(minute) * 60),
                        message: "m"))
            }
            try await store.recordProbeResults(results)
            _ = try await store.addMaintenanceWindow(
                MaintenanceWindow(
                    target: .relay("primary"),
                    schedule: .once(start: day.addingTimeInterval(1800), end: day.addingTimeInterval(3600)),
                    reason: "planned"))
            let uptime = SLADailyUptime(history: SLAHistory(store: store, maintenance: StoredMaintenance(store: store)))
            let bars = try await uptime.dailyUptime(
                relay: "primary", monitors: ["relay:primary"], days: [day], now: day.addingTimeInterval(3600))
            #expect(bars == [StatusUptimeBar(date: StatusDays.label(day), uptimePercent: 100, maintenanceMinutes: 30)])
        }
    }
}
