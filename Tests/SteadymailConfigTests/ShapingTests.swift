import SteadymailDomain
import Testing

@testable import SteadymailConfig

@Suite struct ShapingTests {
    @Test func defaults() throws {
        let config = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        #expect(
            config.shaping
                == ShapingConfiguration(
                    rampInterval: .seconds(30), rampInitialConnections: 1, rampInitialRate: 1, rampFullRate: 50,
                    throttleMinRate: 0.1, throttlePatterns: ThrottleReplyDetector.defaultPatterns))
        #expect(config.destinations.isEmpty)
    }

    @Test func everyShapingKeyIsRead() throws {
        let yaml = """
            shaping:
              ramp_interval: 2s
              ramp_initial_connections: 3
              ramp_initial_rate: 2.5
              ramp_full_rate: 16
              throttle_min_rate: 0.5
              throttle_patterns: [Rate Limited, too busy]
            """
        let shaping = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).shaping
        #expect(
            shaping
                == ShapingConfiguration(
                    rampInterval: .seconds(2), rampInitialConnections: 3, rampInitialRate: 2.5, rampFullRate: 16,
                    throttleMinRate: 0.5, throttlePatterns: ["rate limited", "too busy"]))
    }

    @Test func anEmptyPatternListTurnsDetectionOff() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_SHAPING_THROTTLE_PATTERNS": ""])
        #expect(config.shaping.throttlePatterns.isEmpty)
    }

    @Test(arguments: [
        ("ramp_interval: 0s", "shaping.ramp_interval: must be greater than zero"),
        ("ramp_initial_connections: 0", "shaping.ramp_initial_connections: 0 is less than the minimum 1"),
        ("ramp_initial_rate: 0", "shaping.ramp_initial_rate: must be a number greater than zero"),
        ("ramp_initial_rate: .inf", "shaping.ramp_initial_rate: must be a number greater than zero"),
        ("ramp_full_rate: -1", "shaping.ramp_full_rate: must be a number greater than zero"),
        ("throttle_min_rate: 0", "shaping.throttle_min_rate: must be a number greater than zero"),
        ("throttle_min_rate: slow", "shaping.throttle_min_rate: expected a number, found \"slow\""),
        ("throttle_patterns: [a, \"\"]", "shaping.throttle_patterns[1]: must not be empty"),
        ("ramp_intervall: 1s", "shaping.ramp_intervall: unknown key (did you mean ramp_interval?)"),
    ])
    func badShaping(_ line: String, _ expected: String) {
        #expect(configError("shaping:\n  \(line)\n")?.description == expected)
    }

    @Test func destinationsWithGroupsAndSingleDomains() throws {
        let yaml = """
            destinations:
              - name: microsoft
                domains: [Outlook.com, hotmail.com., live.com]
                concurrency: 2
                rate: 10
              - name: Example.ORG
                concurrency: 5
              - name: watched
                domains: [watched.example]
            """
        let destinations = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).destinations
        #expect(
            destinations == [
                DestinationConfiguration(
                    name: "microsoft", domains: ["outlook.com", "hotmail.com", "live.com"], concurrency: 2, rate: 10),
                DestinationConfiguration(name: "example.org", domains: ["example.org"], concurrency: 5, rate: nil),
                DestinationConfiguration(name: "watched", domains: ["watched.example"], concurrency: nil, rate: nil),
            ])
    }

    @Test(arguments: [
        ("- {domains: [a.example]}", "destinations[0].name: must not be empty"),
        (
            "- {name: microsoft}",
            "destinations[0].name: \"microsoft\" is not a domain name; list the destination's domains under domains"
        ),
        ("- {name: m, domains: []}", "destinations[0].domains: must list at least one domain"),
        (
            "- {name: m, domains: [a.example, bad_domain]}",
            "destinations[0].domains[1]: \"bad_domain\" is not a valid domain name"
        ),
        (
            "- {name: m, domains: [a.example, A.example]}",
            "destinations[0].domains[1]: a.example is already in destination \"m\""
        ),
        (
            "- {name: m, domains: [a.example]}\n- {name: n, domains: [b.example, a.example]}",
            "destinations[1].domains[1]: a.example is already in destination \"m\""
        ),
        (
            "- {name: a.example}\n- {name: n, domains: [a.example]}",
            "destinations[1].domains[0]: a.example is already in destination \"a.example\""
        ),
        (
            "- {name: m, domains: [a.example]}\n- {name: m, domains: [b.example]}",
            "destinations[1].name: \"m\" appears more than once"
        ),
        (
            "- {name: b.example, domains: [a.example]}",
            "destinations[0].name: \"b.example\" looks like a domain but is not one of its domains"
        ),
        (
            "- {name: a.example, concurrency: 0}",
            "destinations[0].concurrency: 0 is less than the minimum 1 (or null for no limit)"
        ),
        (
            "- {name: a.example, concurrency: many}",
            "destinations[0].concurrency: expected a whole number, found \"many\""
        ),
        ("- {name: a.example, rate: 0}", "destinations[0].rate: must be greater than zero (or null for unlimited)"),
        ("- {name: a.example, rate: .inf}", "destinations[0].rate: must be greater than zero (or null for unlimited)"),
        ("- {name: a.example, domain: [a.example]}", "destinations[0].domain: unknown key (did you mean domains?)"),
        ("- {name: m, domains: a.example}", "destinations[0].domains: expected a list, found \"a.example\""),
    ])
    func badDestinations(_ list: String, _ expected: String) {
        let indented = list.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n")
        #expect(configError("destinations:\n\(indented)\n")?.description == expected)
    }

    @Test func relayRateMustBeFinite() {
        #expect(
            configError("relays:\n  - {name: a, host: a.example, rate: .inf}\n")?.description
                == "relays[0].rate: must be greater than zero (or null for unlimited)")
    }
}
