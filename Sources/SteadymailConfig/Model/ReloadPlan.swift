/// What a configuration reload may change in a running node, and what only a restart can.
///
/// It exists so that `steadymail reload` and SIGHUP have one rule, tested without a server: relays, routes, the
/// `delivery:` limits and timers, traffic shaping and destinations, the SMTP intake limits, the `retention:`,
/// `monitoring:` (but its canary domain), `monitors:`, `maintenance:`, `sla:` and `campaigns:` sections apply at once; settings that decide sockets, files,
/// or state built at start-up (the alert channels among them) keep their running value and are reported as needing a
/// restart.
public struct ReloadPlan: Sendable, Equatable {
    /// The configuration to run with: the loaded one, with every restart-only setting kept at its running value.
    public var effective: SteadymailConfiguration
    /// The keys whose new values take effect now.
    public var applied: [String]
    /// The keys whose new values wait for a restart.
    public var restartNeeded: [String]

    public init(running: SteadymailConfiguration, loaded: SteadymailConfiguration) {
        var effective = loaded
        var applied: [String] = []
        var restartNeeded: [String] = []
        func keep<Value: Equatable>(
            _ key: String, _ path: WritableKeyPath<SteadymailConfiguration, Value>
        ) {
            guard running[keyPath: path] != loaded[keyPath: path] else { return }
            restartNeeded.append(key)
            effective[keyPath: path] = running[keyPath: path]
        }
        func apply<Value: Equatable>(_ key: String, _ path: KeyPath<SteadymailConfiguration, Value>) {
            if running[keyPath: path] != effective[keyPath: path] { applied.append(key) }
        }
        keep("data_dir", \.dataDir)
        keep("log_level", \.logLevel)
        keep("shutdown_grace_period", \.shutdownGracePeriod)
        keep("control_socket", \.controlSocket)
        keep("queue", \.queue)
        keep("storage", \.storage)
        keep("http", \.http)
        keep("webhooks", \.webhooks)
        keep("alerts", \.alerts)
        keep("lists", \.lists)
        keep("status", \.status)
        keep("monitoring.canary_domain", \.monitoring.canaryDomain)
        keep("delivery.enabled", \.delivery.enabled)
        keep("smtp.listen", \.smtp.listen)
        keep("smtp.submissions_listen", \.smtp.submissionsListen)
        keep("smtp.hostname", \.smtp.hostname)
        keep("smtp.local_domains", \.smtp.localDomains)
        keep("smtp.default_priority", \.smtp.defaultPriority)
        keep("smtp.min_free_disk", \.smtp.minFreeDisk)
        keep("smtp.min_free_disk_percent", \.smtp.minFreeDiskPercent)
        keep("smtp.disk_check_interval", \.smtp.diskCheckInterval)
        if (running.smtp.tls == nil) != (loaded.smtp.tls == nil) {
            keep("smtp.tls", \.smtp.tls)
        } else {
            apply("smtp.tls", \.smtp.tls)
        }
        apply("smtp.max_message_size", \.smtp.maxMessageSize)
        apply("smtp.max_recipients", \.smtp.maxRecipients)
        apply("smtp.max_connections", \.smtp.maxConnections)
        apply("smtp.max_connections_per_ip", \.smtp.maxConnectionsPerIP)
        apply("smtp.idle_timeout", \.smtp.idleTimeout)
        apply("smtp.max_command_errors", \.smtp.maxCommandErrors)
        apply("smtp.auth", \.smtp.auth)
        apply("smtp.relay_networks", \.smtp.relayNetworks)
        apply("relays", \.relays)
        apply("routes", \.routes)
        apply("delivery", \.delivery)
        apply("shaping", \.shaping)
        apply("destinations", \.destinations)
        apply("retention", \.retention)
        apply("monitoring", \.monitoring)
        apply("maintenance", \.maintenance)
        apply("sla", \.sla)
        apply("campaigns", \.campaigns)
        apply("reputation", \.reputation)
        keep("feedback", \.feedback)
        self.effective = effective
        self.applied = applied
        self.restartNeeded = restartNeeded
    }
}
