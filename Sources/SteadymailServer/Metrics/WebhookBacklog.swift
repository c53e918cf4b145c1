/// Reads how many webhook events wait in the outbox, at each scrape of `GET /metrics`; nil while the node has none.
///
/// It exists so that the metrics route needs to know nothing of webhooks. Until the webhook outbox exists the wiring
/// passes `.none` and `steadymail_webhook_backlog` is absent from the scrape; the outbox plugs in with its store's
/// count of pending entries, as `WebhookBacklog { try await store.<count of pending outbox entries>() }`.
public struct WebhookBacklog: Sendable {
    let read: @Sendable () async throws -> Int?

    public init(_ read: @escaping @Sendable () async throws -> Int?) {
        self.read = read
    }

    /// No webhook outbox on this node: the gauge is not exported.
    public static let none = WebhookBacklog { nil }
}
