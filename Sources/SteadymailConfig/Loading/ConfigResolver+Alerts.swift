import SteadymailDomain

/// Resolution of the `alerts:` section and its channels.
extension ConfigResolver {
    func resolveAlerts(_ raw: RawAlerts?, smtp: SMTPConfiguration) throws(ConfigError) -> AlertsConfiguration {
        var channels: [AlertChannelConfiguration] = []
        for (index, rawChannel) in (raw?.channels ?? []).enumerated() {
            let channel = try resolveAlertChannel(rawChannel, prefix: "alerts.channels[\(index)]")
            guard !channels.contains(where: { $0.name == channel.name }) else {
                throw fail("alerts.channels[\(index)].name", "\"\(channel.name)\" appears more than once")
            }
            channels.append(channel)
        }
        return AlertsConfiguration(
            repeatInterval: try duration(raw?.repeatInterval, key: "alerts.repeat_interval", default: "1h"),
            oldestDeferred: raw?.oldestDeferred == "off"
                ? nil : try duration(raw?.oldestDeferred, key: "alerts.oldest_deferred", default: "1h"),
            diskLow: try diskLow(raw?.diskLow, smtp: smtp),
            timeout: try duration(raw?.timeout, key: "alerts.timeout", default: "10s"),
            channels: channels)
    }

    private func diskLow(_ text: String?, smtp: SMTPConfiguration) throws(ConfigError) -> Int64? {
        guard let text else { return Int64(smtp.minFreeDisk) * 2 }
        guard text != "off" else { return nil }
        return Int64(try size(text, key: "alerts.disk_low", default: text))
    }

    private func resolveAlertChannel(_ raw: RawAlertChannel, prefix: String) throws(ConfigError)
        -> AlertChannelConfiguration
    {
        guard let name = nonEmpty(raw.name) else { throw fail("\(prefix).name", "must not be empty") }
        guard let kind: AlertChannelConfiguration.Kind = try optionalChoice(raw.type, key: "\(prefix).type") else {
            let allowed = AlertChannelConfiguration.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("\(prefix).type", "is required; allowed: \(allowed)")
        }
        var channel = AlertChannelConfiguration(name: name, kind: kind)
        switch kind {
        case .webhook, .slack:
            try refuse(["to": raw.to, "from": raw.from], for: kind, prefix: prefix)
            guard let url = nonEmpty(raw.url) else { throw fail("\(prefix).url", "is required for type \(kind)") }
            if case .failure(let problem) = WebhookURL.parse(url) { throw fail("\(prefix).url", "\(problem)") }
            channel.url = url
            if kind == .webhook {
                guard let secret = nonEmpty(raw.secret) else {
                    throw fail("\(prefix).secret", "is required for type webhook (the signature's key)")
                }
                channel.secret = secret
            } else {
                try refuse(["secret": raw.secret], for: kind, prefix: prefix)
            }
        case .email:
            try refuse(["url": raw.url, "secret": raw.secret], for: kind, prefix: prefix)
            guard let to = nonEmpty(raw.to) else { throw fail("\(prefix).to", "is required for type email") }
            channel.to = try address(to, key: "\(prefix).to")
            channel.from = try nonEmpty(raw.from).map { text throws(ConfigError) in
                try address(text, key: "\(prefix).from")
            }
        }
        return channel
    }

    private func address(_ text: String, key: String) throws(ConfigError) -> String {
        do {
            return try Mailbox(parsing: text).description
        } catch {
            throw fail(key, "\"\(text)\" is not a valid address: \(error)")
        }
    }

    private func refuse(
        _ keys: KeyValuePairs<String, String?>, for kind: AlertChannelConfiguration.Kind, prefix: String
    ) throws(ConfigError) {
        for (key, value) in keys where value != nil {
            throw fail("\(prefix).\(key)", "does not apply to type \(kind.rawValue)")
        }
    }
}
