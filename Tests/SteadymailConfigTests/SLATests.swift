import SteadymailDomain
import Testing

@testable import SteadymailConfig

@Suite struct SLATests {
    @Test func defaults() throws {
        let configuration = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let sla = configuration.sla
        #expect(sla.period == .seconds(30 * 86400))
        #expect(sla.evaluationInterval == .seconds(60))
        #expect(sla.burnRates == BurnRatePolicy(fast: .fastDefault, slow: .slowDefault))
        #expect(
            sla.objectives == [
                DeliveryObjective(priority: .transactional, target: .seconds(60), ratio: 99),
                DeliveryObjective(priority: .timeCritical, target: .seconds(900), ratio: 99),
                DeliveryObjective(priority: .bulk, target: .seconds(14400), ratio: 99),
            ])
    }

    @Test func everyKeyIsRead() throws {
        let yaml = """
            relays:
              - {name: a, host: relay.example.com, sla: 99.95}
              - {name: b, host: relay2.example.com}
            sla:
              period: 7d
              evaluation_interval: 10s
              fast_burn_rate: 10
              fast_long_window: 20s
              fast_short_window: 4s
              slow_burn_rate: 3
              slow_long_window: 2h
              slow_short_window: 10m
              objectives:
                transactional: {target: 30s, ratio: 99.5}
                time_critical: {target: 5m, ratio: 98}
                bulk: {target: 1d, ratio: 95}
            """
        let configuration = try SteadymailConfiguration.parse(yaml: yaml, environment: [:])
        #expect(configuration.relays.map(\.sla) == [99.95, nil])
        #expect(
            configuration.sla
                == SLAConfiguration(
                    period: .seconds(7 * 86400), evaluationInterval: .seconds(10),
                    burnRates: BurnRatePolicy(
                        fast: BurnRatePair(factor: 10, longWindow: .seconds(20), shortWindow: .seconds(4)),
                        slow: BurnRatePair(factor: 3, longWindow: .seconds(7200), shortWindow: .seconds(600))),
                    objectives: [
                        DeliveryObjective(priority: .transactional, target: .seconds(30), ratio: 99.5),
                        DeliveryObjective(priority: .timeCritical, target: .seconds(300), ratio: 98),
                        DeliveryObjective(priority: .bulk, target: .seconds(86400), ratio: 95),
                    ]))
    }

    @Test func environmentOverridesAKey() throws {
        let configuration = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_SLA_OBJECTIVES_TIME_CRITICAL_RATIO": "97.5"])
        #expect(configuration.sla.objective(for: .timeCritical).ratio == 97.5)
    }

    @Test(arguments: [
        ("relays:\n  - {name: a, host: h, sla: 100}\n", "relays[0].sla: must be a percentage"),
        ("relays:\n  - {name: a, host: h, sla: 0}\n", "relays[0].sla: must be a percentage"),
        ("relays:\n  - {name: a, host: h, sla: -5}\n", "relays[0].sla: must be a percentage"),
        ("sla:\n  period: 0s\n", "sla.period: must be greater than zero"),
        ("sla:\n  evaluation_interval: often\n", "sla.evaluation_interval: \"often\" is not a duration"),
        ("sla:\n  fast_burn_rate: 0\n", "sla.fast_burn_rate: must be a number greater than zero"),
        ("sla:\n  slow_burn_rate: -1\n", "sla.slow_burn_rate: must be a number greater than zero"),
        ("sla:\n  fast_short_window: 2h\n", "sla.fast_short_window: must be shorter than sla.fast_long_window"),
        ("sla:\n  period: 1h\n", "sla.slow_long_window: must not be longer than sla.period"),
        ("sla:\n  objectives:\n    bulk: {ratio: 100}\n", "sla.objectives.bulk.ratio: must be a percentage"),
        (
            "sla:\n  objectives:\n    time_critical: {target: 0s}\n",
            "sla.objectives.time_critical.target: must be greater than zero"
        ),
        ("sla:\n  objectives:\n    urgent: {ratio: 90}\n", "sla.objectives.urgent: unknown key"),
        ("sla:\n  windows: 3\n", "sla.windows: unknown key"),
    ])
    func badValuesNameTheKey(yaml: String, message: String) throws {
        let error = try #require(configError(yaml))
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    @Test func aReloadAppliesTheSLASectionAndRelaySLAsAtOnce() throws {
        let running = try SteadymailConfiguration.parse(
            yaml: "relays:\n  - {name: a, host: h}\n", environment: [:])
        let loaded = try SteadymailConfiguration.parse(
            yaml: "relays:\n  - {name: a, host: h, sla: 99.9}\nsla:\n  evaluation_interval: 5s\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied.contains("relays") && plan.applied.contains("sla"))
        #expect(plan.restartNeeded.isEmpty)
        #expect(plan.effective.sla.evaluationInterval == .seconds(5))
    }
}
