import Foundation
import SteadymailDomain
import SteadymailStorage

extension QueueControlHandler {
    /// `steadymail webhook add|list|remove`. Works on a running server and, from the CLI, on the database directly.
    func handleWebhooks(_ request: ControlRequest) async throws -> ControlResponse {
        let subscriptions = WebhookSubscriptions(store: store, allowPrivateTargets: allowPrivateWebhookTargets)
        switch request.command {
        case .webhookAdd:
            let wanted = request.webhook ?? WebhookRequest()
            do {
                let record = try await subscriptions.create(
                    url: wanted.url ?? "", events: wanted.events ?? [], description: wanted.description, now: Date())
                return ControlResponse(webhooks: [WebhookView(record)], webhookSecret: record.secret)
            } catch let error as WebhookRequestError {
                return ControlResponse(error: error.description)
            }
        case .webhookRemove:
            let id = request.webhook?.id ?? ""
            guard try await subscriptions.remove(id: id) else {
                return ControlResponse(error: "no webhook with id \(id)")
            }
            return ControlResponse(webhooks: [])
        default:
            let counts = try await store.webhookDeliveryCounts()
            return ControlResponse(
                webhooks: try await subscriptions.list().map { WebhookView($0, counts: counts[$0.id] ?? .init()) })
        }
    }
}
