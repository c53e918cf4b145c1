import NIOSSL
import SteadymailConfig

/// The TLS client contexts network probes connect with, built once: verifying against the system roots, verifying
/// against a relay's own `ca_file` (with the system roots' place taken, as delivery does), and not verifying.
///
/// It exists because building a context loads trust roots, too slow to repeat every probe run, and because a probe
/// bound to a relay must trust what delivery to that relay trusts; an unreadable CA file is reported at start-up with
/// its key, by the same code that builds the relay's delivery context.
struct ProbeTLSContexts: Sendable {
    let verifying: NIOSSLContext
    let unverified: NIOSSLContext
    /// Verifying contexts of relays that name a `ca_file`.
    let relayVerifying: [String: NIOSSLContext]

    init(verifying: NIOSSLContext, unverified: NIOSSLContext, relayVerifying: [String: NIOSSLContext] = [:]) {
        self.verifying = verifying
        self.unverified = unverified
        self.relayVerifying = relayVerifying
    }

    /// Contexts for these relays; throws the `ConfigError` of an unreadable `ca_file`.
    init(relays: [RelayConfiguration]) throws {
        var base = TLSConfiguration.makeClientConfiguration()
        base.minimumTLSVersion = .tlsv12
        var insecure = base
        insecure.certificateVerification = .none
        var byRelay: [String: NIOSSLContext] = [:]
        for (index, relay) in relays.enumerated() where relay.caFile != nil {
            var verified = relay
            verified.tls = .starttlsRequired
            verified.tlsVerify = true
            byRelay[relay.name] = try DeliveryAssembly.tlsContext(verified, index: index)
        }
        self.init(
            verifying: try NIOSSLContext(configuration: base), unverified: try NIOSSLContext(configuration: insecure),
            relayVerifying: byRelay)
    }

    /// The context for a probe that verifies or not, bound to `relay` or not.
    func context(verify: Bool, relay: String?) -> NIOSSLContext {
        guard verify else { return unverified }
        return relay.flatMap { relayVerifying[$0] } ?? verifying
    }
}
