import Foundation
import Hummingbird
import SteadymailDomain
import SteadymailStorage

/// `GET /v1/messages/{id}` and `GET /v1/messages`: one message end to end, and the messages matching filters, newest
/// first, a page at a time.
///
/// It exists so that an application can trace its mail over HTTP with the same answers `steadymail message` gives an
/// operator: the recipients' states and every event with its relay and remote reply. Both need the `read` scope.
struct TraceRoutes {
    let store: any QueueStore

    func register(on api: RouterGroup<APIRequestContext>) {
        api.get("messages") { request, context -> Response in
            _ = try context.require(.read)
            let parameters = request.uri.queryParameters.map { (name: String($0.key), value: String($0.value)) }
            let query = try MessageListParameters.query(parameters)
            return HTTPService.jsonResponse(.ok, MessageListView(try await store.messages(matching: query)))
        }
        api.get("messages/:id") { _, context -> Response in
            _ = try context.require(.read)
            let raw = context.parameters.get("id") ?? ""
            let text = raw.removingPercentEncoding ?? raw
            guard let id = QueueID(text), let detail = try await store.message(id) else {
                throw APIError(.notFound, code: "not_found", message: "no message with id \(text)")
            }
            return HTTPService.jsonResponse(.ok, MessageTraceView(detail))
        }
    }
}
