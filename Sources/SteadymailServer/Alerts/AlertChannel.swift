import SteadymailDomain

/// One place an alert is sent to: a signed webhook, a Slack-compatible incoming webhook, or an email to the operator.
///
/// It exists so that `AlertDispatcher` handles retries, bounds and logging once for every kind of channel; a channel
/// only knows how to make one attempt.
protocol AlertChannel: Sendable {
    /// The channel's name from `alerts.channels`, for logs.
    var name: String { get }
    /// Makes one attempt to hand `alert` over, ending by `timeout`; throws `AlertDeliveryError` when it failed.
    func deliver(_ alert: Alert, timeout: Duration) async throws
}

/// Why one attempt to hand an alert to a channel failed.
struct AlertDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { reason }
}
