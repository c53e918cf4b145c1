import Foundation
import SteadymailDomain

/// An alert channel of kind `webhook`: a JSON POST signed exactly like Steadymail's event webhooks.
///
/// It exists so that a receiver already verifying Steadymail's webhooks verifies alerts with the same code: the body
/// is `{"type": "alert", "alert": {...}}` (`AlertPayload`), `X-Steadymail-Timestamp` holds the Unix time of the
/// attempt and `X-Steadymail-Signature` the `v1=` HMAC-SHA256 of `<timestamp>.<body>` keyed with the channel's secret.
/// A channel without a secret sends no signature.
struct WebhookAlertChannel: AlertChannel {
    let name: String
    let url: WebhookURL
    let secret: String?
    let poster: AlertHTTPPoster

    func deliver(_ alert: Alert, timeout: Duration) async throws {
        let body = AlertPayload.webhookBody(for: alert)
        let timestamp = Int64(Date().timeIntervalSince1970.rounded(.down))
        var headers = [
            ("Content-Type", "application/json"), ("User-Agent", "Steadymail-Alerts/1"),
            ("X-Steadymail-Timestamp", String(timestamp)),
        ]
        if let secret {
            headers.append(
                ("X-Steadymail-Signature", WebhookSignature.header(secret: secret, timestamp: timestamp, body: body)))
        }
        try await poster.post(url, headers: headers, body: body, timeout: timeout)
    }
}
