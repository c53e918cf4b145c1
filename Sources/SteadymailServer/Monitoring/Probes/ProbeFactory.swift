import SteadymailDomain
import SteadymailSMTP

/// Builds the probe that checks one monitor's definition.
///
/// It exists so that the monitor runner knows no kind: it asks the factory once per definition (again after a
/// reload or `monitor add`) and runs what comes back. A definition that cannot run (no host, no URL, an AUTH check
/// on a relay without credentials) becomes an `UnusableProbe` that reports why on every run. Canary probes are built
/// by the canary service, which passes `canary`.
struct ProbeFactory: Sendable {
    /// Builds the probe of a `canary` monitor.
    typealias CanaryProbeMaker = @Sendable (MonitorDefinition) -> any MonitorProbe

    let dependencies: ProbeDependencies
    let canary: CanaryProbeMaker?

    init(dependencies: ProbeDependencies, canary: CanaryProbeMaker? = nil) {
        self.dependencies = dependencies
        self.canary = canary
    }

    func probe(for definition: MonitorDefinition) -> any MonitorProbe {
        let connector = ProbeConnector(group: dependencies.group)
        let relay = definition.relay.flatMap { dependencies.relays[$0] }
        if let name = definition.relay, relay == nil, definition.kind != .relayFailures {
            return UnusableProbe(reason: "no relay named \(name)")
        }
        switch definition.kind {
        case .smtp:
            return smtp(definition, relay: relay, connector: connector)
        case .tcp:
            guard let host = definition.host ?? relay?.host, let port = definition.port ?? relay?.port else {
                return UnusableProbe(reason: "a tcp monitor needs a host and a port")
            }
            return TCPProbe(host: host, port: port, connector: connector)
        case .dns:
            guard let host = definition.host ?? relay?.host else {
                return UnusableProbe(reason: "a dns monitor needs a host")
            }
            return DNSProbe(host: host, expectAddress: definition.expectAddress)
        case .tlsCert:
            guard let host = definition.host ?? relay?.host else {
                return UnusableProbe(reason: "a tls-cert monitor needs a host")
            }
            return TLSCertificateProbe(
                host: host, port: definition.port ?? 443, warnDays: definition.warnDays, failDays: definition.failDays,
                tlsContext: dependencies.tls.context(verify: definition.tlsVerify, relay: definition.relay),
                connector: connector)
        case .http:
            guard let url = definition.url else { return UnusableProbe(reason: "an http monitor needs a url") }
            return HTTPProbe(
                url: url, expectStatus: definition.expectStatus, bodyContains: definition.bodyContains,
                client: WebhookHTTPClient(
                    group: dependencies.group,
                    tlsContext: dependencies.tls.context(verify: definition.tlsVerify, relay: definition.relay)))
        case .canary:
            guard let canary else { return UnusableProbe(reason: "canary monitors are not available on this node") }
            return canary(definition)
        case .storage:
            return StorageProbe(store: dependencies.store)
        case .disk:
            return DiskProbe(dataDir: dependencies.dataDir, threshold: definition.threshold)
        case .oldestDeferred:
            return OldestDeferredProbe(store: dependencies.store, threshold: definition.threshold)
        case .relayFailures:
            guard let name = definition.relay else {
                return UnusableProbe(reason: "a relay-failures monitor needs a relay")
            }
            guard let source = dependencies.relayOutcomes else {
                return UnusableProbe(reason: "relay outcomes are not counted on this node")
            }
            return RelayFailureRatioProbe(
                relay: name, threshold: definition.threshold ?? RelayFailureRatioProbe.defaultThreshold,
                window: dependencies.failureWindow, source: source)
        }
    }

    private func smtp(_ definition: MonitorDefinition, relay: ProbeRelay?, connector: ProbeConnector)
        -> any MonitorProbe
    {
        guard let host = definition.host ?? relay?.host else {
            return UnusableProbe(reason: "an smtp monitor needs a host or a relay")
        }
        var credentials: SMTPClientCredentials?
        if definition.checkAuth {
            guard let login = relay?.credentials else {
                return UnusableProbe(reason: "check_auth needs a relay with credentials")
            }
            credentials = login
        }
        let defaultPort = definition.tls == .implicit ? 465 : 25
        return SMTPProbe(
            host: host, port: definition.port ?? relay?.port ?? defaultPort, tls: definition.tls,
            tlsContext: definition.tls == .none
                ? nil : dependencies.tls.context(verify: definition.tlsVerify, relay: definition.relay),
            credentials: credentials, heloName: dependencies.heloName, connector: connector)
    }
}
