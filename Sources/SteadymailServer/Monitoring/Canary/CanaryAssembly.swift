import Logging
import NIOCore
import SteadymailConfig
import SteadymailDomain

/// Builds the two halves of the canary from the configuration: the local mail consumer that catches returning
/// canaries, and the probe of each `canary` monitor.
///
/// It exists so that start-up wires canaries in two calls, sharing one `CanaryMailbox` between the intake side and the
/// monitor side, and so that a node without `monitoring.canary_domain` keeps its local mail consumer untouched.
enum CanaryAssembly {
    /// `next` wrapped by a `CanaryMailConsumer` when a canary domain is configured; `next` itself otherwise.
    static func localMail(
        _ monitoring: MonitoringConfiguration, mailbox: CanaryMailbox, next: any LocalMailConsumer, logger: Logger
    ) -> any LocalMailConsumer {
        guard let domain = monitoring.canaryDomain else { return next }
        return CanaryMailConsumer(mailbox: mailbox, canaryDomain: domain, next: next, logger: logger)
    }

    /// The probe of a `canary` monitor, reaching relays through `pool`; nil for another kind or without a canary
    /// domain.
    static func probe(
        _ definition: MonitorDefinition, configuration: SteadymailConfiguration, mailbox: CanaryMailbox,
        pool: RelayPool, group: any EventLoopGroup, registry: ChannelRegistry
    ) -> CanaryProbe? {
        guard definition.kind == .canary, let domain = configuration.monitoring.canaryDomain else { return nil }
        return CanaryProbe(
            definition, canaryDomain: domain, hostname: configuration.smtp.hostname, mailbox: mailbox,
            endpoints: { name in await pool.endpoint(named: name) }, group: group, registry: registry)
    }
}
