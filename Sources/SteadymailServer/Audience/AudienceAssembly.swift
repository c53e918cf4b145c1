import Foundation
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Builds the double opt-in confirmations of a node from its configuration: the link signing key (read, or created
/// on first start), the public URL, and the `lists:` settings.
enum AudienceAssembly {
    static func confirmations(
        _ configuration: SteadymailConfiguration, store: any QueueStore, pipeline: IntakePipeline
    ) throws -> SubscriptionConfirmations {
        let key = try LinkSigningKey.load(
            configuredPath: configuration.http.linkKeyFile, dataDir: configuration.dataDir)
        let lists = configuration.lists
        let from = try Mailbox(parsing: lists.confirmationFrom ?? "noreply@\(configuration.smtp.hostname)")
        return SubscriptionConfirmations(
            store: store, pipeline: pipeline, signer: LinkSigner(key: key), publicURL: configuration.http.publicURL,
            from: from, subject: lists.confirmationSubject, ttl: lists.confirmationTTL)
    }
}
