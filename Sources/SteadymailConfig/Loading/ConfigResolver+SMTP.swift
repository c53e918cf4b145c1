import Foundation
import SteadymailDomain

/// Resolution of the `smtp:` section.
extension ConfigResolver {
    func resolveSMTP(_ raw: RawSMTP?) throws(ConfigError) -> SMTPConfiguration {
        let tls = try resolveTLS(raw?.tls)
        let submissionsListen = try optionalListen(
            raw?.submissionsListen, key: "smtp.submissions_listen")
        if submissionsListen != nil, tls == nil {
            throw fail("smtp.submissions_listen", "requires smtp.tls.cert and smtp.tls.key")
        }
        let percent = raw?.minFreeDiskPercent ?? 5
        guard (0...100).contains(percent) else {
            throw fail("smtp.min_free_disk_percent", "\(percent) is out of range 0-100")
        }
        return SMTPConfiguration(
            listen: try listen(raw?.listen, key: "smtp.listen", default: "127.0.0.1:2525"),
            submissionsListen: submissionsListen,
            hostname: try hostname(raw?.hostname),
            maxMessageSize: try size(raw?.maxMessageSize, key: "smtp.max_message_size", default: "25MiB"),
            maxRecipients: try count(raw?.maxRecipients, key: "smtp.max_recipients", default: 1000),
            maxConnections: try count(raw?.maxConnections, key: "smtp.max_connections", default: 1000),
            maxConnectionsPerIP: try count(
                raw?.maxConnectionsPerIP, key: "smtp.max_connections_per_ip", default: 50),
            idleTimeout: try duration(raw?.idleTimeout, key: "smtp.idle_timeout", default: "300s"),
            maxCommandErrors: try count(
                raw?.maxCommandErrors, key: "smtp.max_command_errors", default: 20),
            minFreeDisk: try size(
                raw?.minFreeDisk, key: "smtp.min_free_disk", default: "1GiB", allowZero: true),
            minFreeDiskPercent: percent,
            diskCheckInterval: try duration(
                raw?.diskCheckInterval, key: "smtp.disk_check_interval", default: "5s"),
            defaultPriority: try choice(
                raw?.defaultPriority, key: "smtp.default_priority", default: Priority.transactional),
            tls: tls,
            auth: try resolveAuth(raw?.auth),
            relayNetworks: try resolveNetworks(raw?.relayNetworks ?? ["127.0.0.0/8", "::1/128"]),
            localDomains: try resolveDomains(raw?.localDomains ?? [])
        )
    }

    /// The configured name if it is a valid host name, else the machine's.
    private func hostname(_ text: String?) throws(ConfigError) -> String {
        guard let text = nonEmpty(text) else { return ProcessInfo.processInfo.hostName }
        guard DomainNameSyntax.normalise(text) != nil else {
            throw fail("smtp.hostname", "\"\(text)\" is not a valid host name")
        }
        return text
    }

    private func resolveTLS(_ raw: RawTLS?) throws(ConfigError) -> TLSFiles? {
        switch (nonEmpty(raw?.cert), nonEmpty(raw?.key)) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw fail("smtp.tls.key", "must be set when smtp.tls.cert is set")
        case (nil, _?):
            throw fail("smtp.tls.cert", "must be set when smtp.tls.key is set")
        case (let cert?, let key?):
            return TLSFiles(
                certificatePath: try readableFile(cert, key: "smtp.tls.cert"),
                privateKeyPath: try readableFile(key, key: "smtp.tls.key")
            )
        }
    }

    private func resolveAuth(_ raw: RawAuth?) throws(ConfigError) -> AuthConfiguration {
        var users: [AuthUser] = []
        for (index, rawUser) in (raw?.users ?? []).enumerated() {
            let prefix = "smtp.auth.users[\(index)]"
            guard let username = nonEmpty(rawUser.username) else {
                throw fail("\(prefix).username", "must not be empty")
            }
            guard !users.contains(where: { $0.username == username }) else {
                throw fail("\(prefix).username", "\"\(username)\" appears more than once")
            }
            let hash = try secret(
                inline: rawUser.passwordHash, key: "\(prefix).password_hash",
                variableName: rawUser.passwordHashEnv, envKey: "\(prefix).password_hash_env")
            guard let hash else {
                throw fail("\(prefix).password_hash", "is required (or password_hash_env)")
            }
            guard hash.hasPrefix("$scrypt$") else {
                let key =
                    rawUser.passwordHashEnv == nil ? "\(prefix).password_hash" : "\(prefix).password_hash_env"
                throw fail(key, "must be an $scrypt$ hash printed by `steadymail hash-password`")
            }
            users.append(AuthUser(username: username, passwordHash: hash))
        }
        return AuthConfiguration(
            users: users,
            maxFailures: try count(raw?.maxFailures, key: "smtp.auth.max_failures", default: 5),
            failureWindow: try duration(
                raw?.failureWindow, key: "smtp.auth.failure_window", default: "5m")
        )
    }

    private func resolveNetworks(_ texts: [String]) throws(ConfigError) -> [IPNetwork] {
        var networks: [IPNetwork] = []
        for (index, text) in texts.enumerated() {
            guard let network = IPNetwork(text) else {
                throw fail(
                    "smtp.relay_networks[\(index)]", "\"\(text)\" is not a CIDR network such as 10.0.0.0/8")
            }
            networks.append(network)
        }
        return networks
    }

    private func resolveDomains(_ texts: [String]) throws(ConfigError) -> [String] {
        var domains: [String] = []
        for (index, text) in texts.enumerated() {
            guard let domain = DomainNameSyntax.normalise(text) else {
                throw fail("smtp.local_domains[\(index)]", "\"\(text)\" is not a valid domain name")
            }
            if !domains.contains(domain) {
                domains.append(domain)
            }
        }
        return domains
    }
}
