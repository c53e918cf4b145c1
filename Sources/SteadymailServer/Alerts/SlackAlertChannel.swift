import SteadymailDomain

/// An alert channel of kind `slack`: a POST of `{"text": ...}` to a Slack-compatible incoming webhook (Slack,
/// Mattermost, Rocket.Chat, Discord's `/slack` endpoint).
///
/// It exists because chat is where an operator notices an outage first, and every such service accepts this shape.
struct SlackAlertChannel: AlertChannel {
    let name: String
    let url: WebhookURL
    let poster: AlertHTTPPoster

    func deliver(_ alert: Alert, timeout: Duration) async throws {
        try await poster.post(
            url, headers: [("Content-Type", "application/json"), ("User-Agent", "Steadymail-Alerts/1")],
            body: AlertPayload.slackBody(for: alert), timeout: timeout)
    }
}
