import Foundation
import SteadymailDomain

/// Turns the decoded file into a ``SteadymailConfiguration``: fills in defaults, parses durations, sizes and addresses,
/// resolves `*_env` secrets, and validates every value.
///
/// It exists to keep all the rules about values in one type, each error naming its key (and the environment variable,
/// when one supplied the value).
struct ConfigResolver {
    let document: ConfigDocument
    let environment: [String: String]

    func resolve() throws(ConfigError) -> SteadymailConfiguration {
        let raw = document.raw
        let dataDir = raw.dataDir ?? "./steadymail-data"
        guard !dataDir.isEmpty else { throw fail("data_dir", "must not be empty") }
        var smtp = try resolveSMTP(raw.smtp)
        let feedback = try resolveFeedback(raw.feedback)
        for domain in [feedback.bounceDomain, feedback.unsubscribeDomain].compactMap(\.self)
        where !smtp.localDomains.contains(domain) {
            smtp.localDomains.append(domain)
        }
        let relays = try resolveRelays(raw.relays ?? [])
        return SteadymailConfiguration(
            dataDir: dataDir,
            logLevel: try choice(raw.logLevel, key: "log_level", default: .info),
            shutdownGracePeriod: try duration(
                raw.shutdownGracePeriod, key: "shutdown_grace_period", default: "30s"),
            controlSocket: nonEmpty(raw.controlSocket) ?? ConfigResolver.join(dataDir, "control.sock"),
            smtp: smtp,
            queue: QueueConfiguration(
                groupCommitMaxBatch: try count(
                    raw.queue?.groupCommitMaxBatch, key: "queue.group_commit_max_batch", default: 512),
                groupCommitMaxDelay: try duration(
                    raw.queue?.groupCommitMaxDelay, key: "queue.group_commit_max_delay", default: "0ms",
                    allowZero: true)
            ),
            storage: try resolveStorage(raw.storage, dataDir: dataDir),
            http: try resolveHTTP(raw.http),
            relays: relays,
            delivery: try resolveDelivery(raw.delivery, hostname: smtp.hostname),
            routes: try resolveRoutes(raw.routes ?? [], relays: relays),
            shaping: try resolveShaping(raw.shaping),
            destinations: try resolveDestinations(raw.destinations ?? []),
            retention: try resolveRetention(raw.retention),
            webhooks: try resolveWebhooks(raw.webhooks),
            monitoring: try resolveMonitoring(
                raw.monitoring, monitors: raw.monitors ?? [], smtp: smtp, relays: relays),
            alerts: try resolveAlerts(raw.alerts, smtp: smtp),
            status: try resolveStatus(raw.status, hostname: smtp.hostname),
            maintenance: try resolveMaintenance(raw.maintenance),
            sla: try resolveSLA(raw.sla),
            lists: try resolveLists(raw.lists, hostname: smtp.hostname),
            campaigns: try resolveCampaigns(raw.campaigns),
            feedback: feedback,
            reputation: try resolveReputation(raw.reputation)
        )
    }

    private func resolveStorage(_ raw: RawStorage?, dataDir: String) throws(ConfigError)
        -> StorageConfiguration
    {
        let backendName = raw?.backend ?? "sqlite"
        guard let backend = StorageBackend(rawValue: backendName) else {
            if backendName == "postgres" {
                throw fail("storage.backend", "postgres is not supported yet; the only backend is sqlite")
            }
            throw fail("storage.backend", "unknown backend \"\(backendName)\"; allowed: sqlite")
        }
        return StorageConfiguration(
            backend: backend,
            sqlite: SQLiteConfiguration(
                path: nonEmpty(raw?.sqlite?.path) ?? ConfigResolver.join(dataDir, "queue.sqlite"),
                busyTimeout: try duration(
                    raw?.sqlite?.busyTimeout, key: "storage.sqlite.busy_timeout", default: "5s")
            )
        )
    }

    /// `directory/name`, without doubling a trailing slash.
    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
    }
}
