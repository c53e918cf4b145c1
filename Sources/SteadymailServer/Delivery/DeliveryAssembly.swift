import Foundation
import Logging
import NIOCore
import NIOSSL
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import SteadymailStorage

/// Builds the relay pool, the destination limits and the delivery service from the configuration.
///
/// It exists so `SteadymailApplication` stays a list of services, and so every relay's TLS context and client
/// settings are decided (and any bad CA file reported with its key) before anything runs.
enum DeliveryAssembly {
    static func make(
        _ configuration: SteadymailConfiguration, store: any QueueStore, wake: WakeSignal, group: any EventLoopGroup,
        metrics: SteadymailMetrics, logger: Logger, feedbackWake: WakeSignal? = nil
    ) throws -> (DeliveryService, RelayPool) {
        let delivery = configuration.delivery
        let pool = RelayPool(
            relays: try endpoints(configuration), routes: routeTable(configuration),
            breaker: CircuitBreaker(configuration: breaker(delivery)), pace: pace(configuration.shaping),
            idleLimit: delivery.connectionIdle, group: group, wake: wake, logger: logger)
        let service = DeliveryService(
            store: store, pool: pool, identity: try NodeIdentity.load(dataDir: configuration.dataDir),
            configuration: delivery, gracePeriod: configuration.shutdownGracePeriod, wake: wake,
            notices: DeliveryNotices(
                store: store, reportingMTA: configuration.smtp.hostname, wake: wake, logger: logger),
            destinations: DestinationLimiter(
                destinations: destinations(configuration), pace: pace(configuration.shaping),
                defaultConnections: delivery.concurrency, logger: logger),
            throttles: throttleDetector(configuration.shaping), group: group, metrics: metrics, logger: logger,
            feedbackWake: feedbackWake)
        return (service, pool)
    }

    /// The slow start and throttle reaction shared by every relay and destination.
    static func pace(_ shaping: ShapingConfiguration) -> AdaptivePace.Configuration {
        AdaptivePace.Configuration(
            interval: shaping.rampInterval, initialConnections: shaping.rampInitialConnections,
            initialRate: shaping.rampInitialRate, fullRate: shaping.rampFullRate, minimumRate: shaping.throttleMinRate)
    }

    static func destinations(_ configuration: SteadymailConfiguration) -> [Destination] {
        configuration.destinations.map {
            Destination(name: $0.name, domains: $0.domains, concurrency: $0.concurrency, rate: $0.rate)
        }
    }

    static func throttleDetector(_ shaping: ShapingConfiguration) -> ThrottleReplyDetector {
        ThrottleReplyDetector(patterns: shaping.throttlePatterns)
    }

    /// Every relay with how to reach it; a CA file that cannot be read is reported with its key.
    static func endpoints(_ configuration: SteadymailConfiguration) throws -> [(RelayConfiguration, RelayEndpoint)] {
        let delivery = configuration.delivery
        var timeouts = SMTPClientTimeouts()
        timeouts.connect = delivery.connectTimeout
        timeouts.greeting = delivery.greetingTimeout
        timeouts.command = delivery.commandTimeout
        timeouts.data = delivery.dataTimeout
        timeouts.finalDot = delivery.finalDotTimeout
        timeouts.idle = delivery.connectionIdle + .seconds(5)
        let heloName = delivery.heloName.isEmpty ? configuration.smtp.hostname : delivery.heloName
        var relays: [(RelayConfiguration, RelayEndpoint)] = []
        for (index, relay) in configuration.relays.enumerated() {
            let endpoint = RelayEndpoint(
                name: relay.name, host: relay.host, port: relay.port, implicitTLS: relay.tls == .implicit,
                tlsContext: try tlsContext(relay, index: index),
                client: SMTPClientConfiguration(
                    heloName: heloName, tlsMode: clientTLSMode(relay.tls),
                    credentials: relay.credentials.map {
                        SMTPClientCredentials(username: $0.username, password: $0.password)
                    },
                    timeouts: timeouts))
            relays.append((relay, endpoint))
        }
        return relays
    }

    static func routeTable(_ configuration: SteadymailConfiguration) -> RouteTable {
        RouteTable(
            routes: configuration.routes.map {
                Route(
                    name: $0.name, priority: $0.priority, senderDomain: $0.senderDomain, apiKey: $0.apiKey,
                    relays: $0.relays)
            })
    }

    static func breaker(_ delivery: DeliveryConfiguration) -> CircuitBreaker.Configuration {
        CircuitBreaker.Configuration(
            threshold: delivery.breakerThreshold, cooldownInitial: delivery.breakerCooldown,
            cooldownMaximum: delivery.breakerCooldownMax)
    }

    static func clientTLSMode(_ mode: RelayTLSMode) -> SMTPClientTLSMode {
        switch mode {
        case .none: .none
        case .starttls: .opportunistic
        case .starttlsRequired: .required
        case .implicit: .implicit
        }
    }

    static func tlsContext(_ relay: RelayConfiguration, index: Int) throws -> NIOSSLContext? {
        guard relay.tls != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if !relay.tlsVerify { tls.certificateVerification = .none }
        if let caFile = relay.caFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw ConfigError(
                    key: "relays[\(index)].ca_file", message: "cannot read PEM certificates \(caFile): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConfigError(key: "relays[\(index)].tls", message: "cannot build a TLS context: \(error)")
        }
    }
}
