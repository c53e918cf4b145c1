import Testing

@testable import SteadymailConfig

@Suite struct RetentionTests {
    @Test func defaults() throws {
        let retention = try SteadymailConfiguration.parse(yaml: "", environment: [:]).retention
        #expect(
            retention
                == RetentionConfiguration(
                    bodies: .seconds(7 * 86400), events: .seconds(90 * 86400), interval: .seconds(60), batch: 500,
                    vacuumPages: 1000))
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            retention:
              bodies: 2s
              events: 3d
              interval: 250ms
              batch: 20
              vacuum_pages: 64
            """
        let retention = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).retention
        #expect(
            retention
                == RetentionConfiguration(
                    bodies: .seconds(2), events: .seconds(3 * 86400), interval: .milliseconds(250), batch: 20,
                    vacuumPages: 64))
    }

    @Test func environmentOverridesTheFile() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "retention:\n  bodies: 1d\n", environment: ["STEADYMAIL_RETENTION_BODIES": "36h"])
        #expect(config.retention.bodies == .seconds(36 * 3600))
    }

    @Test(arguments: [
        ("bodies: 0s", "retention.bodies: must be greater than zero"),
        (
            "events: forever",
            "retention.events: \"forever\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds)"
        ),
        ("interval: 0", "retention.interval: must be greater than zero"),
        ("batch: 0", "retention.batch: 0 is less than the minimum 1"),
        ("vacuum_pages: -1", "retention.vacuum_pages: -1 is less than the minimum 1"),
        ("vacuum_pages: many", "retention.vacuum_pages: expected a whole number, found \"many\""),
        ("bodys: 1d", "retention.bodys: unknown key (did you mean bodies?)"),
    ])
    func badValues(_ line: String, _ expected: String) {
        #expect(configError("retention:\n  \(line)\n")?.description == expected)
    }
}
