import Foundation
import Hummingbird

/// `GET /v1/incidents` and `GET /v1/incidents/{id}` (scope `read`), `POST /v1/incidents/{id}/note` (scope `admin`).
///
/// It exists so that outages and what they cost the mail are readable over HTTP exactly as `steadymail incidents` and
/// `steadymail incident ID` print them.
struct IncidentRoutes {
    let incidents: Incidents

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("incidents") { request, context -> Response in
            _ = try context.require(.read)
            let query = request.uri.queryParameters
            let openOnly = try Self.flag(query.get("open"), name: "open")
            let limit = try Self.limit(query.get("limit"))
            return HTTPService.jsonResponse(
                .ok, ["incidents": try await incidents.list(openOnly: openOnly, limit: limit)])
        }
        api.get("incidents/:id") { _, context -> Response in
            _ = try context.require(.read)
            let id = try Self.id(context)
            guard let incident = try await incidents.incident(id) else {
                throw APIError(.notFound, code: "not_found", message: "no incident \(id)")
            }
            return HTTPService.jsonResponse(.ok, incident)
        }
        api.post("incidents/:id/note") { request, context -> Response in
            _ = try context.require(.admin)
            let id = try Self.id(context)
            let note = try await IncidentNoteBody.note(request, context: context)
            guard let incident = try await incidents.setPublicNote(id, note: note) else {
                throw APIError(.notFound, code: "not_found", message: "no incident \(id)")
            }
            return HTTPService.jsonResponse(.ok, incident)
        }
    }

    static func id(_ context: APIRequestContext) throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("invalid_parameter", "id: must be a positive integer")
        }
        return id
    }

    static func flag(_ text: String?, name: String) throws -> Bool {
        switch text {
        case nil, "false": false
        case "true": true
        default: throw APIError.badRequest("invalid_parameter", "\(name): must be true or false")
        }
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 100 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw APIError.badRequest("invalid_parameter", "limit: must be an integer from 1 to 1000")
        }
        return value
    }
}
