import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain

/// The intake of the bounce and complaint webhooks of Amazon SES (through SNS), SendGrid, Mailgun and Postmark.
///
/// It exists because relaying providers rewrite the return path, so their bounces and complaints never reach the VERP
/// address: each webhook's credentials are checked first (SNS's RSA signature, SendGrid's ECDSA signature, Mailgun's
/// HMAC and token, Postmark's basic auth), then the body is read into `FeedbackEvent`s, which go to the feedback sink.
/// A provider that is not configured is a 404; a bad signature or credentials a 401; a body that cannot be read a
/// 400; a sink that cannot store a 503, so that the provider retries; anything else (events we ignore included) a 200.
struct ProviderWebhooks: Sendable {
    /// The largest body read; SendGrid batches many events in one POST.
    static let maxBodySize = 1 << 20
    /// SNS retries a notification for up to an hour, each retry with the original timestamp and signature, so an SES
    /// message may be this old whatever `feedback.webhook_max_age` says.
    static let snsMinimumMaxAge: Duration = .seconds(3600)

    /// The configured SES intake, or nil when `feedback.ses.enabled` is off.
    var ses: SES?
    var sendgrid: SendGridSignature?
    var mailgun: MailgunSignature?
    var postmark: PostmarkCredentials?
    let feedback: any FeedbackSink
    let logger: Logger

    /// SES's settings, with where its signing keys come from.
    struct SES: Sendable {
        let certificates: SNSCertificates
        let fetcher: (any SNSFetching)?
        let topicARNs: Set<String>
        let maxAge: Duration
    }

    /// What a webhook POST led to; the answer's body.
    struct Outcome: Sendable, Equatable, Encodable {
        var events = 0
        var recorded = 0
        var duplicates = 0
        var ignored = 0
    }

    func ses(body: Data, now: Date) async throws(APIError) -> Outcome {
        guard let ses else { throw Self.notConfigured("SES") }
        let envelope: SNSEnvelope
        do { envelope = try SNSEnvelope.parse(body) } catch { throw Self.badRequest(error) }
        guard ses.topicARNs.isEmpty || ses.topicARNs.contains(envelope.topicARN) else {
            throw APIError(.forbidden, code: "unknown_topic", message: "TopicArn is not in feedback.ses.topic_arns")
        }
        guard let published = envelope.publishedAt else {
            throw APIError.badRequest("invalid_request", "Timestamp: not an ISO 8601 time")
        }
        let keys = try await ses.certificates.keys(for: envelope.signingCertURL)
        guard keys.contains(where: { SNSSignature.isValid(envelope, key: $0) }) else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "the SNS signature does not verify")
        }
        try WebhookFreshness.check(published, now: now, maxAge: max(ses.maxAge, Self.snsMinimumMaxAge))
        switch envelope.kind {
        case .notification:
            let events: [FeedbackEvent]
            do {
                events = try SESNotification.events(
                    message: envelope.message, snsMessageID: envelope.messageID, receivedAt: now)
            } catch { throw Self.badRequest(error) }
            return try await record(events)
        case .subscriptionConfirmation:
            await confirm(envelope, ses: ses)
            return Outcome()
        case .unsubscribeConfirmation:
            logger.notice("SNS topic unsubscribed", metadata: ["topic": "\(envelope.topicARN)"])
            return Outcome()
        }
    }

    func sendgrid(body: Data, signature: String?, timestamp: String?, now: Date) async throws(APIError) -> Outcome {
        guard let sendgrid else { throw Self.notConfigured("SendGrid") }
        try sendgrid.check(signature: signature, timestamp: timestamp, body: body, now: now)
        let events: [FeedbackEvent]
        do { events = try SendGridEvents.events(body, receivedAt: now) } catch { throw Self.badRequest(error) }
        return try await record(events)
    }

    func mailgun(body: Data, now: Date) async throws(APIError) -> Outcome {
        guard let mailgun else { throw Self.notConfigured("Mailgun") }
        let webhook: MailgunWebhook
        do { webhook = try MailgunWebhook.parse(body, receivedAt: now) } catch { throw Self.badRequest(error) }
        try await mailgun.check(webhook, now: now)
        do {
            return try await record(webhook.event.map { [$0] } ?? [])
        } catch {
            await mailgun.tokens.release(webhook.token)
            throw error
        }
    }

    func postmark(body: Data, authorization: String?, now: Date) async throws(APIError) -> Outcome {
        guard let postmark else { throw Self.notConfigured("Postmark") }
        try await postmark.check(authorization: authorization)
        let event: FeedbackEvent?
        do { event = try PostmarkWebhook.event(body, receivedAt: now) } catch { throw Self.badRequest(error) }
        return try await record(event.map { [$0] } ?? [])
    }

    /// Hands each event to the sink; the first failure stops with a 503 (the provider's retry is deduplicated).
    private func record(_ events: [FeedbackEvent]) async throws(APIError) -> Outcome {
        var outcome = Outcome(events: events.count)
        for event in events {
            do {
                switch try await feedback.record(event) {
                case .recorded: outcome.recorded += 1
                case .duplicate: outcome.duplicates += 1
                case .ignored: outcome.ignored += 1
                }
            } catch {
                logger.error(
                    "cannot record provider feedback",
                    metadata: ["source": "\(event.source.rawValue)", "error": "\(error)"])
                throw Self.unavailable
            }
        }
        return outcome
    }

    /// Logs the confirmation URL of a new subscription and, when keys come from AWS, visits it (an AWS SNS URL only).
    private func confirm(_ envelope: SNSEnvelope, ses: SES) async {
        let url = envelope.subscribeURL ?? ""
        logger.notice("SNS subscription confirmation", metadata: ["topic": "\(envelope.topicARN)", "url": "\(url)"])
        guard let fetcher = ses.fetcher else { return }
        guard SNSEnvelope.isAWSEndpoint(url), case .success(let parsed) = WebhookURL.parse(url) else {
            logger.warning(
                "SNS SubscribeURL is not on sns.<region>.amazonaws.com; not visited", metadata: ["url": "\(url)"])
            return
        }
        do {
            let answer = try await fetcher.get(parsed, bodyLimit: 4096)
            logger.notice(
                "SNS subscription confirmed", metadata: ["topic": "\(envelope.topicARN)", "status": "\(answer.status)"])
        } catch {
            logger.warning("cannot confirm the SNS subscription", metadata: ["url": "\(url)", "error": "\(error)"])
        }
    }

    private static func notConfigured(_ provider: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "\(provider) webhooks are not configured")
    }

    private static func badRequest(_ error: ProviderPayloadError) -> APIError {
        APIError.badRequest("invalid_request", error.description)
    }

    private static let unavailable = APIError(
        .serviceUnavailable, code: "storage_unavailable", message: "the feedback could not be stored; retry later")
}
