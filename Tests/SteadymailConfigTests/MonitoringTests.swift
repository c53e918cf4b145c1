import SteadymailDomain
import Testing

@testable import SteadymailConfig

@Suite struct MonitoringTests {
    static let relays = """
        smtp:
          local_domains: [example.com, canary.example.com]
        relays:
          - name: primary
            host: smtp.primary.test
            port: 2525
            tls: starttls-required
            username: u
            password: p
          - name: backup
            host: 127.0.0.1
            port: 2526
            tls: none
            tls_verify: false

        """

    private func monitoring(_ yaml: String) throws -> MonitoringConfiguration {
        try SteadymailConfiguration.parse(yaml: Self.relays + yaml, environment: [:]).monitoring
    }

    @Test func defaults() throws {
        let monitoring = try SteadymailConfiguration.parse(yaml: "", environment: [:]).monitoring
        #expect(monitoring == MonitoringConfiguration())
        #expect(monitoring.defaultInterval == .seconds(30))
        #expect(monitoring.defaultTimeout == .seconds(10))
        #expect(monitoring.defaultFailuresBeforeDown == 2)
        #expect(monitoring.rawRetention == .seconds(48 * 3600))
        #expect(monitoring.minuteRetention == .seconds(30 * 86_400))
        #expect(monitoring.hourRetention == .seconds(400 * 86_400))
        #expect(monitoring.failureWindow == .seconds(300))
    }

    @Test func everyRelayGetsAnAutomaticMonitor() throws {
        let monitors = try monitoring("monitoring:\n  interval: 5s\n  timeout: 2s\n  failures_before_down: 3\n")
            .monitors
        #expect(
            monitors == [
                MonitorDefinition(
                    name: "relay:primary", kind: .smtp, relay: "primary", host: "smtp.primary.test", port: 2525,
                    tls: .starttls, checkAuth: true, tlsVerify: true, interval: .seconds(5), timeout: .seconds(2),
                    failuresBeforeDown: 3),
                MonitorDefinition(
                    name: "relay:backup", kind: .smtp, relay: "backup", host: "127.0.0.1", port: 2526, tls: .none,
                    checkAuth: false, tlsVerify: false, interval: .seconds(5), timeout: .seconds(2),
                    failuresBeforeDown: 3),
            ])
    }

    @Test func relayProbesCanBeTurnedOff() throws {
        #expect(try monitoring("monitoring:\n  relay_probes: false\n").monitors.isEmpty)
    }

    @Test func aFileMonitorReplacesTheAutomaticOne() throws {
        let monitors = try monitoring(
            """
            monitors:
              - name: relay:backup
                type: tcp
                host: 127.0.0.1
                port: 9
                interval: 1s
            """
        ).monitors
        #expect(monitors.map(\.name) == ["relay:backup", "relay:primary"])
        #expect(monitors[0].kind == .tcp)
        #expect(monitors[0].relay == "backup")
        #expect(monitors[0].timeout == .seconds(1))
    }

    @Test func everyKindResolves() throws {
        let monitors = try monitoring(
            """
            monitoring:
              relay_probes: false
              canary_domain: Canary.Example.com
            monitors:
              - {name: mx, type: smtp, host: mx.test, tls: implicit, tls_verify: false}
              - {name: via-relay, type: smtp, relay: primary, check_auth: true}
              - {name: port, type: tcp, host: 127.0.0.1, port: 8080}
              - {name: dns, type: dns, host: example.com, expect_address: "::1"}
              - {name: cert, type: tls-cert, host: example.com, warn_days: 20, fail_days: 0}
              - {name: web, type: http, url: "http://127.0.0.1:8080/health", expect_status: 204, body_contains: ok}
              - {name: canary, type: canary, relay: backup, mailbox: probe}
              - {name: store, type: storage}
              - {name: disk, type: disk, threshold: 2GiB}
              - {name: old, type: oldest-deferred, threshold: 90m}
              - {name: fails, type: relay-failures, relay: primary, threshold: 0.25}
            """
        ).monitors
        #expect(
            monitors.map(\.kind) == [
                .smtp, .smtp, .tcp, .dns, .tlsCert, .http, .canary, .storage, .disk,
                .oldestDeferred, .relayFailures,
            ])
        #expect(monitors[0].port == 465 && monitors[0].tls == .implicit && !monitors[0].tlsVerify)
        #expect(monitors[1].host == "smtp.primary.test" && monitors[1].port == 2525 && monitors[1].tls == .starttls)
        #expect(monitors[1].checkAuth)
        #expect(monitors[3].expectAddress == "::1" && monitors[3].port == nil)
        #expect(monitors[4].port == 443 && monitors[4].warnDays == 20 && monitors[4].failDays == 0)
        #expect(monitors[5].expectStatus == 204 && monitors[5].bodyContains == "ok")
        #expect(monitors[6].canaryMailbox == "probe" && monitors[6].interval == .seconds(300))
        #expect(monitors[6].timeout == .seconds(300))
        #expect(monitors[8].threshold == Double(2_147_483_648))
        #expect(monitors[9].threshold == 5400)
        #expect(monitors[10].threshold == 0.25)
        let config = try SteadymailConfiguration.parse(
            yaml: Self.relays + "monitoring:\n  canary_domain: CANARY.example.com\n", environment: [:])
        #expect(config.monitoring.canaryDomain == "canary.example.com")
    }

    @Test func thresholdDefaults() throws {
        let monitors = try monitoring(
            """
            monitoring: {relay_probes: false}
            monitors:
              - {name: disk, type: disk}
              - {name: old, type: oldest-deferred}
              - {name: fails, type: relay-failures, relay: backup}
            """
        ).monitors
        #expect(monitors.map(\.threshold) == [1024 * 1024 * 1024, 3600, 0.5])
    }

    @Test(arguments: [
        (
            "monitors:\n  - {name: a, type: tcp, host: h, port: 1}\n  - {name: a, type: storage}\n",
            "monitors[1].name: \"a\" appears more than once"
        ),
        ("monitors:\n  - {type: storage}\n", "monitors[0].name: must not be empty"),
        ("monitors:\n  - {name: \"a b\", type: storage}\n", "monitors[0].name: \"a b\" must be 1-64"),
        ("monitors:\n  - {name: a}\n", "monitors[0].type: is required"),
        ("monitors:\n  - {name: a, type: ping}\n", "monitors[0].type: unknown value \"ping\""),
        ("monitors:\n  - {name: a, type: tcp, host: h}\n", "monitors[0].port: is required for type tcp"),
        ("monitors:\n  - {name: a, type: tcp, host: h, port: 70000}\n", "monitors[0].port: port 70000 is out of range"),
        ("monitors:\n  - {name: a, type: tcp, port: 1}\n", "monitors[0].host: is required for type tcp"),
        ("monitors:\n  - {name: a, type: storage, host: h}\n", "monitors[0].host: does not apply to type storage"),
        (
            "monitors:\n  - {name: a, type: smtp, host: h, relay: nope}\n",
            "monitors[0].relay: no relay is named \"nope\""
        ),
        (
            "monitors:\n  - {name: a, type: smtp, host: h, relay: backup, check_auth: true}\n",
            "monitors[0].check_auth: needs a relay with credentials"
        ),
        ("monitors:\n  - {name: a, type: relay-failures}\n", "monitors[0].relay: is required for type relay-failures"),
        (
            "monitors:\n  - {name: a, type: relay-failures, relay: backup, threshold: 1.5}\n",
            "monitors[0].threshold: \"1.5\" is not a ratio between 0 and 1"
        ),
        ("monitors:\n  - {name: a, type: disk, threshold: lots}\n", "monitors[0].threshold: \"lots\" is not a size"),
        (
            "monitors:\n  - {name: a, type: tls-cert, host: h, warn_days: 3, fail_days: 3}\n",
            "monitors[0].warn_days: must be greater than fail_days"
        ),
        (
            "monitors:\n  - {name: a, type: tls-cert, host: h, fail_days: -1}\n",
            "monitors[0].fail_days: -1 is less than the minimum 0"
        ),
        ("monitors:\n  - {name: a, type: http, url: \"ftp://x\"}\n", "monitors[0].url: must use http or https"),
        ("monitors:\n  - {name: a, type: http}\n", "monitors[0].url: is required for type http"),
        (
            "monitors:\n  - {name: a, type: http, url: \"http://h/\", expect_status: 99}\n",
            "monitors[0].expect_status: 99 is not an HTTP status"
        ),
        (
            "monitors:\n  - {name: a, type: dns, host: h, expect_address: 10.0.0.0/8}\n",
            "monitors[0].expect_address: \"10.0.0.0/8\" is not an IPv4 or IPv6 address"
        ),
        (
            "monitors:\n  - {name: a, type: tcp, host: h, port: 1, interval: 1s, timeout: 2s}\n",
            "monitors[0].timeout: must not be longer than the interval"
        ),
        (
            "monitors:\n  - {name: a, type: canary, relay: backup}\n",
            "monitoring.canary_domain: is required by the canary monitor monitors[0]"
        ),
        (
            "monitors:\n  - {name: \"relay:nope\", type: storage}\n",
            "monitors[0].name: names starting with relay: are kept for relays' monitors"
        ),
        (
            "monitors:\n  - {name: \"relay:backup\", type: tcp, host: h, port: 1, relay: primary}\n",
            "monitors[0].relay: must be backup"
        ),
        (
            "monitoring:\n  canary_domain: other.example.com\n",
            "monitoring.canary_domain: other.example.com must be one of smtp.local_domains"
        ),
        (
            "monitoring:\n  interval: 5s\n  timeout: 6s\n",
            "monitoring.timeout: must not be longer than monitoring.interval"
        ),
        ("monitoring:\n  raw_retention: 40d\n", "monitoring.minute_retention: must not be shorter than"),
        ("monitoring:\n  failures_before_down: 0\n", "monitoring.failures_before_down: 0 is less than the minimum 1"),
        ("monitoring:\n  probes: true\n", "monitoring.probes: unknown key"),
        ("monitors:\n  - {name: a, type: storage, colour: red}\n", "monitors[0].colour: unknown key"),
    ])
    func badValuesNameTheKey(yaml: String, message: String) throws {
        let error = try #require(configError(Self.relays + yaml))
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    @Test func environmentSetsTheCanaryDomain() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "",
            environment: [
                "STEADYMAIL_SMTP_LOCAL_DOMAINS": "example.com,canary.example.com",
                "STEADYMAIL_MONITORING_CANARY_DOMAIN": "canary.example.com",
            ])
        #expect(config.monitoring.canaryDomain == "canary.example.com")
        let error = try #require(
            configError("", environment: ["STEADYMAIL_MONITORING_CANARY_DOMAIN": "canary.example.com"]))
        #expect(error.description.contains("(set by STEADYMAIL_MONITORING_CANARY_DOMAIN)"), "\(error.description)")
    }

    @Test func aReloadAppliesMonitoringAtOnceAndAlertChannelsAtTheNextStart() throws {
        let running = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        let loaded = try SteadymailConfiguration.parse(
            yaml: "monitoring:\n  interval: 5s\nalerts:\n  repeat_interval: 5m\n", environment: [:])
        let plan = ReloadPlan(running: running, loaded: loaded)
        #expect(plan.applied == ["monitoring"])
        #expect(plan.restartNeeded == ["alerts"])
        #expect(plan.effective.alerts.repeatInterval == .seconds(3600))
        #expect(plan.effective.monitoring.defaultInterval == .seconds(5))
        #expect(plan.effective.monitoring.defaultTimeout == .seconds(5))
    }
}
