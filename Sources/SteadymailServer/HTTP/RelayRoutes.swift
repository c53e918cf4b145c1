import Foundation
import Hummingbird

/// `GET /v1/relays` (scope `read`) and `POST /v1/relays/{name}/pause|resume` (scope `admin`).
///
/// It exists so that relay state and maintenance are reachable over HTTP with the semantics of `steadymail relays`
/// and `steadymail relay pause|resume`: the same `RelayControl`, the same views, idempotent changes.
struct RelayRoutes {
    let relays: any RelayControl

    func register(on api: RouterGroup<APIRequestContext>) {
        api.get("relays") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["relays": await relays.snapshot()])
        }
        api.post("relays/:name/pause") { _, context -> Response in
            try await change(context, paused: true)
        }
        api.post("relays/:name/resume") { _, context -> Response in
            try await change(context, paused: false)
        }
    }

    private func change(_ context: APIRequestContext, paused: Bool) async throws -> Response {
        _ = try context.require(.admin)
        let raw = context.parameters.get("name") ?? ""
        let name = raw.removingPercentEncoding ?? raw
        guard await relays.setPaused(name, paused: paused),
            let relay = await relays.snapshot().first(where: { $0.name == name })
        else {
            throw APIError(.notFound, code: "not_found", message: "no relay named \(name)")
        }
        return HTTPService.jsonResponse(.ok, ["relay": relay])
    }
}
