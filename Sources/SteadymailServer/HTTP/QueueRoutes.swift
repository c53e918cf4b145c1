import Foundation
import Hummingbird
import SteadymailDomain
import SteadymailStorage

/// `GET /v1/queue` (scope `read`) and `POST /v1/queue/retry` (scope `admin`): the state of the queue, and the
/// operator's retry of deferred mail.
///
/// It exists so that a dashboard, an alert or a runbook needs no shell on the host: the retry goes through the same
/// `QueueOperations` as `steadymail queue retry`, so it is logged, wakes delivery and selects exactly the same
/// recipients.
struct QueueRoutes {
    let store: any QueueStore
    let operations: QueueOperations

    func register(on api: RouterGroup<APIRequestContext>) {
        api.get("queue") { _, context -> Response in
            _ = try context.require(.read)
            let view = QueueSummaryView(
                counts: try await store.counts(), waitingByRelay: try await store.waitingByRelay(),
                oldestWaiting: try await store.oldestWaitingArrival(), now: Date())
            return HTTPService.jsonResponse(.ok, view)
        }
        api.post("queue/retry") { request, context -> Response in
            _ = try context.require(.admin)
            let fields = try await JSONObjectBody.strings(
                request, context: context, allowed: ["id", "domain", "relay", "sender", "tag"])
            let query = SelectorQuery(
                id: fields["id"], domain: fields["domain"], sender: fields["sender"], tag: fields["tag"],
                relay: fields["relay"])
            let selector: RecipientSelector
            do throws(ControlError) {
                selector = try query.selector(optionPrefix: "")
            } catch {
                throw APIError.badRequest("invalid_request", error.description)
            }
            return HTTPService.jsonResponse(.ok, ["retried": try await operations.retry(selector)])
        }
    }
}
