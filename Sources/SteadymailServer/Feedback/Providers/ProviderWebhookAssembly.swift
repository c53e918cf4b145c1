import Logging
import NIOCore
import NIOSSL
import SteadymailConfig
import SteadymailDomain

/// Builds the provider webhook intake from the `feedback:` section.
///
/// It exists to keep the wiring (pinned certificates or the AWS fetcher, the verification keys) out of
/// `SteadymailApplication`, and to stop start-up on a certificate or key that does not parse, naming its key.
enum ProviderWebhookAssembly {
    static func make(
        _ configuration: SteadymailConfiguration, feedback: any FeedbackSink, group: any EventLoopGroup,
        logger: Logger
    ) throws -> ProviderWebhooks {
        let settings = configuration.feedback
        var ses: ProviderWebhooks.SES?
        if settings.ses.enabled {
            let topics = Set(settings.ses.topicARNs)
            if let pinned = try SNSCertificates.pinnedKeys(settings.ses) {
                ses = ProviderWebhooks.SES(
                    certificates: SNSCertificates(pinned: pinned), fetcher: nil, topicARNs: topics,
                    maxAge: settings.webhookMaxAge)
            } else {
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.minimumTLSVersion = .tlsv12
                let fetcher = LiveSNSFetcher(
                    resolver: WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: false)),
                    client: WebhookHTTPClient(group: group, tlsContext: try NIOSSLContext(configuration: tls)),
                    timeout: configuration.webhooks.timeout)
                ses = ProviderWebhooks.SES(
                    certificates: SNSCertificates(fetcher: fetcher), fetcher: fetcher, topicARNs: topics,
                    maxAge: settings.webhookMaxAge)
            }
        }
        return ProviderWebhooks(
            ses: ses,
            sendgrid: try SendGridSignature.key(settings).map {
                SendGridSignature(key: $0, maxAge: settings.webhookMaxAge)
            },
            mailgun: settings.mailgunSigningKey.map {
                MailgunSignature(signingKey: $0, maxAge: settings.webhookMaxAge)
            },
            postmark: settings.postmark.map(PostmarkCredentials.init), feedback: feedback, logger: logger)
    }
}
