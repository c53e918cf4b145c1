import Foundation

/// The feedback events in one SendGrid Event Webhook batch (a JSON array of events).
///
/// It exists to turn SendGrid's event names into ours: `bounce` with `type` `bounce` is a hard bounce; `bounce` with
/// `type` `blocked` (the receiver refused the message, often over reputation or content, not the address) is soft, so
/// it counts only when it repeats across campaigns; `spamreport` is a complaint; `unsubscribe` and
/// `group_unsubscribe` are unsubscribes. `dropped` (SendGrid did not even try, often because of its own suppression
/// list), `deferred`, `delivered`, `processed`, `open`, `click` and the rest yield nothing. `sg_event_id` is the
/// dedupe key, and `smtp-id` (the message's Message-ID) names our queued message when it is one of ours.
public enum SendGridEvents {
    public static func events(_ body: Data, receivedAt: Date) throws(ProviderPayloadError) -> [FeedbackEvent] {
        guard let batch = try ProviderJSON.parse(body) as? [Any] else {
            throw ProviderPayloadError("the body must be a JSON array of events")
        }
        var events: [FeedbackEvent] = []
        for (index, item) in batch.enumerated() {
            guard let object = item as? [String: Any] else {
                throw ProviderPayloadError("[\(index)]: not an event object")
            }
            let kind: FeedbackKind
            switch (object["event"] as? String, object["type"] as? String) {
            case ("bounce", "blocked"): kind = .softBounce
            case ("bounce", _): kind = .hardBounce
            case ("spamreport", _): kind = .complaint
            case ("unsubscribe", _), ("group_unsubscribe", _): kind = .unsubscribe
            default: continue
            }
            guard let email = object["email"] as? String, !email.isEmpty else {
                throw ProviderPayloadError("[\(index)].email: missing")
            }
            events.append(
                FeedbackEvent(
                    kind: kind, source: .sendgrid, email: email,
                    messageID: ProviderMessageID.queueID(object["smtp-id"] as? String),
                    status: ProviderJSON.string(object["status"]), detail: object["reason"] as? String,
                    at: ProviderTime.unix(object["timestamp"]) ?? receivedAt,
                    dedupeKey: (object["sg_event_id"] as? String).map { "sendgrid:\($0)" }))
        }
        return events
    }
}
