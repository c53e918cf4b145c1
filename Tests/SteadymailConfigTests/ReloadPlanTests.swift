import Testing

@testable import SteadymailConfig

@Suite struct ReloadPlanTests {
    private func parse(_ yaml: String) throws -> SteadymailConfiguration {
        try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
    }

    private let base = """
        data_dir: /var/lib/steadymail
        smtp:
          listen: 127.0.0.1:2525
          hostname: mx.example.org
          max_recipients: 100
        relays:
          - name: a
            host: 127.0.0.1
            port: 2600
        delivery:
          concurrency: 20
        """

    @Test func relaysRoutesAndLimitsApplyAtOnce() throws {
        let running = try parse(base)
        let loaded = try parse(
            base.replacingOccurrences(of: "max_recipients: 100", with: "max_recipients: 5")
                .replacingOccurrences(of: "name: a", with: "name: b")
                .replacingOccurrences(of: "concurrency: 20", with: "concurrency: 4"))
        let plan = ReloadPlan(running: running, loaded: loaded)
        // The renamed relay's automatic monitor changes with it.
        #expect(plan.applied == ["smtp.max_recipients", "relays", "delivery", "monitoring"])
        #expect(plan.restartNeeded.isEmpty)
        #expect(plan.effective == loaded)
    }

    @Test func shapingAndDestinationsApplyAtOnce() throws {
        let running = try parse(base)
        let loaded = try parse(
            base + "\nshaping:\n  ramp_interval: 5s\ndestinations:\n  - {name: example.org, concurrency: 2}\n")
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied == ["shaping", "destinations"])
        #expect(plan.effective == loaded)
    }

    @Test func retentionAppliesAtOnce() throws {
        let running = try parse(base)
        let loaded = try parse(base + "\nretention:\n  bodies: 1d\n  interval: 10s\n")
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied == ["retention"])
        #expect(plan.restartNeeded.isEmpty)
        #expect(plan.effective.retention.bodies == .seconds(86400))
    }

    @Test func socketAndFileSettingsWaitForARestart() throws {
        let running = try parse(base)
        let loaded = try parse(
            base.replacingOccurrences(of: "127.0.0.1:2525", with: "127.0.0.1:2526")
                .replacingOccurrences(of: "/var/lib/steadymail", with: "/srv/steadymail")
                .replacingOccurrences(of: "concurrency: 20", with: "concurrency: 20\n  enabled: false"))
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.restartNeeded == ["data_dir", "control_socket", "storage", "delivery.enabled", "smtp.listen"])
        #expect(plan.applied.isEmpty)
        #expect(plan.effective == running, "restart-only settings keep their running values")
    }

    @Test func anUnchangedFileChangesNothing() throws {
        let running = try parse(base)
        let plan = ReloadPlan(running: running, loaded: try parse(base))
        #expect(plan.applied.isEmpty && plan.restartNeeded.isEmpty)
    }

    @Test func anInvalidFileIsAnErrorNamingTheKey() {
        let error = #expect(throws: ConfigError.self) {
            try parse(base.replacingOccurrences(of: "concurrency: 20", with: "concurrency: -1"))
        }
        #expect(error?.key == "delivery.concurrency")
    }
}
