import Logging
import NIOCore
import NIOSSL
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Builds the webhook dispatcher of a node from its `webhooks:` section.
///
/// It exists to keep the wiring (TLS context, resolver policy, client, sender) out of `SteadymailApplication`.
enum WebhookAssembly {
    static func dispatcher(
        _ configuration: SteadymailConfiguration, store: any QueueStore, group: any EventLoopGroup, logger: Logger
    ) throws -> WebhookDispatcher {
        let webhooks = configuration.webhooks
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        let sender = WebhookSender(
            resolver: WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: webhooks.allowPrivateTargets)),
            client: WebhookHTTPClient(group: group, tlsContext: try NIOSSLContext(configuration: tls)),
            timeout: webhooks.timeout, maxRedirects: webhooks.maxRedirects)
        return WebhookDispatcher(
            store: store, sender: sender, configuration: webhooks, gracePeriod: configuration.shutdownGracePeriod,
            logger: logger)
    }
}
