import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct SLAServiceTests {
    let start = Date(timeIntervalSince1970: TimeInterval((1_800_000_000 as Int) / 3600 * 3600))

    static let yaml = """
        relays:
          - {name: a, host: 127.0.0.1, port: 2525, tls: none, sla: 99.9}
          - {name: b, host: 127.0.0.1, port: 2526, tls: none}
        sla:
          fast_long_window: 10m
          fast_short_window: 1m
          slow_long_window: 30m
          slow_short_window: 5m
          objectives:
            transactional: {target: 60s, ratio: 99}
        alerts:
          oldest_deferred: "off"
          disk_low: "off"
        """

    /// Monitors as the running monitor service reports them: one automatic SMTP monitor per relay.
    struct FixedMonitors: MonitorControl {
        var settings: SteadymailConfiguration

        func monitors() async -> [MonitorView] {
            settings.monitoring.monitors.map { definition in
                MonitorView(
                    definition: definition, health: MonitorHealth(failuresBeforeDown: 2), last: nil, since: nil,
                    incident: nil)
            }
        }
        func add(json: String) async throws(MonitorChangeError) -> MonitorView { throw .invalid("fixed") }
        func remove(_ name: String) async throws(MonitorChangeError) { throw .invalid("fixed") }
        func results(_ name: String, limit: Int) async throws -> [ProbeResultView] { [] }
    }

    actor RecordingChannel: AlertChannel {
        nonisolated let name = "recording"
        private(set) var alerts: [Alert] = []

        func deliver(_ alert: Alert, timeout: Duration) async throws { alerts.append(alert) }

        func waitFor(_ count: Int) async -> [Alert] {
            let deadline = Date().addingTimeInterval(10)
            while alerts.count < count, Date() < deadline { try? await Task.sleep(for: .milliseconds(10)) }
            return alerts
        }
    }

    struct FixedMaintenance: MaintenanceSource {
        var windows: [(MaintenanceWindow.Target, DateInterval)]

        func intervals(for target: MaintenanceWindow.Target, overlapping range: DateInterval) async
            -> [DateInterval]
        {
            windows.filter { $0.0 == target && $0.1.intersects(range) }.map(\.1)
        }
    }

    private func withService(
        maintenance: any MaintenanceSource = NoMaintenance(),
        _ body: (SLAService, SQLiteQueueStore, RecordingChannel) async throws -> Void
    ) async throws {
        try await ReadinessTests.withStore { store, directory in
            var settings = try SteadymailConfiguration.parse(yaml: Self.yaml, environment: [:])
            settings.dataDir = directory
            let channel = RecordingChannel()
            let alerts = AlertDispatcher(
                channels: [channel], repeatInterval: .seconds(3600), timeout: .seconds(5), retryDelay: .zero,
                logger: Logger(label: "test"))
            let running = Task { try await alerts.run() }
            defer { running.cancel() }
            let service = SLAService(
                settings: settings, store: store, monitors: FixedMonitors(settings: settings), alerts: alerts,
                maintenance: maintenance, logger: Logger(label: "test"))
            try await body(service, store, channel)
        }
    }

    /// Results of `relay:<relay>` every 10 s from `from` for `seconds`.
    private func record(
        _ store: SQLiteQueueStore, relay: String, from: Double, seconds: Double, _ verdict: ProbeVerdict
    )
        async throws
    {
        let results = stride(from: from, to: from + seconds, by: 10).map { offset in
            MonitorResult(
                monitor: "relay:\(relay)",
                result: ProbeResult(verdict: verdict, at: start.addingTimeInterval(offset), message: "x"))
        }
        try await store.recordProbeResults(results)
    }

    @Test func anOutageRaisesTheFastBurnAlertAndItsRecovery() async throws {
        try await withService { service, store, channel in
            try await record(store, relay: "a", from: 0, seconds: 600, .up)
            try await record(store, relay: "a", from: 600, seconds: 120, .down)
            try await record(store, relay: "b", from: 0, seconds: 720, .down)
            try await service.evaluate(now: start.addingTimeInterval(720))
            #expect(service.isFiring(Alert.slaBurnKey("a", .fast)))
            #expect(!service.isFiring(Alert.slaBurnKey("b", .fast)), "b states no SLA")
            let fired = await channel.waitFor(2)
            #expect(Set(fired.map(\.key)) == [Alert.slaBurnKey("a", .fast), Alert.slaBurnKey("a", .slow)])
            #expect(fired.first { $0.key == Alert.slaBurnKey("a", .fast) }?.severity == .critical)

            try await record(store, relay: "a", from: 720, seconds: 120, .up)
            try await service.evaluate(now: start.addingTimeInterval(840))
            #expect(!service.isFiring(Alert.slaBurnKey("a", .fast)))
            let all = await channel.waitFor(3)
            #expect(all.count == 3)
            #expect(all.last?.kind == .slaBurnRecovered && all.last?.key == Alert.slaBurnKey("a", .fast))
        }
    }

    @Test func maintenanceSpendsNoBudgetAndRaisesNothing() async throws {
        let maintenance = FixedMaintenance(windows: [
            (.relay("a"), DateInterval(start: start.addingTimeInterval(590), end: start.addingTimeInterval(730)))
        ])
        try await withService(maintenance: maintenance) { service, store, channel in
            try await record(store, relay: "a", from: 0, seconds: 600, .up)
            try await record(store, relay: "a", from: 600, seconds: 120, .down)
            try await service.evaluate(now: start.addingTimeInterval(720))
            #expect(!service.isFiring(Alert.slaBurnKey("a", .fast)))
            let report = try await service.report(now: start.addingTimeInterval(720))
            let relay = try #require(report.relays.first { $0.relay == "a" })
            #expect(relay.availability.first?.uptimePercent == 100)
            #expect(relay.availability.first?.maintenanceSeconds == 130)
            #expect(relay.budget?.used == 0)
            #expect(await channel.alerts.isEmpty)
        }
    }

    @Test func lateTransactionalMailRaisesTheObjectiveBurn() async throws {
        try await withService { service, store, channel in
            let now = start.addingTimeInterval(600)
            try await store.enqueue(
                (1...10).map { n in
                    NewMessage(
                        id: QueueID(String(format: "%020d", n))!, sender: "s@example.org",
                        recipients: ["r@example.net"], priority: .transactional, deliverBy: nil,
                        receivedAt: now.addingTimeInterval(-Double(n) * 20 - 60), content: Array("x\r\n".utf8),
                        origin: "test", submitter: nil, tags: [])
                })
            try await service.evaluate(now: now)
            #expect(service.isFiring(Alert.objectiveBurnKey(.transactional, .fast)))
            #expect(!service.isFiring(Alert.objectiveBurnKey(.bulk, .fast)))
            let fired = await channel.waitFor(1)
            #expect(fired.contains { $0.kind == .objectiveBurn && $0.subject == "transactional" })
            let report = try await service.report(now: now)
            let transactional = try #require(report.objectives.first { $0.priority == "transactional" })
            #expect(transactional.period.late == 10)
            #expect(transactional.period.attainmentPercent == 0)
            #expect(transactional.burn.first { $0.speed == "fast" }?.firing == true)
            #expect(transactional.days.map(\.date) == ["2027-01-15"])
            #expect(transactional.days.first?.outcomes.late == 10)
            #expect(report.objectives.first { $0.priority == "bulk" }?.days.isEmpty == true)
        }
    }

    @Test func theReportMeasuresEveryRelayAndItsBudget() async throws {
        try await withService { service, store, _ in
            try await record(store, relay: "a", from: 0, seconds: 3600, .up)
            try await record(store, relay: "a", from: 3600, seconds: 60, .down)
            let report = try await service.report(now: start.addingTimeInterval(3660))
            #expect(report.relays.map(\.relay) == ["a", "b"])
            let a = try #require(report.relays.first)
            #expect(a.sla == 99.9)
            #expect(a.monitors == ["relay:a"])
            #expect(a.availability.map(\.period) == ["24h", "7d", "30d", "90d"])
            #expect(abs((a.availability[0].uptimePercent ?? 0) - 100 * (1 - 60.0 / 3660)) < 1e-9)
            let budget = try #require(a.budget)
            #expect(abs(budget.allowed - 2592) < 1e-6)
            #expect(budget.used == 60)
            #expect(report.relays[1].budget == nil && report.relays[1].availability[0].uptimePercent == nil)
            #expect(report.objectives.map(\.priority) == ["transactional", "time-critical", "bulk"])
        }
    }

    @Test func aReloadThatRemovesTheSLAEndsItsAlert() async throws {
        try await withService { service, store, channel in
            try await record(store, relay: "a", from: 0, seconds: 600, .up)
            try await record(store, relay: "a", from: 600, seconds: 120, .down)
            try await service.evaluate(now: start.addingTimeInterval(720))
            #expect(service.isFiring(Alert.slaBurnKey("a", .fast)))
            var settings = service.settings
            settings.relays[0].sla = nil
            service.reconfigure(settings)
            try await service.evaluate(now: start.addingTimeInterval(721))
            #expect(!service.isFiring(Alert.slaBurnKey("a", .fast)))
            let all = await channel.waitFor(4)
            #expect(
                all.filter(\.isRecovery).map(\.key).sorted() == [
                    Alert.slaBurnKey("a", .fast), Alert.slaBurnKey("a", .slow),
                ])
        }
    }
}
