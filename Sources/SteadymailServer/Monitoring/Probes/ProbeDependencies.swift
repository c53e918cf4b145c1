import NIOCore
import SteadymailConfig
import SteadymailSMTP
import SteadymailStorage

/// What a relay contributes to the probes bound to it: where it listens (for a monitor that names no host of its
/// own) and the login an AUTH check presents.
struct ProbeRelay: Sendable {
    var host: String
    var port: Int
    var credentials: SMTPClientCredentials?
}

/// Everything `ProbeFactory` needs to build any probe: the event loops, the store, the data directory, the relays,
/// the TLS contexts and where relay outcomes are counted.
///
/// It exists so that probes receive their collaborators explicitly (tests pass a local server's TLS context, a
/// temporary store, a stub outcome source) and so that the secrets an AUTH check needs come from the relay's
/// configuration, never from the monitor's definition.
struct ProbeDependencies: Sendable {
    var group: any EventLoopGroup
    var store: any QueueStore
    var dataDir: String
    /// The name SMTP probes send with EHLO.
    var heloName: String
    /// By relay name.
    var relays: [String: ProbeRelay]
    var tls: ProbeTLSContexts
    /// Where `relay-failures` monitors read; nil when no delivery runs (then they cannot run).
    var relayOutcomes: (any RelayOutcomeSource)?
    /// `monitoring.failure_window`.
    var failureWindow: Duration

    init(
        group: any EventLoopGroup, store: any QueueStore, dataDir: String, heloName: String,
        relays: [String: ProbeRelay], tls: ProbeTLSContexts, relayOutcomes: (any RelayOutcomeSource)?,
        failureWindow: Duration
    ) {
        self.group = group
        self.store = store
        self.dataDir = dataDir
        self.heloName = heloName
        self.relays = relays
        self.tls = tls
        self.relayOutcomes = relayOutcomes
        self.failureWindow = failureWindow
    }

    /// The dependencies of a node running `configuration`; throws the `ConfigError` of an unreadable relay CA file.
    init(
        configuration: SteadymailConfiguration, store: any QueueStore, group: any EventLoopGroup,
        relayOutcomes: (any RelayOutcomeSource)?
    ) throws {
        let heloName = configuration.delivery.heloName
        var relays: [String: ProbeRelay] = [:]
        for relay in configuration.relays {
            relays[relay.name] = ProbeRelay(
                host: relay.host, port: relay.port,
                credentials: relay.credentials.map {
                    SMTPClientCredentials(username: $0.username, password: $0.password)
                })
        }
        self.init(
            group: group, store: store, dataDir: configuration.dataDir,
            heloName: heloName.isEmpty ? configuration.smtp.hostname : heloName, relays: relays,
            tls: try ProbeTLSContexts(relays: configuration.relays), relayOutcomes: relayOutcomes,
            failureWindow: configuration.monitoring.failureWindow)
    }
}
