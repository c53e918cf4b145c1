/// The `feedback:` section: where bounces, complaints and mailto unsubscribes come back to, how many soft bounces make
/// a subscriber bounced, and the credentials that prove a provider's bounce and complaint webhook genuine.
///
/// It exists so that every way feedback arrives (VERP bounces and ARF reports by SMTP, mailto unsubscribes, the
/// webhooks of Amazon SES, SendGrid, Mailgun and Postmark) is configured in one place and checked at start.
public struct FeedbackConfiguration: Sendable, Equatable {
    /// The local domain of the VERP return path `bounces+<token>@<domain>` of campaign mail; nil sends campaign mail
    /// with the campaign's From address as return path (asynchronous bounces then go there, not to Steadymail).
    public var bounceDomain: String?
    /// The local domain of the `mailto:unsubscribe+<token>@<domain>` in `List-Unsubscribe`; nil leaves the mailto
    /// out (the https link and RFC 8058 one-click stay).
    public var unsubscribeDomain: String?
    /// Soft bounces, each in a distinct campaign, after which a subscriber is marked bounced.
    public var softBounceLimit: Int
    /// The oldest timestamp a signed webhook (SendGrid, Mailgun) may carry; older ones are refused as replays.
    public var webhookMaxAge: Duration
    public var ses: SES
    /// SendGrid's Event Webhook verification key: the base64 DER (SubjectPublicKeyInfo) ECDSA P-256 public key from
    /// its settings; nil refuses SendGrid webhooks.
    public var sendgridPublicKey: String?
    /// Mailgun's HTTP webhook signing key; nil refuses Mailgun webhooks.
    public var mailgunSigningKey: String?
    /// The basic-auth credentials Postmark's webhook URL carries (Postmark does not sign); nil refuses Postmark
    /// webhooks. The password is kept as a `steadymail hash-password` hash.
    public var postmark: Postmark?

    /// Amazon SES notifications through SNS, which signs every message with a certificate named by
    /// `SigningCertURL`.
    public struct SES: Sendable, Equatable {
        /// Whether SES webhooks are accepted at all.
        public var enabled: Bool
        /// PEM certificates trusted to sign SNS messages; when given, SigningCertURL is never fetched.
        public var certificateFiles: [String]
        /// The SNS topic ARNs accepted; empty accepts any topic whose message verifies.
        public var topicARNs: [String]

        public init(enabled: Bool = false, certificateFiles: [String] = [], topicARNs: [String] = []) {
            self.enabled = enabled
            self.certificateFiles = certificateFiles
            self.topicARNs = topicARNs
        }
    }

    /// Postmark's webhook credentials.
    public struct Postmark: Sendable, Equatable {
        public var username: String
        public var passwordHash: String

        public init(username: String, passwordHash: String) {
            self.username = username
            self.passwordHash = passwordHash
        }
    }

    public init(
        bounceDomain: String? = nil, unsubscribeDomain: String? = nil, softBounceLimit: Int = 3,
        webhookMaxAge: Duration = .seconds(300), ses: SES = SES(), sendgridPublicKey: String? = nil,
        mailgunSigningKey: String? = nil, postmark: Postmark? = nil
    ) {
        self.bounceDomain = bounceDomain
        self.unsubscribeDomain = unsubscribeDomain
        self.softBounceLimit = softBounceLimit
        self.webhookMaxAge = webhookMaxAge
        self.ses = ses
        self.sendgridPublicKey = sendgridPublicKey
        self.mailgunSigningKey = mailgunSigningKey
        self.postmark = postmark
    }
}
