import Foundation
import Hummingbird
import NIOCore
import SteadymailDomain

/// `GET /v1/maintenance` and `GET /v1/maintenance/suggest` (scope `read`), `POST /v1/maintenance` and
/// `DELETE /v1/maintenance/{id}` (scope `admin`).
///
/// It exists so that maintenance windows are planned and managed over HTTP with the semantics of
/// `steadymail maintenance`: the same `MaintenanceOperations`, the same parsing, validation and views.
struct MaintenanceRoutes {
    let maintenance: MaintenanceOperations

    /// The largest request body accepted for a new window.
    static let maximumBody = 16 * 1024
    /// The fields of a new window.
    static let fields: Set = ["relay", "monitor", "node", "start", "end", "weekly", "at", "tz", "duration", "reason"]

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("maintenance") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["windows": try await maintenance.list(now: Date())])
        }
        api.get("maintenance/suggest") { request, context -> Response in
            _ = try context.require(.read)
            let query = request.uri.queryParameters
            var limit: Int?
            if let text = query.get("limit") {
                guard let value = Int(text) else {
                    throw APIError.badRequest("invalid_parameter", "limit: must be an integer")
                }
                limit = value
            }
            do {
                let candidates = try await maintenance.suggest(
                    duration: query.get("duration"), relay: query.get("relay"), limit: limit, now: Date())
                return HTTPService.jsonResponse(.ok, ["candidates": candidates])
            } catch let error as MaintenanceWindowError {
                throw APIError.badRequest("invalid_parameter", error.description)
            }
        }
        api.post("maintenance") { request, context -> Response in
            _ = try context.require(.admin)
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBody)
            let data = Data(buffer: body)
            let wanted: MaintenanceRequest
            do {
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                if let unknown = object?.keys.sorted().first(where: { !Self.fields.contains($0) }) {
                    throw APIError.badRequest("invalid_request", "\(unknown): unknown field")
                }
                wanted = try JSONDecoder().decode(MaintenanceRequest.self, from: data)
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.badRequest("invalid_request", "the body must be a JSON object describing a window")
            }
            do {
                return HTTPService.jsonResponse(.created, try await maintenance.add(wanted, now: Date()))
            } catch let error as MaintenanceWindowError {
                throw APIError.badRequest("invalid_request", error.description)
            }
        }
        api.delete("maintenance/:id") { _, context -> Response in
            _ = try context.require(.admin)
            guard let id = Int64(context.parameters.get("id") ?? ""), id > 0 else {
                throw APIError.badRequest("invalid_parameter", "id: must be a positive integer")
            }
            guard try await maintenance.remove(id: id) else {
                throw APIError(.notFound, code: "not_found", message: "no maintenance window \(id)")
            }
            return Response(status: .noContent)
        }
    }
}
