import Foundation

/// The feedback event in one Postmark webhook POST (one record, told apart by `RecordType`).
///
/// It exists to turn Postmark's records into ours: a `Bounce` of `Type` `HardBounce` or `BadEmailAddress` is hard and
/// `SoftBounce` is soft; every other bounce type (`Transient` is a delay Postmark still retries, `DnsError`,
/// `Blocked`, `AutoResponder`, `SpamNotification`, ...) yields nothing, because none says the address is bad. A
/// `SpamComplaint` is a complaint. A `SubscriptionChange` that suppresses sending by `ManualSuppression` (the
/// recipient used Postmark's unsubscribe link) is an unsubscribe; one caused by a hard bounce or a complaint yields
/// nothing, since the `Bounce` or `SpamComplaint` record reports it. `MessageID` is Postmark's own id, not ours.
public enum PostmarkWebhook {
    public static func event(_ body: Data, receivedAt: Date) throws(ProviderPayloadError) -> FeedbackEvent? {
        let object = try ProviderJSON.object(body)
        let recordType = try ProviderJSON.required(object, "RecordType")
        switch recordType {
        case "Bounce", "SpamComplaint":
            let kind: FeedbackKind
            switch (recordType, object["Type"] as? String) {
            case ("SpamComplaint", _): kind = .complaint
            case (_, "HardBounce"), (_, "BadEmailAddress"): kind = .hardBounce
            case (_, "SoftBounce"): kind = .softBounce
            default: return nil
            }
            guard let id = ProviderJSON.string(object["ID"]) else { throw ProviderPayloadError("ID: missing") }
            return FeedbackEvent(
                kind: kind, source: .postmark, email: try ProviderJSON.required(object, "Email"),
                detail: (object["Details"] as? String) ?? (object["Description"] as? String),
                at: ProviderTime.iso8601(object["BouncedAt"] as? String) ?? receivedAt, dedupeKey: "postmark:\(id)")
        case "SubscriptionChange":
            guard ProviderJSON.bool(object["SuppressSending"]) == true,
                object["SuppressionReason"] as? String == "ManualSuppression"
            else { return nil }
            let email = try ProviderJSON.required(object, "Recipient")
            let changedAt = try ProviderJSON.required(object, "ChangedAt")
            return FeedbackEvent(
                kind: .unsubscribe, source: .postmark, email: email,
                at: ProviderTime.iso8601(changedAt) ?? receivedAt,
                dedupeKey: "postmark:change:\(email.lowercased()):\(changedAt)")
        default:
            return nil
        }
    }
}
