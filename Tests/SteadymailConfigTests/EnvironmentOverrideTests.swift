import Foundation
import Testing

@testable import SteadymailConfig

@Suite struct EnvironmentOverrideTests {
    @Test func variableNamesFollowTheKeyPath() {
        #expect(ConfigSchema.environmentVariable(for: "smtp.listen") == "STEADYMAIL_SMTP_LISTEN")
        #expect(ConfigSchema.environmentVariable(for: "data_dir") == "STEADYMAIL_DATA_DIR")
        #expect(
            ConfigSchema.environmentVariable(for: "storage.sqlite.busy_timeout")
                == "STEADYMAIL_STORAGE_SQLITE_BUSY_TIMEOUT")
    }

    @Test func listsOfMapsAreNotOverridable() {
        let paths = ConfigSchema.overridableKeys.map(\.path)
        #expect(
            !paths.contains {
                $0.hasPrefix("relays") || $0.hasPrefix("routes") || $0.hasPrefix("smtp.auth.users")
                    || $0.hasPrefix("destinations")
            })
        #expect(paths.contains("smtp.auth.max_failures"))
    }

    /// A valid value that differs from the default, for every overridable key.
    static let samples: [String: String] = [
        "data_dir": "/srv/steadymail", "log_level": "debug", "shutdown_grace_period": "1m",
        "control_socket": "/run/sm.sock", "smtp.listen": "[::]:25", "smtp.hostname": "mx.example.org",
        "smtp.max_message_size": "10MB", "smtp.max_recipients": "50", "smtp.max_connections": "10",
        "smtp.max_connections_per_ip": "3", "smtp.idle_timeout": "1m", "smtp.max_command_errors": "3",
        "smtp.min_free_disk": "0", "smtp.min_free_disk_percent": "10", "smtp.disk_check_interval": "1s",
        "smtp.default_priority": "bulk", "smtp.auth.max_failures": "9",
        "smtp.auth.failure_window": "1h",
        "smtp.relay_networks": "10.0.0.0/8", "smtp.local_domains": "example.org",
        "queue.group_commit_max_batch": "8", "queue.group_commit_max_delay": "10ms",
        "storage.backend": "sqlite",
        "storage.sqlite.path": "/tmp/q.sqlite", "storage.sqlite.busy_timeout": "1s",
        "http.listen": "0.0.0.0:80", "http.idle_timeout": "5s", "http.ready_probe_interval": "10s",
        "http.max_request_size": "1MiB", "http.rate_limit": "2.5", "http.rate_burst": "5", "http.idempotency_ttl": "1h",
        "http.public_listen": "0.0.0.0:8080", "http.public_url": "https://news.example.org",
        "http.link_key_file": "/etc/steadymail/link.key", "lists.confirmation_ttl": "1d",
        "lists.confirmation_from": "news@example.org", "lists.confirmation_subject": "Confirm",
        "status.title": "Mail status", "status.cache_ttl": "30s",
        "delivery.enabled": "false", "delivery.concurrency": "4", "delivery.claim_batch": "10",
        "delivery.lease": "1m", "delivery.max_age": "2d", "delivery.delay_warning": "2h",
        "delivery.retry_initial": "5s",
        "delivery.retry_factor": "1.5", "delivery.retry_max": "10m", "delivery.connect_timeout": "5s",
        "delivery.greeting_timeout": "1m", "delivery.command_timeout": "1m", "delivery.data_timeout": "1m",
        "delivery.final_dot_timeout": "1m", "delivery.connection_idle": "5s", "delivery.breaker_threshold": "5",
        "delivery.breaker_cooldown": "1s", "delivery.breaker_cooldown_max": "1m", "delivery.bulk_share": "0.5",
        "delivery.helo_name": "out.example.org",
        "shaping.ramp_interval": "5s", "shaping.ramp_initial_connections": "2", "shaping.ramp_initial_rate": "4",
        "shaping.ramp_full_rate": "100", "shaping.throttle_min_rate": "0.5", "shaping.throttle_patterns": "slow down",
        "retention.bodies": "1d", "retention.events": "30d", "retention.interval": "10s", "retention.batch": "50",
        "retention.vacuum_pages": "10",
        "webhooks.allow_private_targets": "true", "webhooks.max_age": "1d", "webhooks.retry_initial": "5s",
        "webhooks.retry_max": "30m", "webhooks.timeout": "5s", "webhooks.concurrency": "8",
        "webhooks.max_redirects": "0", "webhooks.poll_interval": "2s",
        "monitoring.relay_probes": "false", "monitoring.interval": "20s", "monitoring.timeout": "5s",
        "monitoring.failures_before_down": "3", "monitoring.raw_retention": "24h", "monitoring.minute_retention": "10d",
        "monitoring.hour_retention": "100d", "monitoring.failure_window": "1m", "monitoring.compaction_interval": "10m",
        "alerts.repeat_interval": "5m", "alerts.oldest_deferred": "off", "alerts.disk_low": "1GiB",
        "alerts.timeout": "5s", "maintenance.drain_before": "1m", "maintenance.check_interval": "1s",
        "sla.period": "60d", "sla.evaluation_interval": "10s", "sla.fast_burn_rate": "10",
        "sla.fast_long_window": "2h", "sla.fast_short_window": "10m", "sla.slow_burn_rate": "3",
        "sla.slow_long_window": "12h", "sla.slow_short_window": "1h",
        "sla.objectives.transactional.target": "30s", "sla.objectives.transactional.ratio": "99.5",
        "sla.objectives.time_critical.target": "5m", "sla.objectives.time_critical.ratio": "98",
        "sla.objectives.bulk.target": "1d", "sla.objectives.bulk.ratio": "95",
        "campaigns.tick": "2s", "campaigns.batch": "100", "campaigns.lookahead": "50",
        "feedback.bounce_domain": "bounces.example.org", "feedback.unsubscribe_domain": "unsub.example.org",
        "feedback.soft_bounce_limit": "5", "feedback.webhook_max_age": "1m", "feedback.ses.enabled": "true",
        "feedback.ses.topic_arns": "arn:aws:sns:us-east-1:123456789012:ses-feedback",
        "feedback.sendgrid.public_key": "AAAA", "feedback.mailgun.signing_key": "key-1",
        "feedback.mailgun.signing_key_env": "MAILGUN_KEY",
        "reputation.window": "1h", "reputation.check_interval": "5s", "reputation.hard_bounce_pause": "0.1",
        "reputation.hard_bounce_min_attempts": "50", "reputation.complaint_warn": "0.0005",
        "reputation.complaint_pause": "0.001", "reputation.complaint_min_delivered": "100",
    ]

    /// Keys whose override needs more than one variable or a real file; covered by their own tests.
    static let coveredElsewhere: Set = [
        "smtp.tls.cert", "smtp.tls.key", "smtp.submissions_listen", "storage.backend", "monitoring.canary_domain",
        "feedback.ses.certificate_files", "feedback.postmark.username", "feedback.postmark.password_hash",
        "feedback.mailgun.signing_key_env",
    ]

    @Test func everyOverridableKeyIsWired() throws {
        let defaults = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        for (path, _) in ConfigSchema.overridableKeys where !Self.coveredElsewhere.contains(path) {
            let sample = try #require(Self.samples[path], "no sample for \(path)")
            let variable = ConfigSchema.environmentVariable(for: path)
            let config = try SteadymailConfiguration.parse(yaml: "", environment: [variable: sample])
            #expect(config != defaults, "\(variable) changed nothing")
        }
    }

    @Test func environmentBeatsTheFile() throws {
        let yaml = "smtp:\n  listen: 127.0.0.1:2600\n  max_recipients: 7\n"
        let config = try SteadymailConfiguration.parse(
            yaml: yaml, environment: ["STEADYMAIL_SMTP_LISTEN": "[::1]:2700"])
        #expect(config.smtp.listen == ListenAddress(host: "::1", port: 2700))
        #expect(config.smtp.maxRecipients == 7)
    }

    @Test func commaSeparatedLists() throws {
        let environment = [
            "STEADYMAIL_SMTP_RELAY_NETWORKS": "10.0.0.0/8, 192.168.0.0/16 ,::1/128,",
            "STEADYMAIL_SMTP_LOCAL_DOMAINS": "Example.org,bounces.example.org",
        ]
        let config = try SteadymailConfiguration.parse(yaml: "", environment: environment)
        #expect(
            config.smtp.relayNetworks.map(\.description) == [
                "10.0.0.0/8", "192.168.0.0/16", "0:0:0:0:0:0:0:1/128",
            ])
        #expect(config.smtp.localDomains == ["example.org", "bounces.example.org"])
    }

    @Test func emptyListOverrideClearsTheList() throws {
        let config = try SteadymailConfiguration.parse(
            yaml: "", environment: ["STEADYMAIL_SMTP_RELAY_NETWORKS": ""])
        #expect(config.smtp.relayNetworks.isEmpty)
    }

    @Test func tlsFilesFromEnvironment() throws {
        let cert = try TemporaryFile()
        let key = try TemporaryFile()
        let environment = [
            "STEADYMAIL_SMTP_TLS_CERT": cert.path, "STEADYMAIL_SMTP_TLS_KEY": key.path,
            "STEADYMAIL_SMTP_SUBMISSIONS_LISTEN": "0.0.0.0:465",
        ]
        let config = try SteadymailConfiguration.parse(yaml: "", environment: environment)
        #expect(config.smtp.tls == TLSFiles(certificatePath: cert.path, privateKeyPath: key.path))
        #expect(config.smtp.submissionsListen == ListenAddress(host: "0.0.0.0", port: 465))
    }

    @Test(arguments: [
        (
            "STEADYMAIL_SMTP_LISTEN", "127.0.0.1:99999",
            "smtp.listen: port 99999 is out of range 1-65535 (set by STEADYMAIL_SMTP_LISTEN)"
        ),
        (
            "STEADYMAIL_SMTP_MAX_RECIPIENTS", "lots",
            "smtp.max_recipients: expected a whole number, found \"lots\" (set by STEADYMAIL_SMTP_MAX_RECIPIENTS)"
        ),
        (
            "STEADYMAIL_SMTP_IDLE_TIMEOUT", "5 minutes",
            "smtp.idle_timeout: \"5 minutes\" is not a duration (use e.g. 250ms, 30s, 5m, 4h, 2d, or seconds) (set by STEADYMAIL_SMTP_IDLE_TIMEOUT)"
        ),
        (
            "STEADYMAIL_SMTP_RELAY_NETWORKS", "10.0.0.0/8,10.0.0.0/40",
            "smtp.relay_networks[1]: \"10.0.0.0/40\" is not a CIDR network such as 10.0.0.0/8 (set by STEADYMAIL_SMTP_RELAY_NETWORKS)"
        ),
        (
            "STEADYMAIL_DELIVERY_ENABLED", "maybe",
            "delivery.enabled: expected true or false, found \"maybe\" (set by STEADYMAIL_DELIVERY_ENABLED)"
        ),
        (
            "STEADYMAIL_DELIVERY_BULK_SHARE", "2",
            "delivery.bulk_share: 2.0 is out of range 0-1 (set by STEADYMAIL_DELIVERY_BULK_SHARE)"
        ),
        (
            "STEADYMAIL_LOG_LEVEL", "loud",
            "log_level: unknown value \"loud\"; allowed: trace, debug, info, notice, warning, error, critical (set by STEADYMAIL_LOG_LEVEL)"
        ),
    ])
    func badValuesNameVariableAndKey(_ variable: String, _ value: String, _ expected: String) {
        #expect(configError("", environment: [variable: value])?.description == expected)
    }
}
