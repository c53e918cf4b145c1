import SteadymailDomain

/// The configuration file exactly as written, before defaults and validation.
///
/// It exists so that Yams decodes the file into Codable types; every field is optional (absent means default) and
/// durations, sizes and addresses stay text until ``ConfigResolver`` parses them with the key in hand.
struct RawFile: Decodable {
    var dataDir: String?
    var logLevel: String?
    var shutdownGracePeriod: String?
    var controlSocket: String?
    var smtp: RawSMTP?
    var queue: RawQueue?
    var storage: RawStorage?
    var http: RawHTTP?
    var relays: [RawRelay]?
    var delivery: RawDelivery?
    var routes: [RawRoute]?
    var shaping: RawShaping?
    var destinations: [RawDestination]?
    var retention: RawRetention?
    var webhooks: RawWebhooks?
    var monitoring: RawMonitoring?
    var monitors: [RawMonitor]?
    var alerts: RawAlerts?
    var status: RawStatus?
    var maintenance: RawMaintenance?
    var sla: RawSLA?
    var lists: RawLists?
    var campaigns: RawCampaigns?
    var feedback: RawFeedback?
    var reputation: RawReputation?

    enum CodingKeys: String, CodingKey {
        case dataDir = "data_dir"
        case logLevel = "log_level"
        case shutdownGracePeriod = "shutdown_grace_period"
        case controlSocket = "control_socket"
        case smtp, queue, storage, http, relays, delivery, routes, shaping, destinations, retention, webhooks
        case monitoring, monitors, alerts, status, maintenance, sla, lists, campaigns, feedback, reputation
    }
}

struct RawLists: Decodable {
    var confirmationTTL: String?
    var confirmationFrom: String?
    var confirmationSubject: String?

    enum CodingKeys: String, CodingKey {
        case confirmationTTL = "confirmation_ttl"
        case confirmationFrom = "confirmation_from"
        case confirmationSubject = "confirmation_subject"
    }
}

struct RawSMTP: Decodable {
    var listen: String?
    var submissionsListen: String?
    var hostname: String?
    var maxMessageSize: String?
    var maxRecipients: Int?
    var maxConnections: Int?
    var maxConnectionsPerIP: Int?
    var idleTimeout: String?
    var maxCommandErrors: Int?
    var minFreeDisk: String?
    var minFreeDiskPercent: Int?
    var diskCheckInterval: String?
    var defaultPriority: String?
    var tls: RawTLS?
    var auth: RawAuth?
    var relayNetworks: [String]?
    var localDomains: [String]?

    enum CodingKeys: String, CodingKey {
        case listen, hostname, tls, auth
        case submissionsListen = "submissions_listen"
        case maxMessageSize = "max_message_size"
        case maxRecipients = "max_recipients"
        case maxConnections = "max_connections"
        case maxConnectionsPerIP = "max_connections_per_ip"
        case idleTimeout = "idle_timeout"
        case maxCommandErrors = "max_command_errors"
        case minFreeDisk = "min_free_disk"
        case minFreeDiskPercent = "min_free_disk_percent"
        case diskCheckInterval = "disk_check_interval"
        case defaultPriority = "default_priority"
        case relayNetworks = "relay_networks"
        case localDomains = "local_domains"
    }
}

struct RawTLS: Decodable {
    var cert: String?
    var key: String?
}

struct RawAuth: Decodable {
    var users: [RawUser]?
    var maxFailures: Int?
    var failureWindow: String?

    enum CodingKeys: String, CodingKey {
        case users
        case maxFailures = "max_failures"
        case failureWindow = "failure_window"
    }
}

struct RawUser: Decodable {
    var username: String?
    var passwordHash: String?
    var passwordHashEnv: String?

    enum CodingKeys: String, CodingKey {
        case username
        case passwordHash = "password_hash"
        case passwordHashEnv = "password_hash_env"
    }
}

struct RawQueue: Decodable {
    var groupCommitMaxBatch: Int?
    var groupCommitMaxDelay: String?

    enum CodingKeys: String, CodingKey {
        case groupCommitMaxBatch = "group_commit_max_batch"
        case groupCommitMaxDelay = "group_commit_max_delay"
    }
}

struct RawStorage: Decodable {
    var backend: String?
    var sqlite: RawSQLite?
}

struct RawSQLite: Decodable {
    var path: String?
    var busyTimeout: String?

    enum CodingKeys: String, CodingKey {
        case path
        case busyTimeout = "busy_timeout"
    }
}

struct RawHTTP: Decodable {
    var listen: String?
    var idleTimeout: String?
    var maxRequestSize: String?
    var rateLimit: Double?
    var rateBurst: Int?
    var idempotencyTTL: String?
    var readyProbeInterval: String?
    var publicListen: String?
    var publicURL: String?
    var linkKeyFile: String?

    enum CodingKeys: String, CodingKey {
        case listen
        case publicListen = "public_listen"
        case publicURL = "public_url"
        case linkKeyFile = "link_key_file"
        case idleTimeout = "idle_timeout"
        case maxRequestSize = "max_request_size"
        case rateLimit = "rate_limit"
        case rateBurst = "rate_burst"
        case idempotencyTTL = "idempotency_ttl"
        case readyProbeInterval = "ready_probe_interval"
    }
}

struct RawRelay: Decodable {
    var name: String?
    var host: String?
    var port: Int?
    var tls: String?
    var username: String?
    var password: String?
    var passwordEnv: String?
    var weight: Int?
    var maxConnections: Int?
    var maxMessagesPerConnection: Int?
    var rate: Double?
    var priorityGroup: Int?
    var tlsVerify: Bool?
    var caFile: String?
    var sla: Double?

    enum CodingKeys: String, CodingKey {
        case name, host, port, tls, username, password, weight, rate, sla
        case passwordEnv = "password_env"
        case maxConnections = "max_connections"
        case maxMessagesPerConnection = "max_messages_per_connection"
        case priorityGroup = "priority_group"
        case tlsVerify = "tls_verify"
        case caFile = "ca_file"
    }
}

struct RawDelivery: Decodable {
    var enabled: Bool?
    var concurrency: Int?
    var claimBatch: Int?
    var lease: String?
    var maxAge: String?
    var retryInitial: String?
    var retryFactor: Double?
    var retryMax: String?
    var connectTimeout: String?
    var greetingTimeout: String?
    var commandTimeout: String?
    var dataTimeout: String?
    var finalDotTimeout: String?
    var connectionIdle: String?
    var breakerThreshold: Int?
    var breakerCooldown: String?
    var breakerCooldownMax: String?
    var bulkShare: Double?
    var heloName: String?
    var delayWarning: String?

    enum CodingKeys: String, CodingKey {
        case enabled, concurrency, lease
        case claimBatch = "claim_batch"
        case maxAge = "max_age"
        case delayWarning = "delay_warning"
        case retryInitial = "retry_initial"
        case retryFactor = "retry_factor"
        case retryMax = "retry_max"
        case connectTimeout = "connect_timeout"
        case greetingTimeout = "greeting_timeout"
        case commandTimeout = "command_timeout"
        case dataTimeout = "data_timeout"
        case finalDotTimeout = "final_dot_timeout"
        case connectionIdle = "connection_idle"
        case breakerThreshold = "breaker_threshold"
        case breakerCooldown = "breaker_cooldown"
        case breakerCooldownMax = "breaker_cooldown_max"
        case bulkShare = "bulk_share"
        case heloName = "helo_name"
    }
}

struct RawRoute: Decodable {
    var name: String?
    var priority: String?
    var senderDomain: String?
    var apiKey: String?
    var relays: [String]?

    enum CodingKeys: String, CodingKey {
        case name, priority, relays
        case senderDomain = "sender_domain"
        case apiKey = "api_key"
    }
}

struct RawShaping: Decodable {
    var rampInterval: String?
    var rampInitialConnections: Int?
    var rampInitialRate: Double?
    var rampFullRate: Double?
    var throttleMinRate: Double?
    var throttlePatterns: [String]?

    enum CodingKeys: String, CodingKey {
        case rampInterval = "ramp_interval"
        case rampInitialConnections = "ramp_initial_connections"
        case rampInitialRate = "ramp_initial_rate"
        case rampFullRate = "ramp_full_rate"
        case throttleMinRate = "throttle_min_rate"
        case throttlePatterns = "throttle_patterns"
    }
}

struct RawDestination: Decodable {
    var name: String?
    var domains: [String]?
    var concurrency: Int?
    var rate: Double?
}

struct RawRetention: Decodable {
    var bodies: String?
    var events: String?
    var interval: String?
    var batch: Int?
    var vacuumPages: Int?

    enum CodingKeys: String, CodingKey {
        case bodies, events, interval, batch
        case vacuumPages = "vacuum_pages"
    }
}

struct RawWebhooks: Decodable {
    var allowPrivateTargets: Bool?
    var maxAge: String?
    var retryInitial: String?
    var retryMax: String?
    var timeout: String?
    var concurrency: Int?
    var maxRedirects: Int?
    var pollInterval: String?

    enum CodingKeys: String, CodingKey {
        case timeout, concurrency
        case allowPrivateTargets = "allow_private_targets"
        case maxAge = "max_age"
        case retryInitial = "retry_initial"
        case retryMax = "retry_max"
        case maxRedirects = "max_redirects"
        case pollInterval = "poll_interval"
    }
}

struct RawMonitoring: Decodable {
    var relayProbes: Bool?
    var interval: String?
    var timeout: String?
    var failuresBeforeDown: Int?
    var rawRetention: String?
    var minuteRetention: String?
    var hourRetention: String?
    var canaryDomain: String?
    var failureWindow: String?
    var compactionInterval: String?

    enum CodingKeys: String, CodingKey {
        case interval, timeout
        case compactionInterval = "compaction_interval"
        case relayProbes = "relay_probes"
        case failuresBeforeDown = "failures_before_down"
        case rawRetention = "raw_retention"
        case minuteRetention = "minute_retention"
        case hourRetention = "hour_retention"
        case canaryDomain = "canary_domain"
        case failureWindow = "failure_window"
    }
}

struct RawMonitor: Decodable {
    var name: String?
    var type: String?
    var relay: String?
    var host: String?
    var port: Int?
    var tls: String?
    var checkAuth: Bool?
    var tlsVerify: Bool?
    var url: String?
    var expectStatus: Int?
    var bodyContains: String?
    var expectAddress: String?
    var warnDays: Int?
    var failDays: Int?
    var threshold: String?
    var mailbox: String?
    var interval: String?
    var timeout: String?
    var failuresBeforeDown: Int?

    enum CodingKeys: String, CodingKey {
        case name, type, relay, host, port, tls, url, threshold, mailbox, interval, timeout
        case checkAuth = "check_auth"
        case tlsVerify = "tls_verify"
        case expectStatus = "expect_status"
        case bodyContains = "body_contains"
        case expectAddress = "expect_address"
        case warnDays = "warn_days"
        case failDays = "fail_days"
        case failuresBeforeDown = "failures_before_down"
    }
}

struct RawAlerts: Decodable {
    var repeatInterval: String?
    var oldestDeferred: String?
    var diskLow: String?
    var timeout: String?
    var channels: [RawAlertChannel]?

    enum CodingKeys: String, CodingKey {
        case timeout, channels
        case repeatInterval = "repeat_interval"
        case oldestDeferred = "oldest_deferred"
        case diskLow = "disk_low"
    }
}

struct RawAlertChannel: Decodable {
    var name: String?
    var type: String?
    var url: String?
    var secret: String?
    var to: String?
    var from: String?
}

struct RawStatus: Decodable {
    var title: String?
    var cacheTTL: String?

    enum CodingKeys: String, CodingKey {
        case title
        case cacheTTL = "cache_ttl"
    }
}

struct RawFeedback: Decodable {
    var bounceDomain: String?
    var unsubscribeDomain: String?
    var softBounceLimit: Int?
    var webhookMaxAge: String?
    var ses: RawSES?
    var sendgrid: RawSendGrid?
    var mailgun: RawMailgun?
    var postmark: RawPostmark?

    enum CodingKeys: String, CodingKey {
        case bounceDomain = "bounce_domain"
        case unsubscribeDomain = "unsubscribe_domain"
        case softBounceLimit = "soft_bounce_limit"
        case webhookMaxAge = "webhook_max_age"
        case ses, sendgrid, mailgun, postmark
    }
}

struct RawSES: Decodable {
    var enabled: Bool?
    var certificateFiles: [String]?
    var topicARNs: [String]?

    enum CodingKeys: String, CodingKey {
        case enabled
        case certificateFiles = "certificate_files"
        case topicARNs = "topic_arns"
    }
}

struct RawSendGrid: Decodable {
    var publicKey: String?

    enum CodingKeys: String, CodingKey {
        case publicKey = "public_key"
    }
}

struct RawMailgun: Decodable {
    var signingKey: String?
    var signingKeyEnv: String?

    enum CodingKeys: String, CodingKey {
        case signingKey = "signing_key"
        case signingKeyEnv = "signing_key_env"
    }
}

struct RawPostmark: Decodable {
    var username: String?
    var passwordHash: String?

    enum CodingKeys: String, CodingKey {
        case username
        case passwordHash = "password_hash"
    }
}

struct RawReputation: Decodable {
    var window: String?
    var checkInterval: String?
    var hardBouncePause: Double?
    var hardBounceMinAttempts: Int?
    var complaintWarn: Double?
    var complaintPause: Double?
    var complaintMinDelivered: Int?

    enum CodingKeys: String, CodingKey {
        case window
        case checkInterval = "check_interval"
        case hardBouncePause = "hard_bounce_pause"
        case hardBounceMinAttempts = "hard_bounce_min_attempts"
        case complaintWarn = "complaint_warn"
        case complaintPause = "complaint_pause"
        case complaintMinDelivered = "complaint_min_delivered"
    }
}

struct RawCampaigns: Decodable {
    var tick: String?
    var batch: Int?
    var lookahead: Int?
}

struct RawMaintenance: Decodable {
    var drainBefore: String?
    var checkInterval: String?

    enum CodingKeys: String, CodingKey {
        case drainBefore = "drain_before"
        case checkInterval = "check_interval"
    }
}

struct RawSLA: Decodable {
    var period: String?
    var evaluationInterval: String?
    var fastBurnRate: Double?
    var fastLongWindow: String?
    var fastShortWindow: String?
    var slowBurnRate: Double?
    var slowLongWindow: String?
    var slowShortWindow: String?
    var objectives: RawObjectives?

    enum CodingKeys: String, CodingKey {
        case period, objectives
        case evaluationInterval = "evaluation_interval"
        case fastBurnRate = "fast_burn_rate"
        case fastLongWindow = "fast_long_window"
        case fastShortWindow = "fast_short_window"
        case slowBurnRate = "slow_burn_rate"
        case slowLongWindow = "slow_long_window"
        case slowShortWindow = "slow_short_window"
    }
}

struct RawObjectives: Decodable {
    var transactional: RawObjective?
    var timeCritical: RawObjective?
    var bulk: RawObjective?

    enum CodingKeys: String, CodingKey {
        case transactional, bulk
        case timeCritical = "time_critical"
    }

    subscript(priority: Priority) -> RawObjective? {
        switch priority {
        case .transactional: transactional
        case .timeCritical: timeCritical
        case .bulk: bulk
        }
    }
}

struct RawObjective: Decodable {
    var target: String?
    var ratio: Double?
}
