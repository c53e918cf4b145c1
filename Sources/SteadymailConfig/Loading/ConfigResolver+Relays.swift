/// Resolution of the `relays:` list.
extension ConfigResolver {
    func resolveRelays(_ rawRelays: [RawRelay]) throws(ConfigError) -> [RelayConfiguration] {
        var relays: [RelayConfiguration] = []
        for (index, raw) in rawRelays.enumerated() {
            let prefix = "relays[\(index)]"
            guard let name = nonEmpty(raw.name) else { throw fail("\(prefix).name", "must not be empty") }
            guard !relays.contains(where: { $0.name == name }) else {
                throw fail("\(prefix).name", "\"\(name)\" appears more than once")
            }
            guard let host = nonEmpty(raw.host) else { throw fail("\(prefix).host", "must not be empty") }
            let tls = try choice(raw.tls, key: "\(prefix).tls", default: RelayTLSMode.starttls)
            let port = raw.port ?? (tls == .implicit ? 465 : 587)
            guard (1...65535).contains(port) else {
                throw fail("\(prefix).port", "port \(port) is out of range 1-65535")
            }
            let password = try secret(
                inline: raw.password, key: "\(prefix).password",
                variableName: raw.passwordEnv, envKey: "\(prefix).password_env")
            let credentials = try credentials(
                username: nonEmpty(raw.username), password: password, prefix: prefix)
            if let rate = raw.rate, !(rate > 0 && rate.isFinite) {
                throw fail("\(prefix).rate", "must be greater than zero (or null for unlimited)")
            }
            let caFile = try nonEmpty(raw.caFile).map { path throws(ConfigError) in
                try readableFile(path, key: "\(prefix).ca_file")
            }
            relays.append(
                RelayConfiguration(
                    name: name,
                    host: host,
                    port: port,
                    tls: tls,
                    credentials: credentials,
                    weight: try count(raw.weight, key: "\(prefix).weight", default: 1),
                    maxConnections: try count(
                        raw.maxConnections, key: "\(prefix).max_connections", default: 10),
                    maxMessagesPerConnection: try count(
                        raw.maxMessagesPerConnection, key: "\(prefix).max_messages_per_connection", default: 100
                    ),
                    rate: raw.rate,
                    priorityGroup: try count(
                        raw.priorityGroup, key: "\(prefix).priority_group", default: 0, minimum: 0),
                    tlsVerify: raw.tlsVerify ?? true,
                    caFile: caFile,
                    sla: try percent(raw.sla, key: "\(prefix).sla")
                ))
        }
        return relays
    }

    private func credentials(username: String?, password: String?, prefix: String) throws(ConfigError)
        -> RelayCredentials?
    {
        switch (username, password) {
        case (nil, nil): return nil
        case (let username?, let password?):
            return RelayCredentials(username: username, password: password)
        case (_?, nil):
            throw fail("\(prefix).password", "is required when username is set (or password_env)")
        case (nil, _?): throw fail("\(prefix).username", "is required when a password is set")
        }
    }
}
