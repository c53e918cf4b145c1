import SteadymailDomain

/// Resolution of the `monitoring:` section and the `monitors:` list, with the automatic monitor of every relay.
extension ConfigResolver {
    /// The defaults a monitor takes when it does not set its own.
    struct MonitorDefaults {
        var interval: Duration
        var timeout: Duration
        var failuresBeforeDown: Int
        var canaryDomain: String?
        var minFreeDisk: Int
    }

    func resolveMonitoring(
        _ raw: RawMonitoring?, monitors rawMonitors: [RawMonitor], smtp: SMTPConfiguration,
        relays: [RelayConfiguration]
    ) throws(ConfigError) -> MonitoringConfiguration {
        let interval = try duration(raw?.interval, key: "monitoring.interval", default: "30s")
        let timeout = try optionalDuration(raw?.timeout, key: "monitoring.timeout") ?? min(.seconds(10), interval)
        guard timeout <= interval else {
            throw fail("monitoring.timeout", "must not be longer than monitoring.interval")
        }
        let rawRetention = try duration(raw?.rawRetention, key: "monitoring.raw_retention", default: "48h")
        let minuteRetention = try duration(raw?.minuteRetention, key: "monitoring.minute_retention", default: "30d")
        let hourRetention = try duration(raw?.hourRetention, key: "monitoring.hour_retention", default: "400d")
        guard minuteRetention >= rawRetention else {
            throw fail("monitoring.minute_retention", "must not be shorter than monitoring.raw_retention")
        }
        guard hourRetention >= minuteRetention else {
            throw fail("monitoring.hour_retention", "must not be shorter than monitoring.minute_retention")
        }
        let defaults = MonitorDefaults(
            interval: interval, timeout: timeout,
            failuresBeforeDown: try count(
                raw?.failuresBeforeDown, key: "monitoring.failures_before_down", default: 2),
            canaryDomain: try canaryDomain(raw?.canaryDomain, localDomains: smtp.localDomains),
            minFreeDisk: smtp.minFreeDisk)
        let relayProbes = raw?.relayProbes ?? true
        var monitors: [MonitorDefinition] = []
        for (index, rawMonitor) in rawMonitors.enumerated() {
            let monitor = try resolveMonitor(
                rawMonitor, key: "monitors[\(index)]", defaults: defaults, relays: relays)
            guard !monitors.contains(where: { $0.name == monitor.name }) else {
                throw fail("monitors[\(index)].name", "\"\(monitor.name)\" appears more than once")
            }
            monitors.append(monitor)
        }
        if relayProbes {
            for relay in relays where !monitors.contains(where: { $0.name == Self.relayMonitorName(relay.name) }) {
                monitors.append(Self.relayMonitor(relay, defaults: defaults))
            }
        }
        return MonitoringConfiguration(
            monitors: monitors, relayProbes: relayProbes, defaultInterval: interval, defaultTimeout: timeout,
            defaultFailuresBeforeDown: defaults.failuresBeforeDown, rawRetention: rawRetention,
            minuteRetention: minuteRetention, hourRetention: hourRetention, canaryDomain: defaults.canaryDomain,
            failureWindow: try duration(raw?.failureWindow, key: "monitoring.failure_window", default: "5m"),
            compactionInterval: try duration(
                raw?.compactionInterval, key: "monitoring.compaction_interval", default: "1h"))
    }

    /// The name of a relay's automatic SMTP monitor.
    static func relayMonitorName(_ relay: String) -> String { "relay:\(relay)" }

    /// A relay's automatic SMTP monitor: its host and port, its TLS, an AUTH check when it has credentials.
    static func relayMonitor(_ relay: RelayConfiguration, defaults: MonitorDefaults) -> MonitorDefinition {
        MonitorDefinition(
            name: relayMonitorName(relay.name), kind: .smtp, relay: relay.name, host: relay.host, port: relay.port,
            tls: monitorTLS(for: relay.tls), checkAuth: relay.credentials != nil, tlsVerify: relay.tlsVerify,
            interval: defaults.interval,
            timeout: defaults.timeout, failuresBeforeDown: defaults.failuresBeforeDown)
    }

    /// How a monitor of a relay speaks TLS: both STARTTLS policies check the upgrade.
    static func monitorTLS(for mode: RelayTLSMode) -> MonitorTLS {
        switch mode {
        case .none: .none
        case .starttls, .starttlsRequired: .starttls
        case .implicit: .implicit
        }
    }

    private func canaryDomain(_ text: String?, localDomains: [String]) throws(ConfigError) -> String? {
        guard let text = nonEmpty(text) else { return nil }
        guard let domain = DomainNameSyntax.normalise(text) else {
            throw fail("monitoring.canary_domain", "\"\(text)\" is not a valid domain name")
        }
        guard localDomains.contains(domain) else {
            throw fail(
                "monitoring.canary_domain",
                "\(domain) must be one of smtp.local_domains, so that canary mail comes back to this server")
        }
        return domain
    }
}
