import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct LiveStatusSourceTests {
    static let now = StatusFixtures.now
    static let secret = "refused by 10.1.2.3:2525 (550 5.7.1 relay denied for user smtp-user)"

    private func withStore(_ body: (SQLiteQueueStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store)
    }

    private func source(_ store: SQLiteQueueStore) -> LiveStatusSource {
        LiveStatusSource(
            title: "mail.example status",
            relays: FixedStatusRelays(relays: [("primary", "down"), ("backup", "closed"), ("spare", "paused")]),
            monitors: FixedStatusMonitors(views: [
                FixedStatusMonitors.view("relay:primary", kind: .smtp, relay: "primary", down: true),
                FixedStatusMonitors.view("relay:backup", kind: .smtp, relay: "backup", down: false),
            ]),
            store: store, uptime: SLADailyUptime(history: SLAHistory(store: store, maintenance: NoMaintenance())),
            maintenance: StoredMaintenance(store: store))
    }

    @Test func relaysAndMonitorsCarryTheirPublicStateAndDailyUptime() async throws {
        try await withStore { store in
            let today = StatusDays.ending(at: Self.now, count: 1)[0]
            try await store.recordProbeResults(
                [true, true, true, false].enumerated().map { index, good in
                    MonitorResult(
                        monitor: "relay:primary",
                        result: ProbeResult(
                            verdict: good ? .up : .down, at: today.addingTimeInterval(Double(index) * 60),
                            message: good ? "ok" : Self.secret))
                })
            let snapshot = try await source(store).snapshot(now: Self.now)
            #expect(snapshot.relays.map(\.name) == ["primary", "backup", "spare"])
            #expect(snapshot.relays.map(\.state) == [.down, .operational, .maintenance])
            #expect(snapshot.monitors.map(\.state) == [.down, .operational])
            #expect(snapshot.monitors.map(\.type) == ["smtp", "smtp"])
            #expect(snapshot.relays.allSatisfy { $0.uptime.count == 90 })
            #expect(
                snapshot.relays[0].uptime.last
                    == StatusUptimeBar(date: "2025-06-15", uptimePercent: 75, maintenanceMinutes: 0))
            #expect(snapshot.monitors[0].uptime.last?.uptimePercent == 75)
            #expect(snapshot.relays[0].uptime.dropLast().allSatisfy { $0.uptimePercent == nil }, "no data before")
            #expect(snapshot.relays[1].uptime.allSatisfy { $0.uptimePercent == nil }, "backup was never probed")
            #expect(snapshot.overall == .degraded)
        }
    }

    @Test func openAndLastWeeksIncidentsAreShownWithoutInternalDetails() async throws {
        try await withStore { store in
            let old = try await store.openIncident(
                monitor: "relay:backup", relay: "backup", at: Self.now.addingTimeInterval(-9 * 86_400), cause: "x")
            try await store.closeIncident(id: old, at: Self.now.addingTimeInterval(-8 * 86_400), impact: nil)
            let recent = try await store.openIncident(
                monitor: "relay:backup", relay: "backup", at: Self.now.addingTimeInterval(-3 * 86_400),
                cause: Self.secret)
            try await store.closeIncident(id: recent, at: Self.now.addingTimeInterval(-2 * 86_400), impact: nil)
            let open = try await store.openIncident(
                monitor: "relay:primary", relay: "primary", at: Self.now.addingTimeInterval(-600), cause: Self.secret)
            try await store.addIncidentUpdate(id: open, at: Self.now, message: Self.secret)
            try await store.setIncidentPublicNote(id: open, note: "Our primary provider is down; mail goes via backup.")

            let snapshot = try await source(store).snapshot(now: Self.now)
            #expect(snapshot.incidents.map(\.id) == [open, recent], "newest first; the one closed 8 days ago is gone")
            let shown = snapshot.incidents[0]
            #expect(shown.publicNote == "Our primary provider is down; mail goes via backup.")
            #expect(shown.relay == "primary" && shown.endedAt == nil && shown.updates.isEmpty)
            #expect(snapshot.incidents[1].state == "resolved")

            let json = String(decoding: try StatusDocument.json(snapshot), as: UTF8.self)
            let page = StatusPage.render(snapshot)
            for leak in ["10.1.2.3", "550 5.7.1", "smtp-user", "refused"] {
                #expect(!json.contains(leak), "\(leak) in /status.json")
                #expect(!page.contains(leak), "\(leak) in /status")
            }
        }
    }

    @Test func theCacheReadsOncePerIntervalAndSharesAReading() async throws {
        let counting = CountingSource()
        let cached = CachedStatusSource(counting, ttl: .seconds(10))
        async let first = cached.snapshot(now: Self.now)
        async let second = cached.snapshot(now: Self.now)
        _ = try await (first, second)
        _ = try await cached.snapshot(now: Self.now.addingTimeInterval(9))
        #expect(await counting.reads == 1)
        let later = try await cached.snapshot(now: Self.now.addingTimeInterval(10))
        #expect(await counting.reads == 2)
        #expect(later.generatedAt == Self.now.addingTimeInterval(10))
    }
}

/// A source that counts its readings.
private actor CountingSource: StatusSource {
    var reads = 0

    func snapshot(now: Date) async throws -> StatusSnapshot {
        reads += 1
        try await Task.sleep(for: .milliseconds(50))
        return StatusSnapshot(title: "t", generatedAt: now, relays: [], monitors: [], incidents: [], maintenance: [])
    }
}
