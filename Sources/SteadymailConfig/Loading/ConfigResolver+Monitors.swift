import SteadymailDomain

/// Resolution of one entry of the `monitors:` list: the fields its type needs, defaults, and the relay it names.
extension ConfigResolver {
    func resolveMonitor(
        _ raw: RawMonitor, key prefix: String, defaults: MonitorDefaults, relays: [RelayConfiguration]
    ) throws(ConfigError) -> MonitorDefinition {
        guard let name = nonEmpty(raw.name) else { throw fail("\(prefix).name", "must not be empty") }
        guard name.count <= 64, name.unicodeScalars.allSatisfy(Self.isNameCharacter) else {
            throw fail("\(prefix).name", "\"\(name)\" must be 1-64 of A-Z a-z 0-9 . _ : -")
        }
        guard let kind: MonitorKind = try optionalChoice(raw.type, key: "\(prefix).type") else {
            let allowed = MonitorKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("\(prefix).type", "is required; allowed: \(allowed)")
        }
        try checkApplicable(raw, kind: kind, prefix: prefix)
        let relay = try monitorRelay(raw, name: name, kind: kind, prefix: prefix, relays: relays)
        let interval =
            try optionalDuration(raw.interval, key: "\(prefix).interval")
            ?? (kind == .canary ? .seconds(300) : defaults.interval)
        let timeout =
            try optionalDuration(raw.timeout, key: "\(prefix).timeout")
            ?? (kind == .canary ? interval : min(defaults.timeout, interval))
        guard kind == .canary || timeout <= interval else {
            throw fail("\(prefix).timeout", "must not be longer than the interval (\(interval))")
        }
        var monitor = MonitorDefinition(
            name: name, kind: kind, relay: relay?.name, tlsVerify: raw.tlsVerify ?? relay?.tlsVerify ?? true,
            interval: interval, timeout: timeout,
            failuresBeforeDown: try count(
                raw.failuresBeforeDown, key: "\(prefix).failures_before_down", default: defaults.failuresBeforeDown))
        try fillTarget(&monitor, raw, relay: relay, prefix: prefix)
        try fillChecks(&monitor, raw, defaults: defaults, prefix: prefix)
        return monitor
    }

    /// Host, port and TLS of the network kinds.
    private func fillTarget(
        _ monitor: inout MonitorDefinition, _ raw: RawMonitor, relay: RelayConfiguration?, prefix: String
    ) throws(ConfigError) {
        let kind = monitor.kind
        guard [.smtp, .tcp, .dns, .tlsCert].contains(kind) else { return }
        let fromRelay = kind == .smtp && nonEmpty(raw.host) == nil ? relay : nil
        guard let host = nonEmpty(raw.host) ?? fromRelay?.host else {
            throw fail("\(prefix).host", "is required for type \(kind.rawValue)")
        }
        monitor.host = host
        if kind == .smtp {
            let relayTLS = fromRelay.map { Self.monitorTLS(for: $0.tls) }
            monitor.tls = try choice(raw.tls, key: "\(prefix).tls", default: relayTLS ?? .none)
            if raw.checkAuth == true {
                guard relay?.credentials != nil else {
                    throw fail("\(prefix).check_auth", "needs a relay with credentials (set relay to one)")
                }
                monitor.checkAuth = true
            }
        }
        guard kind != .dns else { return }
        let defaultPort: Int? =
            switch kind {
            case .smtp: fromRelay?.port ?? (monitor.tls == .implicit ? 465 : 25)
            case .tlsCert: 443
            default: nil
            }
        guard let port = raw.port ?? defaultPort else {
            throw fail("\(prefix).port", "is required for type \(kind.rawValue)")
        }
        guard (1...65535).contains(port) else { throw fail("\(prefix).port", "port \(port) is out of range 1-65535") }
        monitor.port = port
    }

    /// What each kind checks: URL and status, expected address, certificate days, thresholds, canary mailbox.
    private func fillChecks(
        _ monitor: inout MonitorDefinition, _ raw: RawMonitor, defaults: MonitorDefaults, prefix: String
    ) throws(ConfigError) {
        switch monitor.kind {
        case .http:
            guard let url = nonEmpty(raw.url) else { throw fail("\(prefix).url", "is required for type http") }
            if case .failure(let problem) = WebhookURL.parse(url) { throw fail("\(prefix).url", "\(problem)") }
            monitor.url = url
            if let status = raw.expectStatus, !(100...599).contains(status) {
                throw fail("\(prefix).expect_status", "\(status) is not an HTTP status (100-599)")
            }
            monitor.expectStatus = raw.expectStatus
            monitor.bodyContains = nonEmpty(raw.bodyContains)
        case .dns:
            if let address = nonEmpty(raw.expectAddress) {
                guard !address.contains("/"), IPNetwork(address) != nil else {
                    throw fail("\(prefix).expect_address", "\"\(address)\" is not an IPv4 or IPv6 address")
                }
                monitor.expectAddress = address
            }
        case .tlsCert:
            let failDays = try count(raw.failDays, key: "\(prefix).fail_days", default: 3, minimum: 0)
            let warnDays = try count(raw.warnDays, key: "\(prefix).warn_days", default: 14, minimum: 0)
            guard warnDays > failDays else { throw fail("\(prefix).warn_days", "must be greater than fail_days") }
            (monitor.warnDays, monitor.failDays) = (warnDays, failDays)
        case .disk:
            monitor.threshold = Double(
                try size(raw.threshold, key: "\(prefix).threshold", default: "\(defaults.minFreeDisk)", allowZero: true)
            )
        case .oldestDeferred:
            let age = try duration(raw.threshold, key: "\(prefix).threshold", default: "1h")
            monitor.threshold = Double(age.components.seconds)
        case .relayFailures:
            monitor.threshold = try ratio(raw.threshold, key: "\(prefix).threshold", default: 0.5)
        case .canary:
            guard let domain = defaults.canaryDomain else {
                throw fail("monitoring.canary_domain", "is required by the canary monitor \(prefix)")
            }
            let mailbox = nonEmpty(raw.mailbox) ?? "canary"
            guard (try? Mailbox(localPart: mailbox, domain: domain)) != nil else {
                throw fail("\(prefix).mailbox", "\"\(mailbox)\" is not a valid local part")
            }
            monitor.canaryMailbox = mailbox
        case .smtp, .tcp, .storage:
            break
        }
    }

    /// The relay a monitor names, which must exist; `relay:<x>` names bind to relay x; canary and relay-failures
    /// monitors need one.
    private func monitorRelay(
        _ raw: RawMonitor, name: String, kind: MonitorKind, prefix: String, relays: [RelayConfiguration]
    ) throws(ConfigError) -> RelayConfiguration? {
        var relayName = nonEmpty(raw.relay)
        if name.hasPrefix("relay:") {
            let target = String(name.dropFirst("relay:".count))
            guard relays.contains(where: { $0.name == target }) else {
                throw fail(
                    "\(prefix).name", "names starting with relay: are kept for relays' monitors; no relay \"\(target)\""
                )
            }
            if let relayName, relayName != target {
                throw fail("\(prefix).relay", "must be \(target), the relay whose monitor \(name) replaces")
            }
            relayName = target
        }
        guard let relayName else {
            if kind == .canary || kind == .relayFailures {
                throw fail("\(prefix).relay", "is required for type \(kind.rawValue)")
            }
            return nil
        }
        guard let relay = relays.first(where: { $0.name == relayName }) else {
            throw fail("\(prefix).relay", "no relay is named \"\(relayName)\"")
        }
        return relay
    }

    /// Refuses keys that mean nothing for the monitor's type, so a misplaced key is not silently ignored.
    private func checkApplicable(_ raw: RawMonitor, kind: MonitorKind, prefix: String) throws(ConfigError) {
        let present: [(String, Bool)] = [
            ("host", raw.host != nil), ("port", raw.port != nil), ("tls", raw.tls != nil),
            ("check_auth", raw.checkAuth != nil), ("tls_verify", raw.tlsVerify != nil), ("url", raw.url != nil),
            ("expect_status", raw.expectStatus != nil), ("body_contains", raw.bodyContains != nil),
            ("expect_address", raw.expectAddress != nil), ("warn_days", raw.warnDays != nil),
            ("fail_days", raw.failDays != nil), ("threshold", raw.threshold != nil), ("mailbox", raw.mailbox != nil),
        ]
        let allowed = Self.applicableKeys[kind] ?? []
        for (key, isSet) in present where isSet && !allowed.contains(key) {
            throw fail("\(prefix).\(key)", "does not apply to type \(kind.rawValue)")
        }
    }

    private static let applicableKeys: [MonitorKind: Set<String>] = [
        .smtp: ["host", "port", "tls", "check_auth", "tls_verify"],
        .tcp: ["host", "port"],
        .dns: ["host", "expect_address"],
        .tlsCert: ["host", "port", "tls_verify", "warn_days", "fail_days"],
        .http: ["url", "expect_status", "body_contains", "tls_verify"],
        .canary: ["mailbox"],
        .storage: [],
        .disk: ["threshold"],
        .oldestDeferred: ["threshold"],
        .relayFailures: ["threshold"],
    ]

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "._:-".unicodeScalars.contains(scalar))
    }

    /// A duration, or nil when the key is absent.
    func optionalDuration(_ text: String?, key: String) throws(ConfigError) -> Duration? {
        guard let text else { return nil }
        return try duration(text, key: key, default: text)
    }

    /// A number in 0...1.
    func ratio(_ text: String?, key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        guard let text else { return defaultValue }
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw fail(key, "\"\(text)\" is not a ratio between 0 and 1")
        }
        return value
    }
}
