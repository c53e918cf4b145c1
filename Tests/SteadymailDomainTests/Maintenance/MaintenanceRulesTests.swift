import Foundation
import SteadymailDomain
import Testing

@Suite struct MaintenanceRulesTests {
    let noon = Date(timeIntervalSince1970: 1_800_000_000)

    func once(_ target: MaintenanceWindow.Target, from: Double, to: Double) -> MaintenanceWindow {
        MaintenanceWindow(
            target: target,
            schedule: .once(start: noon.addingTimeInterval(from), end: noon.addingTimeInterval(to)), reason: "work")
    }

    func refusal(_ window: MaintenanceWindow) -> String? {
        do {
            try window.validate()
            return nil
        } catch {
            return error.field
        }
    }

    func weekly(weekday: Int = 1, hour: Int = 2, zone: String = "Europe/Berlin", duration: Duration = .seconds(7200))
        -> MaintenanceWindow
    {
        MaintenanceWindow(
            target: .node,
            schedule: .weekly(weekday: weekday, hour: hour, minute: 0, timeZone: zone, duration: duration),
            reason: "work")
    }

    @Test func validationNamesTheFieldAtFault() {
        #expect(refusal(weekly()) == nil)
        #expect(refusal(once(.relay("primary"), from: 0, to: 60)) == nil)
        #expect(refusal(once(.relay("primary"), from: 60, to: 60)) == "end")
        #expect(refusal(once(.relay(""), from: 0, to: 60)) == "relay")
        #expect(refusal(once(.monitor(""), from: 0, to: 60)) == "monitor")
        #expect(refusal(weekly(weekday: 0)) == "weekday")
        #expect(refusal(weekly(weekday: 8)) == "weekday")
        #expect(refusal(weekly(hour: 24)) == "at")
        #expect(refusal(weekly(zone: "Mars/Olympus")) == "tz")
        #expect(refusal(weekly(duration: .zero)) == "duration")
        #expect(refusal(weekly(duration: .seconds(7 * 86_400))) == "duration")
        var noReason = weekly()
        noReason.reason = "  "
        #expect(refusal(noReason) == "reason")
        noReason.reason = "two\nlines"
        #expect(refusal(noReason) == "reason")
    }

    @Test func aRelayIsDrainedFromTheLeadInUntilTheEnd() {
        let table = MaintenanceTimetable(
            windows: [once(.relay("primary"), from: 600, to: 1200)], drainBefore: .seconds(300))
        #expect(table.drainedRelays(at: noon.addingTimeInterval(299)).isEmpty)
        #expect(table.drainedRelays(at: noon.addingTimeInterval(300)) == ["primary"])
        #expect(table.drainedRelays(at: noon.addingTimeInterval(1199)) == ["primary"])
        #expect(table.drainedRelays(at: noon.addingTimeInterval(1200)).isEmpty)
    }

    @Test func monitorsAreQuietOnlyInsideTheirWindows() {
        let table = MaintenanceTimetable(
            windows: [
                once(.relay("primary"), from: 600, to: 1200), once(.monitor("web"), from: 0, to: 100),
                once(.node, from: 5000, to: 6000),
            ], drainBefore: .seconds(300))
        let inRelayWindow = noon.addingTimeInterval(700)
        #expect(table.isQuiet(monitor: "relay:primary", relay: "primary", at: inRelayWindow))
        #expect(!table.isQuiet(monitor: "relay:backup", relay: "backup", at: inRelayWindow))
        #expect(!table.isQuiet(monitor: "relay:primary", relay: "primary", at: noon.addingTimeInterval(400)))
        #expect(table.isQuiet(monitor: "web", relay: nil, at: noon.addingTimeInterval(50)))
        #expect(!table.isQuiet(monitor: "web", relay: nil, at: noon.addingTimeInterval(150)))
        #expect(table.isQuiet(monitor: "disk", relay: nil, at: noon.addingTimeInterval(5500)))
        // A node window quiets the monitors but drains no relay.
        #expect(table.drainedRelays(at: noon.addingTimeInterval(5500)).isEmpty)
        #expect(table.active(at: inRelayWindow).map(\.target) == [.relay("primary")])
    }
}
