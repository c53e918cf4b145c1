import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func maintenanceWindowsAreKept(_ store: any QueueStore) async throws {
        let once = MaintenanceWindow(
            target: .relay("primary"), schedule: .once(start: at(100), end: at(200)), reason: "firmware")
        let weekly = MaintenanceWindow(
            id: 999, target: .monitor("web"),
            schedule: .weekly(weekday: 1, hour: 2, minute: 30, timeZone: "Europe/Berlin", duration: .seconds(5400)),
            reason: "backups")
        let node = MaintenanceWindow(target: .node, schedule: .once(start: at(0), end: at(10)), reason: "move")
        let first = try await store.addMaintenanceWindow(once)
        let second = try await store.addMaintenanceWindow(weekly)
        let third = try await store.addMaintenanceWindow(node)
        #expect(Set([first, second, third]).count == 3)
        var expected = [once, weekly, node]
        for (index, id) in [first, second, third].enumerated() { expected[index].id = id }
        #expect(try await store.maintenanceWindows() == expected)

        #expect(try await store.removeMaintenanceWindow(id: second))
        #expect(try await !store.removeMaintenanceWindow(id: second))
        #expect(try await store.maintenanceWindows().map(\.id) == [first, third])
    }

    static func hourlyVolumeCountsMessagesPerHour(_ store: any QueueStore) async throws {
        // t0 is 1_700_000_000 s: 22:13:20 UTC, so hour boundaries fall at t0 - 800 s and t0 + 2800 s.
        let hour = t0.addingTimeInterval(-800)
        try await store.enqueue([
            message(1, to: ["a@x.org", "b@x.org"], receivedAt: at(0)),
            message(2, receivedAt: at(2799)),
            message(3, receivedAt: at(2800)),
            message(4, receivedAt: at(2800 + 7200)),
            message(5, receivedAt: at(-801)),
        ])
        let volume = try await store.hourlyVolume(from: hour, to: hour.addingTimeInterval(4 * 3600))
        #expect(
            volume == [
                HourlyVolume(hourStart: hour, messages: 2),
                HourlyVolume(hourStart: hour.addingTimeInterval(3600), messages: 1),
                HourlyVolume(hourStart: hour.addingTimeInterval(3 * 3600), messages: 1),
            ])
        #expect(try await store.hourlyVolume(from: hour, to: hour.addingTimeInterval(3600)).map(\.messages) == [2])
        #expect(try await store.hourlyVolume(from: at(10_001), to: at(20_000)).isEmpty)
    }
}
