import Testing

@testable import SteadymailConfig

@Suite struct MaintenanceConfigTests {
    @Test func defaults() throws {
        let maintenance = try SteadymailConfiguration.parse(yaml: "", environment: [:]).maintenance
        #expect(maintenance == MaintenanceConfiguration(drainBefore: .seconds(300), checkInterval: .seconds(5)))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            maintenance:
              drain_before: 2s
              check_interval: 250ms
            """
        let maintenance = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).maintenance
        #expect(maintenance == MaintenanceConfiguration(drainBefore: .seconds(2), checkInterval: .milliseconds(250)))
    }

    @Test(arguments: [
        ("maintenance:\n  drain_before: 0s\n", "maintenance.drain_before: must be greater than zero"),
        ("maintenance:\n  drain_before: 2d\n", "maintenance.drain_before: must be at most 1d"),
        ("maintenance:\n  check_interval: soon\n", "maintenance.check_interval: \"soon\" is not a duration"),
        ("maintenance:\n  check_interval: 1h\n", "maintenance.check_interval: must be at most 10m"),
        ("maintenance:\n  drain: 5m\n", "maintenance.drain"),
    ])
    func badValuesNameTheirKey(yaml: String, expected: String) {
        let error = configError(yaml)
        #expect(error?.description.hasPrefix(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func aReloadAppliesTheSectionAtOnce() throws {
        let running = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let loaded = try SteadymailConfiguration.parse(yaml: "maintenance:\n  drain_before: 1m\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied == ["maintenance"])
        #expect(plan.effective.maintenance.drainBefore == .seconds(60))
    }
}
