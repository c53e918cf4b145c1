import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// The monitor runner fed results with explicit times: thresholds take a relay out of rotation and back, and an
/// outage opens and closes one incident dated from its first failed run.
@Suite struct MonitorServiceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private static let yaml = """
        relays:
          - {name: a, host: 127.0.0.1, port: 2525, tls: none}
        monitoring:
          relay_probes: false
        monitors:
          - {name: a-check, type: storage, relay: a, interval: 1h, failures_before_down: 2}
        alerts:
          oldest_deferred: "off"
          disk_low: "off"
        """

    private func withService(
        calendar: (any MaintenanceCalendar)? = nil,
        _ body: (MonitorService, RelayPool, SQLiteQueueStore) async throws -> Void
    ) async throws {
        try await ReadinessTests.withStore { store, directory in
            var settings = try SteadymailConfiguration.parse(yaml: Self.yaml, environment: [:])
            settings.dataDir = directory
            let endpoint = RelayEndpoint(
                name: "a", host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
                client: SMTPClientConfiguration(heloName: "test.example"))
            let pool = RelayPool(
                relays: [(settings.relays[0], endpoint)], routes: RouteTable(), breaker: CircuitBreaker(),
                pace: AdaptivePace.Configuration(), idleLimit: .seconds(30),
                group: MultiThreadedEventLoopGroup.singleton, wake: WakeSignal(), logger: Logger(label: "test"))
            let probes = ProbeFactory(
                dependencies: try ProbeDependencies(
                    configuration: settings, store: store, group: MultiThreadedEventLoopGroup.singleton,
                    relayOutcomes: pool))
            let service = MonitorService(
                settings: settings, store: store, pool: pool, probes: probes, alerts: nil, calendar: calendar,
                logger: Logger(label: "test"))
            await service.start(settings.monitoring.monitors[0])
            // The real probe runs once at start (the store is writable: up); wait for it before feeding results.
            let deadline = Date().addingTimeInterval(10)
            while await service.monitors().first?.last == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await body(service, pool, store)
            await service.stop("a-check", because: "test ended")
        }
    }

    private func result(_ verdict: ProbeVerdict, _ time: Date, _ message: String) -> ProbeResult {
        ProbeResult(verdict: verdict, at: time, latency: .milliseconds(3), message: message)
    }

    @Test func aMonitorInAMaintenanceWindowOpensNoIncidentAndKeepsTheRelayUp() async throws {
        let window = MaintenanceWindow(
            target: .relay("a"), schedule: .once(start: at(100), end: at(200)), reason: "firmware")
        let calendar = FixedMaintenanceCalendar(
            timetable: MaintenanceTimetable(windows: [window], drainBefore: .seconds(10)))
        try await withService(calendar: calendar) { service, pool, store in
            for second in stride(from: 100.0, to: 200, by: 10) {
                await service.record("a-check", result(.down, at(second), "connection refused"))
            }
            #expect(await pool.snapshot(now: at(199))[0].state == "closed")
            #expect(try await store.openIncidents().isEmpty)
            let stored = try await store.probeResults(monitor: "a-check", since: at(100), until: at(200), limit: 100)
            #expect(stored.count == 10, "results in the window are still stored")

            // After the window the failures count afresh: two make an outage.
            await service.record("a-check", result(.down, at(200), "connection refused"))
            #expect(try await store.openIncidents().isEmpty)
            await service.record("a-check", result(.down, at(201), "connection refused"))
            #expect(await pool.snapshot(now: at(201))[0].state == "down")
            #expect(try await store.openIncidents().first?.openedAt == at(200))
        }
    }

    @Test func anOutageTakesTheRelayOutAndOpensAndClosesOneIncident() async throws {
        try await withService { service, pool, store in
            await service.record("a-check", result(.down, at(10), "connection refused"))
            #expect(await pool.snapshot(now: at(10))[0].state == "closed", "one failure is not an outage yet")
            #expect(try await store.openIncidents().isEmpty)

            await service.record("a-check", result(.down, at(11), "connection refused"))
            #expect(await pool.snapshot(now: at(11))[0].state == "down")
            let open = try #require(try await store.openIncidents().first)
            #expect(open.openedAt == at(10), "the outage began at its first failed run")
            #expect(open.cause == "connection refused" && open.relay == "a")

            await service.record("a-check", result(.down, at(12), "no greeting within 2 s"))
            await service.record("a-check", result(.down, at(13), "no greeting within 2 s"))
            await service.record("a-check", result(.up, at(15), "220 greeting"))
            #expect(await pool.snapshot(now: at(15))[0].state == "closed")
            let closed = try #require(try await store.incident(id: open.id))
            #expect(closed.closedAt == at(15) && closed.duration(now: at(99)) == 5)
            #expect(closed.updates.map(\.message) == ["no greeting within 2 s"], "one update per change of cause")
            #expect(try await store.openIncidents().isEmpty)
            #expect(try await store.incidents(openOnly: false, limit: 10).count == 1)
        }
    }

    @Test func aRemovedMonitorReleasesItsRelayAndClosesItsIncident() async throws {
        try await withService { service, pool, store in
            await service.record("a-check", result(.down, at(10), "refused"))
            await service.record("a-check", result(.down, at(11), "refused"))
            #expect(await pool.snapshot(now: at(11))[0].state == "down")
            await service.stop("a-check", because: "monitor removed")
            #expect(await pool.snapshot(now: Date())[0].state == "closed")
            let open = try await store.openIncidents()
            #expect(open.isEmpty)
            #expect(await service.monitors().isEmpty)
        }
    }

    @Test func monitorsAddedAtRunTimeAreCheckedAndOnlyTheyCanBeRemoved() async throws {
        try await withService { service, _, store in
            let added = try await service.add(json: #"{"name": "extra", "type": "storage", "interval": "1h"}"#)
            #expect(added.source == "runtime" && added.type == "storage")
            #expect(try await store.runtimeMonitors().map(\.name) == ["extra"])
            await #expect(throws: MonitorChangeError.duplicate("extra")) {
                try await service.add(json: #"{"name": "extra", "type": "storage"}"#)
            }
            do {
                _ = try await service.add(json: #"{"name": "x", "type": "tcp", "host": "127.0.0.1"}"#)
                Issue.record("a tcp monitor without a port was added")
            } catch let error as MonitorChangeError {
                #expect(error.description.contains("port"), "\(error)")
            }
            await #expect(throws: MonitorChangeError.fromConfiguration("a-check")) {
                try await service.remove("a-check")
            }
            try await service.remove("extra")
            #expect(try await store.runtimeMonitors().isEmpty)
            #expect(await service.monitors().map(\.name) == ["a-check"])
        }
    }
}

/// A calendar over a fixed timetable.
struct FixedMaintenanceCalendar: MaintenanceCalendar {
    let timetable: MaintenanceTimetable

    func isQuiet(monitor: String, relay: String?, at time: Date) async -> Bool {
        timetable.isQuiet(monitor: monitor, relay: relay, at: time)
    }
}
