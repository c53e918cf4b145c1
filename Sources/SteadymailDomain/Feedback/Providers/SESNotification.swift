import Foundation

/// The feedback events in one Amazon SES notification (the `Message` of an SNS notification), in either of SES's
/// documented shapes: feedback notifications (`notificationType`) and event publishing (`eventType`).
///
/// It exists to turn SES's words into ours: a `Permanent` bounce is hard; a `Transient` bounce, which SES reports only
/// once it has stopped retrying, is soft; an `Undetermined` bounce (SES could not tell why) is not counted, since
/// nothing says it was the recipient's fault. Each complained recipient is a complaint. Deliveries, sends, opens,
/// clicks and every other type are not feedback and yield nothing. Our Message-ID (`commonHeaders.messageId`, or the
/// `Message-ID` entry of `headers`) names the queued message when it is one of ours.
public enum SESNotification {
    /// The events of `message`; `snsMessageID` makes each event's dedupe key (SNS retries the same message id), and
    /// `receivedAt` stands in for a time SES did not give.
    public static func events(message: String, snsMessageID: String, receivedAt: Date) throws(ProviderPayloadError)
        -> [FeedbackEvent]
    {
        let object = try ProviderJSON.object(Data(message.utf8))
        let type = (object["notificationType"] as? String) ?? (object["eventType"] as? String)
        let mail = object["mail"] as? [String: Any] ?? [:]
        let queueID = ProviderMessageID.queueID(ourMessageID(mail))
        func event(_ kind: FeedbackKind, _ email: String, status: String?, detail: String?, at: Date)
            -> FeedbackEvent
        {
            FeedbackEvent(
                kind: kind, source: .ses, email: email, messageID: queueID, status: status, detail: detail, at: at,
                dedupeKey: "ses:\(snsMessageID):\(email.lowercased())")
        }
        switch type {
        case "Bounce":
            guard let bounce = object["bounce"] as? [String: Any] else {
                throw ProviderPayloadError("Message.bounce: missing")
            }
            let kind: FeedbackKind
            switch bounce["bounceType"] as? String {
            case "Permanent": kind = .hardBounce
            case "Transient": kind = .softBounce
            default: return []
            }
            let at = ProviderTime.iso8601(bounce["timestamp"] as? String) ?? receivedAt
            let recipients = bounce["bouncedRecipients"] as? [[String: Any]] ?? []
            return recipients.compactMap { recipient in
                guard let email = recipient["emailAddress"] as? String, !email.isEmpty else { return nil }
                let detail =
                    (recipient["diagnosticCode"] as? String)
                    ?? (bounce["bounceSubType"] as? String).map {
                        "\(kind == .hardBounce ? "Permanent" : "Transient")/\($0)"
                    }
                return event(kind, email, status: recipient["status"] as? String, detail: detail, at: at)
            }
        case "Complaint":
            guard let complaint = object["complaint"] as? [String: Any] else {
                throw ProviderPayloadError("Message.complaint: missing")
            }
            let at = ProviderTime.iso8601(complaint["timestamp"] as? String) ?? receivedAt
            let detail = complaint["complaintFeedbackType"] as? String
            let recipients = complaint["complainedRecipients"] as? [[String: Any]] ?? []
            return recipients.compactMap { recipient in
                guard let email = recipient["emailAddress"] as? String, !email.isEmpty else { return nil }
                return event(.complaint, email, status: nil, detail: detail, at: at)
            }
        case nil:
            throw ProviderPayloadError("Message: neither notificationType nor eventType")
        default:
            return []
        }
    }

    /// The Message-ID the sender wrote, as SES reports it.
    private static func ourMessageID(_ mail: [String: Any]) -> String? {
        if let common = mail["commonHeaders"] as? [String: Any], let id = common["messageId"] as? String {
            return id
        }
        let headers = mail["headers"] as? [[String: Any]] ?? []
        let header = headers.first { ($0["name"] as? String)?.lowercased() == "message-id" }
        return header?["value"] as? String
    }
}
