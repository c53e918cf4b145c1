import Logging
import SteadymailConfig
import SteadymailStorage

/// Builds the SMTP side of feedback from the `feedback:` section: the VERP and mailto unsubscribe addresses of
/// campaign mail, and the local mail consumer that reads what comes back to them.
///
/// It exists so that a node without `feedback.bounce_domain` and `feedback.unsubscribe_domain` keeps its campaign mail
/// and its local mail consumer exactly as before.
enum FeedbackAssembly {
    /// The feedback addresses under the node's link signing key; nil when neither feedback domain is configured.
    static func addresses(_ configuration: SteadymailConfiguration, linkKey: [UInt8]) -> FeedbackAddresses? {
        let feedback = configuration.feedback
        guard feedback.bounceDomain != nil || feedback.unsubscribeDomain != nil else { return nil }
        return FeedbackAddresses(
            tokens: FeedbackToken(linkKey: linkKey), bounceDomain: feedback.bounceDomain,
            unsubscribeDomain: feedback.unsubscribeDomain)
    }

    /// `next` wrapped by a `FeedbackMailConsumer` when feedback addresses are in use; `next` itself otherwise.
    static func localMail(
        _ addresses: FeedbackAddresses?, links: UnsubscribeLinks, store: any QueueStore, sink: any FeedbackSink,
        next: any LocalMailConsumer, logger: Logger
    ) -> any LocalMailConsumer {
        guard let addresses else { return next }
        return FeedbackMailConsumer(
            addresses: addresses, links: links, store: store, sink: sink, next: next, logger: logger)
    }
}
