/// Reads how many webhook events wait in the outbox, at each scrape of `GET /metrics`; nil while the node has none.
///
/// It exists so that the metrics route needs to know nothing of webhooks: `SteadymailApplication` passes
/// `WebhookBacklog { try await store.pendingWebhookDeliveries() }`; `.none` leaves `steadymail_webhook_backlog` out of
/// the scrape.
public struct WebhookBacklog: Sendable {
    let read: @Sendable () async throws -> Int?

    public init(_ read: @escaping @Sendable () async throws -> Int?) {
        self.read = read
    }

    /// No webhook outbox on this node: the gauge is not exported.
    public static let none = WebhookBacklog { nil }
}
