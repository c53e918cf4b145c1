import Foundation
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Builds the signed links of a node from its configuration: the link signing key (read, or created on first
/// start), the public URL, the double opt-in confirmations with the `lists:` settings, and the unsubscribe links.
enum AudienceAssembly {
    /// The node's link signing key, which also keys the VERP and mailto unsubscribe tokens.
    static func linkKey(_ configuration: SteadymailConfiguration) throws -> [UInt8] {
        try LinkSigningKey.load(configuredPath: configuration.http.linkKeyFile, dataDir: configuration.dataDir)
    }

    static func unsubscribeLinks(_ configuration: SteadymailConfiguration, signer: LinkSigner) -> UnsubscribeLinks {
        UnsubscribeLinks(signer: signer, publicURL: configuration.http.publicURL)
    }

    static func confirmations(
        _ configuration: SteadymailConfiguration, signer: LinkSigner, store: any QueueStore, pipeline: IntakePipeline
    ) throws -> SubscriptionConfirmations {
        let lists = configuration.lists
        let from = try Mailbox(parsing: lists.confirmationFrom ?? "noreply@\(configuration.smtp.hostname)")
        return SubscriptionConfirmations(
            store: store, pipeline: pipeline, signer: signer, publicURL: configuration.http.publicURL,
            from: from, subject: lists.confirmationSubject, ttl: lists.confirmationTTL)
    }
}
