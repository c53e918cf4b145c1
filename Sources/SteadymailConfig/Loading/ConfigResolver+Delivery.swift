import SteadymailDomain

/// Resolution of the `delivery:` section and the `routes:` list.
extension ConfigResolver {
    func resolveDelivery(_ raw: RawDelivery?, hostname: String) throws(ConfigError) -> DeliveryConfiguration {
        let retryFactor = raw?.retryFactor ?? 2
        guard retryFactor >= 1, retryFactor.isFinite else {
            throw fail("delivery.retry_factor", "\(retryFactor) is less than the minimum 1")
        }
        let bulkShare = raw?.bulkShare ?? 0.2
        guard (0...1).contains(bulkShare) else {
            throw fail("delivery.bulk_share", "\(bulkShare) is out of range 0-1")
        }
        var heloName = hostname
        if let text = nonEmpty(raw?.heloName) {
            guard DomainNameSyntax.normalise(text) != nil else {
                throw fail("delivery.helo_name", "\"\(text)\" is not a valid host name")
            }
            heloName = text
        }
        return DeliveryConfiguration(
            enabled: raw?.enabled ?? true,
            concurrency: try count(raw?.concurrency, key: "delivery.concurrency", default: 20),
            claimBatch: try count(raw?.claimBatch, key: "delivery.claim_batch", default: 50),
            lease: try duration(raw?.lease, key: "delivery.lease", default: "5m"),
            maxAge: try duration(raw?.maxAge, key: "delivery.max_age", default: "5d"),
            delayWarning: try duration(raw?.delayWarning, key: "delivery.delay_warning", default: "4h"),
            retryInitial: try duration(raw?.retryInitial, key: "delivery.retry_initial", default: "60s"),
            retryFactor: retryFactor,
            retryMax: try duration(raw?.retryMax, key: "delivery.retry_max", default: "1h"),
            connectTimeout: try duration(raw?.connectTimeout, key: "delivery.connect_timeout", default: "30s"),
            greetingTimeout: try duration(raw?.greetingTimeout, key: "delivery.greeting_timeout", default: "5m"),
            commandTimeout: try duration(raw?.commandTimeout, key: "delivery.command_timeout", default: "5m"),
            dataTimeout: try duration(raw?.dataTimeout, key: "delivery.data_timeout", default: "3m"),
            finalDotTimeout: try duration(raw?.finalDotTimeout, key: "delivery.final_dot_timeout", default: "10m"),
            connectionIdle: try duration(raw?.connectionIdle, key: "delivery.connection_idle", default: "30s"),
            breakerThreshold: try count(raw?.breakerThreshold, key: "delivery.breaker_threshold", default: 3),
            breakerCooldown: try duration(raw?.breakerCooldown, key: "delivery.breaker_cooldown", default: "10s"),
            breakerCooldownMax: try duration(
                raw?.breakerCooldownMax, key: "delivery.breaker_cooldown_max", default: "5m"),
            bulkShare: bulkShare,
            heloName: heloName
        )
    }

    func resolveRoutes(_ rawRoutes: [RawRoute], relays: [RelayConfiguration]) throws(ConfigError)
        -> [RouteConfiguration]
    {
        var routes: [RouteConfiguration] = []
        for (index, raw) in rawRoutes.enumerated() {
            let prefix = "routes[\(index)]"
            guard let name = nonEmpty(raw.name) else { throw fail("\(prefix).name", "must not be empty") }
            guard !routes.contains(where: { $0.name == name }) else {
                throw fail("\(prefix).name", "\"\(name)\" appears more than once")
            }
            let priority: Priority? = try optionalChoice(raw.priority, key: "\(prefix).priority")
            var senderDomain: String?
            if let text = nonEmpty(raw.senderDomain) {
                guard let domain = DomainNameSyntax.normalise(text) else {
                    throw fail("\(prefix).sender_domain", "\"\(text)\" is not a valid domain name")
                }
                senderDomain = domain
            }
            let apiKey = nonEmpty(raw.apiKey)
            guard priority != nil || senderDomain != nil || apiKey != nil else {
                throw fail(prefix, "needs priority, sender_domain or api_key")
            }
            let names = raw.relays ?? []
            guard !names.isEmpty else { throw fail("\(prefix).relays", "must name at least one relay") }
            for (relayIndex, relay) in names.enumerated() where !relays.contains(where: { $0.name == relay }) {
                throw fail("\(prefix).relays[\(relayIndex)]", "no relay is named \"\(relay)\"")
            }
            routes.append(
                RouteConfiguration(
                    name: name, priority: priority, senderDomain: senderDomain, apiKey: apiKey, relays: names))
        }
        return routes
    }
}
