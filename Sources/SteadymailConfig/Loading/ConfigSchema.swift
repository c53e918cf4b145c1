import Foundation

/// The shape of the configuration file: which keys exist, which are scalars, lists of scalars, sections, or lists of
/// sections.
///
/// It exists as the single list of key names that unknown-key detection, environment overrides and the documentation
/// tests all read, so the three can never disagree.
indirect enum ConfigSchema: Sendable {
    case scalar
    case scalarList
    case section([String: ConfigSchema])
    case listOfSections([String: ConfigSchema])

    static let root = ConfigSchema.section([
        "data_dir": .scalar,
        "log_level": .scalar,
        "shutdown_grace_period": .scalar,
        "control_socket": .scalar,
        "smtp": .section([
            "listen": .scalar,
            "submissions_listen": .scalar,
            "hostname": .scalar,
            "max_message_size": .scalar,
            "max_recipients": .scalar,
            "max_connections": .scalar,
            "max_connections_per_ip": .scalar,
            "idle_timeout": .scalar,
            "max_command_errors": .scalar,
            "min_free_disk": .scalar,
            "min_free_disk_percent": .scalar,
            "disk_check_interval": .scalar,
            "default_priority": .scalar,
            "tls": .section(["cert": .scalar, "key": .scalar]),
            "auth": .section([
                "users": .listOfSections([
                    "username": .scalar, "password_hash": .scalar, "password_hash_env": .scalar,
                ]),
                "max_failures": .scalar,
                "failure_window": .scalar,
            ]),
            "relay_networks": .scalarList,
            "local_domains": .scalarList,
        ]),
        "queue": .section(["group_commit_max_batch": .scalar, "group_commit_max_delay": .scalar]),
        "storage": .section([
            "backend": .scalar,
            "sqlite": .section(["path": .scalar, "busy_timeout": .scalar]),
        ]),
        "http": .section([
            "listen": .scalar, "idle_timeout": .scalar, "ready_probe_interval": .scalar, "max_request_size": .scalar,
            "rate_limit": .scalar, "rate_burst": .scalar, "idempotency_ttl": .scalar, "public_listen": .scalar,
            "public_url": .scalar, "link_key_file": .scalar,
        ]),
        "lists": .section([
            "confirmation_ttl": .scalar, "confirmation_from": .scalar, "confirmation_subject": .scalar,
        ]),
        "status": .section(["title": .scalar, "cache_ttl": .scalar]),
        "relays": .listOfSections([
            "name": .scalar, "host": .scalar, "port": .scalar, "tls": .scalar, "username": .scalar,
            "password": .scalar, "password_env": .scalar, "weight": .scalar, "max_connections": .scalar,
            "max_messages_per_connection": .scalar, "rate": .scalar, "priority_group": .scalar,
            "tls_verify": .scalar, "ca_file": .scalar, "sla": .scalar,
        ]),
        "delivery": .section([
            "enabled": .scalar, "concurrency": .scalar, "claim_batch": .scalar, "lease": .scalar,
            "max_age": .scalar, "delay_warning": .scalar, "retry_initial": .scalar, "retry_factor": .scalar,
            "retry_max": .scalar,
            "connect_timeout": .scalar, "greeting_timeout": .scalar, "command_timeout": .scalar,
            "data_timeout": .scalar, "final_dot_timeout": .scalar, "connection_idle": .scalar,
            "breaker_threshold": .scalar, "breaker_cooldown": .scalar, "breaker_cooldown_max": .scalar,
            "bulk_share": .scalar, "helo_name": .scalar,
        ]),
        "routes": .listOfSections([
            "name": .scalar, "priority": .scalar, "sender_domain": .scalar, "api_key": .scalar,
            "relays": .scalarList,
        ]),
        "shaping": .section([
            "ramp_interval": .scalar, "ramp_initial_connections": .scalar, "ramp_initial_rate": .scalar,
            "ramp_full_rate": .scalar, "throttle_min_rate": .scalar, "throttle_patterns": .scalarList,
        ]),
        "destinations": .listOfSections([
            "name": .scalar, "domains": .scalarList, "concurrency": .scalar, "rate": .scalar,
        ]),
        "retention": .section([
            "bodies": .scalar, "events": .scalar, "interval": .scalar, "batch": .scalar, "vacuum_pages": .scalar,
        ]),
        "webhooks": .section([
            "allow_private_targets": .scalar, "max_age": .scalar, "retry_initial": .scalar, "retry_max": .scalar,
            "timeout": .scalar, "concurrency": .scalar, "max_redirects": .scalar, "poll_interval": .scalar,
        ]),
        "monitoring": .section([
            "relay_probes": .scalar, "interval": .scalar, "timeout": .scalar, "failures_before_down": .scalar,
            "raw_retention": .scalar, "minute_retention": .scalar, "hour_retention": .scalar,
            "canary_domain": .scalar, "failure_window": .scalar, "compaction_interval": .scalar,
        ]),
        "monitors": .listOfSections([
            "name": .scalar, "type": .scalar, "relay": .scalar, "host": .scalar, "port": .scalar, "tls": .scalar,
            "check_auth": .scalar, "tls_verify": .scalar, "url": .scalar, "expect_status": .scalar,
            "body_contains": .scalar, "expect_address": .scalar, "warn_days": .scalar, "fail_days": .scalar,
            "threshold": .scalar, "mailbox": .scalar, "interval": .scalar, "timeout": .scalar,
            "failures_before_down": .scalar,
        ]),
        "alerts": .section([
            "repeat_interval": .scalar, "oldest_deferred": .scalar, "disk_low": .scalar, "timeout": .scalar,
            "channels": .listOfSections([
                "name": .scalar, "type": .scalar, "url": .scalar, "secret": .scalar, "to": .scalar, "from": .scalar,
            ]),
        ]),
        "maintenance": .section(["drain_before": .scalar, "check_interval": .scalar]),
        "campaigns": .section(["tick": .scalar, "batch": .scalar, "lookahead": .scalar]),
        "feedback": .section([
            "bounce_domain": .scalar, "unsubscribe_domain": .scalar, "soft_bounce_limit": .scalar,
            "webhook_max_age": .scalar,
            "ses": .section(["enabled": .scalar, "certificate_files": .scalarList, "topic_arns": .scalarList]),
            "sendgrid": .section(["public_key": .scalar]),
            "mailgun": .section(["signing_key": .scalar, "signing_key_env": .scalar]),
            "postmark": .section(["username": .scalar, "password_hash": .scalar]),
        ]),
        "reputation": .section([
            "window": .scalar, "check_interval": .scalar, "hard_bounce_pause": .scalar,
            "hard_bounce_min_attempts": .scalar, "complaint_warn": .scalar, "complaint_pause": .scalar,
            "complaint_min_delivered": .scalar,
        ]),
        "sla": .section([
            "period": .scalar, "evaluation_interval": .scalar,
            "fast_burn_rate": .scalar, "fast_long_window": .scalar, "fast_short_window": .scalar,
            "slow_burn_rate": .scalar, "slow_long_window": .scalar, "slow_short_window": .scalar,
            "objectives": .section([
                "transactional": .section(["target": .scalar, "ratio": .scalar]),
                "time_critical": .section(["target": .scalar, "ratio": .scalar]),
                "bulk": .section(["target": .scalar, "ratio": .scalar]),
            ]),
        ]),
    ])

    /// Keys an environment variable can override: scalars and lists of scalars outside lists of sections, as dotted
    /// paths.
    static var overridableKeys: [(path: String, isList: Bool)] {
        root.leaves(prefix: "").compactMap { leaf in
            leaf.path.contains("[]") ? nil : (leaf.path, leaf.isList)
        }
    }

    /// Every leaf key as a dotted path; keys inside lists of sections are written `relays[].name`.
    static var allKeys: [String] { root.leaves(prefix: "").map(\.path).sorted() }

    /// The environment variable that overrides a dotted key: `smtp.listen` → `STEADYMAIL_SMTP_LISTEN`.
    static func environmentVariable(for path: String) -> String {
        "STEADYMAIL_" + path.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    private func leaves(prefix: String) -> [(path: String, isList: Bool)] {
        switch self {
        case .scalar: [(prefix, false)]
        case .scalarList: [(prefix, true)]
        case .section(let children):
            children.flatMap { key, child in
                child.leaves(prefix: prefix.isEmpty ? key : "\(prefix).\(key)")
            }
        case .listOfSections(let children):
            children.flatMap { key, child in child.leaves(prefix: "\(prefix)[].\(key)") }
        }
    }
}
