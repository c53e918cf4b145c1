import SteadymailDomain

/// Resolution of the `shaping:` section and the `destinations:` list.
extension ConfigResolver {
    func resolveShaping(_ raw: RawShaping?) throws(ConfigError) -> ShapingConfiguration {
        var patterns: [String] = []
        for (index, pattern) in (raw?.throttlePatterns ?? ThrottleReplyDetector.defaultPatterns).enumerated() {
            guard !pattern.isEmpty else { throw fail("shaping.throttle_patterns[\(index)]", "must not be empty") }
            patterns.append(pattern.lowercased())
        }
        return ShapingConfiguration(
            rampInterval: try duration(raw?.rampInterval, key: "shaping.ramp_interval", default: "30s"),
            rampInitialConnections: try count(
                raw?.rampInitialConnections, key: "shaping.ramp_initial_connections", default: 1),
            rampInitialRate: try positive(raw?.rampInitialRate, key: "shaping.ramp_initial_rate", default: 1),
            rampFullRate: try positive(raw?.rampFullRate, key: "shaping.ramp_full_rate", default: 50),
            throttleMinRate: try positive(raw?.throttleMinRate, key: "shaping.throttle_min_rate", default: 0.1),
            throttlePatterns: patterns)
    }

    func resolveDestinations(_ rawDestinations: [RawDestination]) throws(ConfigError) -> [DestinationConfiguration] {
        var destinations: [DestinationConfiguration] = []
        var owner: [String: String] = [:]
        for (index, raw) in rawDestinations.enumerated() {
            let prefix = "destinations[\(index)]"
            guard let name = nonEmpty(raw.name) else { throw fail("\(prefix).name", "must not be empty") }
            guard !destinations.contains(where: { $0.name == name }) else {
                throw fail("\(prefix).name", "\"\(name)\" appears more than once")
            }
            let domains = try destinationDomains(raw.domains, name: name, prefix: prefix, owner: &owner)
            if name.contains("."), !domains.contains(DomainNameSyntax.normalise(name) ?? name) {
                throw fail("\(prefix).name", "\"\(name)\" looks like a domain but is not one of its domains")
            }
            if let concurrency = raw.concurrency, concurrency < 1 {
                throw fail("\(prefix).concurrency", "\(concurrency) is less than the minimum 1 (or null for no limit)")
            }
            if let rate = raw.rate, !(rate > 0 && rate.isFinite) {
                throw fail("\(prefix).rate", "must be greater than zero (or null for unlimited)")
            }
            destinations.append(
                DestinationConfiguration(
                    name: DomainNameSyntax.normalise(name) ?? name, domains: domains, concurrency: raw.concurrency,
                    rate: raw.rate))
        }
        return destinations
    }

    /// The normalised domains of one destination (`[name]` when none are listed), each claimed in `owner`.
    private func destinationDomains(
        _ listed: [String]?, name: String, prefix: String, owner: inout [String: String]
    ) throws(ConfigError) -> [String] {
        let texts: [String]
        let keys: [String]
        if let listed {
            guard !listed.isEmpty else { throw fail("\(prefix).domains", "must list at least one domain") }
            texts = listed
            keys = listed.indices.map { "\(prefix).domains[\($0)]" }
        } else {
            texts = [name]
            keys = ["\(prefix).name"]
        }
        var domains: [String] = []
        for (text, key) in zip(texts, keys) {
            guard let domain = DomainNameSyntax.normalise(text), listed != nil || domain.contains(".") else {
                throw fail(
                    key,
                    listed == nil
                        ? "\"\(text)\" is not a domain name; list the destination's domains under domains"
                        : "\"\(text)\" is not a valid domain name")
            }
            if let previous = owner[domain] {
                throw fail(key, "\(domain) is already in destination \"\(previous)\"")
            }
            owner[domain] = name
            domains.append(domain)
        }
        return domains
    }
}
