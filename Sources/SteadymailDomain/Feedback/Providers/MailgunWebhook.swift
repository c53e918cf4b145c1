import Foundation

/// One Mailgun webhook POST (`{"signature": {...}, "event-data": {...}}`): the signature fields and the feedback
/// event, if the event is feedback.
///
/// It exists to turn Mailgun's events into ours: `failed` with `severity` `permanent` is a hard bounce, unless its
/// delivery status says mailbox full (5.2.2 or 552), which is soft (`BounceClassification`); `failed` with `severity`
/// `temporary` is Mailgun reporting an attempt it will retry, not a bounce, and yields nothing; `complained` is a
/// complaint and `unsubscribed` an unsubscribe. Everything else yields nothing. `event-data.id` is the dedupe key and
/// `message.headers.message-id` names our queued message when it is one of ours.
public struct MailgunWebhook: Sendable, Equatable {
    /// The Unix time Mailgun signed, as the text it signed.
    public var timestamp: String
    /// A random string Mailgun sends once; remembered to refuse replays.
    public var token: String
    /// Hex HMAC-SHA256 of `timestamp + token` with the webhook signing key.
    public var signature: String
    public var event: FeedbackEvent?

    public static func parse(_ body: Data, receivedAt: Date) throws(ProviderPayloadError) -> MailgunWebhook {
        let object = try ProviderJSON.object(body)
        guard let signature = object["signature"] as? [String: Any] else {
            throw ProviderPayloadError("signature: missing")
        }
        guard let data = object["event-data"] as? [String: Any] else {
            throw ProviderPayloadError("event-data: missing")
        }
        guard let timestamp = ProviderJSON.string(signature["timestamp"]) else {
            throw ProviderPayloadError("signature.timestamp: missing")
        }
        return MailgunWebhook(
            timestamp: timestamp, token: try ProviderJSON.required(signature, "token"),
            signature: try ProviderJSON.required(signature, "signature"),
            event: try event(data, receivedAt: receivedAt))
    }

    private static func event(_ data: [String: Any], receivedAt: Date) throws(ProviderPayloadError) -> FeedbackEvent? {
        let status = data["delivery-status"] as? [String: Any] ?? [:]
        let description = [status["description"], status["message"]].compactMap { $0 as? String }.first {
            !$0.isEmpty
        }
        let enhanced = (status["enhanced-code"] as? String) ?? description.flatMap(enhancedStatus)
        let code = ProviderJSON.number(status["code"]).map { Int($0) }
        let kind: FeedbackKind
        switch (data["event"] as? String, data["severity"] as? String) {
        case ("failed", "permanent"):
            kind = BounceClassification.kind(status: enhanced, code: code) == .softBounce ? .softBounce : .hardBounce
        case ("complained", _): kind = .complaint
        case ("unsubscribed", _): kind = .unsubscribe
        default: return nil
        }
        guard let email = data["recipient"] as? String, !email.isEmpty else {
            throw ProviderPayloadError("event-data.recipient: missing")
        }
        let headers = (data["message"] as? [String: Any])?["headers"] as? [String: Any]
        return FeedbackEvent(
            kind: kind, source: .mailgun, email: email,
            messageID: ProviderMessageID.queueID(headers?["message-id"] as? String),
            status: enhanced ?? code.map(String.init),
            detail: kind == .hardBounce || kind == .softBounce ? description ?? data["reason"] as? String : nil,
            at: ProviderTime.unix(data["timestamp"]) ?? receivedAt,
            dedupeKey: (data["id"] as? String).map { "mailgun:\($0)" })
    }

    /// The first RFC 3463 enhanced status code (`5.1.1`) in a diagnostic text.
    static func enhancedStatus(_ text: String) -> String? {
        for word in text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }) {
            let parts = word.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
                parts.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isNumber) })
            else { continue }
            return String(word)
        }
        return nil
    }
}
