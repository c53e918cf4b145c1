import Crypto
import Foundation
import SteadymailConfig

/// Verifies SendGrid's Signed Event Webhook: an ECDSA P-256 signature (base64 DER, header
/// `X-Twilio-Email-Event-Webhook-Signature`) over the timestamp header followed by the raw body bytes, made with the
/// key whose public half `feedback.sendgrid.public_key` holds.
///
/// It exists so that the check covers the exact bytes received, before any parsing, and refuses a timestamp older
/// than `feedback.webhook_max_age` so a captured request cannot be replayed later.
struct SendGridSignature: Sendable {
    let key: P256.Signing.PublicKey
    let maxAge: Duration

    /// The key of `configuration`, or nil when SendGrid is not configured; a key that is not a P-256 public key stops
    /// start-up naming it.
    static func key(_ configuration: FeedbackConfiguration) throws -> P256.Signing.PublicKey? {
        guard let text = configuration.sendgridPublicKey else { return nil }
        guard let der = Data(base64Encoded: text), let key = try? P256.Signing.PublicKey(derRepresentation: der) else {
            throw ConfigError(
                key: "feedback.sendgrid.public_key", message: "is not a base64 DER ECDSA P-256 public key")
        }
        return key
    }

    func check(signature: String?, timestamp: String?, body: Data, now: Date) throws(APIError) {
        guard let signature, let timestamp else {
            throw APIError(
                .unauthorized, code: "invalid_signature",
                message: "the X-Twilio-Email-Event-Webhook-Signature and -Timestamp headers are required")
        }
        guard let seconds = Double(timestamp), seconds.isFinite else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "the timestamp header is not a number")
        }
        guard let der = Data(base64Encoded: signature),
            let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der),
            key.isValidSignature(parsed, for: Data(timestamp.utf8) + body)
        else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "the signature does not verify")
        }
        try WebhookFreshness.check(Date(timeIntervalSince1970: seconds), now: now, maxAge: maxAge)
    }
}
