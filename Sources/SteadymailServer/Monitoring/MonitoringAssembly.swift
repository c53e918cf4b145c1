import NIOCore
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Builds the probes of a configuration's monitors.
///
/// It exists so that start-up and a reload build them the same way: network and internal probes from
/// `ProbeDependencies`, canaries around the node's one canary mailbox and straight through the relay pool's endpoints.
enum MonitoringAssembly {
    static func probes(
        _ configuration: SteadymailConfiguration, store: any QueueStore, pool: RelayPool, canaries: CanaryMailbox,
        registry: ChannelRegistry, group: any EventLoopGroup
    ) throws -> ProbeFactory {
        ProbeFactory(
            dependencies: try ProbeDependencies(
                configuration: configuration, store: store, group: group, relayOutcomes: pool),
            canary: { definition -> any MonitorProbe in
                let canary = CanaryAssembly.probe(
                    definition, configuration: configuration, mailbox: canaries, pool: pool, group: group,
                    registry: registry)
                guard let canary else { return UnusableProbe(reason: "a canary needs monitoring.canary_domain") }
                return canary
            })
    }
}
