import Foundation
import SteadymailDomain

/// The bodies alert channels send: the JSON of the alert webhook, the text of Slack, the text of the email.
///
/// It exists to fix the field names and the wording in one place (docs/webhooks.md, "Alerts", describes them):
/// snake_case kinds, RFC 3339 UTC times, every field present, `null` when it has no value.
struct AlertPayload: Encodable {
    var type = "alert"
    var alert: Fields

    /// The alert as the webhook's `alert` object.
    struct Fields: Encodable {
        var kind: String
        var key: String
        var subject: String
        var severity: String
        var summary: String
        var details: String
        var time: String
        var since: String?
        var recovery: Bool

        enum CodingKeys: String, CodingKey {
            case kind, key, subject, severity, summary, details, time, since, recovery
        }

        /// Writes `null` for an absent `since` instead of leaving the key out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(key, forKey: .key)
            try container.encode(subject, forKey: .subject)
            try container.encode(severity, forKey: .severity)
            try container.encode(summary, forKey: .summary)
            try container.encode(details, forKey: .details)
            try container.encode(time, forKey: .time)
            try container.encode(since, forKey: .since)
            try container.encode(recovery, forKey: .recovery)
        }
    }

    init(_ alert: Alert) {
        self.alert = Fields(
            kind: alert.kind.rawValue, key: alert.key, subject: alert.subject, severity: alert.severity.rawValue,
            summary: alert.summary, details: alert.details, time: InternetDate.rfc3339(alert.time),
            since: alert.since.map(InternetDate.rfc3339), recovery: alert.isRecovery)
    }

    /// The webhook body as sent and signed.
    static func webhookBody(for alert: Alert) -> [UInt8] {
        encode(AlertPayload(alert))
    }

    /// The Slack body: `{"text": ...}` with one readable line, then the details and since when.
    static func slackBody(for alert: Alert) -> [UInt8] {
        encode(["text": text(for: alert)])
    }

    /// One line with the severity and the summary, then the details, then when the condition began.
    static func text(for alert: Alert) -> String {
        let mark = alert.isRecovery ? "resolved" : alert.severity.rawValue
        var lines = ["[steadymail] \(mark): \(alert.summary)", alert.details]
        if let since = alert.since, since != alert.time {
            lines.append(
                alert.isRecovery
                    ? "began \(InternetDate.rfc3339(since)), lasted \(Alert.formatAge(alert.time.timeIntervalSince(since)))"
                    : "since \(InternetDate.rfc3339(since))")
        }
        lines.append("key \(alert.key) at \(InternetDate.rfc3339(alert.time))")
        return lines.joined(separator: "\n")
    }

    private static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
