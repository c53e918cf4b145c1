import Foundation
import Hummingbird
import NIOCore

/// `GET /v1/monitors` and `GET /v1/monitors/{name}` (scope `read`), `POST /v1/monitors` and
/// `DELETE /v1/monitors/{name}` (scope `admin`).
///
/// It exists so that monitors are seen and managed over HTTP with the semantics of `steadymail monitors` and
/// `steadymail monitor show|add|remove`: the same `MonitorControl`, the same views, the same validation as the
/// configuration file.
struct MonitorRoutes {
    let monitors: any MonitorControl

    /// The largest request body accepted for a new monitor.
    static let maximumBody = 16 * 1024

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("monitors") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["monitors": await monitors.monitors()])
        }
        api.get("monitors/:name") { request, context -> Response in
            _ = try context.require(.read)
            let name = Self.name(context)
            guard let monitor = await monitors.monitors().first(where: { $0.name == name }) else {
                throw APIError(.notFound, code: "not_found", message: "no monitor named \(name)")
            }
            let limit = try IncidentRoutes.limit(request.uri.queryParameters.get("limit"))
            return HTTPService.jsonResponse(
                .ok, MonitorDetailView(monitor: monitor, results: try await monitors.results(name, limit: limit)))
        }
        api.post("monitors") { request, context -> Response in
            _ = try context.require(.admin)
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBody)
            do {
                return HTTPService.jsonResponse(
                    .created, try await monitors.add(json: String(decoding: Data(buffer: body), as: UTF8.self)))
            } catch let error as MonitorChangeError {
                throw Self.apiError(error)
            }
        }
        api.delete("monitors/:name") { _, context -> Response in
            _ = try context.require(.admin)
            do {
                try await monitors.remove(Self.name(context))
            } catch let error as MonitorChangeError {
                throw Self.apiError(error)
            }
            return Response(status: .noContent)
        }
    }

    private static func name(_ context: APIRequestContext) -> String {
        let raw = context.parameters.get("name") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    private static func apiError(_ error: MonitorChangeError) -> APIError {
        switch error {
        case .invalid: APIError.badRequest("invalid_request", error.description)
        case .duplicate, .fromConfiguration: APIError(.conflict, code: "conflict", message: error.description)
        case .notFound: APIError(.notFound, code: "not_found", message: error.description)
        case .storage: APIError(.internalServerError, code: "internal_error", message: error.description)
        }
    }
}

/// `GET /v1/monitors/{name}`: the monitor and its newest results.
struct MonitorDetailView: Encodable {
    var monitor: MonitorView
    var results: [ProbeResultView]
}
